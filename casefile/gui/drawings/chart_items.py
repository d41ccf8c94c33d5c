"""Link chart nodes: shaped by kind, named on a plate, draggable; all painted by Qt in C++."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFont, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
)

from casefile.core.linkchart import Node
from casefile.gui.common.fonts import font
from casefile.gui.common.palette import LIGHT, Theme
from casefile.gui.common.text import one_line, tooltip

NODE_STYLE = {  # fill, outline
    "person": ("#dbe8f7", "#2f6db5"),
    "organisation": ("#dcf1e4", "#2e8a57"),
    "other": ("#eeeeee", "#6b6b6b"),
    "claim": ("#fdf0d5", "#b7791f"),
}
EDGE_STYLE = {  # colour, width, pen style
    "relationship": ("#5b6675", 1.4, Qt.PenStyle.SolidLine),
    "co-mention": ("#a9b4c2", 1.0, Qt.PenStyle.DashLine),
    "subject": ("#d4a35a", 1.2, Qt.PenStyle.DotLine),
}
KIND_WORDS = {
    "person": "Person",
    "organisation": "Organisation",
    "other": "Other",
    "claim": "Claim",
}
LABEL_POINTS, EDGE_POINTS = 9.0, 7.5
NODE_TEXT, EDGE_TEXT, CHOSEN = "#1f2933", "#3e4c59", "#d9480f"
PALE_LINE = "#e3e6ea"
# Nodes sit below the veil (hidden while nothing is selected); a selection raises only its
# neighbourhood above it, so selecting restacks a few nodes, not thousands.
EDGE_Z, NODE_Z, VEIL_Z, TOUCHING_Z, RAISED_Z = 0.0, 2.0, 2.5, 2.8, 4.0
RADIUS = 15.0


def node_path(shape: str) -> QPainterPath:
    """The outline of a node: circle (person), rounded square (organisation), diamond (claim)."""
    path = QPainterPath()
    r = RADIUS
    if shape == "person":
        path.addEllipse(QPointF(0, 0), r, r)
    elif shape == "organisation":
        path.addRoundedRect(QRectF(-r, -r * 0.85, 2 * r, 1.7 * r), 4, 4)
    elif shape == "claim":
        path.addPolygon(QPolygonF([QPointF(0, -r), QPointF(r, 0), QPointF(0, r), QPointF(-r, 0)]))
        path.closeSubpath()
    else:
        corners = [QPointF(r * math.cos(a), r * math.sin(a)) for a in _hexagon()]
        path.addPolygon(QPolygonF([*corners, corners[0]]))
    return path


def _hexagon() -> list[float]:
    return [math.pi / 6 + i * math.pi / 3 for i in range(6)]


class NodeItem(QGraphicsPathItem):
    """A draggable node; the scene hears of each move and redraws the edges that touch it."""

    def __init__(self, node: Node, theme: Theme = LIGHT) -> None:
        super().__init__(node_path(node.shape))
        self.node_id = node.id
        self.record_kind = node.record_kind
        self.shape_name = node.shape
        self.text = node.label
        self.edges: list[int] = []  # indexes of the scene's edges that touch this node
        flags = QGraphicsItem.GraphicsItemFlag
        self.setFlags(flags.ItemIsMovable | flags.ItemIsSelectable | flags.ItemSendsGeometryChanges)
        self.setZValue(NODE_Z)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setToolTip(tooltip(f"{KIND_WORDS[node.shape]}: {node.label}"))
        self.state = "normal"
        self.label = _label(one_line(node.label, 34), self, font(LABEL_POINTS))
        rect = self.label.boundingRect()
        self.label.setPos(-rect.width() / 2, RADIUS + 3)
        self.restyle(theme)

    def restyle(self, theme: Theme) -> None:
        """Colours for this sheet (light or dark): fill, outline, the name and its plate."""
        self.theme = theme
        fill, _outline = NODE_STYLE[self.shape_name]
        self.setBrush(QBrush(theme.colour(fill)))
        self._outline()
        self.label.setBrush(QBrush(theme.background))
        words = self.label.childItems()[0]
        assert isinstance(words, QGraphicsSimpleTextItem)
        words.setBrush(QBrush(theme.colour(NODE_TEXT)))

    def _outline(self) -> None:
        chosen = self.state == "chosen"
        outline = CHOSEN if chosen else NODE_STYLE[self.shape_name][1]
        self.setPen(QPen(self.theme.colour(outline), 3.0 if chosen else 1.6))

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            scene = self.scene()
            if hasattr(scene, "node_moved"):
                scene.node_moved(self)
        return super().itemChange(change, value)

    def set_state(self, state: str) -> None:
        """``normal``, ``chosen``, ``near`` (in the selection's neighbourhood) or ``dim``.

        Only the stacking changes (and the chosen node's outline): a translucent veil between
        the dim and the raised items does the dimming, so a selection touches no pens of
        thousands of items and frames need no per-item blending.
        """
        if state == self.state:
            return
        was_chosen, self.state = self.state == "chosen", state
        z = RAISED_Z if state in ("chosen", "near") else NODE_Z
        if z != self.zValue():
            self.setZValue(z)
        if was_chosen != (state == "chosen"):
            self._outline()


def _label(text: str, parent: QGraphicsItem, font: QFont) -> QGraphicsRectItem:
    """Plain text (never markup) on a plate of the sheet's colour (``NodeItem.restyle``
    colours both) so it stays readable over lines; opaque: blending costs frames."""
    plate = QGraphicsRectItem(parent)
    plate.setPen(QPen(Qt.PenStyle.NoPen))
    label = QGraphicsSimpleTextItem(text, plate)
    label.setFont(font)
    rect = label.boundingRect()
    plate.setRect(rect.adjusted(-2, 0, 2, 0))
    label.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    plate.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
    label.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
    return plate
