"""Automatic, verified backups of open cases, thinned over time, and restoring them.

Backups live in the user's data folder (``platformdirs``), never beside the case file, one
folder per case. Each is an SQLite online backup of the open connection, reopened and
integrity-checked before it is kept. Old backups are thinned like Anki's: everything from
the last day, then the newest of each day, week and month for a while, under a size cap.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from casefile.core.errors import CaseError
from casefile.core.outputs import refuse_unsafe_output, same_file
from casefile.storage import cipher, connection, faults, integrity, migrating, space
from casefile.storage.case import Case
from casefile.storage.engine import sqlite3
from casefile.storage.outputs import backups_root as backups_root  # where they live
from casefile.storage.outputs import folder_for as folder_for  # one case's folder
from casefile.storage.outputs import open_case_paths
from casefile.storage.retention import Retention as Retention  # the policy, re-exported
from casefile.storage.retention import choose_kept as choose_kept

INTERVAL_SECONDS = 30 * 60
SUFFIX = ".casefile"
_STAMP = "%Y%m%d-%H%M%S"


class BackupError(CaseError):
    """A backup could not be written, found or restored; the message says why."""


@dataclass(frozen=True)
class Backup:
    """One backup file of a case."""

    path: Path
    created: dt.datetime  # UTC
    size: int

    @property
    def label(self) -> str:
        local = self.created.astimezone()
        return f"{local:%Y-%m-%d %H:%M:%S} ({_size(self.size)})"


# --- where backups live -----------------------------------------------------------------


def list_backups(case_path: Path | str, root: Path | None = None) -> list[Backup]:
    """The backups of a case, newest first."""
    folder = folder_for(case_path, root)
    if not folder.is_dir():
        return []
    found = [b for b in (_parse(p) for p in folder.iterdir()) if b is not None]
    return sorted(found, key=lambda b: (b.created, b.path.name), reverse=True)


def _parse(path: Path) -> Backup | None:
    if not path.name.endswith(SUFFIX) or not path.is_file():
        return None
    stamp = path.name[: -len(SUFFIX)].rsplit(".", 1)[-1]
    try:
        created = dt.datetime.strptime(stamp, _STAMP).replace(tzinfo=dt.UTC)
    except ValueError:
        return None
    return Backup(path, created, path.stat().st_size)


# --- making backups ---------------------------------------------------------------------


def make_backup(
    case: Case,
    root: Path | None = None,
    retention: Retention | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Backup:
    """Write a verified backup of an open case now, then thin the old ones.

    The copy holds the case's lock a step at a time (``migrating.copy_database``), so it
    may run in a worker while the window reads and edits the case; ``cancelled()`` stops it
    (``BackupError``, nothing kept)."""
    if case.path is None:
        raise BackupError("An unsaved case has no backups.")

    def copy(target: Path) -> None:
        migrating.copy_database(case.conn, target, cancelled, lock=case.lock)

    return _back_up(case.path, copy, root, retention)


def back_up_closed(
    path: Path,
    passphrase: str | None = None,
    root: Path | None = None,
    retention: Retention | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Backup:
    """A verified backup of a case file this program has just closed, read from the file
    (the window makes it in the background, ``gui.window.closing``); ``cancelled()`` stops
    it (``BackupError``, nothing kept)."""

    def copy(target: Path) -> None:
        conn = connection.connect(path, read_only=True, passphrase=passphrase)
        try:
            migrating.copy_database(conn, target, cancelled)
        finally:
            conn.close()

    return _back_up(path, copy, root, retention)


def _back_up(
    path: Path, copy: Callable[[Path], None], root: Path | None, retention: Retention | None
) -> Backup:
    folder = folder_for(path, root)
    target = _free_name(folder, path.stem, dt.datetime.now(dt.UTC))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _write_note(folder, path)
        copy(target)
    except (OSError, sqlite3.Error, CaseError) as err:
        with contextlib.suppress(OSError):
            target.with_name(target.name + ".part").unlink(missing_ok=True)
        if faults.caused_by_full_disk(err):
            raise BackupError(
                f"The backup of {path.name} could not be written: the disk holding "
                f"the backups ({folder.parent}) is full. The case itself is unchanged."
            ) from err
        raise BackupError(f"The backup of {path.name} could not be written ({err}).") from err
    thin_folder(path, root, retention or Retention())
    backup = _parse(target)
    assert backup is not None
    return backup


def compact_case(case: Case) -> tuple[space.Space, space.Space]:
    """Give the free pages of an open case back to the disk (``storage.space.compact``)."""
    if case.read_only or case.path is None:
        raise BackupError("Only a case open for writing can be compacted.")
    with case.lock:
        return space.compact(case.conn, case.path.name)


def _free_name(folder: Path, stem: str, when: dt.datetime) -> Path:
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in stem)[:40] or "case"
    while True:
        target = folder / f"{safe}.{when:{_STAMP}}{SUFFIX}"
        if not target.exists():
            return target
        when += dt.timedelta(seconds=1)


def _write_note(folder: Path, case_path: Path) -> None:
    note = folder / "CASE.txt"
    if not note.exists():
        note.write_text(f"Backups of {case_path.resolve()}\n", encoding="utf-8", errors="replace")


# --- thinning ---------------------------------------------------------------------------


def thin_folder(
    case_path: Path | str, root: Path | None = None, retention: Retention | None = None
) -> list[Path]:
    """Delete the backups the retention policy no longer keeps; return what was removed."""
    backups = list_backups(case_path, root)
    keep = choose_kept(backups, dt.datetime.now(dt.UTC), retention or Retention())
    removed = []
    for backup in backups:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


# --- restoring --------------------------------------------------------------------------


def verify_backup(path: Path, name: str | None = None, passphrase: str | None = None) -> None:
    """Raise ``CaseError`` unless ``path`` is a sound casefile (header, schema, integrity).

    A backup of an encrypted case is encrypted with the case's passphrase at the time."""
    name = name or path.name
    connection.read_header(path, passphrase)
    key = passphrase if cipher.is_encrypted_file(path) else None
    connection.verify(path, key)
    if connection.needs_recovery(path, key):
        return  # verify() checked it whole, log included, on a scratch copy
    conn = connection.connect(path, read_only=True, passphrase=key)
    try:
        rows = integrity.integrity_rows(conn)
    except sqlite3.DatabaseError as err:
        raise BackupError(f"The backup {name} is damaged ({err}).") from None
    finally:
        conn.close()
    if rows != ["ok"]:
        raise BackupError(f"The backup {name} is damaged: {rows[0]}.")


def newest_good_backup(
    case_path: Path | str, root: Path | None = None, passphrase: str | None = None
) -> Backup | None:
    """The newest backup of a case that passes every check (offered when a case is damaged)."""
    for backup in list_backups(case_path, root):
        try:
            verify_backup(backup.path, passphrase=passphrase)
        except CaseError:
            continue
        return backup
    return None


def restore_backup(
    backup: Path | str,
    case_path: Path | str,
    force: bool = False,
    root: Path | None = None,
    passphrase: str | None = None,
) -> Path:
    """Copy a verified backup over (or to) a case file; return where the old file was kept.

    Refuses to overwrite an existing case unless ``force``; even then the replaced file is
    first kept in the case's backups folder, so a restore never loses anything.
    """
    source, target = Path(backup), Path(case_path)
    if same_file(source, target):
        raise BackupError("A backup cannot be restored onto itself.")
    if any(same_file(target, case) for case in open_case_paths()):
        raise BackupError(f"{target.name} is open in casefile; close it before restoring.")
    # force=True: replacing a case is what a restore is for; logs of cases never are.
    refuse_unsafe_output(target, open_case_paths(), force=True, what="the restored case")
    with tempfile.TemporaryDirectory(prefix="casefile-restore-") as scratch:
        whole = _self_contained(source, Path(scratch), passphrase)
        verify_backup(whole, source.name, passphrase)
        kept = target
        if target.exists():
            if not force:
                raise BackupError(
                    f"{target.name} already exists; add --force to replace it with the "
                    "backup (the current file is kept in its backups folder)."
                )
            _ensure_not_open(target)
            kept = _keep_replaced(target, root)
        elif not target.parent.is_dir():
            raise BackupError(f"The folder {target.parent} does not exist.")
        _copy_into_place(whole, target)
    return kept


def _self_contained(source: Path, scratch: Path, passphrase: str | None = None) -> Path:
    """``source`` itself, or, when it has a log beside it or in it (a copy taken while the
    case was open, or after a crash), a scratch copy with the log's committed records folded
    in: copying the main file alone would silently drop them."""
    journal = source.with_name(source.name + "-journal")
    connection.read_header(source, passphrase)
    key = passphrase if cipher.is_encrypted_file(source) else None
    if not connection.needs_recovery(source, key) and not journal.exists():
        return source
    connection.refuse_if_open(source)  # a live case's log is still being written
    try:
        return connection.recovered_copy(source, scratch, key)
    except CaseError as err:
        raise BackupError(
            f"{source.name} has a log beside it that could not be folded into the restored "
            f"copy ({err}); nothing was restored."
        ) from None


def _ensure_not_open(path: Path) -> None:
    """Refuse when another casefile window or process holds the case."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0)
        try:
            conn.execute("PRAGMA trusted_schema = OFF")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.OperationalError as err:
        if "locked" in str(err) or "busy" in str(err):
            raise BackupError(
                f"{path.name} is open in casefile; close it before restoring a backup."
            ) from None
    except sqlite3.DatabaseError:
        pass  # a damaged file is exactly what a restore replaces


def _keep_replaced(target: Path, root: Path | None) -> Path:
    folder = folder_for(target, root)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime(_STAMP)
    kept = folder / f"replaced-by-restore.{stamp}{SUFFIX}.old"
    shutil.copyfile(target, kept)
    for extra in ("-wal", "-journal"):
        side = target.with_name(target.name + extra)
        if side.exists():
            shutil.copyfile(side, kept.with_name(kept.name + extra))
    return kept


def _copy_into_place(source: Path, target: Path) -> None:
    tmp = target.with_name(f".{target.name}.restoring")
    shutil.copyfile(source, tmp)
    with tmp.open("rb") as handle:
        os.fsync(handle.fileno())
    for extra in ("-wal", "-journal", "-shm"):
        target.with_name(target.name + extra).unlink(missing_ok=True)
    os.replace(tmp, target)


def _size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"
