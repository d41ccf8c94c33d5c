"""Claim positions on the link chart: stored, migrated from schema 3, in the package only when set."""

from __future__ import annotations

import json
from pathlib import Path

from test_migrations import _old_case
from test_package import full_package

from casefile.core.commands import Create, Edit
from casefile.core.model import Claim
from casefile.core.serial import to_json
from casefile.storage import create_case, open_case, schema
from casefile.storage.engine import sqlite3
from casefile.storage.package import import_package, parse_package, write_package


def test_a_claim_position_is_saved_undone_and_kept_after_reopening(tmp_path: Path) -> None:
    """Moving a claim is one command; undo forgets the place; the place survives reopening."""
    path = tmp_path / "c.casefile"
    with create_case(path, "Claims") as case:
        case.execute(Create(Claim("c1", "It happened")))
        change = case.execute(Edit("claim", "c1", {"position": (10.5, -4.0)}))
        assert case.get("claim", "c1").position == (10.5, -4.0)
        case.revert(change)
        assert case.get("claim", "c1").position is None
        case.replay(change)
    with open_case(path) as case:
        assert case.get("claim", "c1").position == (10.5, -4.0)
        case.execute(Edit("claim", "c1", {"position": None}))
        assert case.conn.execute("SELECT count(*) FROM claim_positions").fetchone()[0] == 0


def test_a_schema_3_file_gains_claim_positions(tmp_path: Path) -> None:
    """A file written before claim positions existed opens, migrates and can store one."""
    path = tmp_path / "old.casefile"
    _old_case(path, 3)
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO claims (id, statement, status) VALUES ('c1', 'Old claim', 'unverified')"
    )
    conn.commit()
    conn.close()
    with open_case(path, backup_dir=tmp_path / "backups") as case:
        assert case.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert case.get("claim", "c1").position is None
        case.execute(Edit("claim", "c1", {"position": (1.0, 2.0)}))
    with open_case(path) as case:
        assert case.get("claim", "c1").position == (1.0, 2.0)


def test_packages_without_claim_positions_round_trip_unchanged(tmp_path: Path) -> None:
    """An older package (no claim positions) exports byte for byte as it did; history too."""
    package = full_package()
    with create_case(tmp_path / "a.casefile", "a") as case:
        import_package(case, parse_package(json.dumps(package).encode()))
        write_package(case, tmp_path / "a.json")
    claim = json.loads((tmp_path / "a.json").read_bytes())["claims"][0]
    assert "position" not in claim
    assert "position" not in (to_json(Claim("c", "s")) or "")


def test_a_claim_position_travels_in_the_package(tmp_path: Path) -> None:
    """A placed claim exports its position as [x, y]; importing it elsewhere keeps it."""
    package = full_package()
    package["claims"][0]["position"] = [5.5, 6.0]
    with create_case(tmp_path / "a.casefile", "a") as case:
        import_package(case, parse_package(json.dumps(package).encode()))
        assert case.get("claim", "c1").position == (5.5, 6.0)
        write_package(case, tmp_path / "a.json")
    first = (tmp_path / "a.json").read_bytes()
    assert json.loads(first)["claims"][0]["position"] == [5.5, 6.0]
    with create_case(tmp_path / "b.casefile", "b") as case:
        import_package(case, parse_package(first))
        write_package(case, tmp_path / "b.json")
    assert (tmp_path / "b.json").read_bytes() == first
