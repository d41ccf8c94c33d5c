"""Nothing a case or package holds can act on the terminal through the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from casefile.core.commands import Create
from casefile.core.model import Entity
from casefile.storage import create_case

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "Acme \x1b]0;owned\x07\x1b[2J\x1b[31mLtd\r\u202eevil\x9b6n\x7f"
CONTROLS = set(map(chr, [*range(0, 9), *range(11, 32), *range(0x7F, 0xA0)])) | {"\u202e"}


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "casefile", *args], capture_output=True, text=True, env=env, cwd=cwd
    )


def inert(text: str) -> None:
    assert not CONTROLS & set(text), repr(text)


def test_search_results_show_escapes_instead_of_sending_them(tmp_path: Path) -> None:
    """A name full of terminal escapes prints as visible text; --json stays the same data."""
    case = tmp_path / "c.casefile"
    with create_case(case, "Case \x1b[5mblink") as made:
        made.execute(Create(Entity("e1", HOSTILE, notes="acme notes")))
    plain = cli("search", str(case), "acme")
    assert plain.returncode == 0, plain.stderr
    inert(plain.stdout)
    assert "\\u001b[2J" in plain.stdout and "\\u202e" in plain.stdout
    found = cli("search", str(case), "acme", "--json")
    inert(found.stdout)
    assert json.loads(found.stdout)[0]["title"] == HOSTILE


def test_file_names_and_messages_are_inert(tmp_path: Path) -> None:
    """A file name with escapes, echoed by add and in an error, never reaches the terminal raw."""
    case = tmp_path / "c.casefile"
    assert cli("new", str(case), "--title", "T\x1b[31m").returncode == 0
    name = tmp_path / "report\x1b[31m\r.txt"
    name.write_text("The harbour deal.", encoding="utf-8")
    added = cli("add", str(case), str(name))
    assert added.returncode == 0, added.stderr
    inert(added.stdout + added.stderr)
    missing = cli("export", str(tmp_path / "gone\x1b[2J.casefile"), "--json", "x.json")
    assert missing.returncode == 1
    inert(missing.stderr)
    assert "gone\\u001b[2J" in missing.stderr
