"""Every control a screen reader reaches has a name: the main window, its pages, editors and
the main dialogs are walked widget by widget."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from a11y_helpers import clashing_mnemonics, unnamed
from gui_helpers import close, make_window, settle
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog

from casefile import app
from casefile.capture.archive_pages import ArchivedPage, PageListing
from casefile.core.model import Source


def _unnamed_on_every_page(window: Any) -> list[str]:
    """Visit each part of the case, with a record selected in each register, and collect the
    controls shown there without a name, and Alt keys claimed twice there (or by the menus)."""
    missing: list[str] = []
    navigator = window.workspace.navigator
    for row in range(navigator.count()):
        navigator.setCurrentRow(row)
        settle()
        view = window.current_register()
        if view is not None and view.model.rowCount():
            view.select(view.model.id_at(0))
            settle()
        missing += [m for m in unnamed(window) if m not in missing]
        page = window.workspace.pages.currentWidget()
        menus = tuple(action.text() for action in window.menuBar().actions())
        missing += [f"{clash} ({navigator.currentItem().text()})"
                    for clash in clashing_mnemonics(page, menus)]  # fmt: skip
    return missing


def test_main_window_pages_and_editors_name_every_control(qtbot, tmp_path: Path) -> None:
    """The start page, every page of an open case and every record editor name their controls,
    and no Alt key of a page is claimed twice (nor also by the menu bar)."""
    window = make_window(qtbot, tmp_path)
    app._install_extensions(window)
    assert not (gaps := unnamed(window)), "\n".join(gaps)
    assert window.open_sample()
    assert not (gaps := _unnamed_on_every_page(window)), "\n".join(gaps)
    close(window)


def _dialogs(window: Any, tmp_path: Path) -> list[QDialog]:
    from casefile.gui.analysis.duplicates import DuplicatesDialog
    from casefile.gui.brief.dialog import BriefDialog
    from casefile.gui.capture.dialogs import SourcePicker
    from casefile.gui.capture.occurrence import OccurrencePicker
    from casefile.gui.capture.page_picker import PagePicker
    from casefile.gui.common.dialogs import PickerDialog
    from casefile.gui.interchange.import_dialog import ImportPreview
    from casefile.gui.interchange.library_dialog import LibraryDialog
    from casefile.gui.records.claim_editor import LinkOptions
    from casefile.gui.records.relationship_dialog import RelationshipDialog
    from casefile.gui.window.crypt import PassphraseDialog

    session = window.session
    settings = QSettings(str(tmp_path / "dialogs.ini"), QSettings.Format.IniFormat)
    snippets = [("n1", "a quote"), ("n2", "another quote")]
    source = Source("s-x", "Article", "web", text="the ship sailed; the ship came back")
    page = ArchivedPage(0, "https://example.org/", "Example", "2024-01-01T00:00:00Z", 1200)
    return [
        BriefDialog(window.case, settings, window),
        RelationshipDialog(
            window, "e1", "Anja", [("e2", "Dovecote")], None, lambda _t: snippets, {}
        ),
        PickerDialog(window, "Link evidence", lambda _t: snippets, LinkOptions()),
        PassphraseDialog(window, "Passphrase", "Type it.", ["&Passphrase", "&Again"]),
        SourcePicker(window, [("s1", "Article")], "the ship"),
        OccurrencePicker(window, source, "the ship", (0, 16)),
        PagePicker(window, PageListing("/x.warc", "x.warc", "0" * 64, (page,))),
        DuplicatesDialog(session, window.navigate_to, window),
        ImportPreview("3 people", window),
        LibraryDialog(window),
    ]


def test_main_dialogs_name_every_control(qtbot, tmp_path: Path) -> None:
    """Brief, relationship, pickers, passphrase, capture questions, duplicates and library
    name every control, and no two of a dialog's controls claim the same Alt key."""
    window = make_window(qtbot, tmp_path)
    app._install_extensions(window)
    assert window.open_sample()
    missing = []
    for dialog in _dialogs(window, tmp_path):
        dialog.show()
        settle()
        missing += unnamed(dialog)
        missing += clashing_mnemonics(dialog)
        dialog.reject()
        dialog.deleteLater()
    settle()
    assert missing == [], "\n".join(missing)
    close(window)
