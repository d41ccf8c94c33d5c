"""A backup of an open case copied a step at a time, the case edited between the steps."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from casefile.core.commands import Create, Edit
from casefile.core.model import Entity
from casefile.storage import backups, create_case, engine, migrating, open_case

PASS = "step test passphrase"


@pytest.mark.parametrize("passphrase", [None, PASS], ids=["plain", "encrypted"])
def test_edits_between_the_steps_of_a_backup_are_in_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, passphrase: str | None
) -> None:
    """Edits made while the backup is copied are in it, and it passes every check (an
    encrypted case's backup too, with the case's key)."""
    if passphrase is not None and not engine.ENCRYPTION:
        pytest.skip("SQLCipher is not installed")
    monkeypatch.setattr(migrating, "STEP_PAGES", 2)
    path, root = tmp_path / "harbour.casefile", tmp_path / "backups"
    with create_case(path, "Harbour", passphrase=passphrase) as case:
        for number in range(40):
            case.execute(Create(Entity(f"e{number}", f"Person {number}", notes="n " * 900)))
        steps = 0

        def cancelled() -> bool:  # asked at every step, in the worker, the case's lock held
            nonlocal steps
            steps += 1
            if steps == 3:  # past the first pages: edit copied pages, and add new ones
                case.execute(Edit("entity", "e0", {"notes": "edited during the backup"}), False)
                added = Entity("late", "Added during the backup", notes="x " * 40_000)
                case.execute(Create(added), False)
            return False

        made: list[backups.Backup] = []
        worker = threading.Thread(
            target=lambda: made.append(backups.make_backup(case, root, cancelled=cancelled))
        )
        worker.start()
        worker.join(60)
        assert steps > 10, "copied in many steps"
        (backup,) = made
    backups.verify_backup(backup.path, passphrase=passphrase)
    with open_case(backup.path, read_only=True, passphrase=passphrase) as copy:
        first = copy.get("entity", "e0")
        assert first is not None and first.notes == "edited during the backup"  # type: ignore[attr-defined]
        assert copy.get("entity", "late") is not None
        assert copy.count("entity") == 41
