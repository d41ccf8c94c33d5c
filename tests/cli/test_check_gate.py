"""One set of rules: check finds what import refuses; export, brief and add stop on it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from casefile.storage import open_case

PACKAGE = {
    "format": "casefile-package",
    "version": 1,
    "case": {"title": "Harbour"},
    "entities": [{"id": "e1", "name": "Anja", "position": [1.0, 2.0]}, {"id": "e2", "name": "B"}],
    "relationships": [{"id": "r1", "source": "e1", "target": "e2", "type": "knows"}],
    "sources": [{"id": "s1", "title": "Log", "text": "Page one. Page two.", "pages": [0, 10]}],
    "snippets": [{"id": "n1", "source": "s1", "text": "Page two", "offset": [10, 18]}],
    "claims": [{"id": "c1", "statement": "Two pages."}],
}

DAMAGE = {
    "date": ("UPDATE snippets SET date = '2025-13-45'", "snippet n1: The date date"),
    "yesterday": ("UPDATE relationships SET start = 'yesterday'", "relationship r1:"),
    "pages": ("UPDATE sources SET pages = '{\"a\":1}'", "source s1: The page starts"),
    "position": ("UPDATE entity_positions SET x = 9e999", "entity e1: The position"),
    "time": ("UPDATE sources SET retrieved = 'soon'", "source s1: The retrieved time"),
}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "casefile", *args], capture_output=True, text=True)


def _damaged(tmp_path: Path, sql: str) -> Path:
    case = tmp_path / "c.casefile"
    package = tmp_path / "p.json"
    package.write_text(json.dumps(PACKAGE), encoding="utf-8")
    assert run("import", str(case), str(package)).returncode == 0
    with open_case(case) as opened:
        opened.conn.execute(sql)
    return case


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_check_names_what_import_would_refuse(tmp_path: Path, damage: str) -> None:
    """A bad date, page list, chart place or grade in a case file is found by check, by record."""
    sql, words = DAMAGE[damage]
    case = _damaged(tmp_path, sql)
    out = run("check", str(case))
    assert out.returncode == 1 and words in out.stdout, out.stdout + out.stderr


def test_export_brief_and_add_stop_on_a_case_that_fails_check(tmp_path: Path) -> None:
    """Each stops naming the problem; --force goes on and says so; nothing written without it."""
    case = _damaged(tmp_path, DAMAGE["date"][0])
    out_json, out_pdf = tmp_path / "out.json", tmp_path / "out.pdf"
    note = tmp_path / "note.txt"
    note.write_text("A new note.", encoding="utf-8")
    for args in (
        ("export", str(case), "--json", str(out_json)),
        ("brief", str(case), "-o", str(out_pdf)),
        ("add", str(case), str(note)),
    ):
        out = run(*args)
        assert out.returncode == 1, out.stderr
        assert "fails its check" in out.stderr and "snippet n1: The date date" in out.stderr
        assert "--force" in out.stderr
    assert not out_json.exists() and not out_pdf.exists()
    out = run("export", str(case), "--json", str(out_json), "--force")
    assert out.returncode == 0 and "going on with --force despite 1 problem" in out.stderr
    assert out_json.exists()
    out = run("add", str(case), str(note), "--force")
    assert out.returncode == 0 and "going on with --force" in out.stderr


def test_a_forced_export_never_writes_json_that_is_not_json(tmp_path: Path) -> None:
    """An infinite chart place is refused by name even with --force (no 'Infinity' in a file)."""
    case = _damaged(tmp_path, DAMAGE["position"][0])
    out = run("export", str(case), "--json", str(tmp_path / "o.json"), "--force")
    assert out.returncode == 1 and "entity e1 cannot be written as JSON" in out.stderr
    assert not (tmp_path / "o.json").exists()
