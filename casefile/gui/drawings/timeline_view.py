"""The chronology scene and view: items in lanes on a date axis, zoom around the pointer, keys."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QWidget

from casefile.core import timeline
from casefile.gui.common.palette import LIGHT, Theme
from casefile.gui.drawings.timeline_items import (
    LABEL_WIDTH,
    LANE_HEIGHT,
    TOP,
    AxisItem,
    MarkItem,
    item_key,
)

MIN_PER_DAY, MAX_PER_DAY = 0.005, 400.0
MARGIN_DAYS = 0.04  # of the whole range, either side


class TimelineScene(QGraphicsScene):
    """Marks of one timeline, stacked so nothing overlaps at the current pixels-per-day."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.axis = AxisItem()
        self.addItem(self.axis)
        self.marks: dict[tuple[str, str, str], MarkItem] = {}
        self.items_: list[timeline.Item] = []
        self.origin = 0
        self.days = 1
        self.per_day = 1.0
        self.theme = LIGHT
        self.selectionChanged.connect(self._show_selection)

    def set_theme(self, theme: Theme) -> None:
        """Colour everything for this sheet (the view's palette turned light or dark)."""
        if theme == self.theme:
            return
        self.theme = self.axis.theme = theme
        for mark in self.marks.values():
            mark.restyle(theme)
        self.axis.update()

    def set_items(
        self, items: list[timeline.Item], everything: list[timeline.Item] | None = None
    ) -> None:
        """Draw ``items``; the period and the density strip cover ``everything`` found."""
        everything = items if everything is None else everything
        self.axis.set_density(sorted(i.start.toordinal() for i in everything))
        for mark in self.marks.values():
            self.removeItem(mark)
        self.marks = {}
        self.items_ = items
        for item in items:
            mark = MarkItem(item, self.theme)
            self.addItem(mark)
            self.marks[item_key(item)] = mark
        first = min((i.start.toordinal() for i in everything), default=739000)
        last = max((i.end.toordinal() for i in everything), default=first + 30)
        margin = max(3, int((last - first) * MARGIN_DAYS))
        self.origin, self.days = first - margin, (last - first) + 2 * margin + 1
        self.arrange(self.per_day)

    def arrange(self, per_day: float) -> None:
        """Place every mark for ``per_day`` pixels per day, restacking the lanes."""
        self.per_day = per_day
        stacked = timeline.stack(self.items_, min_days=(LABEL_WIDTH + 24) / per_day)
        lanes = 0
        for item in stacked:
            mark = self.marks[item_key(item)]
            x = (item.start.toordinal() - self.origin) * per_day
            width = (item.end.toordinal() - item.start.toordinal() + 1) * per_day
            mark.place(x, width, TOP + (item.lane + 0.5) * LANE_HEIGHT)
            lanes = max(lanes, item.lane + 1)
        rect = QRectF(
            0, 0, self.days * per_day + LABEL_WIDTH + 30, TOP + max(lanes, 3) * LANE_HEIGHT + 12
        )
        self.axis.configure(self.origin, per_day, rect)
        self.setSceneRect(rect)

    def ordered_marks(self) -> list[MarkItem]:
        return sorted(self.marks.values(), key=lambda m: (m.x(), m.y()))

    def chosen(self) -> MarkItem | None:
        marks = [i for i in self.selectedItems() if isinstance(i, MarkItem)]
        return marks[0] if marks else None

    def _show_selection(self) -> None:
        for mark in self.marks.values():
            mark.set_chosen(mark.isSelected())


class TimelineView(QGraphicsView):
    """Wheel or +/- zooms around the pointer, drag pans, 0 fits; a click opens an item."""

    open_requested = Signal(str, str)

    def __init__(self, scene: TimelineScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.chronology = scene
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Chronology")
        self._press: tuple[QPoint, MarkItem] | None = None
        self.auto_fit = True  # follow the view's width until the user zooms
        self.follow_palette()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.follow_palette()

    def follow_palette(self) -> None:
        """Draw on the palette's sheet: light or dark, re-read when the palette changes."""
        theme = Theme.of(self.palette())
        self.setBackgroundBrush(theme.background)
        self.chronology.set_theme(theme)

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        """Keep the date band in sight when the lanes are scrolled down."""
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        if visible.top() > 1:
            self.chronology.axis.draw(painter, QRectF(rect) & visible, visible.top(), False)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.auto_fit:
            self.fit()

    def zoom(self, factor: float, anchor: QPoint | None = None) -> None:
        """Change pixels per day, keeping the date under ``anchor`` (default: centre) in place."""
        scene = self.chronology
        per_day = min(MAX_PER_DAY, max(MIN_PER_DAY, scene.per_day * factor))
        if per_day == scene.per_day:
            return
        self.auto_fit = False
        point = anchor if anchor is not None else self.viewport().rect().center()
        day = self.mapToScene(point).x() / scene.per_day
        scene.arrange(per_day)
        shift = self.mapFromScene(QPointF(day * per_day, 0)).x() - point.x()
        bar = self.horizontalScrollBar()
        bar.setValue(bar.value() + shift)

    def fit(self) -> None:
        """Zoom so the whole range fits the width of the view."""
        scene = self.chronology
        width = max(100, self.viewport().width() - LABEL_WIDTH - 50)
        per_day = min(MAX_PER_DAY, max(MIN_PER_DAY, width / max(1, scene.days)))
        scene.arrange(per_day)
        self.auto_fit = True
        self.horizontalScrollBar().setValue(0)
        self.verticalScrollBar().setValue(0)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.zoom(1.2**steps, event.position().toPoint())
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(1.5)
        elif key == Qt.Key.Key_Minus:
            self.zoom(1 / 1.5)
        elif key in (Qt.Key.Key_0, Qt.Key.Key_Home):
            self.fit()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_chosen()
        else:
            super().keyPressEvent(event)

    def focusNextPrevChild(self, forward: bool) -> bool:
        """Tab and Shift+Tab step through the items in date order."""
        marks = self.chronology.ordered_marks()
        if not marks:
            return super().focusNextPrevChild(forward)
        current = self.chronology.chosen()
        at = marks.index(current) if current in marks else (-1 if forward else 0)
        self.choose(marks[(at + (1 if forward else -1)) % len(marks)])
        return True

    def choose(self, mark: MarkItem) -> None:
        self.chronology.clearSelection()
        mark.setSelected(True)
        self.ensureVisible(mark, 60, 40)

    def open_chosen(self) -> None:
        mark = self.chronology.chosen()
        if mark is not None:
            self.open_requested.emit(mark.item.kind, mark.item.ident)

    def mark_at(self, point: QPoint) -> MarkItem | None:
        item = self.itemAt(point)
        while item is not None and not isinstance(item, MarkItem):
            item = item.parentItem()
        return item

    def mousePressEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        mark = self.mark_at(point)
        self._press = (point, mark) if mark is not None else None
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        point = event.position().toPoint()
        if self._press is not None and (point - self._press[0]).manhattanLength() < 5:
            mark = self._press[1]
            if self.mark_at(point) is mark:
                self.choose(mark)
                self.open_requested.emit(mark.item.kind, mark.item.ident)
        self._press = None
