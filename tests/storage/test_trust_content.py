"""A trusted case whose pages changed behind casefile's back is checked in full again."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from casefile.cli import main
from casefile.storage import open_case, trust
from casefile.storage.connection import CaseFileError


def _page_of(path: Path, index: str) -> tuple[int, int]:
    """(page size, root page) of an index, read the way a bit-rot simulator would."""
    conn = sqlite3.connect(path)
    try:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (index,))
        return int(size), int(root.fetchone()[0])
    finally:
        conn.close()


def _flip_keeping_stat(path: Path, offset: int) -> None:
    """Change one byte in place and put size, times and inode back as they were."""
    before = path.stat()
    with path.open("r+b") as handle:
        handle.seek(offset)
        byte = handle.read(1)[0]
        handle.seek(offset)
        handle.write(bytes([byte ^ 0x01]))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )


def test_one_flipped_byte_in_an_index_page_is_caught_before_any_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bit rot in the sources_sha256 index with the mtime restored: add refuses, no duplicate."""
    case = tmp_path / "c.casefile"
    note = tmp_path / "note.txt"
    note.write_text("The harbour deal was signed on 3 May.", encoding="utf-8")
    assert main(["new", str(case), "--title", "C"]) == 0
    assert main(["add", str(case), str(note)]) == 0
    assert trust.unchanged_since_clean_close(case)
    size, root = _page_of(case, "sources_sha256")
    page = case.read_bytes()[(root - 1) * size : root * size]
    key = hashlib.sha256(note.read_bytes()).hexdigest().encode()
    _flip_keeping_stat(case, (root - 1) * size + page.index(key) + 10)
    assert not trust.unchanged_since_clean_close(case)
    capsys.readouterr()
    assert main(["add", str(case), str(note)]) == 1
    assert "damaged" in capsys.readouterr().err
    assert not trust.unchanged_since_clean_close(case), "a damaged file is never re-trusted"
    with pytest.raises(CaseFileError, match="damaged"):
        open_case(case, read_only=True)


def test_a_copy_of_a_cleanly_closed_case_is_vouched_for_until_a_byte_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copied or moved case skips the page check on opening; a copy with one changed
    index byte (size, counter kept) is checked in full again."""
    import shutil

    from casefile.storage import connection

    original = tmp_path / "c.casefile"
    note = tmp_path / "note.txt"
    note.write_text("The harbour deal was signed on 3 May.", encoding="utf-8")
    assert main(["new", str(original), "--title", "C"]) == 0
    assert main(["add", str(original), str(note)]) == 0
    copy = tmp_path / "elsewhere" / "copy.casefile"
    copy.parent.mkdir()
    shutil.copyfile(original, copy)
    checked: list[Path] = []
    full_check = connection.integrity_rows
    monkeypatch.setattr(
        connection, "integrity_rows", lambda conn, *a: checked.append(copy) or full_check(conn, *a)
    )
    assert trust.unchanged_since_clean_close(copy)
    with open_case(copy, read_only=True) as case:
        assert case.search("harbour")
    assert checked == []
    size, root = _page_of(copy, "sources_sha256")
    _flip_keeping_stat(copy, (root - 1) * size + size - 40)
    assert not trust.unchanged_since_clean_close(copy)
    with pytest.raises(CaseFileError):
        open_case(copy, read_only=True)
    assert checked == [copy]


def test_a_copy_with_broken_text_in_its_schema_is_refused_in_words(tmp_path: Path) -> None:
    """A copy of a vouched-for case whose schema text got a broken byte (size and change
    counter kept) is refused with a message, not a traceback."""
    import shutil

    original = tmp_path / "c.casefile"
    assert main(["new", str(original), "--title", "C"]) == 0
    copy = tmp_path / "copy.casefile"
    shutil.copyfile(original, copy)
    data = bytearray(copy.read_bytes())
    data[data.index(b"CREATE TABLE") + 2] = 0xD8  # not UTF-8 any more; same size and counter
    copy.write_bytes(bytes(data))
    assert not trust.unchanged_since_clean_close(copy)
    with pytest.raises(CaseFileError):
        open_case(copy, read_only=True)
