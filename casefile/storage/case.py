"""A case file opened for use: run commands in transactions, undo, history and queries."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import sqlite_utils

from casefile.core import commands
from casefile.core.commands import Change, Command
from casefile.core.dates import utc_now
from casefile.core.errors import CaseError
from casefile.core.model import CaseInfo, HistoryEntry, Kind, Record
from casefile.storage import (
    cipher,
    connection,
    faults,
    foreign,
    migrating,
    opening_check,
    outputs,
    schema,
    search,
    trust,
)
from casefile.storage import history as history_log
from casefile.storage.connection import CaseFileError
from casefile.storage.engine import sqlite3
from casefile.storage.history import expand
from casefile.storage.opening_check import ChangedSinceCloseError, OpeningCheck
from casefile.storage.package_import import replay_bulk
from casefile.storage.records import TABLES, RecordStore

ChangeListener = Callable[[Change], None]


class ReadOnlyError(CaseError):
    """A change was attempted on a case opened read-only."""


class Case:
    """One open case file. One connection per case per process; use as a context manager."""

    def __init__(self, path: Path | None, conn: sqlite3.Connection, read_only: bool = False):
        self.path = path
        self.conn = conn
        self.read_only = read_only
        self.db = sqlite_utils.Database(conn, execute_plugins=False)
        self.store = RecordStore(conn)
        self.lock = threading.RLock()
        self._listeners: list[ChangeListener] = []
        self.index_damaged = False  # then a clean close does not vouch for the file
        self.opening: OpeningCheck | None = None  # a digest still to compare (opening_check)
        if path is not None:  # exports and backups never write over an open case
            outputs.register_open(id(self), path)

    # --- lifecycle ------------------------------------------------------------------

    def __enter__(self) -> Case:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Checkpoint, leave a single self-contained file behind and vouch for it (a digest
        of its b-tree pages, ``storage.trust``: about 1 s per 400 MB of tables, taken here)."""
        if (closed := self.close_unvouched()) is not None:
            closed.vouch()

    def close_unvouched(self) -> trust.CleanClose | None:
        """``close`` without the digest (the window takes it in a worker): the clean close to
        vouch for, or None. Every write is committed and in the file when this returns."""
        with self.lock:
            if self.conn is None:
                return None
            opening, pending = self.opening, self.check_pending
            try:  # nothing is written before the opening digest has matched
                clean = (
                    not self.read_only and not pending and connection.leave_single_file(self.conn)
                )
            finally:
                self.conn.close()
                self.conn = None  # type: ignore[assignment]
                outputs.unregister_open(id(self))
                if opening is not None:
                    opening.close()  # after the connection: its file keeps SQLite's locks
            if clean and self.path is not None and not self.index_damaged:
                return trust.CleanClose(self.path)
            return None

    @property
    def name(self) -> str:
        return self.info().title

    @property
    def encrypted(self) -> bool:
        """True for a case whose file is encrypted (SQLCipher, with a passphrase)."""
        return self.conn is not None and connection.passphrase_of(self.conn) is not None

    # --- opened before its clean-close digest was compared (storage.opening_check) -----

    @property
    def check_pending(self) -> bool:
        """True until the digest of a case opened with ``defer_check`` has matched."""
        return self.opening is not None and not self.opening.confirmed

    def confirm_opening(self, cancelled: Callable[[], bool] | None = None) -> None:
        """Compare the digest (or wait for the thread comparing it), then make the case
        writable; ``ChangedSinceCloseError`` when the file is not as it was left."""
        opening = self.opening
        if opening is None or opening.confirmed:
            return
        if not opening.compare(cancelled):
            name = self.path.name if self.path else "this case"
            raise ChangedSinceCloseError(opening_check.changed_message(name))
        with self.lock:
            if not opening.confirmed and self.conn is not None:
                if opening.writable and self.path is not None:
                    opening_check.make_writable(self.conn, self.path)
                opening.confirmed = True

    # --- the one write path ---------------------------------------------------------

    def subscribe(self, listener: ChangeListener) -> None:
        """Call ``listener`` with each committed change (views refresh from it)."""
        self._listeners.append(listener)

    def execute(self, command: Command, notify: bool = True) -> Change:
        """Run a command in one transaction; return only after it is committed.

        ``notify=False`` is for work done in a worker thread: the caller then passes the
        change to ``notify`` on the thread that owns the listeners (the GUI thread).
        """
        with self.transaction():
            change = commands.execute(self.store, command)
            self._log(change)
        if notify:
            self._notify(change)
        return change

    def notify(self, change: Change) -> None:
        """Tell the listeners about a change committed with ``execute(..., notify=False)``."""
        self._notify(change)

    def revert(self, change: Change, notify: bool = True) -> Change:
        """Undo a change (as a new, logged change); ``notify`` as for ``execute``."""
        return self.replay(change.inverse(), notify)

    def replay(self, change: Change, notify: bool = True) -> Change:
        """Bring the records of a change to its after images (redo), logged."""
        with self.transaction():
            if change.bulk is not None:  # an import, or its undo: records named in the history
                replay_bulk(self.store, change)
            else:
                commands.replay(self.store, change)
            self._log(change)
        if notify:
            self._notify(change)
        return change

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self.read_only:
            raise ReadOnlyError("This case is open read-only; changes cannot be saved.")
        self.confirm_opening()  # nothing is written before the digest has matched
        with self.lock:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                yield
                self.conn.execute("COMMIT")
            except BaseException as err:
                faults.rollback(self.conn)  # never hides ``err`` behind its own failure
                if faults.is_disk_full(err):
                    raise faults.disk_full(self.path) from err
                raise

    def _log(self, change: Change) -> None:
        history_log.log(self.conn, change)

    def log_event(self, action: str, kind: str, ident: str, after: str | None) -> None:
        """Record an event that changes no record (an export, a brief) in the history."""
        with self.transaction():
            self.conn.execute(
                "INSERT INTO history (time, action, kind, object_id, before, after) "
                "VALUES (?,?,?,?,NULL,?)",
                (utc_now(), action, kind, ident, after),
            )

    def _notify(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    # --- reading --------------------------------------------------------------------

    def info(self) -> CaseInfo:
        record = self.store.get("case", "case")
        return record if isinstance(record, CaseInfo) else CaseInfo(title="Untitled case")

    def get(self, kind: Kind, ident: str) -> Record | None:
        with self.lock:
            return self.store.get(kind, ident)

    def count(self, kind: Kind) -> int:
        with self.lock:
            return int(self.conn.execute(f"SELECT count(*) FROM {TABLES[kind]}").fetchone()[0])

    def history(self, limit: int = 50, object_id: str | None = None) -> list[HistoryEntry]:
        """The most recent history entries, newest first (about one record: ``object_id``).

        An import is one entry (kind ``package``); asked about one record, the import that
        added it is one of its entries, with the record as the import left it."""
        with self.lock:
            if object_id:
                return history_log.entries_of(self.conn, object_id, limit)
            rows = self.conn.execute(
                "SELECT seq, time, action, kind, object_id, before, after FROM history "
                "ORDER BY seq DESC LIMIT ?",
                [limit],
            ).fetchall()
        return [HistoryEntry(*row) for row in rows]

    def expand(self, entry: HistoryEntry) -> HistoryEntry:
        """A history entry with a long source text its after image names put back."""
        with self.lock:
            return expand(self.conn, entry)

    def search(
        self, query: str, limit: int = 20, offset: int = 0, prefix_last: bool = False
    ) -> list[search.Hit]:
        self.confirm_opening()  # the index of a file not vouched for is never read
        with self.lock:
            try:
                return search.search(
                    self.conn, query, limit=limit, offset=offset, prefix_last=prefix_last
                )
            except (sqlite3.DatabaseError, MemoryError) as err:
                # OperationalError is a query problem; a damaged FTS5 structure record
                # makes SQLite report "out of memory" (MemoryError)
                if isinstance(err, sqlite3.OperationalError) and "fts5" not in str(err):
                    raise
                name = self.path.name if self.path else "this case"
                why = " ".join(str(err).split())[:120] or "its structure cannot be read"
                self.distrust_index()
                raise CaseError(
                    f"The search could not be run: the search index of {name} is damaged "
                    f"({why}). The records are not affected; the index is built again "
                    "from them when the case is next opened."
                ) from None

    def distrust_index(self) -> None:
        """The search index was found damaged: the next open rebuilds it from the records."""
        self.index_damaged = True
        if self.path is not None:
            trust.forget(self.path)  # a file not vouched for gets its index rebuilt

    def has_original(self, sha256: str) -> bool:
        """Are the bytes with this SHA-256 stored in the case?"""
        with self.lock:
            return self.store.has_original(sha256)

    def find_sources(self, *, url: str | None = None, sha256: str | None = None) -> list[str]:
        """Ids of sources with this URL or this hash of the captured original."""
        column, value = ("url", url) if url is not None else ("sha256", sha256)
        with self.lock:
            rows = self.conn.execute(
                f"SELECT id FROM sources WHERE {column} = ? ORDER BY rowid", (value,)
            ).fetchall()
        return [str(r[0]) for r in rows]


def create_case(
    path: Path | str,
    title: str,
    reference: str | None = None,
    marking: str | None = None,
    summary: str | None = None,
    passphrase: str | None = None,
) -> Case:
    """Create a new case file (refuses to overwrite) and return it open; encrypted with
    ``passphrase`` when one is given."""
    path = Path(path)
    if path.exists():
        raise CaseFileError(f"{path.name} already exists; choose another name.")
    if not path.parent.exists():
        raise CaseFileError(f"The folder {path.parent} does not exist.")
    if passphrase is not None:
        cipher.require_encryption()
        cipher.check_passphrase(passphrase)
    conn: sqlite3.Connection | None = None
    case: Case | None = None
    try:
        marker = sqlite3.connect(path)
        try:
            if passphrase is not None:
                cipher.apply_key(marker, passphrase)
            migrating.initialise(marker)  # in the main file's header before WAL starts
        finally:
            marker.close()
        conn = connection.open_writable(path, passphrase)
        migrating.migrate(conn, None, None)
        case = Case(path, conn)
        case.execute(commands.Create(CaseInfo(title, reference, summary, marking)))
    except BaseException as err:
        if case is not None:
            outputs.unregister_open(id(case))
        if conn is not None:
            conn.close()
        remove_unfinished(path)  # a half-made file would block the next try
        if faults.caused_by_full_disk(err):
            raise faults.not_created(path) from None
        if isinstance(err, sqlite3.Error):
            raise CaseFileError(f"{path.name} cannot be created ({err}).") from None
        raise
    return case


def remove_unfinished(path: Path) -> None:
    """Remove a case file this process began to create, with its log and journal."""
    for name in (path.name, path.name + "-wal", path.name + "-journal", path.name + "-shm"):
        with suppress(OSError):
            path.with_name(name).unlink(missing_ok=True)


def open_case(
    path: Path | str,
    read_only: bool = False,
    backup_dir: Path | None = None,
    passphrase: str | None = None,
    defer_check: bool = False,
) -> Case:
    """Open an existing case file, checking it first; never alters a file it refuses.

    An encrypted case needs its ``passphrase`` (``cipher.PassphraseNeeded`` without one);
    a passphrase given for a plain case is not used. ``defer_check``: a case this program
    closed cleanly opens before its digest is compared (``storage.opening_check``)."""
    path = Path(path)
    connection.read_header(path, passphrase)
    key = passphrase if cipher.is_encrypted_file(path) else None
    if defer_check and key is None:
        opened = opening_check.open_before_check(path, read_only)
        if opened is not None:
            conn, opening = opened
            case = Case(path, conn, read_only=not opening.writable)
            case.opening = opening
            return case
    elsewhere = not trust.unchanged_since_clean_close(path)  # its search index is not read
    version = connection.verify(path, key, trusted=not elsewhere)
    if read_only or not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        if elsewhere:
            conn = foreign.read_only_with_fresh_index(path, version, key)
            return Case(path, conn, read_only=True)
        return Case(path, connection.connect_read_only(path, version, key), read_only=True)
    if backup_dir is None:  # pre-migration backups go with the others, not beside the case
        backup_dir = outputs.folder_for(path)
    conn = connection.open_writable(path, key)
    trust.forget(path)  # from now on only a clean close vouches for it again
    try:
        migrating.migrate(conn, path, backup_dir)
    except sqlite3.Error as err:
        conn.close()
        raise CaseFileError(
            f"{path.name} could not be upgraded ({err}); it is unchanged."
        ) from None
    if elsewhere:
        try:
            foreign.rebuild_index(conn, path.name)
        except BaseException:
            conn.close()
            raise
    return Case(path, conn)


def memory_case(title: str = "Untitled case") -> Case:
    """A fresh in-memory case (tests and scratch work)."""
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    connection.harden(conn)
    migrating.initialise(conn)
    migrating.migrate(conn, None, None)
    case = Case(None, conn)
    case.execute(commands.Create(CaseInfo(title)))
    return case


__all__ = [
    "Case",
    "ReadOnlyError",
    "create_case",
    "memory_case",
    "open_case",
    "remove_unfinished",
    "schema",
]
