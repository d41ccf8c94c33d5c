"""Images dropped as bytes become sources; files dropped on a claim are added, not linked."""

from __future__ import annotations

from pathlib import Path

from capture_gui_helpers import capture_window_with_case, drop_on, mime_of, row_point
from gui_helpers import close
from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtGui import QColor, QImage

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00\x00"
    b":~\x9bU\x00\x00\x00\nIDATx\x9cc\xf8\x0f\x00\x01\x01\x01\x00\x1b\xb6\xee\x56\x00\x00\x00"
    b"\x00IEND\xaeB`\x82"
)


def test_image_bytes_dropped_on_window_become_a_source(qtbot, tmp_path: Path) -> None:
    """An image with no file or address is kept as a source with its bytes; one undo."""
    window, _controller = capture_window_with_case(qtbot, tmp_path)
    drop_on(window.centralWidget(), mime_of({"image/png": PNG}))
    qtbot.waitUntil(lambda: window.case.count("source") == 1)
    source = next(iter(window.case.store.all("source")))
    assert (source.kind, source.media_type, source.text) == ("file", "image/png", None)
    assert window.case.store.original(source.sha256).data == PNG
    assert window.session.stack.count() == 1
    window.undo_action.trigger()
    assert window.case.count("source") == 0
    close(window)


def test_an_image_qt_holds_only_as_a_picture_is_kept_as_png(qtbot, tmp_path: Path) -> None:
    """A picture offered only as an image object (a screenshot on some systems) is kept."""
    window, _controller = capture_window_with_case(qtbot, tmp_path)
    image = QImage(3, 2, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    mime = QMimeData()
    mime.setImageData(image)
    drop_on(window.centralWidget(), mime)
    qtbot.waitUntil(lambda: window.case.count("source") == 1)
    source = next(iter(window.case.store.all("source")))
    stored = window.case.store.original(source.sha256)
    assert stored.media_type == "image/png" and stored.data.startswith(b"\x89PNG")
    assert QImage.fromData(stored.data).size() == image.size()
    close(window)


def test_files_dropped_on_a_claim_are_added_and_the_user_told(qtbot, tmp_path: Path) -> None:
    """A file dropped on a claim becomes a source; the claim is left alone, and says why."""
    window, controller = capture_window_with_case(qtbot, tmp_path)
    window.show_part(4)
    view = window.register("claim")
    path = tmp_path / "log.txt"
    path.write_text("Crew held at dawn.", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop_on(view.table.viewport(), mime, row_point(view, "claim-1"))
    qtbot.waitUntil(lambda: controller.idle and window.case.count("source") == 1)
    assert window.case.get("claim", "claim-1").evidence == ()
    qtbot.waitUntil(lambda: "not linked to the claim" in window.statusBar().currentMessage())
    close(window)
