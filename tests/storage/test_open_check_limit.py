"""The check on opening is bounded by the work it does, not by how busy the computer is."""

from __future__ import annotations

import itertools
import sqlite3
import time
from pathlib import Path

import pytest

from casefile.storage import connection, open_case, trust
from casefile.storage.connection import CaseFileError
from casefile.storage.sample import write_sample


@pytest.fixture
def foreign_case(tmp_path: Path) -> Path:
    """The sample case as if it came from another computer (it gets the full check)."""
    path = tmp_path / "received.casefile"
    write_sample(path)
    raw = sqlite3.connect(path)  # a longer history: enough pages for the check to take work
    raw.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) "
        "INSERT INTO history (time, action, kind, object_id, before, after) "
        "SELECT h.time, h.action, h.kind, h.object_id, h.before, h.after FROM history h, n"
    )
    raw.commit()
    raw.close()
    trust.forget(path)
    return path


def test_a_busy_computer_does_not_get_a_healthy_case_refused(
    foreign_case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Wall-clock time racing ahead (other programs running) does not refuse the case."""
    clock = itertools.count(0, 1000.0)
    monkeypatch.setattr(time, "monotonic", lambda: float(next(clock)))
    with open_case(foreign_case, read_only=True) as case:
        assert case.search("harbour")


def test_a_check_that_takes_too_much_work_is_refused_in_words(
    foreign_case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file whose check would take longer than its allowance is refused, unchanged."""
    before = foreign_case.read_bytes()
    monkeypatch.setattr(connection, "check_limit", lambda _path: -1.0)
    with pytest.raises(CaseFileError, match=r"could not be checked within .* seconds of work"):
        open_case(foreign_case)
    assert foreign_case.read_bytes() == before
