"""Backups hold the live pages only; the free space of a case file is reported and reclaimed."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from casefile.cli import main
from casefile.core.commands import DeleteRecords
from casefile.storage import backups, open_case
from casefile.storage.check import check_case


@pytest.fixture
def grown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A small case in a file grown by an 8 MB original that was later deleted."""
    case = tmp_path / "harbour.casefile"
    blob = tmp_path / "scan.bin"
    blob.write_bytes(os.urandom(8 << 20))
    note = tmp_path / "note.txt"
    note.write_text("The harbour deal was signed on 3 May.", encoding="utf-8")
    assert main(["new", str(case), "--title", "Harbour"]) == 0
    assert main(["add", str(case), str(blob), str(note)]) == 0
    with open_case(case) as opened:
        big = opened.find_sources(sha256=hashlib.sha256(blob.read_bytes()).hexdigest())
        opened.execute(DeleteRecords("source", big))
    capsys.readouterr()
    assert case.stat().st_size > 8 << 20
    return case


def test_a_backup_leaves_out_the_free_pages(grown: Path) -> None:
    """A backup of a case grown to 8 MB by a deleted original is the size of its records."""
    with open_case(grown) as opened:
        made = backups.make_backup(opened)
    assert made.size < 1 << 20 < grown.stat().st_size
    with open_case(made.path, read_only=True) as copy:
        assert copy.count("source") == 1 and check_case(copy) == []


def test_backups_listing_says_what_space_can_be_reclaimed_and_compact_does_it(
    grown: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`backups` names the free space and `compact` gives it back, records untouched."""
    assert main(["backups", str(grown)]) == 0
    said = capsys.readouterr().out
    assert "of which 8.0 MB is free space" in said and "casefile compact" in said
    assert main(["compact", str(grown)]) == 0
    assert "given back to the disk" in capsys.readouterr().out
    assert grown.stat().st_size < 1 << 20
    with open_case(grown, read_only=True) as opened:
        assert opened.count("source") == 1 and check_case(opened) == []
    assert main(["backups", str(grown)]) == 0
    assert "free space" not in capsys.readouterr().out
