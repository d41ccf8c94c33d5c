"""Migrations: every step runs on files of each earlier schema, with a verified backup."""

from __future__ import annotations

from pathlib import Path

import pytest

from casefile.core import commands
from casefile.core.model import Entity, Snippet
from casefile.storage import open_case, schema, search
from casefile.storage.connection import harden
from casefile.storage.engine import sqlite3
from casefile.storage.migrating import initialise


def _old_case(path: Path, version: int) -> None:
    """Write a case file as casefile would have at schema ``version`` (with data in it)."""
    conn = sqlite3.connect(path, isolation_level=None)
    harden(conn)
    initialise(conn)
    for number, migration in enumerate(schema.MIGRATIONS[:version], start=1):
        migration.run(conn)
        conn.execute(f"PRAGMA user_version = {number}")
    conn.execute("INSERT INTO case_info (id, title) VALUES ('case', 'Old case')")
    conn.execute("INSERT INTO entities (id, kind, name) VALUES ('e1', 'person', 'Liao Chunsheng')")
    conn.execute("INSERT INTO aliases (entity_id, position, alias) VALUES ('e1', 0, '廖春生')")
    conn.execute("INSERT INTO snippets (id, text) VALUES ('n1', '中国稀土集团 shipped')")
    if version >= 2:  # that version kept its search index up to date as it wrote
        search.rebuild(conn)
    conn.close()


@pytest.mark.parametrize("version", range(1, schema.SCHEMA_VERSION))
def test_each_released_schema_migrates_with_its_data(tmp_path: Path, version: int) -> None:
    """A file from every earlier schema opens, is upgraded, keeps its data and is searchable."""
    path = tmp_path / "old.casefile"
    _old_case(path, version)
    backups = tmp_path / "backups"
    with open_case(path, backup_dir=backups) as case:
        version_now = case.conn.execute("PRAGMA user_version").fetchone()[0]
        assert version_now == schema.SCHEMA_VERSION
        assert case.info().title == "Old case"
        assert {h.id for h in case.search("廖春生")} == {"e1"}
        assert {h.id for h in case.search("稀土")} == {"n1"}
        case.execute(commands.Create(Snippet("n2", "new", entities=("e1",))))
    made = list(backups.glob("*.casefile"))
    assert len(made) == 1
    check = sqlite3.connect(made[0])
    assert check.execute("PRAGMA user_version").fetchone()[0] == version
    assert check.execute("SELECT name FROM entities").fetchall() == [("Liao Chunsheng",)]
    check.close()


def test_failing_migration_leaves_the_old_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A migration that fails part-way leaves the file at its old schema with its data."""
    path = tmp_path / "old.casefile"
    _old_case(path, 1)

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("disk full")

    steps = list(schema.MIGRATIONS)
    steps[1] = schema.Migration("0002_search", broken)
    monkeypatch.setattr(schema, "MIGRATIONS", tuple(steps))
    with pytest.raises(Exception, match="could not be upgraded"):
        open_case(path, backup_dir=tmp_path / "b")
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in names
    conn.close()


def test_new_cases_have_the_latest_schema(new_case) -> None:  # type: ignore[no-untyped-def]
    """A new case is created at the latest schema with casefile's application id."""
    assert new_case.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert new_case.conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    new_case.execute(commands.Create(Entity("e", "X")))
