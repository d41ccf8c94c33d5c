"""Reopening a case this program closed cleanly skips only what cannot have changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from casefile.core import commands
from casefile.core.model import Entity
from casefile.storage import create_case, open_case, trust
from casefile.storage.connection import CaseFileError
from casefile.storage.engine import sqlite3


def _case(path: Path, title: str = "T") -> None:
    with create_case(path, title) as case:
        for i in range(200):
            case.execute(commands.Create(Entity(f"e{i}", f"Entity {i} " * 10)))


def test_clean_close_is_remembered_and_opening_forgets_it(case_path: Path) -> None:
    """A cleanly closed case is vouched for until it is opened for writing again."""
    _case(case_path)
    assert trust.unchanged_since_clean_close(case_path)
    case = open_case(case_path)
    assert not trust.unchanged_since_clean_close(case_path)
    case.close()
    assert trust.unchanged_since_clean_close(case_path)


def test_a_file_changed_by_anything_else_gets_the_full_check(case_path: Path) -> None:
    """Damage written by another program is found on opening, even at a trusted path."""
    _case(case_path)
    conn = sqlite3.connect(case_path)
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_entities_1'"
    ).fetchone()[0]
    conn.close()
    with case_path.open("r+b") as handle:  # scribble over an index page, keep the size
        handle.seek((root - 1) * page + 8)
        handle.write(b"\x07" * 64)
    assert not trust.unchanged_since_clean_close(case_path)
    with pytest.raises(CaseFileError):
        case = open_case(case_path)
        case.close()


def test_a_replaced_file_is_not_trusted(tmp_path: Path) -> None:
    """Another case copied over a trusted path is checked like any file from elsewhere."""
    first, second = tmp_path / "a.casefile", tmp_path / "b.casefile"
    _case(first)
    _case(second, "Another case")  # made in the same second, an identical case is a copy of it
    trust.forget(second)  # as if made on another computer (a moved own case stays vouched for)
    os.replace(second, first)
    assert not trust.unchanged_since_clean_close(first)
