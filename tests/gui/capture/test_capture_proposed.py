"""Dropped files propose their details; the user confirms, corrects or discards them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from capture_gui_helpers import capture_window_with_case, drop_on
from gui_helpers import close
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtWidgets import QApplication, QLabel

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "capture"))
from proposal_samples import ARTICLE_HTML, make_docx, make_pdf


def _drop_file(qtbot, window, controller, path: Path):  # type: ignore[no-untyped-def]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop_on(window.centralWidget(), mime)
    qtbot.waitUntil(lambda: controller.idle and controller.proposals is not None)
    dialog = controller.proposals
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.editors[0]["title"])
    return dialog


def _source(window):  # type: ignore[no-untyped-def]
    (source,) = window.case.store.all("source")
    return source


FILES = [
    ("exits.html", ARTICLE_HTML.encode(), "Executives leave China Harbour Group | Port Daily",
     "web", "Li Wei", "2025-04-17"),
    ("report.pdf", make_pdf("Annual report 2024", "Harbour Group Ltd", "D:20250302120000Z"),
     "Annual report 2024", "document", "Harbour Group Ltd", "2025-03-02"),
    ("minutes.docx", make_docx("Board minutes, March", "Company secretary"),
     "Board minutes, March", "document", "Company secretary", "2024-11-03"),
    ("article.txt", b"Executives leave the group\n\nThree left this week.\n",
     "Executives leave the group", "document", None, None),
]  # fmt: skip


@pytest.mark.parametrize(("name", "data", "title", "kind", "author", "published"), FILES)
def test_dropped_file_proposes_details_and_enter_keeps_them(
    qtbot, tmp_path: Path, name, data, title, kind, author, published
) -> None:
    """A dropped HTML, PDF, DOCX or text file shows its proposed details; Enter keeps them."""
    window, controller = capture_window_with_case(qtbot, tmp_path)
    path = tmp_path / name
    path.write_bytes(data)
    dialog = _drop_file(qtbot, window, controller, path)
    (editors,) = dialog.editors
    assert editors["title"].text() == title
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert "Title (proposed)" in labels and any(t.startswith("from ") for t in labels)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    source = _source(window)
    assert (source.title, source.kind, source.author, source.published) == (
        title, kind, author, published)  # fmt: skip
    assert window.session.stack.count() == 1
    close(window)


def test_corrected_details_are_kept_and_undo_takes_the_drop_back(qtbot, tmp_path: Path) -> None:
    """A proposal corrected in the dialog is stored as typed; one Undo removes the source."""
    window, controller = capture_window_with_case(qtbot, tmp_path)
    path = tmp_path / "exits.html"
    path.write_bytes(ARTICLE_HTML.encode())
    dialog = _drop_file(qtbot, window, controller, path)
    title = dialog.editors[0]["title"]
    assert QApplication.focusWidget() is title
    title.selectAll()
    qtbot.keyClicks(title, "Executives leave China Harbour Group")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert _source(window).title == "Executives leave China Harbour Group"
    assert window.session.stack.count() == 1
    window.undo_action.trigger()
    assert window.case.count("source") == 0
    window.redo_action.trigger()
    assert _source(window).title == "Executives leave China Harbour Group"
    close(window)


def test_escape_discards_the_proposals(qtbot, tmp_path: Path) -> None:
    """Esc leaves the source known by its file name only, in the same undo step."""
    window, controller = capture_window_with_case(qtbot, tmp_path)
    path = tmp_path / "article.txt"
    path.write_bytes(b"Executives leave the group\n\nThree left this week.\n")
    dialog = _drop_file(qtbot, window, controller, path)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    source = _source(window)
    assert (source.title, source.kind) == ("article.txt", "file")
    assert window.session.stack.count() == 1
    close(window)
