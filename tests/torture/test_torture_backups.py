"""Automatic backups: verified, in the user's data folder, thinned, listed and restored."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from casefile.core.commands import Create, Edit
from casefile.core.errors import CaseError
from casefile.core.model import Entity, new_id
from casefile.storage import backups, create_case, open_case
from casefile.storage.backup_schedule import BackupScheduler
from casefile.storage.check import check_case

ROOT = Path(__file__).resolve().parents[2]


def _add(case: object, name: str) -> str:
    ident = new_id()
    case.execute(Create(Entity(ident, name)))  # type: ignore[attr-defined]
    return ident


def test_backup_is_verified_copy_in_user_data_folder(new_case, case_path: Path) -> None:
    """A backup holds the case's records and lives in the data folder, not beside the case."""
    ident = _add(new_case, "Alice Example")
    made = backups.make_backup(new_case)
    data_home = Path(os.environ["XDG_DATA_HOME"])
    assert made.path.is_relative_to(data_home)
    assert not made.path.is_relative_to(case_path.parent)
    assert [p for p in case_path.parent.iterdir() if not p.name.endswith("-wal")] == [case_path]
    with open_case(made.path, read_only=True) as copy:
        assert copy.get("entity", ident) == new_case.get("entity", ident)
        assert check_case(copy) == []
    assert backups.list_backups(case_path) == [made]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_scheduler_backs_up_after_thirty_minutes_of_changed_work(new_case, case_path) -> None:
    """Changes trigger a backup once 30 minutes have passed, and closing backs up the rest."""
    clock = FakeClock()
    scheduler = BackupScheduler(new_case, clock=clock)
    _add(new_case, "First")
    assert backups.list_backups(case_path) == []
    clock.now += backups.INTERVAL_SECONDS - 1
    assert scheduler.tick() is None
    clock.now += 2
    made = scheduler.tick()
    assert made is not None and len(backups.list_backups(case_path)) == 1
    clock.now += backups.INTERVAL_SECONDS * 3
    assert scheduler.tick() is None, "no changed work, no new backup"
    ident = _add(new_case, "Second")  # the interval has passed: the change only notes it
    assert scheduler.last_backup is not None and scheduler.last_backup.path == made.path
    assert scheduler.due()
    assert scheduler.tick() is not None
    assert scheduler.last_backup is not None and scheduler.last_backup.path != made.path
    new_case.execute(Edit("entity", ident, {"name": "Second, renamed"}))
    last = scheduler.on_close()
    assert last is not None
    with open_case(last.path, read_only=True) as copy:
        assert copy.get("entity", ident).name == "Second, renamed"  # type: ignore[union-attr]
    assert scheduler.on_close() is None
    assert scheduler.last_error is None


def test_scheduler_reports_failure_without_raising(new_case, monkeypatch) -> None:
    """A backup that cannot be written leaves a message for the window, never an exception."""
    blocked = Path(os.environ["XDG_DATA_HOME"])
    blocked.parent.mkdir(parents=True, exist_ok=True)
    blocked.write_text("a file where the data folder should be")
    scheduler = BackupScheduler(new_case, interval=0)
    _add(new_case, "Someone")
    assert scheduler.tick() is None
    assert scheduler.last_error and "could not be written" in scheduler.last_error
    assert scheduler.dirty


def _fake(folder: Path, when: dt.datetime, size: int = 10) -> backups.Backup:
    return backups.Backup(folder / f"x.{when:%Y%m%d-%H%M%S}.casefile", when, size)


def test_thinning_keeps_recent_dense_then_daily_weekly_monthly(tmp_path: Path) -> None:
    """A year of half-hourly backups thins to recent ones plus one a day, week and month."""
    now = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)
    every = [_fake(tmp_path, now - dt.timedelta(minutes=30 * i)) for i in range(24 * 2 * 400)]
    policy = backups.Retention()
    kept = backups.choose_kept(every, now, policy)
    recent = {b.path for b in every if now - b.created <= dt.timedelta(hours=24)}
    assert recent <= kept
    assert len(kept) <= len(recent) + policy.daily + policy.weekly + policy.monthly
    oldest_kept = min(b.created for b in every if b.path in kept)
    assert now - oldest_kept > dt.timedelta(days=300), "monthly backups reach back a year"
    days = {b.created.date() for b in every if b.path in kept and b.path not in recent}
    assert len(days) >= policy.daily


def test_thinning_respects_size_cap_but_keeps_newest(tmp_path: Path) -> None:
    """Old backups go first when the size cap is reached; the newest is always kept."""
    now = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    every = [_fake(tmp_path, now - dt.timedelta(hours=i), size=100) for i in range(10)]
    kept = backups.choose_kept(every, now, backups.Retention(max_bytes=350))
    assert kept == {b.path for b in every[:3]}
    huge = [_fake(tmp_path, now, size=10_000)]
    assert backups.choose_kept(huge, now, backups.Retention(max_bytes=1)) == {huge[0].path}


def test_thin_folder_removes_files(new_case, case_path, monkeypatch) -> None:
    """Thinning deletes the backup files the policy drops."""
    for _ in range(3):
        backups.make_backup(new_case)
    assert len(backups.list_backups(case_path)) == 3
    removed = backups.thin_folder(case_path, retention=backups.Retention(max_bytes=1))
    assert len(removed) == 2 and len(backups.list_backups(case_path)) == 1


def test_restore_refuses_to_overwrite_without_force(new_case, case_path) -> None:
    """Restoring onto an existing case needs --force; then the old file is kept, not lost."""
    first = _add(new_case, "Kept in backup")
    made = backups.make_backup(new_case)
    later = _add(new_case, "Added after the backup")
    new_case.close()
    with pytest.raises(CaseError, match="--force"):
        backups.restore_backup(made.path, case_path)
    kept = backups.restore_backup(made.path, case_path, force=True)
    with open_case(case_path) as restored:
        assert restored.get("entity", first) is not None
        assert restored.get("entity", later) is None
    with open_case(kept, read_only=True) as old:
        assert old.get("entity", later) is not None


def test_restore_refuses_while_case_is_open(new_case, case_path) -> None:
    """A case open in casefile is not replaced under its feet."""
    made = backups.make_backup(new_case)
    with pytest.raises(CaseError, match="open"):
        backups.restore_backup(made.path, case_path, force=True)


def test_damaged_backup_is_refused_and_skipped(new_case, case_path) -> None:
    """A damaged backup is never restored; the newest good one is offered instead."""
    good = backups.make_backup(new_case)
    _add(new_case, "Newer")
    bad = backups.make_backup(new_case)
    data = bytearray(bad.path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 4096] = bytes(4096)
    bad.path.write_bytes(bytes(data))
    new_case.close()
    assert backups.newest_good_backup(case_path) == good
    target = case_path.with_name("restored.casefile")
    with pytest.raises(CaseError):
        backups.restore_backup(bad.path, target)
    assert not target.exists()
    backups.restore_backup(good.path, target)
    with open_case(target) as restored:
        assert check_case(restored) == []


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "casefile", *args], capture_output=True, text=True, env=env
    )


def test_backup_commands(case_path: Path) -> None:
    """`casefile backups` lists and writes backups; `casefile restore` needs --force to replace."""
    with create_case(case_path, "CLI case") as case:
        _add(case, "Someone")
    empty = _cli("backups", str(case_path))
    assert empty.returncode == 0 and "no backups" in empty.stdout
    made = _cli("backups", str(case_path), "--now")
    assert made.returncode == 0, made.stderr
    assert made.stdout.splitlines()[-1].startswith("1\t")
    refused = _cli("restore", "1", str(case_path))
    assert refused.returncode == 1
    assert refused.stderr.startswith("casefile: error:") and "--force" in refused.stderr
    done = _cli("restore", "1", str(case_path), "--force")
    assert done.returncode == 0, done.stderr
    missing = _cli("restore", "7", str(case_path), "--force")
    assert missing.returncode == 1 and "no number 7" in missing.stderr
    assert _cli("check", str(case_path)).returncode == 0


def test_restore_by_number_into_a_new_file_says_to_give_the_backups_path(
    case_path: Path,
) -> None:
    """Restoring backup "1" into a new file says to give another case's backup by its path."""
    with create_case(case_path, "CLI case") as case:
        _add(case, "Someone")
    assert _cli("backups", str(case_path), "--now").returncode == 0
    target = case_path.with_name("new.casefile")
    refused = _cli("restore", "1", str(target))
    assert refused.returncode == 1 and not target.exists()
    assert "new.casefile has no backups" in refused.stderr
    assert "give the backup file's path" in refused.stderr
