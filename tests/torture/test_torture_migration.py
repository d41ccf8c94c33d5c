"""Migrations killed at each step leave the old or the new schema, never a mix, and restore."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from casefile.storage import backups, connection, migrating, open_case, schema
from casefile.storage.check import check_case
from casefile.storage.engine import sqlite3

ROOT = Path(__file__).resolve().parents[2]

# The child opens the case with one migration step replaced by "run it, then die" (after its
# statements, before its COMMIT) or "die as it starts" (after the previous step committed).
CHILD = """
import os, signal, sys
from pathlib import Path
from casefile.storage import open_case, schema
step, when = int(sys.argv[2]), sys.argv[3]
steps = list(schema.MIGRATIONS)
real = steps[step - 1]
def killer(conn):
    if when == "after":
        real.run(conn)
    os.kill(os.getpid(), signal.SIGKILL)
steps[step - 1] = schema.Migration(real.name, killer)
schema.MIGRATIONS = tuple(steps)
open_case(Path(sys.argv[1]), backup_dir=Path(sys.argv[4]))
"""


def old_case(path: Path, version: int) -> dict[str, list[tuple[object, ...]]]:
    """A case file as casefile wrote it at ``version``, with records; returns its rows."""
    conn = sqlite3.connect(path, isolation_level=None)
    connection.harden(conn)
    migrating.initialise(conn)
    for number, migration in enumerate(schema.MIGRATIONS[:version], start=1):
        if number == 2:
            _rows_of_schema_1(conn)
        migration.run(conn)
        conn.execute(f"PRAGMA user_version = {number}")
    if version < 2:
        _rows_of_schema_1(conn)
    data = _data(conn)
    conn.close()
    return data


def _rows_of_schema_1(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT INTO case_info (id, title) VALUES ('case', 'Old case')")
    conn.execute(
        "INSERT INTO sources (id, kind, title, text) VALUES ('s1', 'web', 'Report', 'A B')"
    )
    conn.execute(
        "INSERT INTO snippets (id, source_id, text, start, end) VALUES ('n1','s1','B',2,3)"
    )
    conn.execute(
        "INSERT INTO claims (id, statement, status) VALUES ('c1', '稀土 <b>', 'supported')"
    )
    conn.execute("INSERT INTO evidence VALUES ('c1', 0, 'n1', 'supports', 'AT&T')")


def _data(conn: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    tables = ("case_info", "sources", "snippets", "claims", "evidence")
    return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall()) for t in tables}


def _state_after_kill(path: Path) -> tuple[int, dict[str, list[tuple[object, ...]]]]:
    """The schema version and data the killed file holds, read from a recovered copy."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = connection.recovered_copy(path, Path(scratch))
        version = connection.verify(copy)  # exactly casefile's objects for that version
        conn = sqlite3.connect(copy)
        try:
            return version, _data(conn)
        finally:
            conn.close()


CASES = [
    (start, step, when)
    for start in range(1, schema.SCHEMA_VERSION)
    for step in range(start + 1, schema.SCHEMA_VERSION + 1)
    for when in ("before", "after")
]


@pytest.mark.parametrize(("start", "step", "when"), CASES)
def test_killed_migration_leaves_old_or_new_schema(
    tmp_path: Path, start: int, step: int, when: str
) -> None:
    """A crash during an upgrade leaves a whole schema; the backup restores; reopening finishes."""
    path = tmp_path / "old.casefile"
    rows = old_case(path, start)
    folder = tmp_path / "backups"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-c", CHILD, str(path), str(step), when, str(folder)]
    child = subprocess.run(args, env=env, capture_output=True, text=True, timeout=60)
    assert child.returncode == -9, child.stderr
    version, data = _state_after_kill(path)
    assert version == step - 1, "the killed step was rolled back; earlier steps stayed"
    assert data == rows
    made = sorted(folder.glob("*.casefile"))
    assert len(made) == 1, "a verified backup was written before migrating"
    backup_version, backup_data = _state_after_kill(made[0])
    assert (backup_version, backup_data) == (start, rows)
    with open_case(path, backup_dir=folder) as case:  # reopening finishes the upgrade
        assert case.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert check_case(case) == []
        assert [h.id for h in case.search("稀土")] == ["c1"]
    restored = tmp_path / "restored.casefile"
    backups.restore_backup(made[0], restored)
    with open_case(restored, read_only=True) as case:
        assert case.get("claim", "c1").statement == "稀土 <b>"  # type: ignore[union-attr]


def test_pre_migration_backup_goes_to_the_backups_folder(tmp_path: Path) -> None:
    """Upgrading an old case keeps its backup with the other backups, not beside the case."""
    path = tmp_path / "old.casefile"
    old_case(path, 1)
    with open_case(path):
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.casefile"]
    listed = backups.list_backups(path)
    assert len(listed) == 1 and ".schema1." in listed[0].path.name


def test_old_case_opens_read_only_without_being_upgraded(tmp_path: Path) -> None:
    """Reading an old case (search, check) works and leaves the file exactly as it was."""
    path = tmp_path / "old.casefile"
    old_case(path, 1)
    before = path.read_bytes()
    with open_case(path, read_only=True) as case:
        assert case.get("claim", "c1") is not None
        assert check_case(case) == []
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.casefile"]
