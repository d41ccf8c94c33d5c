"""``casefile add CASE FILE...`` captures files through the same code as a drop."""

from __future__ import annotations

from pathlib import Path

import pytest
from capture_samples import PAGES, make_pdf

from casefile.cli import main


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "c.casefile"
    assert main(["new", str(path), "--title", "CLI capture"]) == 0
    return path


def test_add_prints_what_was_added_and_stores_it(case_file: Path, write, capsys) -> None:
    """Adding files prints each new source and stores them with their originals."""
    pdf = write("report.pdf", make_pdf(PAGES))
    note = write("note.txt", "Seen at the quay.")
    capsys.readouterr()
    assert main(["add", str(case_file), str(pdf), str(note)]) == 0
    out = capsys.readouterr().out
    assert "added report.pdf: 'report.pdf' (" in out and "3 pages" in out
    assert "added note.txt: 'note.txt' (17 characters)" in out
    from casefile.storage import open_case

    with open_case(case_file, read_only=True) as case:
        assert case.count("source") == 2
        assert case.search("quay")


def test_add_reports_duplicates(case_file: Path, write, capsys) -> None:
    """Adding a file already in the case says so and stores nothing new."""
    note = write("note.txt", "Seen at the quay.")
    main(["add", str(case_file), str(note)])
    capsys.readouterr()
    assert main(["add", str(case_file), str(note)]) == 0
    out = capsys.readouterr().out
    assert "note.txt is already in the case as 'note.txt'" in out
    assert "nothing new was added" in out


def test_add_bad_file_fails_cleanly_and_adds_nothing(case_file: Path, write, capsys) -> None:
    """A missing file among good ones: exit status 1, a one-line message, nothing added."""
    good = write("good.txt", "fine")
    assert main(["add", str(case_file), str(good), str(good.with_name("nope.txt"))]) == 1
    err = capsys.readouterr().err
    assert err.startswith("casefile: error: Nothing was added")
    assert "nope.txt cannot be found" in err
    from casefile.storage import open_case

    with open_case(case_file, read_only=True) as case:
        assert case.count("source") == 0


def test_add_max_size_option(case_file: Path, write, capsys) -> None:
    """--max-size lowers the per-file limit and the message names it."""
    big = write("big.log", b"y" * (2 * 1024 * 1024))
    assert main(["add", str(case_file), str(big), "--max-size", "1"]) == 1
    assert "up to 1.0 MB each" in capsys.readouterr().err


def test_add_skip_bad_adds_the_readable_files(case_file: Path, write, capsys) -> None:
    """--skip-bad adds the files that can be read and names the skipped ones on stderr."""
    good = write("good.txt", "fine")
    assert (
        main(["add", str(case_file), str(good), str(good.with_name("gone.txt")), "--skip-bad"]) == 0
    )
    captured = capsys.readouterr()
    assert "added good.txt" in captured.out
    assert "Skipped: gone.txt cannot be found" in captured.err
