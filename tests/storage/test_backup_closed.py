"""The backup on closing, made from the closed file: whole and checked, or nothing kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from casefile.core import commands
from casefile.core.model import Entity
from casefile.storage import backups, create_case, open_case
from casefile.storage.engine import sqlite3


def _closed(path: Path) -> None:
    with create_case(path, "Harbour") as case:
        for i in range(50):
            case.execute(commands.Create(Entity(f"e{i}", f"Entity {i}")))
    case = open_case(path)
    case.execute(commands.Edit("entity", "e1", {"notes": "the last edit"}))
    case.close()


def test_a_closed_case_is_backed_up_from_its_file(tmp_path: Path) -> None:
    """The backup made after the close holds the last edit and passes every check."""
    path, root = tmp_path / "harbour.casefile", tmp_path / "backups"
    _closed(path)
    before = path.read_bytes()
    backup = backups.back_up_closed(path, root=root)
    assert path.read_bytes() == before  # the case itself is only read
    backups.verify_backup(backup.path)
    conn = sqlite3.connect(f"{backup.path.as_uri()}?mode=ro", uri=True)
    notes = conn.execute("SELECT notes FROM entities WHERE id = 'e1'").fetchone()[0]
    conn.close()
    assert notes == "the last edit"
    assert backups.list_backups(path, root) == [backup]


def test_a_cancelled_backup_keeps_nothing(tmp_path: Path) -> None:
    """Cancelled (the user cuts quitting short): an error in words, no backup, no part file."""
    path, root = tmp_path / "harbour.casefile", tmp_path / "backups"
    _closed(path)
    with pytest.raises(backups.BackupError, match="interrupted"):
        backups.back_up_closed(path, root=root, cancelled=lambda: True)
    assert backups.list_backups(path, root) == []
    assert not list(backups.folder_for(path, root).glob("*.part"))
