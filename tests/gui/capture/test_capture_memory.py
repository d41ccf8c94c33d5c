"""The last answers (where words are from, the stance) are offered again while the case is open."""

from __future__ import annotations

from pathlib import Path

from capture_gui_helpers import capture_window_with_case, drop_on, mime_of, row_point
from gui_helpers import close, settle
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from casefile.gui.capture.dialogs import SourcePicker


def _answer(qtbot, keys: str = "", enter: bool = True) -> list[str]:  # type: ignore[no-untyped-def]
    """Answer the next modal question from the keyboard: type ``keys``, then Enter."""
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.focusWidget() is None:
            QTimer.singleShot(20, answer)
            return
        seen.append(dialog.windowTitle())
        if keys:
            qtbot.keyClicks(dialog.focusWidget(), keys)
        if enter:
            qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)

    QTimer.singleShot(20, answer)
    return seen


def _paste(window, words: str) -> None:  # type: ignore[no-untyped-def]
    QGuiApplication.clipboard().setText(words)
    window.capture.paste()
    settle()


def test_where_from_is_answered_once_then_enter_repeats_it(qtbot, tmp_path: Path) -> None:
    """After naming the source once, the next paste's question has it chosen: Enter takes it."""
    window, controller = capture_window_with_case(qtbot, tmp_path)
    controller.drops.choose_source = controller.drops.ask_source
    asked = _answer(qtbot, "Phone call with Li Wei")
    _paste(window, "Zhang Wei resigned on Monday.")
    assert asked == ["Where are these words from?"]
    (source,) = window.case.store.all("source")
    assert source.title == "Phone call with Li Wei"
    asked = _answer(qtbot)  # Enter only
    _paste(window, "The board accepted it.")
    assert asked == ["Where are these words from?"]
    assert window.case.count("source") == 1
    snippets = list(window.case.store.all("snippet"))
    assert [s.source for s in snippets] == [source.id, source.id]
    window.close_case()
    assert controller.drops.memory.source is None
    close(window)


def test_source_picker_offers_the_last_source(qtbot, tmp_path: Path) -> None:
    """The picker opens with the last source chosen and in focus."""
    window, _controller = capture_window_with_case(qtbot, tmp_path)
    sources = [("s2", "Interview"), ("s1", "Article")]
    dialog = SourcePicker(window, sources, "Words", default="s1")
    qtbot.addWidget(dialog)
    assert dialog.existing_button.isChecked() and dialog.sources.currentData() == "s1"
    close(window)


def test_stance_is_remembered_and_highlighted(qtbot, tmp_path: Path) -> None:
    """The stance chosen on one drop is the highlighted item of the next stance menu."""
    window, controller = capture_window_with_case(qtbot, tmp_path)
    claims = window.register("claim")
    window.show_part(4)
    settle()
    drop_on(claims.table.viewport(), mime_of({"text/plain": b"Seen in Rotterdam.",
            "text/x-moz-url": "https://x.example/a\nA".encode("utf-16-le")}),
            row_point(claims, "claim-1"))  # fmt: skip
    assert controller.drops.memory.stance == "refutes"
    defaults: list[str | None] = []
    from casefile.gui.capture import dialogs

    original = dialogs.stance_menu
    dialogs.stance_menu = lambda _w, _p, default=None: defaults.append(default)  # type: ignore
    try:
        controller.drops.ask_stance(window, QPoint(1, 1))
    finally:
        dialogs.stance_menu = original
    assert defaults == ["refutes"]
    menu = dialogs.stance_choices(window, "refutes")
    assert menu.activeAction() is not None and menu.activeAction().data() == "refutes"
    menu.deleteLater()
    close(window)
