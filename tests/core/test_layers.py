"""The layer rules of docs/architecture.md hold: no Qt below gui, import-linter contracts pass."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_non_gui_layers_load_no_qt() -> None:
    """Importing core, storage, capture, brief and the CLI never loads PySide6."""
    code = (
        "import sys, importlib, pkgutil, casefile\n"
        "for pkg in ('core','storage','capture','brief','interchange','cli'):\n"
        "    mod = importlib.import_module('casefile.' + pkg)\n"
        "    for info in pkgutil.walk_packages(mod.__path__, mod.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == ""


def test_version_answers_without_heavy_imports() -> None:
    """``casefile --version`` prints the version and imports neither Qt, reportlab nor SQLite."""
    code = (
        "import sys\n"
        "from casefile.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6','reportlab','sqlite_utils','sqlite3')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.startswith("casefile ")
    assert out.stdout.strip().endswith("[]")


def test_import_contracts_hold() -> None:
    """import-linter's contracts (layers, Qt only in gui, sqlite-utils only in storage) pass."""
    linter = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(linter)], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr


def test_readme_map_names_every_gui_room() -> None:
    """The README's architecture map lists exactly the rooms (sub-packages) of casefile/gui."""
    import re

    rooms = {p.parent.name for p in (ROOT / "casefile" / "gui").glob("*/__init__.py")}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Architecture", 1)[1].split("```")[1]
    mapped = set(re.findall(r"^ {4}(\w+)/ ", block, re.M))
    assert mapped == rooms


def test_no_import_cycle_is_declared_away() -> None:
    """The no-cycles contract holds without exceptions: no cycle is ignored, every one is fixed."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    acyclic = [c for c in contracts if c["type"] == "acyclic_siblings"]
    assert acyclic, "the no-cycles contract is missing"
    assert all(not c.get("ignore_imports") for c in acyclic), acyclic


MODULE_LINES = 400


def test_no_module_is_over_400_lines() -> None:
    """No module of the product grows past 400 lines (split it by what it does instead)."""
    long = {
        str(path.relative_to(ROOT)): lines
        for path in (ROOT / "casefile").rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_LINES
    }
    assert not long, f"modules over {MODULE_LINES} lines: {long}"
