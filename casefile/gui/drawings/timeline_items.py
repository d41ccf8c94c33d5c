"""Chronology drawing items: a mark per dated item (dot or span bar with its label) and the axis."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsSimpleTextItem,
    QStyleOptionGraphicsItem,
)

from casefile.core.dates import display
from casefile.core.errors import ValidationError
from casefile.core.timeline import Item
from casefile.gui.common.fonts import font
from casefile.gui.common.palette import LIGHT, Theme
from casefile.gui.common.text import one_line, tooltip

ROLE_STYLE = {  # colour, words shown in the tooltip
    "evidence": ("#2f6db5", "Evidence"),
    "claim": ("#b7791f", "Claim (the period of its dated evidence)"),
    "starts": ("#2e8a57", "Relationship starts"),
    "ends": ("#c2410c", "Relationship ends"),
    "published": ("#7c3aed", "Source published"),
    "captured": ("#6b7280", "Captured"),
}
OTHER_ROLE, TEXT, CHOSEN = "#444444", "#1f2933", "#d9480f"
BAND, MAJOR_LINE, MINOR_LINE = "#f4f6f8", "#d5dbe1", "#eceff2"  # the date band, grid lines
AXIS_TEXT, AXIS_LINE, DENSITY = "#3e4c59", "#9aa5b1", "#b8c4d0"
LANE_HEIGHT = 26.0
AXIS_HEIGHT = 46.0
TOP = AXIS_HEIGHT + 10.0
LABEL_WIDTH = 230.0
DOT = 5.0
POINTS = 8.5
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def item_key(item: Item) -> tuple[str, str, str]:
    return (item.kind, item.ident, item.role)


class MarkItem(QGraphicsPathItem):
    """One item: a dot (a single day) or a bar (a partial date's span), and its short label."""

    def __init__(self, item: Item, theme: Theme = LIGHT) -> None:
        super().__init__()
        self.item = item
        _colour, words = ROLE_STYLE.get(item.role, (OTHER_ROLE, item.role))
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        text = one_line(item.label, 200)
        self.setToolTip(tooltip(f"{words}, {_when(item)}\n{one_line(item.label, 500)}"))
        self.label = QGraphicsSimpleTextItem(
            QFontMetricsF(font(POINTS)).elidedText(text, Qt.TextElideMode.ElideRight, LABEL_WIDTH),
            self,
        )
        self.label.setFont(font(POINTS))
        self.label.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.chosen = False
        self.restyle(theme)

    def restyle(self, theme: Theme) -> None:
        """Colours for this sheet (light or dark): the mark in its role's hue, the words."""
        self.theme = theme
        self.colour = theme.colour(ROLE_STYLE.get(self.item.role, (OTHER_ROLE, ""))[0])
        fill = QColor(self.colour)
        fill.setAlpha(55)
        self.setBrush(QBrush(fill if self.item.is_span else self.colour))
        self.label.setBrush(QBrush(theme.colour(TEXT)))
        self.set_chosen(self.chosen)

    def place(self, x: float, width: float, y: float) -> None:
        """Put the mark at ``x`` (its first day) in lane row ``y``; spans are ``width`` wide."""
        path = QPainterPath()
        if self.item.is_span:
            path.addRoundedRect(QRectF(0, -DOT, max(width, 2 * DOT), 2 * DOT), 3, 3)
            text_x = max(width, 2 * DOT) + 4 if width < LABEL_WIDTH + 24 else 4
        else:
            path.addEllipse(QPointF(0, 0), DOT, DOT)
            text_x = DOT + 4
        self.setPath(path)
        self.setPos(x, y)
        height = self.label.boundingRect().height()
        self.label.setPos(text_x, -height / 2)

    def set_chosen(self, on: bool) -> None:
        self.chosen = on
        chosen_pen = QPen(self.theme.colour(CHOSEN), 2.6)
        self.setPen(chosen_pen if on else QPen(self.colour, 1.2))
        chosen = QFont(font(POINTS))
        chosen.setBold(on)
        self.label.setFont(chosen)


def _when(item: Item) -> str:
    if ".." in item.date:
        return f"{_day(item.start.toordinal())} to {_day(item.end.toordinal())}"
    try:
        return display(item.date)
    except ValidationError:
        return item.date


class AxisItem(QGraphicsItem):
    """Date ticks along the top and faint grid lines down the lanes; paints only what is exposed."""

    def __init__(self) -> None:
        super().__init__()
        self.origin = 0
        self.per_day = 1.0
        self.rect = QRectF()
        self.density: list[int] = []  # start days of every item found, sorted
        self.theme = LIGHT  # the sheet drawn on (the scene sets it from the view's palette)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setZValue(-1)

    def set_density(self, days: list[int]) -> None:
        self.density = days
        self.update()

    def configure(self, origin: int, per_day: float, rect: QRectF) -> None:
        self.prepareGeometryChange()
        self.origin, self.per_day, self.rect = origin, per_day, QRectF(rect)
        self.update()

    def boundingRect(self) -> QRectF:
        return self.rect

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: Any = None
    ) -> None:
        self.draw(painter, option.exposedRect.intersected(self.rect), self.rect.top(), True)

    def draw(self, painter: QPainter, exposed: QRectF, top: float, grid: bool) -> None:
        """The date band at ``top`` across ``exposed`` (and the grid lines below it)."""
        first = self.origin + int(exposed.left() / self.per_day) - 1
        last = self.origin + int(exposed.right() / self.per_day) + 1
        painter.fillRect(
            QRectF(exposed.left(), top, exposed.width(), AXIS_HEIGHT), self.theme.colour(BAND)
        )
        painter.setFont(font(POINTS))
        for day, text, major in ticks(first, last, self.per_day):
            x = (day - self.origin) * self.per_day
            painter.setPen(QPen(self.theme.colour(MAJOR_LINE if major else MINOR_LINE), 1))
            bottom = self.rect.bottom() if grid else top + AXIS_HEIGHT
            painter.drawLine(QPointF(x, top + AXIS_HEIGHT - 8), QPointF(x, bottom))
            if text:
                painter.setPen(self.theme.colour(AXIS_TEXT))
                painter.drawText(QPointF(x + 4, top + AXIS_HEIGHT - 16), text)
        self._draw_density(painter, exposed, top + AXIS_HEIGHT)
        painter.setPen(QPen(self.theme.colour(AXIS_LINE), 1))
        line = top + AXIS_HEIGHT
        painter.drawLine(QPointF(exposed.left(), line), QPointF(exposed.right(), line))

    def _draw_density(self, painter: QPainter, exposed: QRectF, base: float) -> None:
        """Small bars along the band's foot: how many items start in each 4-pixel column."""
        if not self.density:
            return
        step = 4.0
        x = exposed.left() - exposed.left() % step
        counts = []
        while x < exposed.right():
            low = self.origin + x / self.per_day
            high = self.origin + (x + step) / self.per_day
            count = bisect_left(self.density, high) - bisect_left(self.density, low)
            if count:
                counts.append((x, count))
            x += step
        if not counts:
            return
        tallest = max(c for _, c in counts)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.theme.colour(DENSITY))
        for x, count in counts:
            height = 2 + 8 * count / tallest
            painter.drawRect(QRectF(x, base - height, step - 1, height))


def ticks(first: int, last: int, per_day: float) -> list[tuple[int, str, bool]]:
    """Tick days (ordinals) between ``first`` and ``last``, spaced at least ~90 px apart."""
    first = max(1, first)
    last = min(dt.date.max.toordinal(), max(first, last))
    if per_day >= 90:
        return [(d, _day(d), dt.date.fromordinal(d).day == 1) for d in range(first, last + 1)]
    if per_day * 7 >= 90:
        return [
            (d, _day(d), False)
            for d in range(first, last + 1)
            if dt.date.fromordinal(d).weekday() == 0
        ]
    for months in (1, 3, 6, 12, 24, 60, 120, 600):
        if per_day * 30.4 * months >= 90:
            return _month_ticks(first, last, months)
    return _month_ticks(first, last, 1200)


def _month_ticks(first: int, last: int, step: int) -> list[tuple[int, str, bool]]:
    start = dt.date.fromordinal(first)
    index = start.year * 12 + start.month - 1
    index -= index % step
    out = []
    while True:
        year, month = divmod(index, 12)
        if year > 9999:
            break
        day = dt.date(max(1, year), month + 1, 1).toordinal()
        if day > last:
            break
        text = str(year) if step >= 12 else f"{_MONTHS[month]} {year}"
        out.append((day, text, month == 0))
        index += step
    return out


def _day(ordinal: int) -> str:
    date = dt.date.fromordinal(ordinal)
    return f"{date.day} {_MONTHS[date.month - 1]} {date.year}"
