"""Writers in storage refuse outputs that would replace an open case; restore keeps the log."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casefile.core.commands import Create
from casefile.core.model import Entity
from casefile.core.outputs import OutputRefused
from casefile.storage import backups, create_case, migrating, open_case
from casefile.storage.package import write_package


def test_package_never_replaces_another_open_case(tmp_path: Path) -> None:
    """An export aimed at a case open in this process is refused, even with force."""
    with create_case(tmp_path / "a.casefile", "A") as a, create_case(tmp_path / "b", "B") as b:
        with pytest.raises(OutputRefused, match="case file itself"):
            write_package(a, tmp_path / "b", force=True)
        with pytest.raises(OutputRefused, match="write-ahead log"):
            write_package(b, tmp_path / "a.casefile-wal", force=True)
        assert b.info().title == "B"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.casefile", "b"]


def test_backup_copy_never_lands_on_an_open_case(tmp_path: Path) -> None:
    """The backup writer refuses a target that is an open case; both cases stay intact."""
    with create_case(tmp_path / "a.casefile", "A") as a, create_case(tmp_path / "b", "B") as b:
        with pytest.raises(OutputRefused):
            migrating.copy_database(a.conn, tmp_path / "b")
        assert b.info().title == "B"


def _copy_while_open(tmp_path: Path) -> tuple[Path, str]:
    """A copy of a case taken while it was open: the newest record lives only in its log."""
    live = tmp_path / "live.casefile"
    copy = tmp_path / "copied" / "live.casefile"
    copy.parent.mkdir()
    with create_case(live, "Live"):
        pass  # closed cleanly: the case itself is in the main file
    with open_case(live) as case:
        case.execute(Create(Entity("e-log", "Only in the log")))
        assert live.with_name(live.name + "-wal").stat().st_size > 0
        shutil.copyfile(live, copy)
        shutil.copyfile(live.with_name(live.name + "-wal"), copy.with_name(copy.name + "-wal"))
    return copy, "e-log"


def test_restore_carries_the_committed_records_of_the_log(tmp_path: Path) -> None:
    """Restoring a copy with a -wal beside it keeps the records that live only in the log."""
    copy, ident = _copy_while_open(tmp_path)
    main_only = tmp_path / "main-only.casefile"
    shutil.copyfile(copy, main_only)
    with open_case(main_only, read_only=True) as without_log:
        assert without_log.get("entity", ident) is None, "the record must be in the log only"
    target = tmp_path / "restored.casefile"
    backups.restore_backup(copy, target)
    assert not target.with_name(target.name + "-wal").exists()
    with open_case(target, read_only=True) as restored:
        assert restored.get("entity", ident) is not None
    assert copy.with_name(copy.name + "-wal").exists(), "the source is left as it was"


def test_restore_of_a_torn_log_keeps_what_was_committed_before_it(tmp_path: Path) -> None:
    """A log whose header is torn holds no committed record: the restore gives the main file."""
    copy, ident = _copy_while_open(tmp_path)
    wal = copy.with_name(copy.name + "-wal")
    wal.write_bytes(b"\x37\x7f\x06\x82" + b"\xff" * 60)  # a WAL header whose checksum fails
    target = tmp_path / "restored.casefile"
    backups.restore_backup(copy, target)
    with open_case(target, read_only=True) as restored:
        assert restored.info().title == "Live"
        assert restored.get("entity", ident) is None
