"""A case shown before its clean-close digest is compared: nothing written, index unread.

Reopening a case this program closed cleanly skips the page-by-page check when the digest
of its b-tree pages (``storage.trust``) still matches. That digest reads every table and
index page: about 1.9 GB at a million snippets (2 s of CPU, 5–13 s on a busy machine),
which the window need not wait for. ``open_case(..., defer_check=True)`` opens such a case
at once and leaves the comparison to ``Case.confirm_opening`` (the window runs it in a
worker). Until the digest has matched:

- nothing is written: the connection is query-only, in the journal mode the file was left
  in, and holds a shared lock so no other program can take the file for writing; a write
  (``Case.transaction``) or a search first waits for the comparison;
- the search index is not read (``Case.search`` waits too): the index of a file not
  vouched for is never read, it is rebuilt (``storage.foreign``).

When the digest matches, the connection is made writable exactly as ``open_case`` makes
it (WAL, synchronous FULL, exclusive lock) and the registry entry is dropped. When it does
not, ``ChangedSinceCloseError`` is raised and the entry is dropped: opening the file again
gives it the full check, as if the digest had been compared before the window opened.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from casefile.storage import connection, schema, trust
from casefile.storage.connection import CaseFileError
from casefile.storage.engine import sqlite3


class ChangedSinceCloseError(CaseFileError):
    """The file is not as casefile left it at its clean close: it needs the full check."""


class OpeningCheck:
    """The digest comparison of a case opened before it (one per case, any thread)."""

    def __init__(self, pending: trust.PendingDigest, writable: bool) -> None:
        self.pending = pending
        self.writable = writable
        self.passed: bool | None = None  # None: not compared yet
        self.confirmed = False  # passed, and the case made writable (Case.confirm_opening)
        self._lock = threading.Lock()
        self._closing = threading.Event()

    def compare(self, cancelled: Callable[[], bool] | None = None) -> bool:
        """Compare the digest once; a second caller waits for the first one's verdict.

        ``trust.DigestCancelled`` when ``cancelled()`` (or the case closing) stopped it
        first: then there is no verdict and the next call starts again."""

        def stop() -> bool:
            return self._closing.is_set() or (cancelled is not None and cancelled())

        with self._lock:
            if self.passed is None:
                if self._closing.is_set():
                    raise trust.DigestCancelled
                self.passed = self.pending.matches(stop)
                if not self.passed:
                    trust.forget(self.pending.path)  # the next open checks every page
            return self.passed

    def close(self) -> None:
        """Stop a comparison in progress and let go of the file (after the connection)."""
        self._closing.set()
        with self._lock:
            self.pending.close()


def open_before_check(
    path: Path, read_only: bool
) -> tuple[sqlite3.Connection, OpeningCheck] | None:
    """A plain case vouched for by its registry entry, opened at once with its digest still
    to compare; None for any other file, or one with a log to fold in or a schema to
    upgrade (both writes), which ``open_case`` opens the usual way."""
    pending = trust.pending_digest(path)
    if pending is None:
        return None
    try:
        if connection.needs_recovery(path) or path.with_name(path.name + "-journal").exists():
            pending.close()
            return None
        version = connection.verify(path, trusted=True)  # header, version, schema
        if version != schema.SCHEMA_VERSION:
            pending.close()
            return None
        writable = not read_only and os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
        conn = open_connection(path, writable)
    except BaseException:
        pending.close()
        raise
    if not pending.same_file():  # replaced meanwhile: the usual way decides
        conn.close()
        pending.close()
        return None
    return conn, OpeningCheck(pending, writable)


def open_connection(path: Path, writable: bool) -> sqlite3.Connection:
    """A connection that writes nothing yet and keeps other writers out (shared lock)."""
    conn = connection.connect(path, read_only=not writable)
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")  # the shared lock is kept once taken
        conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # take it now
    except sqlite3.Error as err:
        conn.close()
        raise CaseFileError(f"{path.name} cannot be opened ({err}).") from None
    return conn


def make_writable(conn: sqlite3.Connection, path: Path) -> None:
    """After the digest matched: the settings ``connection.open_writable`` gives a case."""
    try:
        conn.execute("PRAGMA query_only = OFF")
        connection.writable_settings(conn)
    except sqlite3.OperationalError as err:
        conn.execute("PRAGMA query_only = ON")
        raise connection.cannot_write(path, err) from None
    trust.forget(path)  # from now on only a clean close vouches for it again


def changed_message(name: str) -> str:
    return (
        f"{name} is not exactly as casefile left it when it last closed it, so it must be "
        "checked in full before it is used; nothing was saved to it. Open it again to check it."
    )
