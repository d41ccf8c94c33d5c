"""File → Import case package: a preview first, conflicts refused or imported as new, one undo."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from gui_helpers import close, make_window

from casefile.core.commands import Create
from casefile.core.model import Source
from casefile.gui.window import package_import
from casefile.gui.window.package_import import AS_NEW, import_package_file

TEXT = "The harbour master signed the lease on 4 May."


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> Any:
    window = make_window(qtbot, tmp_path)
    package_import.install(window)
    assert window.open_sample()
    window.push(Create(Source("s-lease", "Lease", text=TEXT)))
    errors: list[str] = []
    window.show_error = errors.append
    window.errors = errors
    yield window
    close(window)


def _package(tmp_path: Path, **sections: Any) -> Path:
    path = tmp_path / "incoming.json"
    data = {"format": "casefile-package", "version": 1, "case": {"title": "Other"}, **sections}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_the_preview_comes_first_and_the_import_is_one_undo_step(
    window: Any, tmp_path: Path
) -> None:
    """The dialog lists what is added and updated; Import applies it; Undo takes it all back."""
    path = _package(
        tmp_path,
        entities=[{"id": "e-new", "name": "Harbour master"}],
        sources=[{"id": "s-lease", "title": "Lease of berth 4"}],
    )
    seen: list[str] = []

    def confirm(dialog: Any) -> Any:
        seen.append(dialog.details.toPlainText())
        assert dialog.import_button.isEnabled() and dialog.as_new_button is None
        return dialog.DialogCode.Accepted

    entities = window.case.count("entity")
    change = import_package_file(window, path, confirm)
    assert change is not None and window.errors == []
    assert "would add: 1 person or organisation" in seen[0]
    assert "source s-lease: title: 'Lease' -> 'Lease of berth 4'" in seen[0]
    assert window.case.count("entity") == entities + 1
    window.undo_action.trigger()
    assert window.case.count("entity") == entities
    assert window.case.get("source", "s-lease").title == "Lease"


def test_a_conflicting_package_can_only_be_imported_as_new(window: Any, tmp_path: Path) -> None:
    """Other text under s-lease: Import is off, Import as new keeps both sources."""
    path = _package(tmp_path, sources=[{"id": "s-lease", "title": "Other", "text": "Other."}])
    seen: list[Any] = []

    def confirm(dialog: Any) -> Any:
        seen.append(dialog)
        assert not dialog.import_button.isEnabled() and dialog.as_new_button is not None
        assert "source s-lease: text differ" in dialog.details.toPlainText()
        return AS_NEW

    sources = window.case.count("source")
    assert import_package_file(window, path, confirm) is not None
    assert window.case.count("source") == sources + 1
    assert window.case.get("source", "s-lease").text == TEXT
    window.undo_action.trigger()
    assert window.case.count("source") == sources


def test_cancel_changes_nothing(window: Any, tmp_path: Path) -> None:
    """Cancelling the preview leaves the case and the undo stack as they were."""
    path = _package(tmp_path, entities=[{"id": "e-new", "name": "Harbour master"}])
    depth = window.session.stack.count()
    assert import_package_file(window, path, lambda _d: 0) is None
    assert window.case.get("entity", "e-new") is None and window.session.stack.count() == depth


def test_a_malformed_package_is_refused_in_words(window: Any, tmp_path: Path) -> None:
    """A broken file never reaches the preview; the message names the problem."""
    path = tmp_path / "broken.json"
    path.write_text('{"format": "casefile-package", "version": 1, "entities": [], "entities": []}')
    assert import_package_file(window, path, lambda _d: AS_NEW) is None
    assert "gives the key 'entities' twice" in window.errors[0]
