"""A typo never destroys a case: outputs aimed at a case, its log or its backups are refused."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from casefile.core.commands import Create
from casefile.core.model import Entity
from casefile.storage import backups, create_case, open_case

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "casefile", *args], capture_output=True, text=True, env=env
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def case(tmp_path: Path) -> Path:
    path = tmp_path / "harbour.casefile"
    with create_case(path, "Harbour") as made:
        made.execute(Create(Entity("e1", "Alice Example")))
    return path


def refused(result: subprocess.CompletedProcess[str], words: str) -> None:
    assert result.returncode == 1, result.stdout
    assert result.stderr.startswith("casefile: error:"), result.stderr
    assert words in result.stderr and "nothing was written" in result.stderr
    assert "Traceback" not in result.stderr


def test_export_onto_the_case_itself_is_refused(case: Path) -> None:
    """`export CASE --json CASE` leaves the case byte for byte as it was, even with --force."""
    before = digest(case)
    refused(cli("export", str(case), "--json", str(case)), "is the case file itself")
    refused(cli("export", str(case), "--json", str(case), "--force"), "case file itself")
    dotted = case.parent / "." / ".." / case.parent.name / case.name
    refused(cli("export", str(case), "--json", str(dotted)), "case file itself")
    assert digest(case) == before
    assert sorted(p.name for p in case.parent.iterdir()) == [case.name]


def test_export_through_a_link_to_the_case_is_refused(case: Path) -> None:
    """A symlink or hard link that leads to the case is the case."""
    (case.parent / "soft.json").symlink_to(case)
    os.link(case, case.parent / "hard.json")
    before = digest(case)
    refused(cli("export", str(case), "--json", str(case.parent / "soft.json")), "itself")
    refused(cli("export", str(case), "--json", str(case.parent / "hard.json")), "itself")
    assert digest(case) == before


def test_export_onto_the_log_of_a_case_is_refused(case: Path) -> None:
    """The -wal, -shm and -journal names of the case (or any case) are never written."""
    for side in ("-wal", "-shm", "-journal"):
        out = case.with_name(case.name + side)
        result = cli("export", str(case), "--json", str(out), "--force")
        refused(result, "of the case harbour.casefile")
        assert not out.exists()


def test_export_over_another_case_needs_force(case: Path, tmp_path: Path) -> None:
    """An existing case file is replaced by a package only when --force says so."""
    other = tmp_path / "other.db"
    with create_case(other, "Other"):
        pass
    before = digest(other)
    refused(cli("export", str(case), "--json", str(other)), "--force")
    assert digest(other) == before
    done = cli("export", str(case), "--json", str(other), "--force")
    assert done.returncode == 0, done.stderr
    assert other.read_bytes().startswith(b"{")


def test_export_into_the_backups_folder_is_refused(case: Path) -> None:
    """Nothing is exported into casefile's backups folder, where it could replace a backup."""
    with open_case(case) as opened:
        made = backups.make_backup(opened)
    before = digest(made.path)
    refused(cli("export", str(case), "--json", str(made.path), "--force"), "backups folder")
    assert digest(made.path) == before


def test_brief_onto_the_case_is_refused_before_anything_is_written(case: Path) -> None:
    """`brief CASE -o CASE` neither replaces the case nor logs an export in its history."""
    before = digest(case)
    refused(cli("brief", str(case), "-o", str(case), "--force"), "is the case file itself")
    refused(cli("brief", str(case), "-o", str(case.with_name(case.name + "-wal"))), "log")
    assert digest(case) == before
    assert sorted(p.name for p in case.parent.iterdir()) == [case.name]


def test_brief_over_another_case_needs_force(case: Path, tmp_path: Path) -> None:
    """A brief replaces another case file only with --force."""
    other = tmp_path / "older.casefile"
    with create_case(other, "Older"):
        pass
    before = digest(other)
    refused(cli("brief", str(case), "-o", str(other)), "--force")
    assert digest(other) == before


def test_restore_onto_the_log_of_a_case_is_refused(case: Path, tmp_path: Path) -> None:
    """`restore BACKUP CASE-journal --force` never writes a case's journal."""
    with open_case(case) as opened:
        made = backups.make_backup(opened)
    journal = case.with_name(case.name + "-journal")
    refused(cli("restore", str(made.path), str(journal), "--force"), "rollback journal")
    assert not journal.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_brief_and_export_never_replace_a_device_pipe_or_folder(case: Path, tmp_path: Path) -> None:
    """`-o` naming a pipe or a folder (as `/dev/null` would be) is refused; it stays what it was."""
    pipe = tmp_path / "pipe.pdf"
    os.mkfifo(pipe)
    folder = tmp_path / "folder.json"
    folder.mkdir()
    refused(cli("brief", str(case), "-o", str(pipe), "--force"), "a device, pipe or socket")
    refused(cli("export", str(case), "--json", str(pipe), "--force"), "a device, pipe or socket")
    refused(cli("export", str(case), "--json", str(folder)), "is a folder")
    assert pipe.is_fifo() and folder.is_dir() and not any(folder.iterdir())
