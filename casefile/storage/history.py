"""History images: a long source text is logged once, not again in each after image; an
imported package is logged once, not again as an after image of every record it added.

A source's text can be a whole book. Its after image in the history names the text by
length and SHA-256 (``"text_ref"``) instead of repeating it: the same words are, exactly,
in the record's next history entry's before image (before images always hold the whole
record), or, when there is no later entry, in the record as it is now. ``expand`` puts the
text back and checks it against the hash, so the log still says exactly what each change
wrote.

An import (a change carrying a ``PackageMark``) is logged as one entry of kind ``package``
whose after image names the package (file name, SHA-256, counts added and updated); the ids
it added are listed in ``history_added`` under that entry's ``seq``. Records it updated keep
their own entries with before and after images. ``entries_of`` answers for one record as
before: an added record's entry gets its after image back by the same rule as a long text
(the record's next before image, or the record as it is now).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import Counter
from typing import Any, cast

from casefile.core.change import Change
from casefile.core.dates import utc_now
from casefile.core.model import HistoryEntry, Kind, Record, Source
from casefile.core.serial import to_dict, to_json
from casefile.storage.engine import sqlite3

ELIDE_AT = 4_096  # characters: shorter texts stay in the after image
TEXT_REF = "text_ref"
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def after_image(record: Record | None) -> str | None:
    """The JSON logged as the after image of ``record`` (a long source text by reference)."""
    if not isinstance(record, Source) or record.text is None or len(record.text) < ELIDE_AT:
        return to_json(record)
    data = to_dict(record)
    text = data.pop("text")
    data[TEXT_REF] = {"chars": len(text), "sha256": _digest(text)}
    return _JSON.encode(data)


_INSERT = "INSERT INTO history (time, action, kind, object_id, before, after) VALUES (?,?,?,?,?,?)"


def log(conn: sqlite3.Connection, change: Change) -> None:
    """Append ``change`` to the history (an import as one entry and the ids it added)."""
    now = utc_now()
    records = change.records
    if change.package is not None and change.bulk is None:  # (a bulk import logs itself)
        added = [rc for rc in records if rc.before is None and rc.after is not None]
        records = tuple(rc for rc in records if not (rc.before is None and rc.after is not None))
        summary = {
            "name": change.package.name,
            "sha256": change.package.sha256,
            "added": dict(sorted(Counter(rc.kind for rc in added).items())),
            "updated": dict(sorted(Counter(rc.kind for rc in records).items())),
        }
        cursor = conn.execute(
            _INSERT,
            (now, change.action, "package", change.package.sha256, None, _JSON.encode(summary)),
        )
        seq = cursor.lastrowid
        conn.executemany(
            "INSERT INTO history_added (seq, kind, object_id) VALUES (?,?,?)",
            ((seq, rc.kind, rc.ident) for rc in added),
        )
    conn.executemany(
        _INSERT,
        (
            (now, change.action, rc.kind, rc.ident, to_json(rc.before), after_image(rc.after))
            for rc in records
        ),
    )


def entries_of(conn: sqlite3.Connection, object_id: str, limit: int) -> list[HistoryEntry]:
    """The newest ``limit`` entries about one record, imports that added it included."""
    rows = conn.execute(
        "SELECT seq, time, action, kind, object_id, before, after, 0 FROM history "
        "WHERE object_id = ?1 UNION ALL "
        "SELECT h.seq, h.time, h.action, a.kind, a.object_id, NULL, NULL, 1 "
        "FROM history_added a JOIN history h ON h.seq = a.seq WHERE a.object_id = ?1 "
        "ORDER BY 1 DESC LIMIT ?2",
        (object_id, limit),
    ).fetchall()
    out = []
    for *fields, lean in rows:
        entry = HistoryEntry(*fields)
        if lean:
            entry = dataclasses.replace(entry, after=_state_after(conn, entry))
        out.append(entry)
    return out


def _state_after(conn: sqlite3.Connection, entry: HistoryEntry) -> str | None:
    """The record as ``entry`` left it: the next entry's before image, or the row now."""
    row = conn.execute(
        "SELECT before FROM history WHERE object_id = ? AND kind = ? AND seq > ? "
        "ORDER BY seq LIMIT 1",
        (entry.object_id, entry.kind, entry.seq),
    ).fetchone()
    if row is not None:
        return cast(str | None, row[0])
    from casefile.storage.record_reads import read_many

    kind = cast(Kind, entry.kind)
    record = read_many(conn, kind, [entry.object_id]).get(entry.object_id)
    return to_json(record) if record is not None else None


def expand(conn: sqlite3.Connection, entry: HistoryEntry) -> HistoryEntry:
    """The entry with a referenced text put back into its after image, as it was written.

    An entry whose text cannot be found or does not match its hash (a damaged file) is
    returned unchanged, still holding ``text_ref``.
    """
    if entry.after is None or f'"{TEXT_REF}"' not in entry.after:
        return entry
    data = json.loads(entry.after)
    ref = data.get(TEXT_REF)
    if not isinstance(ref, dict):
        return entry
    text = _text_after(conn, entry)
    if text is None or len(text) != ref.get("chars") or _digest(text) != ref.get("sha256"):
        return entry
    del data[TEXT_REF]
    data["text"] = text
    return dataclasses.replace(entry, after=_JSON.encode(data))


def _text_after(conn: sqlite3.Connection, entry: HistoryEntry) -> str | None:
    """The record's text right after ``entry``: the next entry's before image, or the row."""
    row = conn.execute(
        "SELECT before FROM history WHERE object_id = ? AND kind = ? AND seq > ? "
        "ORDER BY seq LIMIT 1",
        (entry.object_id, entry.kind, entry.seq),
    ).fetchone()
    if row is not None:
        before: Any = json.loads(row[0]) if row[0] else None
        text = before.get("text") if isinstance(before, dict) else None
    else:
        found = conn.execute("SELECT text FROM sources WHERE id = ?", (entry.object_id,))
        text = next(iter(found.fetchone() or ()), None)
    return text if isinstance(text, str) else None


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


__all__ = ["ELIDE_AT", "TEXT_REF", "after_image", "expand"]
