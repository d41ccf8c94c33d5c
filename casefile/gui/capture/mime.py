"""Drag data: QMimeData to bytes by media type, the internal ids type, and dragging rows out."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QBuffer, QEvent, QIODevice, QMimeData, QObject, QPoint, Qt
from PySide6.QtGui import QDrag, QImage, QMouseEvent, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QApplication

from casefile.capture.citation import quotes_with_citations
from casefile.core.model import Snippet, Source, label
from casefile.gui.common.record_mime import IDS_TYPE as IDS_TYPE
from casefile.gui.common.record_mime import InternalIds as InternalIds
from casefile.gui.common.record_mime import case_token as case_token
from casefile.gui.common.record_mime import internal_ids as internal_ids


def payload_of(mime: QMimeData) -> dict[str, bytes]:
    """Every format a drop or paste carries, as media type -> bytes (what capture reads)."""
    out: dict[str, bytes] = {}
    for fmt in mime.formats():
        out[fmt] = bytes(mime.data(fmt).data())
    if "text/plain" not in out and mime.hasText():
        out["text/plain"] = mime.text().encode("utf-8")
    if mime.hasImage() and not any(v for k, v in out.items() if k.startswith(("image/", "text/"))):
        png = _png(mime.imageData())  # an image Qt holds only as a QImage (no bytes to keep)
        if png:
            out["image/png"] = png
    return out


def _png(image: Any) -> bytes:
    """A QImage (or QPixmap) as PNG bytes; empty when there is none."""
    if isinstance(image, QPixmap):
        image = image.toImage()
    if not isinstance(image, QImage) or image.isNull():
        return b""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]  # stubs want bytes; str works
        return b""
    return bytes(buffer.data().data())


def ids_mime(case: Any, kind: str, ids: Sequence[str]) -> QMimeData:
    """The drag data for records: our ids type, and readable text for other applications."""
    mime = QMimeData()
    token = {"case": case_token(case), "kind": kind, "ids": list(ids)}
    mime.setData(IDS_TYPE, json.dumps(token).encode("utf-8"))
    mime.setText(_readable(case, kind, ids))
    return mime


def _readable(case: Any, kind: str, ids: Sequence[str]) -> str:
    records = [r for r in (case.get(kind, i) for i in ids) if r is not None]
    if kind != "snippet":
        return "\n".join(label(r) for r in records)
    pairs: list[tuple[Snippet, Source | None]] = []
    for snippet in records:
        assert isinstance(snippet, Snippet)
        source = case.get("source", snippet.source) if snippet.source else None
        pairs.append((snippet, source if isinstance(source, Source) else None))
    return quotes_with_citations(pairs)


class RowDragger(QObject):
    """Starts a copy drag of the selected rows of a register table (the model stays read-only).

    The view's own drag needs drag-enabled model items and may end as a move; this starts a
    ``QDrag`` with ``CopyAction`` only, so nothing is ever removed from the table.
    """

    def __init__(self, view: QAbstractItemView, kind: str, ids: Callable[[int], list[str]],
                 case: Callable[[], Any]) -> None:  # fmt: skip
        super().__init__(view)
        self.view, self.kind, self._ids, self._case = view, kind, ids, case
        self._pressed: QPoint | None = None
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress:
            assert isinstance(event, QMouseEvent)
            left = event.button() == Qt.MouseButton.LeftButton
            self._pressed = event.position().toPoint() if left else None
        elif event.type() == QEvent.Type.MouseButtonRelease:
            self._pressed = None
        elif event.type() == QEvent.Type.MouseMove and self._pressed is not None:
            assert isinstance(event, QMouseEvent)
            moved = (event.position().toPoint() - self._pressed).manhattanLength()
            if moved >= QApplication.startDragDistance():
                return self._start(self._pressed)
        return False

    def mime_at(self, point: QPoint) -> QMimeData | None:
        """The drag data for a press at ``point``: the selection if it holds that row."""
        index = self.view.indexAt(point)
        if not index.isValid():
            return None
        ids = self._ids(index.row())
        case = self._case()
        return ids_mime(case, self.kind, ids) if ids and case is not None else None

    def _start(self, point: QPoint) -> bool:
        self._pressed = None
        mime = self.mime_at(point)
        if mime is None:
            return False
        drag = QDrag(self.view.viewport())
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.CopyAction, Qt.DropAction.CopyAction)
        return True


SELECTION_TYPE = "application/x-casefile-selection"


@dataclass(frozen=True)
class Selection:
    """Characters selected in a source's text viewer: exact offsets into the source text."""

    case: str
    source: str
    start: int
    end: int


def selection_mime(case: Any, source: str, start: int, end: int, text: str) -> QMimeData:
    """The drag data of a selection in the source viewer (plain text for other apps)."""
    mime = QMimeData()
    token = {"case": case_token(case), "source": source, "start": start, "end": end}
    mime.setData(SELECTION_TYPE, json.dumps(token).encode("utf-8"))
    mime.setText(text)
    return mime


def selection_of(data: dict[str, bytes], case: Any) -> Selection | None:
    """The source selection an internal drag carries, or None."""
    raw = data.get(SELECTION_TYPE)
    if not raw:
        return None
    try:
        value = json.loads(raw.decode("utf-8"))
        found = Selection(str(value["case"]), str(value["source"]), int(value["start"]),
                          int(value["end"]))  # fmt: skip
    except (ValueError, KeyError, TypeError):
        return None
    return found if found.case == case_token(case) else None


class SelectionDragger(QObject):
    """Dragging selected text out of a source viewer carries the source and exact offsets."""

    def __init__(self, editor: Any, case: Callable[[], Any]) -> None:
        super().__init__(editor)
        self.editor, self._case = editor, case
        self._pressed: QPoint | None = None
        editor.viewer.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress:
            assert isinstance(event, QMouseEvent)
            point = event.position().toPoint()
            inside = self._inside_selection(point)
            self._pressed = (
                point if inside and event.button() == Qt.MouseButton.LeftButton else None
            )
        elif event.type() == QEvent.Type.MouseButtonRelease:
            self._pressed = None
        elif event.type() == QEvent.Type.MouseMove and self._pressed is not None:
            assert isinstance(event, QMouseEvent)
            moved = (event.position().toPoint() - self._pressed).manhattanLength()
            if moved >= QApplication.startDragDistance():
                self._pressed = None
                mime = self.mime()
                if mime is not None:
                    drag = QDrag(self.editor.viewer.viewport())
                    drag.setMimeData(mime)
                    drag.exec(Qt.DropAction.CopyAction, Qt.DropAction.CopyAction)
                    return True
        return False

    def _inside_selection(self, point: QPoint) -> bool:
        viewer = self.editor.viewer
        cursor = viewer.textCursor()
        at = viewer.cursorForPosition(point).position()
        return bool(cursor.hasSelection() and cursor.selectionStart() <= at < cursor.selectionEnd())

    def mime(self) -> QMimeData | None:
        """The drag data of the current selection (None without a selection or text)."""
        offsets = self.editor.selection_offsets()
        record = self.editor.record
        case = self._case()
        if offsets is None or record is None or case is None:
            return None
        start, end = offsets
        return selection_mime(case, record.id, start, end, (record.text or "")[start:end])


__all__ = [
    "IDS_TYPE",
    "SELECTION_TYPE",
    "InternalIds",
    "RowDragger",
    "Selection",
    "SelectionDragger",
    "case_token",
    "ids_mime",
    "internal_ids",
    "payload_of",
    "selection_mime",
    "selection_of",
]
