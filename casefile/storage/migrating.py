"""Upgrading a case file to the current schema, after a checked copy of it is taken."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

from casefile.core.outputs import refuse_unsafe_output
from casefile.storage import cipher, schema, space
from casefile.storage.connection import CaseFileError, connect, passphrase_of
from casefile.storage.engine import sqlite3
from casefile.storage.integrity import integrity_rows
from casefile.storage.outputs import open_case_paths

STEP_PAGES = 4096  # copied per step of a cancellable or shared copy: 16 MB of 4 KB pages
PAUSE_S = 0.002  # between the steps of a shared copy: the other threads take the lock then


def initialise(conn: sqlite3.Connection) -> None:
    """Mark a new, empty database as a casefile."""
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")


def migrate(conn: sqlite3.Connection, path: Path | None, backup_dir: Path | None) -> None:
    """Run pending migrations, each in its own transaction with the version bump.

    An existing file with data is copied first (SQLite backup, then checked), so the
    pre-migration state can be restored if anything goes wrong.
    """
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if not schema.MIGRATIONS[version:]:
        return
    if version > 0 and path is not None:
        backup_before_migration(conn, path, version, backup_dir)
    schema.run_migrations(conn)


def backup_before_migration(
    conn: sqlite3.Connection, path: Path, version: int, backup_dir: Path | None
) -> Path:
    """Copy the case before migrating it and check the copy reads back."""
    folder = backup_dir or path.parent
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    target = folder / f"{path.stem}.schema{version}.{stamp}.casefile"
    for number in range(2, 1000):  # two migrations within one second keep both copies
        if not target.exists():
            break
        target = folder / f"{path.stem}.schema{version}.{stamp}-{number}.casefile"
    copy_database(conn, target)
    return target


def copy_database(
    conn: sqlite3.Connection,
    target: Path,
    cancelled: Callable[[], bool] | None = None,
    lock: threading.RLock | None = None,
) -> None:
    """SQLite online backup of ``conn`` to ``target`` without free pages, then reopened and
    integrity-checked; ``cancelled()`` interrupts each step (``sqlite3.OperationalError``).

    With ``lock`` (the case's, ``Case.lock``), ``conn`` is shared with other threads: the
    copy holds the lock only while it copies a step of ``STEP_PAGES`` pages and lets it go
    between steps, so the window reads and edits the case meanwhile (about 30 ms a step).
    Every write in between is made through ``conn`` itself, which SQLite carries into the
    copy as it goes: the copy is the case as it was at its last step. Making the copy
    whole (dropping free pages, the integrity check, fsync) uses the copy's connection only.

    ``target`` must be a new file: never an existing case, an open one or a case's log."""
    refuse_unsafe_output(target, open_case_paths(), what="the backup", force_hint="")
    if target.exists():
        raise CaseFileError(f"The backup {target.name} already exists; it was not replaced.")
    tmp = target.with_name(target.name + ".part")
    if tmp.exists():
        tmp.unlink()
    key = passphrase_of(conn)  # an encrypted case's copies are encrypted with its key
    dest = sqlite3.connect(tmp, isolation_level=None)
    try:
        if key is not None:
            cipher.apply_key(dest, key)
        # The copy is synced once, whole, below: its commit must not sync (in the last step,
        # under the case's lock, that took 0.6 s for 250 MB)
        dest.execute("PRAGMA synchronous = OFF")
        if cancelled is None and lock is None:
            conn.backup(dest)
        else:
            _copy_in_steps(conn, dest, cancelled or _never, lock)
        dest.execute("PRAGMA journal_mode = DELETE")
        space.without_free_pages(dest)  # a backup holds the live pages only
    finally:
        dest.close()
    check = connect(tmp, read_only=True, passphrase=key)
    if cancelled is not None:
        check.set_progress_handler(lambda: int(cancelled()), 20_000)
    try:
        if integrity_rows(check) != ["ok"]:
            raise CaseFileError(f"The backup copy {target.name} did not verify.")
    finally:
        check.close()
    if cancelled is not None:
        _interrupted(cancelled)
    with tmp.open("rb") as handle:
        os.fsync(handle.fileno())
    shutil.move(str(tmp), str(target))


def _copy_in_steps(
    conn: sqlite3.Connection,
    dest: sqlite3.Connection,
    cancelled: Callable[[], bool],
    lock: threading.RLock | None,
) -> None:
    """The backup ``STEP_PAGES`` at a time; with ``lock``, held per step only (the callback
    runs between steps: it lets the lock go for ``PAUSE_S``; a bare release and acquire
    would take it straight back, the waiting threads never woken in time)."""

    def step(status: int, remaining: int, total: int) -> None:
        _interrupted(cancelled)  # the error ends the backup
        if lock is not None and remaining:
            lock.release()
            try:
                time.sleep(PAUSE_S)
            finally:
                lock.acquire()

    dest.set_progress_handler(lambda: int(cancelled()), 20_000)
    if lock is None:
        conn.backup(dest, pages=STEP_PAGES, progress=step)
        return
    with lock:
        conn.backup(dest, pages=STEP_PAGES, progress=step)


def _never() -> bool:
    return False


def _interrupted(cancelled: Callable[[], bool]) -> None:
    if cancelled():
        raise sqlite3.OperationalError("interrupted")
