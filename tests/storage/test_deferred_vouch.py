"""A clean close whose digest is taken later vouches only for the file exactly as it was closed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from casefile.core import commands
from casefile.core.model import Entity
from casefile.storage import create_case, open_case, trust
from casefile.storage.engine import sqlite3


def _closed_unvouched(path: Path) -> trust.CleanClose:
    with create_case(path, "Harbour") as case:
        for i in range(300):
            case.execute(commands.Create(Entity(f"e{i}", f"Entity {i} " * 10)))
    case = open_case(path)
    case.execute(commands.Edit("entity", "e1", {"notes": "the last edit"}))
    closed = case.close_unvouched()
    assert closed is not None
    return closed


def test_the_last_edit_is_in_the_file_before_the_digest_is_taken(case_path: Path) -> None:
    """Closing leaves one file holding every edit at once; the later digest vouches for it."""
    closed = _closed_unvouched(case_path)
    assert not case_path.with_name(case_path.name + "-wal").exists()
    conn = sqlite3.connect(f"{case_path.as_uri()}?mode=ro", uri=True)
    notes = conn.execute("SELECT notes FROM entities WHERE id = 'e1'").fetchone()[0]
    conn.close()
    assert notes == "the last edit"
    assert not trust.unchanged_since_clean_close(case_path)  # not vouched for yet
    assert closed.vouch()
    assert trust.unchanged_since_clean_close(case_path)


def test_a_file_changed_between_close_and_digest_is_not_vouched_for(case_path: Path) -> None:
    """Written to after the close, before the digest: the digest is of another file, no vouch."""
    closed = _closed_unvouched(case_path)
    conn = sqlite3.connect(case_path)
    conn.execute("UPDATE entities SET notes = 'elsewhere' WHERE id = 'e2'")
    conn.commit()
    conn.close()
    assert not closed.vouch()
    assert not trust.unchanged_since_clean_close(case_path)


def test_a_file_opened_for_writing_elsewhere_is_not_vouched_for(case_path: Path) -> None:
    """Another program holding it open in WAL mode (its writes still in the log): no vouch."""
    closed = _closed_unvouched(case_path)
    stat = case_path.stat()
    wal = case_path.with_name(case_path.name + "-wal")
    wal.write_bytes(b"")  # as another program's open log; the file's own bytes unchanged
    os.utime(case_path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert not closed.vouch()
    assert not trust.unchanged_since_clean_close(case_path)


def test_a_cancelled_digest_vouches_for_nothing(
    case_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stopped part way (the user cancels closing): nothing recorded, the next open checks all."""
    closed = _closed_unvouched(case_path)
    monkeypatch.setattr(trust, "CHECK_EVERY", 4)
    seen: list[tuple[int, int]] = []
    with pytest.raises(trust.DigestCancelled):
        closed.vouch(
            cancelled=lambda: True, progress=lambda done, total: seen.append((done, total))
        )
    assert seen and seen[0][0] <= seen[0][1]
    assert not trust.unchanged_since_clean_close(case_path)
