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

STEP_PAGES = 1024  # copied per step of a cancellable or shared copy: 4 MB of 4 KB pages
PAUSE_S = 0.002  # between the steps of a shared copy: the other threads take the lock then
BUSY_PAUSE_S = 0.02  # ... and while one of them holds it, until it has been free that long
SYNC_EVERY = 4  # steps: the copy is synced 16 MB at a time as it is written


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
    between steps, so the window reads and edits the case meanwhile (10–20 ms a step).
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
    # Open from before SQLite opens the copy until it has closed it (to sync it as it is
    # written): closing a descriptor of a file drops every POSIX lock of the process on it
    tmp.touch()
    written = os.open(tmp, os.O_RDONLY)
    try:
        _copy(conn, tmp, cancelled, lock, written)
        if cancelled is not None:
            _interrupted(cancelled)
        os.fsync(written)
    finally:
        os.close(written)
    shutil.move(str(tmp), str(target))


def _copy(
    conn: sqlite3.Connection,
    tmp: Path,
    cancelled: Callable[[], bool] | None,
    lock: threading.RLock | None,
    written: int,
) -> None:
    key = passphrase_of(conn)  # an encrypted case's copies are encrypted with its key
    dest = sqlite3.connect(tmp, isolation_level=None)
    try:
        if key is not None:
            cipher.apply_key(dest, key)
        # The copy is synced as it is written (below) and at the end: its commit must not
        # sync (in the last step, under the case's lock: 0.6 s for 250 MB)
        dest.execute("PRAGMA synchronous = OFF")
        if cancelled is None and lock is None:
            conn.backup(dest)
        else:
            _copy_in_steps(conn, dest, cancelled or _never, lock, lambda: os.fsync(written))
        dest.execute("PRAGMA journal_mode = DELETE")
        space.without_free_pages(dest)  # a backup holds the live pages only
    finally:
        dest.close()
    check = connect(tmp, read_only=True, passphrase=key)
    if cancelled is not None:
        check.set_progress_handler(lambda: int(cancelled()), 20_000)
    try:
        if integrity_rows(check) != ["ok"]:
            raise CaseFileError(f"The backup copy {tmp.name[: -len('.part')]} did not verify.")
    finally:
        check.close()


def _copy_in_steps(
    conn: sqlite3.Connection,
    dest: sqlite3.Connection,
    cancelled: Callable[[], bool],
    lock: threading.RLock | None,
    sync: Callable[[], None],
) -> None:
    """The backup ``STEP_PAGES`` at a time; with ``lock``, held per step only (the callback
    runs between steps: it lets the lock go for ``PAUSE_S``, longer while another thread
    uses it; a bare release and acquire would take it straight back, the waiting threads
    never woken in time). Every ``SYNC_EVERY`` steps the copy written so far is synced:
    synced whole at the end, the case's own commits waited for it (0.6 s at 200,000
    snippets: an edit made then froze the window as long)."""
    steps = 0

    def step(status: int, remaining: int, total: int) -> None:
        nonlocal steps
        _interrupted(cancelled)  # the error ends the backup
        steps += 1
        if lock is None:
            if steps % SYNC_EVERY == 0:
                sync()
        elif remaining:
            lock.release()
            try:
                if steps % SYNC_EVERY == 0:
                    sync()
                time.sleep(PAUSE_S)
                while _in_use(lock) and not cancelled():
                    time.sleep(BUSY_PAUSE_S)  # the window reads or edits: let it finish
            finally:
                lock.acquire()

    dest.set_progress_handler(lambda: int(cancelled()), 20_000)
    if lock is None:
        conn.backup(dest, pages=STEP_PAGES, progress=step)
        return
    with lock:
        conn.backup(dest, pages=STEP_PAGES, progress=step)


def _in_use(lock: threading.RLock) -> bool:
    """Another thread holds ``lock`` (one action of the window takes it several times in a
    row: taken back after each, the copy would make every one wait for a step)."""
    if lock.acquire(blocking=False):
        lock.release()
        return False
    return True


def _never() -> bool:
    return False


def _interrupted(cancelled: Callable[[], bool]) -> None:
    if cancelled():
        raise sqlite3.OperationalError("interrupted")
