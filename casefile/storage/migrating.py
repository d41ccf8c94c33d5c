"""Upgrading a case file to the current schema, after a checked copy of it is taken."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from casefile.core.outputs import refuse_unsafe_output
from casefile.storage import cipher, schema, space
from casefile.storage.connection import CaseFileError, connect, passphrase_of
from casefile.storage.engine import sqlite3
from casefile.storage.integrity import integrity_rows
from casefile.storage.outputs import open_case_paths


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
    conn: sqlite3.Connection, target: Path, cancelled: Callable[[], bool] | None = None
) -> None:
    """SQLite online backup of ``conn`` to ``target`` without free pages, then reopened and
    integrity-checked; ``cancelled()`` interrupts each step (``sqlite3.OperationalError``).

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
        if cancelled is None:
            conn.backup(dest)
        else:  # 16 MB at a time (4 KB pages); the callback's error ends the backup
            dest.set_progress_handler(lambda: int(cancelled()), 20_000)
            conn.backup(dest, pages=4096, progress=lambda *_: _interrupted(cancelled))
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
    with tmp.open("rb") as handle:
        os.fsync(handle.fileno())
    shutil.move(str(tmp), str(target))


def _interrupted(cancelled: Callable[[], bool]) -> None:
    if cancelled():
        raise sqlite3.OperationalError("interrupted")
