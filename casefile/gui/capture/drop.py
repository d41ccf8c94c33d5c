"""Drops and pastes on the main window: what is under the cursor, feedback, and the capture.

Drops anywhere on the window capture into the case; on a claim row (or the claim editor, or
a claim's cell of the evidence matrix) the new snippet is linked with a stance chosen from a
menu at the drop point; on a person or organisation it mentions them; on a relationship it
becomes its evidence. Internal drags (rows of the registers and side panels, several at
once in one undo step) link snippets, add mentions, evidence and subjects.
External items are always copied, never moved. Heavy work runs after the drop returns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QRubberBand, QWidget

from casefile.capture import (
    Capture,
    CaptureError,
    Dropped,
    Limits,
    SourceChoice,
    capture_dropped,
    check_image_size,
    ocr,
    plan_image,
    read_payload,
    snippet_from_selection,
)
from casefile.capture.anchor import OccurrenceNeeded
from casefile.capture.filetext import FileText
from casefile.core.commands import AddToList, Command, Composite, LinkEvidence
from casefile.core.model import Source
from casefile.gui.capture import dialogs as capture_dialogs
from casefile.gui.capture.dialogs import DropMemory
from casefile.gui.capture.mime import (
    IDS_TYPE,
    InternalIds,
    Selection,
    internal_ids,
    payload_of,
    selection_of,
)
from casefile.gui.capture.occurrence import pick_occurrence
from casefile.gui.capture.reading import PayloadReader, is_heavy
from casefile.gui.common.drop_spots import HasDropSpots
from casefile.gui.records.editor_base import RecordEditor
from casefile.gui.records.register_view import RegisterView

TARGET_KINDS = ("claim", "entity", "relationship")
StanceChooser = Callable[[QWidget, QPoint], str | None]
SourceChooser = Callable[[QWidget, Any, Dropped], SourceChoice | None]
OccurrenceChooser = Callable[[QWidget, Any, str, OccurrenceNeeded], int | None]


@dataclass(frozen=True)
class Target:
    """The claim or entity under the cursor, and the area to highlight."""

    kind: str
    ident: str
    widget: QWidget
    area: QRect
    stance: str | None = None  # chosen already (a paste asks before the clipboard is read)
    stay: bool = False  # a paste: the window stays on its page and says how to go there


class DropHandler(QObject):
    """Event filter on the main window that turns drops into capture commands."""

    def __init__(self, window: Any, files: Callable[[Dropped, Target | None], None]) -> None:
        super().__init__(window)
        self.window = window
        self.capture_files = files
        self.memory = DropMemory()
        self.stayed: Callable[[tuple[str, str], Target], None] = lambda _added, _target: None
        self.choose_stance: StanceChooser = self.ask_stance
        self.choose_source: SourceChooser = self.ask_source
        self.choose_occurrence: OccurrenceChooser = pick_occurrence
        self.defer = True
        self.reader = PayloadReader(window)
        self._band: QRubberBand | None = None
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def ask_stance(self, parent: QWidget, point: QPoint) -> str | None:
        """The stance menu, the last stance highlighted (Enter takes it)."""
        return capture_dialogs.stance_menu(parent, point, self.memory.stance)

    def ask_source(self, parent: QWidget, case: Any, dropped: Dropped) -> SourceChoice | None:
        """Where the words are from, the last answer chosen already (Enter takes it)."""
        return capture_dialogs.pick_source(parent, case, dropped, self.memory.source)

    def forget(self) -> None:
        """The case closed: its answers are not offered for the next one."""
        self.memory = DropMemory()

    # --- events -------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, QDragMoveEvent)
            self._hover(watched, event)
            return True
        if kind == QEvent.Type.DragLeave:
            self._highlight(None)
            return True
        if kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            self._drop(watched, event)
            return True
        return False

    def _hover(self, watched: QObject, event: QDragMoveEvent) -> None:
        case = self.window.case
        point = self._global(watched, event)
        target = self.target_at(point)
        data = _hover_payload(event.mimeData())  # not every format: a hover must be cheap
        if case is None or not self._acceptable(data, target, case):
            self._highlight(None)
            event.ignore()
            return
        self._highlight(target)
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()

    def _acceptable(self, data: dict[str, bytes], target: Target | None, case: Any) -> bool:
        ids = internal_ids(data, case)
        if ids is not None:
            return _internal_command_kind(ids.kind, target) is not None
        return bool(data)

    def _drop(self, watched: QObject, event: QDropEvent) -> None:
        self._highlight(None)
        case = self.window.case
        point = self._global(watched, event)
        target = self.target_at(point)
        data = payload_of(event.mimeData())
        if case is None or not self._acceptable(data, target, case):
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        if self.defer:
            QTimer.singleShot(0, lambda: self.handle(data, target, point))
        else:
            self.handle(data, target, point)

    @staticmethod
    def _global(watched: QObject, event: QDropEvent) -> QPoint:
        assert isinstance(watched, QWidget)
        return watched.mapToGlobal(event.position().toPoint())

    # --- what is under the cursor -------------------------------------------------------

    def target_at(self, point: QPoint) -> Target | None:
        """The claim or entity row, or the claim/entity editor, under a global point."""
        widget = self.window.childAt(self.window.mapFromGlobal(point))
        while widget is not None:
            parent = widget.parentWidget()
            if isinstance(parent, QAbstractItemView) and widget is parent.viewport():
                return self._row_target(parent, widget, point)
            if isinstance(widget, RecordEditor):
                if widget.kind in TARGET_KINDS and widget.ident:
                    return Target(widget.kind, widget.ident, widget, widget.rect())
                return None
            widget = parent
        return None

    def _row_target(
        self, view: QAbstractItemView, viewport: QWidget, point: QPoint
    ) -> Target | None:
        if isinstance(view, HasDropSpots):  # side panels, relationships, matrix cells
            spot = view.drop_spot(viewport.mapFromGlobal(point))
            return Target(spot.kind, spot.ident, viewport, spot.area) if spot else None
        register = view.parentWidget()
        while register is not None and not isinstance(register, RegisterView):
            register = register.parentWidget()
        if register is None or register.kind not in TARGET_KINDS or register.table is not view:
            return None
        index = view.indexAt(viewport.mapFromGlobal(point))
        if not index.isValid():
            return None
        cell = view.visualRect(index)
        area = QRect(0, cell.top(), viewport.width(), cell.height())
        return Target(register.kind, register.model.id_at(index.row()), viewport, area)

    def _highlight(self, target: Target | None) -> None:
        """Show which row (or editor) the drop will go to."""
        if target is None:
            if self._band is not None:
                self._band.hide()
            return
        if self._band is None or self._band.parentWidget() is not target.widget:
            if self._band is not None:
                self._band.deleteLater()
            self._band = QRubberBand(QRubberBand.Shape.Rectangle, target.widget)
        self._band.setGeometry(target.area)
        self._band.show()

    @property
    def highlighted(self) -> QRect | None:
        """The highlighted area (for tests), or None when nothing is highlighted."""
        band = self._band
        return band.geometry() if band is not None and band.isVisible() else None

    # --- doing it -------------------------------------------------------------------------

    def handle(self, data: dict[str, bytes], target: Target | None, point: QPoint) -> None:
        """Capture what a drop or paste carried, linking it to the target if there is one."""
        case = self.window.case
        if case is None:
            return
        try:
            self._handle(case, data, target, point)
        except CaptureError as err:
            self.window.show_error(str(err))

    def _handle(
        self, case: Any, data: dict[str, bytes], target: Target | None, point: QPoint
    ) -> None:
        ids = internal_ids(data, case)
        if ids is not None:
            self._internal(ids, target, point)
            return
        selection = selection_of(data, case)
        if selection is not None:
            self._selection(case, selection, target, point)
            return
        if is_heavy(data):  # a large page fragment is read in a worker, never here
            if self.reader.busy:
                raise CaptureError("The last drop is still being read; wait for it or cancel.")
            self.reader.start(
                data,
                lambda dropped: self.handle_read(case, dropped, target, point),
                self.window.show_error,
            )
            return
        self._read(case, read_payload(data), target, point)

    def handle_read(
        self, case: Any, dropped: Dropped, target: Target | None, point: QPoint
    ) -> None:
        """Go on with a drop whose payload was read in a worker (if its case is still open)."""
        if case is not self.window.case:
            return
        try:
            self._read(case, dropped, target, point)
        except CaptureError as err:
            self.window.show_error(str(err))

    def _read(self, case: Any, dropped: Dropped, target: Target | None, point: QPoint) -> None:
        if dropped.files:
            self.capture_files(dropped, target)
            return
        if dropped.image is not None and not dropped.text and ocr.available():
            self._read_image(case, dropped, target)
            return
        stance = self._stance(target, point) if dropped.text else None
        if target is not None and target.kind == "claim" and dropped.text and stance is None:
            return
        choice = None
        if dropped.needs_source:
            choice = self.choose_source(self.window, case, dropped)
            if choice is None:
                return
        capture = self._capture_words(case, dropped, choice)
        if capture is not None:
            if choice is not None:
                used = choice.existing or next(iter(capture.sources), None)
                self.memory.source = used or self.memory.source
            self.finish(_attached(capture, target, stance), target)

    def _read_image(self, case: Any, dropped: Dropped, target: Target | None) -> None:
        """A pasted or dropped screenshot: its words read by OCR in a worker, then one step."""
        data, media_type = dropped.image or b"", dropped.image_type or "application/octet-stream"
        check_image_size(data, self.limits())
        if self.reader.busy:
            raise CaptureError("The last drop is still being read; wait for it or cancel.")

        def read(content: FileText) -> None:
            if case is self.window.case:
                planned = plan_image(data, media_type, case, dropped.url, content=content)
                self.finish(_attached(planned, target, None), target)

        self.reader.read_image(data, media_type, read, self.window.show_error)

    def limits(self) -> Limits:
        capture = getattr(self.window, "capture", None)
        return capture.limits if capture is not None else Limits()

    def _capture_words(
        self, case: Any, dropped: Dropped, choice: SourceChoice | None
    ) -> Capture | None:
        """Plan the words; when they occur more than once and the drop cannot tell where
        they were taken, ask the user to pick the occurrence (None: dismissed)."""
        try:
            return capture_dropped(dropped, case, choice)
        except OccurrenceNeeded as need:
            start = self.choose_occurrence(self.window, case, dropped.text or "", need)
            if start is None:
                return None
            chosen = replace(choice or SourceChoice(), existing=need.source_id, occurrence=start)
            return capture_dropped(dropped, case, chosen)

    def _stance(self, target: Target | None, point: QPoint) -> str | None:
        if target is None or target.kind != "claim" or target.stance is not None:
            return target.stance if target is not None else None
        return self._remembered(self.choose_stance(self.window, point))

    def _remembered(self, stance: str | None) -> str | None:
        if stance is not None:
            self.memory.stance = stance
        return stance

    def _selection(self, case: Any, sel: Selection, target: Target | None, point: QPoint) -> None:
        source = case.get("source", sel.source)
        if not isinstance(source, Source):
            raise CaptureError("The source of this selection is no longer in the case.")
        stance = self._stance(target, point)
        if target is not None and target.kind == "claim" and stance is None:
            return
        capture = snippet_from_selection(source, sel.start, sel.end)
        self.finish(_attached(capture, target, stance), target)

    def _internal(self, ids: InternalIds, target: Target | None, point: QPoint) -> None:
        what = _internal_command_kind(ids.kind, target)
        if what is None or target is None:
            return
        parts: list[Command]
        if what == "link":
            stance = self._remembered(self.choose_stance(self.window, point))
            if stance is None:
                return
            parts = [LinkEvidence(target.ident, s, stance) for s in ids.ids]
            name = f"Link evidence ({stance})"
        elif what == "mention":
            parts = [AddToList("snippet", s, "entities", [target.ident]) for s in ids.ids]
            name = "Add mention"
        elif what == "evidence":
            parts = [AddToList("relationship", target.ident, "evidence", list(ids.ids))]
            name = "Add evidence to relationship"
        else:
            parts = [AddToList("claim", target.ident, "subjects", list(ids.ids))]
            name = "Add subject" if len(ids.ids) == 1 else "Add subjects"
        self.window.push(Composite(name, parts))

    def finish(self, capture: Capture, target: Target | None) -> None:
        """Push a planned capture as one undo step, tell the user, select what is new."""
        command = capture.command
        if command is not None and self.window.push(command) is None:
            return
        for message in capture.messages:
            self.window.statusBar().showMessage(message, 10_000)
        if target is not None and target.stay and capture.selection:
            self.stayed(capture.selection[0], target)
        elif target is None and capture.selection:
            kind, ident = capture.selection[0]
            self.window.navigate_to(kind, ident)


def _hover_payload(mime: QMimeData) -> dict[str, bytes]:
    """Enough of a drag's data to decide whether it can be dropped: formats, and our ids."""
    data = dict.fromkeys(mime.formats(), b"")
    if mime.hasFormat(IDS_TYPE):
        data[IDS_TYPE] = bytes(mime.data(IDS_TYPE).data())
    return data


def _internal_command_kind(kind: str, target: Target | None) -> str | None:
    """What an internal drag of ``kind`` onto ``target`` does: link, mention, subject or nothing."""
    if target is None or target.kind not in TARGET_KINDS:
        return None
    if kind == "snippet":
        return {"claim": "link", "entity": "mention", "relationship": "evidence"}.get(target.kind)
    if kind == "entity" and target.kind == "claim":
        return "subject"
    return None


def _attached(capture: Capture, target: Target | None, stance: str | None) -> Capture:
    if target is None:
        return capture
    if target.kind == "claim" and stance is not None:
        return capture.linked_to_claim(target.ident, stance)
    if target.kind == "entity":
        return capture.mentioning(target.ident)
    if target.kind == "relationship":
        return capture.evidence_of(target.ident)
    return capture


__all__ = ["DropHandler", "Target"]
