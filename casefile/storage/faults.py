"""Faults of the machine, not of the case, said in words: a full disk, a failed rollback.

SQLite reports a full disk as ``database or disk is full`` (``SQLITE_FULL``), the same
code as a database that reached its page limit; the operating system as ``ENOSPC`` or,
over a quota, ``EDQUOT``. A transaction that fails that way has changed nothing: SQLite
has either rolled it back itself or leaves it for the ROLLBACK that follows — which then
must not fail in its turn and hide the real error ("cannot rollback - no transaction is
active").
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from casefile.core.outputs import NO_ROOM, DiskFullError
from casefile.storage.engine import sqlite3

__all__ = ["DiskFullError", "caused_by_full_disk", "disk_full", "is_disk_full", "not_created"]


def is_disk_full(err: BaseException) -> bool:
    """True for SQLite's SQLITE_FULL and the operating system's ENOSPC/EDQUOT."""
    if isinstance(err, sqlite3.Error):
        code = getattr(err, "sqlite_errorcode", None)
        return code == sqlite3.SQLITE_FULL or "database or disk is full" in str(err)
    return isinstance(err, OSError) and err.errno in NO_ROOM


def disk_full(path: Path | None) -> DiskFullError:
    """The message for a full disk while saving: what happened and that nothing changed."""
    where = f"The disk holding {path.name}" if path is not None else "The disk"
    return DiskFullError(
        f"{where} is full: the change was not saved, and nothing in the case was changed. "
        "Free some space and try again."
    )


def not_created(path: Path) -> DiskFullError:
    """The message for a new case the full disk had no room for (its file is removed)."""
    return DiskFullError(
        f"{path.name} could not be created: the disk is full. Nothing was left behind; "
        "free some space and try again."
    )


def caused_by_full_disk(err: BaseException) -> bool:
    """True when ``err`` or the error it was raised from or during is a full disk."""
    return any(is_disk_full(e) for e in (err, err.__cause__, err.__context__) if e is not None)


def rollback(conn: sqlite3.Connection) -> None:
    """Roll back the open transaction, if SQLite has not already done so itself.

    Never raises: it runs while another error is on its way up, and that one says what
    went wrong.
    """
    if not conn.in_transaction:
        return
    with contextlib.suppress(sqlite3.Error):  # SQLite rolled back on its own (SQLITE_FULL…)
        conn.execute("ROLLBACK")
