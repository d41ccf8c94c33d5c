"""File → Export ▸ case package: the command line's package, a check first, clear failures;
and the File menu's Import ▸ / Export ▸ submenus keep every action and shortcut reachable."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from gui_helpers import activate, close, make_window, settle
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu

from casefile.app import EXTENSIONS
from casefile.gui.window.package_export import export_package_file, suggested_path
from casefile.storage.package import write_package


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> Any:
    import importlib

    window = make_window(qtbot, tmp_path)
    for name in EXTENSIONS:
        importlib.import_module(name).install(window)
    assert window.open_sample()
    window.errors = []
    window.show_error = window.errors.append
    yield window
    close(window)


def test_export_writes_the_same_package_as_the_command_line(window: Any, tmp_path: Path) -> None:
    """The package written from the window is byte for byte the one `casefile export` writes,
    and it reads back with every record."""
    out = tmp_path / "out" / "Sample.json"
    out.parent.mkdir()
    assert export_package_file(window, out)
    assert window.errors == []
    by_cli = tmp_path / "cli.json"
    with window.case.lock:
        write_package(window.case, by_cli)  # what `casefile export` calls
    assert out.read_bytes() == by_cli.read_bytes()
    package = json.loads(out.read_text(encoding="utf-8"))
    assert len(package["snippets"]) == window.case.count("snippet") > 0
    assert "Sample.json" in window.statusBar().currentMessage()


def test_export_over_the_case_itself_is_refused_in_plain_words(window: Any) -> None:
    """Choosing the open case file as the package's name says why not and changes nothing."""
    path = Path(window.case.path)
    before = path.read_bytes()
    assert not export_package_file(window, path)
    assert len(window.errors) == 1 and window.errors[0].startswith("The package was not written")
    assert "Traceback" not in window.errors[0]
    assert path.read_bytes() == before


def test_export_into_a_missing_folder_says_so(window: Any, tmp_path: Path) -> None:
    """A folder that is not there gives a message naming the problem, and no file."""
    out = tmp_path / "gone" / "case.json"
    assert not export_package_file(window, out)
    assert "No such file or directory" in window.errors[0]
    assert not out.exists()


def test_a_case_failing_its_check_is_exported_only_when_the_user_agrees(
    window: Any, tmp_path: Path
) -> None:
    """A damaged case: the problems are shown first; Cancel writes nothing, agreeing writes."""
    with window.case.lock:
        window.case.conn.execute("UPDATE snippets SET date = '2025-13-45'")
    asked: list[list[str]] = []
    out = tmp_path / "damaged.json"
    assert not export_package_file(window, out, lambda _w, p: asked.append(p) or False)
    assert not out.exists() and "The date date" in asked[0][0]
    assert export_package_file(window, out, lambda _w, _p: True)
    assert out.exists()


def test_suggested_name_comes_from_the_case(window: Any) -> None:
    """The save dialog starts at the case's name next to the case file."""
    path = suggested_path(window.case)
    assert path.parent == Path(window.case.path).parent and path.suffix == ".json"
    assert "/" not in path.stem


def _entries(menu: QMenu) -> list[Any]:
    return [a for a in menu.actions() if not a.isSeparator()]


def _all_actions(menu: QMenu) -> list[Any]:
    found = []
    for action in _entries(menu):
        found.append(action)
        if action.menu() is not None:
            found += _all_actions(action.menu())
    return found


def test_file_menu_groups_imports_and_exports(window: Any) -> None:
    """File shows Import ▸ and Export ▸ holding every import and export; the rest stays."""
    file = window.menus["file"]
    tops = [a.text() for a in _entries(file)]
    assert "I&mport" in tops and "E&xport" in tops and len(tops) <= 16
    exports = [a.text() for a in _entries(window.menus["export"])]
    imports = [a.text() for a in _entries(window.menus["import"])]
    assert "Export &brief…" in exports and "Export case &package (JSON)…" in exports
    assert "Export tables as E&xcel…" in exports and len(exports) == 7
    assert imports == ["&Import FollowTheMoney…", "Import case &package…"]
    for text in ("&New case…", "&Add files…", "Restore from &backup…", "&Close case", "&Quit"):
        assert text in tops
    shortcuts = {a.text(): a.shortcut().toString() for a in _all_actions(file)}
    assert shortcuts["Export &brief…"] == "Ctrl+Shift+B"
    assert shortcuts["&Add files…"] == "Ctrl+Shift+O"
    letters = [t[t.index("&") + 1].lower() for t in tops if "&" in t]
    assert len(letters) == len(set(letters)), tops  # each entry its own Alt letter


def test_an_export_shortcut_still_works_from_the_submenu(qtbot: Any, window: Any) -> None:
    """Ctrl+Shift+B reaches Export ▸ Export brief… without opening the menu."""
    from PySide6.QtTest import QTest

    activate(qtbot, window)
    QTest.keySequence(window, QKeySequence("Ctrl+Shift+B"))
    settle()
    dialog = getattr(window, "brief_dialog", None)
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
    settle()
