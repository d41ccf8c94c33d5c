"""A screenshot pasted (Ctrl+V, Shift+Ins) or dropped as image data has its words read by
OCR in a worker: searchable text, quotes with page and region, one undo step."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from capture_gui_helpers import capture_window_with_case, drop_on, mime_of
from gui_helpers import close
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtTest import QTest

from casefile.capture import ocr

sys.path.insert(0, str(Path(__file__).parents[2] / "capture"))
from ocr_samples import line_image

if not ocr.available() and not os.environ.get("CI"):
    pytest.skip(
        "Tesseract OCR is not installed (apt install tesseract-ocr tesseract-ocr-script-latn)",
        allow_module_level=True,
    )


def _paste(qtbot, window, controller, key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
    mime = QMimeData()
    mime.setImageData(QImage.fromData(line_image("Latin")))
    QGuiApplication.clipboard().setMimeData(mime)
    try:
        window.activateWindow()
        QTest.keyClick(window.centralWidget(), key, modifier)
        qtbot.waitUntil(lambda: not controller.drops.reader.busy, timeout=60_000)
    finally:
        QGuiApplication.clipboard().clear()  # before Qt tears down (see test_capture_internal)


@pytest.mark.parametrize(
    ("key", "modifier"),
    [(Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier),
     (Qt.Key.Key_Insert, Qt.KeyboardModifier.ShiftModifier)],
    ids=["ctrl+v", "shift+ins"],
)  # fmt: skip
def test_pasted_screenshot_is_read_and_found(qtbot, tmp_path: Path, key, modifier) -> None:
    """The pasted image's words become its source's text (found by search), its OCR words
    are kept, and one undo removes it."""
    window, controller = capture_window_with_case(qtbot, tmp_path)
    _paste(qtbot, window, controller, key, modifier)
    qtbot.waitUntil(lambda: window.case.count("source") == 1, timeout=10_000)
    source = next(iter(window.case.store.all("source")))
    assert "Harbour Holdings" in (source.text or "")
    assert source.title == "Captured image" and source.media_type == "image/png"
    assert window.case.store.ocr_layer(source.sha256) is not None
    assert [h.kind for h in window.case.search("Holdings")] == ["source"]
    assert window.session.stack.count() == 1
    window.undo_action.trigger()
    assert window.case.count("source") == 0
    close(window)


def test_dropped_image_data_is_read_and_quoted_with_its_region(qtbot, tmp_path: Path) -> None:
    """Image bytes dropped on the window are read by OCR; selecting a word in the source
    makes a quote citing page 1 and its region."""
    from PySide6.QtGui import QTextCursor

    window, _controller = capture_window_with_case(qtbot, tmp_path)
    drop_on(window.centralWidget(), mime_of({"image/png": line_image("Latin")}))
    qtbot.waitUntil(lambda: window.case.count("source") == 1, timeout=60_000)
    source = next(iter(window.case.store.all("source")))
    view = window.register("source")
    view.select(source.id)
    start = (source.text or "").index("Holdings")
    cursor = view.editor.viewer.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len("Holdings"), QTextCursor.MoveMode.KeepAnchor)
    view.editor.viewer.setTextCursor(cursor)
    view.editor.make_snippet.click()
    snippet = window.case.get("snippet", window.case.store.ids("snippet")[-1])
    assert snippet.text == "Holdings"
    assert (snippet.location or "").startswith("p. 1, OCR region ")
    close(window)


def test_pasted_pixel_bomb_is_refused_and_nothing_added(qtbot, tmp_path: Path, monkeypatch) -> None:
    """Image data claiming 100,000 × 100,000 pixels is refused in words; the case is unchanged."""
    from test_capture_ocr import _png_header

    window, controller = capture_window_with_case(qtbot, tmp_path)
    shown: list[str] = []
    monkeypatch.setattr(window, "show_error", shown.append)
    drop_on(window.centralWidget(), mime_of({"image/png": _png_header(100_000, 100_000)}))
    qtbot.waitUntil(lambda: bool(shown) and not controller.drops.reader.busy, timeout=20_000)
    assert "claims to be larger than" in shown[0] and "Traceback" not in shown[0]
    assert window.case.count("source") == 0
    assert window.session.stack.count() == 0
    close(window)
