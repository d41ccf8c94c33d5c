"""Case files made by each released schema version (tests/data/golden) open, migrate and read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from casefile.core.model import Claim, Entity, Snippet, Source
from casefile.storage import open_case, schema
from casefile.storage.check import check_case
from casefile.storage.engine import ENCRYPTION, sqlite3

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "golden"
PASSPHRASE = "golden passphrase"
FILES = {
    "schema3.casefile": 3,  # made with b5418ec~1 (the last commit at migration 0003)
    "schema4.casefile": 4,  # made with 44f6fdd~1 (the last commit at migration 0004)
    "schema5.casefile": 5,  # made with 8bbe324 (main before migration 0006)
    "schema5-encrypted.casefile": 5,  # the same, encrypted with PASSPHRASE
    "schema6.casefile": 6,  # made with 4545bfb (main with migration 0006_narrative)
    "schema7.casefile": 7,  # made with 125e1d7 (main with migration 0007_lean, today's)
}
PACKAGE = json.loads((GOLDEN / "golden_package.json").read_text("utf-8"))


def _copy(tmp_path: Path, name: str) -> Path:
    if "encrypted" in name and not ENCRYPTION:
        pytest.skip("SQLCipher is not installed")
    path = tmp_path / name
    shutil.copyfile(GOLDEN / name, path)
    return path


@pytest.mark.parametrize("name", sorted(FILES))
def test_golden_files_are_at_their_released_schema(name: str, tmp_path: Path) -> None:
    """Each golden file really is at the schema version it stands for (nothing rewrote it)."""
    path = _copy(tmp_path, name)
    conn = sqlite3.connect(path)
    if "encrypted" in name:
        conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == FILES[name]
    conn.close()


@pytest.mark.parametrize("name", sorted(FILES))
def test_golden_case_migrates_and_keeps_everything(name: str, tmp_path: Path) -> None:
    """A case from every released schema opens at today's schema with its records, history
    and search intact, and passes the full check."""
    path = _copy(tmp_path, name)
    key = PASSPHRASE if "encrypted" in name else None
    with open_case(path, backup_dir=tmp_path / "backups", passphrase=key) as case:
        version = case.conn.execute("PRAGMA user_version").fetchone()[0]
        assert version == schema.SCHEMA_VERSION
        info = case.info()
        assert (info.title, info.reference, info.marking) == ("Golden case", "GOLD-1", "TLP:AMBER")
        person = case.get("entity", "e1")
        assert isinstance(person, Entity)
        assert person.notes == "Met the buyer in Ganzhou." and person.aliases == ("廖春生",)
        ledger = case.get("source", "s1")
        assert isinstance(ledger, Source) and ledger.text == PACKAGE["sources"][0]["text"]
        quote = case.get("snippet", "n1")
        assert isinstance(quote, Snippet) and quote.text == "中国稀土集团"
        assert case.get("snippet", "n3") is None
        claim = case.get("claim", "c1")
        assert isinstance(claim, Claim) and [e.snippet for e in claim.evidence] == ["n1", "n2"]
        assert {h.id for h in case.search("稀土")} >= {"n1", "e3"}
        assert {h.id for h in case.search("neodymium")} >= {"s1", "c1"}
        assert [h.id for h in case.search("mislabelled")] == []
        assert "n2" in {h.id for h in case.search("appoint", prefix_last=True)}
        edit = next(e for e in case.history(object_id="e1") if e.action.startswith("Edit"))
        assert json.loads(edit.before or "{}").get("notes") is None
        assert json.loads(edit.after or "{}")["notes"] == "Met the buyer in Ganzhou."
        deleted = case.history(object_id="n3")[0]
        assert deleted.after is None and "mislabelled" in (deleted.before or "")
        assert check_case(case) == []
    backups = list((tmp_path / "backups").glob("*.casefile"))
    migrated = FILES[name] < schema.SCHEMA_VERSION  # today's schema has nothing to migrate
    assert len(backups) == int(migrated)  # the copy taken before migrating
