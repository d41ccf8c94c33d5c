"""Importing a staged package as one command, and undoing or redoing it from the history.

The command writes the package's records a batch at a time (as ``core.package_merge``
classifies them against the case) and logs the import as it goes: one history entry naming
the package, the ids it adds in ``history_added`` under that entry, before and after images
for the records it updates. Its ``Change`` holds only those updates (``core.change.Bulk``):
undo reads the ids it added from the history and deletes them, logging each as it was, and
redo puts those logged records back. Nothing the size of the package is kept in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any, Protocol, cast

from casefile.core import commands
from casefile.core.change import Bulk, Change, Command, PackageMark, RecordChange, Store
from casefile.core.dates import utc_now
from casefile.core.errors import CaseError
from casefile.core.model import CaseInfo, Kind, Original
from casefile.core.package_merge import ADDED, ORDER, UPDATED, Incomings, classify
from casefile.core.serial import from_dict, to_json
from casefile.storage.engine import sqlite3
from casefile.storage.records import RecordStore

BATCH = 500
_INSERT = "INSERT INTO history (time, action, kind, object_id, before, after) VALUES (?,?,?,?,?,?)"
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)


class Staged(Incomings, Protocol):
    """What the command needs of a read package (``storage.package_read.Package``)."""

    case: CaseInfo
    name: str
    sha256: str

    def originals(self) -> Iterator[Original]: ...


class ImportPackage(Command):
    """Merge a staged package into the case by id, as one undo step (``plan`` is its plan)."""

    def __init__(
        self,
        package: Any,
        renamed: Mapping[tuple[Kind, str], str],
        counts: tuple[dict[Kind, int], dict[Kind, int]],
        case_details: CaseInfo | None,
        originals: bool,
        name: str = "Import case package",
    ) -> None:
        self.name = name
        self.staged = cast(Staged, package)
        self.renamed = dict(renamed)
        self.counts = counts
        self.case_details = case_details  # written first when the case was empty
        self.with_originals = originals
        self.mark = self.package = PackageMark(package.name, package.sha256)

    def apply(self, store: Store) -> Change:
        assert isinstance(store, RecordStore)
        conn, now = store.conn, utc_now()
        added, updated = self.counts
        summary = {
            "name": self.mark.name,
            "sha256": self.mark.sha256,
            "added": dict(sorted((k, n) for k, n in added.items() if n)),
            "updated": dict(sorted((k, n) for k, n in updated.items() if n)),
        }
        seq = _entry(conn, now, self.name, self.mark.sha256, _JSON.encode(summary))
        changes: list[RecordChange] = []
        if self.case_details is not None:
            before = store.get("case", "case")
            store.put_many([self.case_details])
            changes.append(RecordChange("case", "case", before, self.case_details))
        if self.with_originals:
            for original in self.staged.originals():
                store.put_original(original)
        for batch in self.staged.incoming():
            new, merged = [], []
            for status, record, old, _ in classify(batch, store.get_many, self.renamed):
                if status == ADDED:
                    new.append(record)
                elif status == UPDATED:
                    merged.append(record)
                    changes.append(RecordChange(record.KIND, record.id, old, record))
            store.add_new(new)  # checked when read (new) or planned (merged)
            store.put_many(merged)
            conn.executemany(
                "INSERT INTO history_added (seq, kind, object_id) VALUES (?,?,?)",
                ((seq, r.KIND, r.id) for r in new),
            )
        counts = tuple((k, n) for k, n in added.items() if n)
        return Change(self.name, tuple(changes), self.mark, Bulk(seq, counts))


def _entry(conn: sqlite3.Connection, now: str, action: str, ident: str, after: str) -> int:
    cursor = conn.execute(_INSERT, (now, action, "package", ident, None, after))
    return int(cursor.lastrowid or 0)


def replay_bulk(store: RecordStore, change: Change) -> None:
    """Bring a bulk change about: delete the records an import added (its undo, each logged
    with its last state), or put them back (its redo, logged as the import was)."""
    bulk = change.bulk
    assert bulk is not None
    if bulk.removes:
        commands.replay(store, change)  # the updated records back first: they may cite new ones
        _remove(store, change, bulk)
    else:
        _restore(store, change, bulk)
        commands.replay(store, change)


def _added(conn: sqlite3.Connection, seq: int, kind: Kind) -> Iterator[list[str]]:
    """The ids of ``kind`` the import ``seq`` added, a batch at a time."""
    last = ""
    while True:
        rows = conn.execute(
            "SELECT object_id FROM history_added WHERE seq = ? AND kind = ? AND object_id > ? "
            "ORDER BY object_id LIMIT ?",
            (seq, kind, last, BATCH),
        ).fetchall()
        if not rows:
            return
        last = str(rows[-1][0])
        yield [str(row[0]) for row in rows]


def _remove(store: RecordStore, change: Change, bulk: Bulk) -> None:
    conn, now = store.conn, utc_now()
    sha = change.package.sha256 if change.package is not None else ""
    summary = {"undo_of": bulk.seq, "removed": dict(sorted(bulk.counts))}
    _entry(conn, now, change.action, sha, _JSON.encode(summary))
    for kind in reversed(ORDER):  # what refers to a record goes before it
        if not bulk.count(kind):
            continue
        for ids in _added(conn, bulk.seq, kind):
            current = store.get_many(kind, ids)
            conn.executemany(
                _INSERT,
                ((now, change.action, kind, i, to_json(r), None) for i, r in current.items()),
            )
            for ident in current:
                store.delete(kind, ident)


def _restore(store: RecordStore, change: Change, bulk: Bulk) -> None:
    conn, now = store.conn, utc_now()
    sha = change.package.sha256 if change.package is not None else ""
    undone = _last_undo(conn, sha, bulk.seq)
    summary = {"redo_of": bulk.seq, "added": dict(sorted(bulk.counts))}
    seq = _entry(conn, now, change.action, sha, _JSON.encode(summary))
    for kind in ORDER:
        if not bulk.count(kind):
            continue
        for ids in _added(conn, bulk.seq, kind):
            if store.get_many(kind, ids):
                raise CaseError("The import cannot be redone: its records are in the case again.")
            store.add_new([_logged(conn, kind, ident, undone) for ident in ids])
            conn.executemany(
                "INSERT INTO history_added (seq, kind, object_id) VALUES (?,?,?)",
                ((seq, kind, ident) for ident in ids),
            )


def _last_undo(conn: sqlite3.Connection, sha: str, seq: int) -> int:
    """The entry of the latest undo of the import ``seq`` (its deletions follow it)."""
    rows = conn.execute(
        "SELECT seq, after FROM history WHERE object_id = ? AND kind = 'package' ORDER BY seq DESC",
        (sha,),
    )
    for undo, after in rows:
        if json.loads(after or "{}").get("undo_of") == seq:
            return int(undo)
    raise CaseError("The import cannot be redone: its undo is not in the history.")


def _logged(conn: sqlite3.Connection, kind: Kind, ident: str, undo: int) -> Any:
    """The record as the undo of its import deleted it (that undo logged it whole)."""
    row = conn.execute(
        "SELECT before FROM history WHERE object_id = ? AND kind = ? AND seq > ? "
        "AND after IS NULL AND before IS NOT NULL ORDER BY seq LIMIT 1",
        (ident, kind, undo),
    ).fetchone()
    if row is None:
        raise CaseError(f"The import cannot be redone: {kind} {ident} is not in the history.")
    return from_dict(kind, json.loads(row[0]))


__all__ = ["ImportPackage", "replay_bulk"]
