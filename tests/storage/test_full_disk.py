"""A full disk is said in words, changes nothing, and leaves no half-made case behind.

The disk is filled three ways: SQLite's ``max_page_count`` (the case cannot grow, which
SQLite reports exactly as a full disk), a faked ``ENOSPC`` from the operating system, and,
when the tests run as root, a real 400 KB tmpfs.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from casefile.cli import main
from casefile.core.commands import Create
from casefile.core.model import Entity
from casefile.storage import connection, create_case, migrating, open_case
from casefile.storage.check import check_case
from casefile.storage.engine import sqlite3

WORDS = " ".join(f"word{n % 997} w{n}" for n in range(60_000))  # about 700 KB of text


def cap_growth(monkeypatch: pytest.MonkeyPatch, extra_pages: int) -> None:
    """From now on a case opened for writing can grow by ``extra_pages`` pages only."""
    real = connection.open_writable

    def capped(path: Path, passphrase: str | None = None) -> sqlite3.Connection:
        conn = real(path, passphrase)
        pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
        conn.execute(f"PRAGMA max_page_count = {pages + extra_pages}")
        return conn

    monkeypatch.setattr(connection, "open_writable", capped)


@pytest.fixture
def case(tmp_path: Path) -> Path:
    path = tmp_path / "harbour.casefile"
    with create_case(path, "Harbour") as made:
        made.execute(Create(Entity("e1", "Alice Example")))
    return path


def said_full(capsys: pytest.CaptureFixture[str], code: int) -> str:
    err = capsys.readouterr().err
    assert code == 1
    assert "is full" in err and "unexpected" not in err and "rollback" not in err, err
    return err


def unchanged(path: Path) -> None:
    with open_case(path, read_only=True) as opened:
        assert opened.count("source") == 0 and opened.get("entity", "e1") is not None
        assert check_case(opened) == []


def test_add_on_a_full_disk_says_so_and_changes_nothing(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`add` that runs out of room says the disk is full and that nothing was changed."""
    text = tmp_path / "notes.txt"
    text.write_text(WORDS, encoding="utf-8")
    cap_growth(monkeypatch, 4)
    err = said_full(capsys, main(["add", str(case), str(text)]))
    assert "nothing in the case was changed" in err
    monkeypatch.undo()
    unchanged(case)


def test_large_import_on_a_full_disk_reports_the_full_disk_not_a_rollback(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A big import that fills the disk is refused as 'full', never as a failed rollback."""
    package = tmp_path / "big.json"
    entities = [{"id": f"p{n}", "name": f"Person {n}", "notes": WORDS[:3000]} for n in range(400)]
    package.write_text(
        json.dumps(
            {
                "format": "casefile-package",
                "version": 1,
                "case": {"title": "Big"},
                "entities": entities,
            }
        ),
        encoding="utf-8",
    )
    cap_growth(monkeypatch, 20)
    said_full(capsys, main(["import", str(case), str(package)]))
    monkeypatch.undo()
    unchanged(case)


def test_new_on_a_full_disk_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`new` that cannot finish removes its stub, so a second `new` with room succeeds."""
    target = tmp_path / "fresh.casefile"
    cap_growth(monkeypatch, 0)
    err = said_full(capsys, main(["new", str(target), "--title", "Fresh"]))
    assert "Nothing was left behind" in err
    assert list(tmp_path.iterdir()) == []
    said_full(capsys, main(["demo", str(target)]))
    assert list(tmp_path.iterdir()) == []
    monkeypatch.undo()
    assert main(["new", str(target), "--title", "Fresh"]) == 0


def test_export_on_a_full_disk_writes_nothing(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An export the operating system has no room for leaves no partial package behind."""
    real_fsync = os.fsync

    def no_room(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_room)
    out = tmp_path / "out.json"
    err = said_full(capsys, main(["export", str(case), "--json", str(out)]))
    assert "out.json was not written" in err
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert sorted(p.name for p in tmp_path.iterdir()) == [case.name]


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 400 KB file system (an empty case needs about 260 KB; needs root, skipped otherwise)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(mount)],
                          capture_output=True)  # fmt: skip
    if made.returncode != 0:
        pytest.skip("tmpfs cannot be mounted here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_a_real_full_disk(
    tiny_disk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On a real full file system: `new` leaves nothing, `add` changes nothing, all in words."""
    big = tmp_path / "big.txt"
    big.write_text(WORDS, encoding="utf-8")
    target = tiny_disk / "a.casefile"
    said_full(capsys, main(["demo", str(target)]))
    assert list(tiny_disk.iterdir()) == []
    assert main(["new", str(target), "--title", "A"]) == 0
    capsys.readouterr()
    said_full(capsys, main(["add", str(target), str(big)]))
    with open_case(target, read_only=True) as opened:
        assert opened.count("source") == 0 and check_case(opened) == []


def test_a_brief_on_a_real_full_disk(
    tiny_disk: Path, case: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A brief the disk has no room for is not left half-written, and the message says why."""
    filler = tiny_disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        with pytest.raises(OSError):
            while True:
                os.write(fd, b"\0" * 4096)
    finally:
        os.close(fd)
    out = tiny_disk / "brief.pdf"
    err = said_full(capsys, main(["brief", str(case), "-o", str(out)]))
    assert "brief.pdf was not written" in err
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["filler"]


def test_a_backup_on_a_full_disk_says_so(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A backup the disk has no room for is reported as such and leaves no partial copy."""
    from casefile.storage import backups

    def no_room(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    with open_case(case) as opened:
        monkeypatch.setattr(migrating, "copy_database", no_room)
        with pytest.raises(backups.BackupError, match=r"is full\. The case itself is unchanged"):
            backups.make_backup(opened)
    assert backups.list_backups(case) == []
