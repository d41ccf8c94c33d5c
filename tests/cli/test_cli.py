"""The command line, run as a user would: through a subprocess, with exit codes and messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.storage.test_package import full_package


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m casefile`` with arguments."""
    return subprocess.run(
        [sys.executable, "-m", "casefile", *args], capture_output=True, text=True, cwd=cwd
    )


def test_version_and_help() -> None:
    """``--version`` prints the version; ``--help`` lists the subcommands."""
    out = run("--version")
    assert out.returncode == 0 and out.stdout.startswith("casefile ")
    out = run("--help")
    assert out.returncode == 0
    for name in ("new", "import", "export", "search", "check", "demo"):
        assert name in out.stdout
    assert run("search", "--help").returncode == 0


def test_new_search_export_import_round_trip(tmp_path: Path) -> None:
    """new, import, search, export and check work together on real files."""
    case = tmp_path / "c.casefile"
    out = run(
        "new", str(case), "--title", "Harbour", "--reference", "HL-1", "--marking", "TLP:AMBER"
    )
    assert out.returncode == 0, out.stderr
    package = tmp_path / "p.json"
    package.write_text(json.dumps(full_package(), ensure_ascii=False), encoding="utf-8")
    out = run("import", str(case), str(package))
    assert out.returncode == 0, out.stderr
    assert "2 snippets" in out.stdout
    out = run("search", str(case), "稀土", "--json")
    hits = json.loads(out.stdout)
    assert {h["id"] for h in hits} == {"n1", "s1", "n2", "e1", "c1"}
    out = run("search", str(case), "稀土")
    assert "[稀土]" in out.stdout
    assert run("check", str(case)).returncode == 0
    assert run("export", str(case), "--json", str(tmp_path / "out.json")).returncode == 0
    assert json.loads((tmp_path / "out.json").read_text())["snippets"][0]["id"] == "n1"


def test_import_creates_a_missing_case(tmp_path: Path) -> None:
    """Importing into a path that does not exist creates the case from the package."""
    package = tmp_path / "p.json"
    package.write_text(json.dumps(full_package()), encoding="utf-8")
    case = tmp_path / "new.casefile"
    assert run("import", str(case), str(package)).returncode == 0
    assert run("export", str(case), "--json", str(tmp_path / "o.json")).returncode == 0
    exported = json.loads((tmp_path / "o.json").read_text())
    assert exported["case"]["reference"] == "HL-1"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("export", "missing.casefile", "--json", "o.json"), "no such file"),
        (("search", "notacase.casefile", "x"), "not a casefile case"),
        (("import", "c.casefile", "bad.json"), "not valid JSON"),
        (("new", "notacase.casefile", "--title", "T"), "already exists"),
    ],
)
def test_user_errors_print_one_line_and_exit_1(
    tmp_path: Path, args: tuple[str, ...], words: str
) -> None:
    """A user error gives exit 1 and one line ``casefile: error: …``, never a traceback."""
    (tmp_path / "notacase.casefile").write_text("hello")
    (tmp_path / "bad.json").write_text("{oops")
    out = run(*args, cwd=tmp_path)
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("casefile: error: ")
    assert words in lines[0]
    assert "Traceback" not in out.stderr
    if args[0] == "import":
        assert not (tmp_path / "c.casefile").exists()


def test_usage_errors_exit_2() -> None:
    """Missing or unknown arguments are usage errors with exit status 2."""
    assert run("new").returncode == 2
    assert run("search", "x.casefile").returncode == 2


def test_demo_writes_the_sample_case(tmp_path: Path) -> None:
    """``casefile demo`` writes the sample: 8+ entities, 3+ sources, 20 snippets, 6 claims."""
    case = tmp_path / "demo.casefile"
    assert run("demo", str(case)).returncode == 0
    assert run("export", str(case), "--json", str(tmp_path / "d.json")).returncode == 0
    data = json.loads((tmp_path / "d.json").read_text())
    assert len(data["entities"]) >= 8 and len(data["snippets"]) >= 20
    assert len({s["kind"] for s in data["sources"]}) >= 3
    assert {c["status"] for c in data["claims"]} == {
        "unverified",
        "supported",
        "disputed",
        "refuted",
    }
    stances = {link["stance"] for c in data["claims"] for link in c["evidence"]}
    assert stances == {"supports", "refutes", "context"}
    aliases = [a for e in data["entities"] for a in e["aliases"]]
    assert any("\u4e00" <= ch <= "\u9fff" for a in aliases for ch in a)
    assert any(r["start"] and len(r["start"]) < 10 for r in data["relationships"])
    assert run("check", str(case)).returncode == 0


def test_an_unexpected_failure_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    """Even a bug inside a command reaches the user as one line, never a traceback."""
    code = (
        "import sys\nfrom casefile import cli\nfrom casefile.cli import case_cmds\n"
        "def broken(args):\n    raise KeyError('boom')\n"
        "case_cmds.cmd_demo = broken\n"
        "sys.exit(cli.main(['demo', sys.argv[1]]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "d.casefile")], capture_output=True, text=True
    )
    assert out.returncode == 1
    assert out.stderr.startswith("casefile: error: an unexpected problem")
    assert "Traceback" not in out.stderr
