"""A reopened case shown before its clean-close digest is compared: nothing written, still caught."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import pytest

from casefile.core.commands import Create
from casefile.core.model import Entity
from casefile.storage import connection, create_case, open_case, trust
from casefile.storage.engine import sqlite3
from casefile.storage.opening_check import ChangedSinceCloseError


def _bytes(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def closed_case(case_path: Path) -> Path:
    with create_case(case_path, "Harbour") as case:
        case.execute(Create(Entity("e1", "Alpha Person")))
    assert trust.unchanged_since_clean_close(case_path)
    return case_path


def _flip_in_table_keeping_stat(path: Path, table: str, marker: bytes) -> None:
    """Change one byte of ``marker`` in the table's root page, size, times and inode kept."""
    conn = sqlite3.connect(path)
    size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    root = int(
        conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    )
    conn.close()
    before = path.stat()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * size)
        page = handle.read(size)
        handle.seek((root - 1) * size + page.index(marker) + 4)
        handle.write(b"b")  # "Alpha" becomes "Alphb"
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_ino) == (before.st_size, before.st_ino)


def test_a_reopened_case_reads_at_once_and_writes_nothing_before_the_digest(
    closed_case: Path,
) -> None:
    """Records read before the digest is compared; closing then leaves the file as it was."""
    before = _bytes(closed_case)
    case = open_case(closed_case, defer_check=True)
    try:
        assert case.check_pending
        assert case.get("entity", "e1").name == "Alpha Person"  # type: ignore[union-attr]
        assert case.count("entity") == 1
        with pytest.raises(sqlite3.OperationalError):  # even a write past the write path
            case.conn.execute("DELETE FROM entities")
        assert _bytes(closed_case) == before
    finally:
        case.close()
    assert _bytes(closed_case) == before
    assert trust.unchanged_since_clean_close(closed_case)  # still vouched for


def test_a_write_waits_for_the_digest_then_is_saved(
    closed_case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change made while another thread compares the digest waits for it, then is saved."""
    release = threading.Event()
    real = trust.PendingDigest.matches

    def slow(self: trust.PendingDigest, cancelled: object = None) -> bool:
        release.wait(10)
        return real(self)

    monkeypatch.setattr(trust.PendingDigest, "matches", slow)
    before = _bytes(closed_case)
    case = open_case(closed_case, defer_check=True)
    try:
        checker = threading.Thread(target=case.confirm_opening)
        checker.start()
        writer = threading.Thread(target=case.execute, args=(Create(Entity("e2", "Beta")),))
        writer.start()
        writer.join(0.3)
        assert writer.is_alive(), "the write did not wait for the digest"
        assert _bytes(closed_case) == before
        release.set()
        writer.join(10)
        checker.join(10)
        assert not case.check_pending
        assert case.get("entity", "e2") is not None
        assert [hit.id for hit in case.search("beta")] == ["e2"]
    finally:
        release.set()
        case.close()
    assert trust.unchanged_since_clean_close(closed_case)  # closed cleanly again


def test_a_file_altered_after_its_clean_close_is_still_caught(
    closed_case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A changed byte (times kept) fails the digest: no write, no search, then the full check."""
    _flip_in_table_keeping_stat(closed_case, "entities", b"Alpha Person")
    altered = _bytes(closed_case)
    case = open_case(closed_case, defer_check=True)
    try:
        assert case.check_pending
        with pytest.raises(ChangedSinceCloseError, match="checked in full"):
            case.search("alpha")  # the index of a file not vouched for is never read
        with pytest.raises(ChangedSinceCloseError):
            case.execute(Create(Entity("e2", "Beta")))
        assert case.check_pending
    finally:
        case.close()
    assert _bytes(closed_case) == altered
    assert not trust.unchanged_since_clean_close(closed_case)
    checked: list[int] = []
    full_check = connection.integrity_rows
    monkeypatch.setattr(
        connection, "integrity_rows", lambda conn, *a: checked.append(1) or full_check(conn, *a)
    )
    try:
        reopened = open_case(closed_case, defer_check=True)  # the usual way: every page
    except connection.CaseFileError as err:
        assert "damaged" in str(err)
    else:
        assert not reopened.check_pending
        assert reopened.search("alpha") == []  # the index was rebuilt from the records
        reopened.close()
    assert checked


def test_a_case_with_a_log_beside_it_is_opened_the_usual_way(closed_case: Path) -> None:
    """A file whose fingerprint matches but has a hot journal beside it is not deferred."""
    journal = closed_case.with_name(closed_case.name + "-journal")
    journal.write_bytes(b"")
    try:
        case = open_case(closed_case, read_only=True, defer_check=True)
        assert not case.check_pending
        case.close()
    finally:
        journal.unlink()
