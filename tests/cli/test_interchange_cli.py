"""``casefile export``/``import`` with FtM, CSV, XLSX, GEXF and GraphML, as a user runs them."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import openpyxl


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "casefile", *args], capture_output=True, text=True)


def sample(tmp_path: Path) -> Path:
    case = tmp_path / "s.casefile"
    assert run("demo", str(case)).returncode == 0
    return case


def test_every_export_at_once(tmp_path: Path) -> None:
    """One export command writes FtM, CSV (with BOM), XLSX, GEXF and GraphML that open."""
    case = sample(tmp_path)
    out = run(
        "export", str(case), "--ftm", str(tmp_path / "c.ftm.json"), "--csv", str(tmp_path / "t"),
        "--bom", "--xlsx", str(tmp_path / "c.xlsx"), "--gexf", str(tmp_path / "c.gexf"),
        "--graphml", str(tmp_path / "c.graphml"),
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    lines = (tmp_path / "c.ftm.json").read_text(encoding="utf-8").splitlines()
    assert {json.loads(line)["schema"] for line in lines} >= {"Person", "Note", "Directorship"}
    with (tmp_path / "t" / "entities.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 9
    assert openpyxl.load_workbook(tmp_path / "c.xlsx").sheetnames[0] == "people and organisations"
    assert nx.read_gexf(tmp_path / "c.gexf").number_of_nodes() == 9
    assert nx.read_graphml(tmp_path / "c.graphml").number_of_nodes() == 9
    assert not list(tmp_path.glob("*.part"))


def test_export_needs_an_output_and_never_overwrites_the_case(tmp_path: Path) -> None:
    """No output is a usage error in words; the case itself as output is refused unchanged."""
    case = sample(tmp_path)
    before = case.read_bytes()
    out = run("export", str(case))
    assert out.returncode == 1 and "say what to write" in out.stderr
    out = run("export", str(case), "--xlsx", str(case))
    assert out.returncode == 1 and "is the case file itself" in out.stderr
    assert case.read_bytes() == before


def test_ftm_import_dry_run_then_import(tmp_path: Path) -> None:
    """--dry-run previews counts and changes nothing; the import then adds the entities."""
    case = sample(tmp_path)
    ftm = tmp_path / "c.ftm.json"
    assert run("export", str(case), "--ftm", str(ftm)).returncode == 0
    target = tmp_path / "other.casefile"
    assert run("new", str(target), "--title", "Other").returncode == 0
    before = target.read_bytes()
    out = run("import", str(target), "--ftm", str(ftm), "--dry-run")
    assert out.returncode == 0, out.stderr
    assert "4 people, 5 organisations, 7 relationships" in out.stdout
    assert "new: 9, already in the case: 0" in out.stdout and "nothing was changed" in out.stdout
    assert target.read_bytes() == before
    out = run("import", str(target), "--ftm", str(ftm))
    assert out.returncode == 0, out.stderr
    assert "17 new" in out.stdout
    assert run("check", str(target)).returncode == 0


def test_damaged_ftm_file_changes_nothing(tmp_path: Path) -> None:
    """A broken line is named in one error line; the case is untouched and no case is created."""
    bad = tmp_path / "bad.ftm.json"
    bad.write_text('{"id": "a", "schema": "Person", "properties": {"name": ["A"]}}\n{oops\n')
    out = run("import", str(tmp_path / "new.casefile"), "--ftm", str(bad))
    assert out.returncode == 1
    assert out.stderr.startswith("casefile: error: bad.ftm.json, line 2")
    assert "Traceback" not in out.stderr and not (tmp_path / "new.casefile").exists()
    out = run("import", str(tmp_path / "new.casefile"))
    assert out.returncode == 1 and "either a JSON case package or --ftm" in out.stderr
