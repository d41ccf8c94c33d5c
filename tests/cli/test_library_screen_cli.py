"""``casefile library`` and ``casefile screen`` as a user runs them in a terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from casefile.core.commands import PutRecords
from casefile.core.model import Entity
from casefile.storage import create_case


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "casefile", *args], capture_output=True, text=True, env=os.environ
    )


def make(path: Path, title: str, *entities: Entity) -> None:
    with create_case(path, title) as case:
        case.execute(PutRecords("Fill", list(entities)))


def test_library_add_search_where_and_unreadable(tmp_path: Path) -> None:
    """add indexes a folder, search and where find the shared person, the damaged case is named."""
    make(tmp_path / "a.casefile", "Alpha", Entity("p1", "Li Wei", "person", ("李伟",)))
    make(tmp_path / "b.casefile", "Beta", Entity("q7", "李伟", "person"))
    (tmp_path / "c.casefile").write_text("not a case")
    out = run("library", "add", str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert "2 cases indexed" in out.stdout and "unreadable: " in out.stdout
    assert "c.casefile" in out.stdout
    out = run("library", "where", str(tmp_path / "a.casefile"), "p1", "--json")
    result = json.loads(out.stdout)
    assert [(h["case_title"], h["entity"]) for h in result["hits"]] == [("Beta", "q7")]
    assert [Path(u["case"]).name for u in result["unreadable"]] == ["c.casefile"]
    out = run("library", "search", "Wei Li")
    assert "Alpha  Li Wei [p1]" in out.stdout and "Beta  李伟 [q7]" in out.stdout
    assert "not searched, unreadable: " in out.stdout


def test_screen_prints_candidates_and_changes_nothing(tmp_path: Path) -> None:
    """screen lists the match with its score and fields; the case file is not touched."""
    case = tmp_path / "s.casefile"
    make(case, "S", Entity("v", "Viktor Petrov", "person", notes="Birth date: 1961-02-03"))
    listing = tmp_path / "list.ftm.json"
    listing.write_text(
        json.dumps({"id": "NK-1", "schema": "Person",
                    "properties": {"name": ["PETROV, Viktor"], "birthDate": ["1961-02-03"]}})
        + "\n",
        encoding="utf-8",
    )  # fmt: skip
    before = case.read_bytes()
    out = run("screen", str(case), str(listing))
    assert out.returncode == 0, out.stderr
    assert "100.0  Viktor Petrov [v]  ~  PETROV, Viktor [NK-1, Person]" in out.stdout
    assert "birth date 1961-02-03" in out.stdout
    assert case.read_bytes() == before
    out = run("screen", str(case), str(listing), "--threshold", "101")
    assert out.returncode == 1 and "0 to 100" in out.stderr
