"""Link chart items: nodes shaped by kind, labelled edges with arrows; all painted by Qt in C++."""

from __future__ import annotations

import functools
import math
from typing import Any

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsPathItem,
    QGraphicsPolygonItem,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
)

from casefile.core.linkchart import Edge, Node
from casefile.gui.analysis_common import one_line, tooltip

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
EDGE_Z, LABEL_Z, DIM_Z, VEIL_Z, TOUCHING_Z, NODE_Z, RAISED_Z = 0.0, 1.0, 2.0, 2.5, 2.8, 3.0, 4.0
RADIUS = 15.0


@functools.cache
def font(points: float) -> QFont:
    """The application's font at ``points`` (made once the application exists)."""
    made = QFont(QApplication.font())
    made.setPointSizeF(points)
    return made


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
    """A draggable node; moving it re-routes its edges (no Python runs while painting)."""

    def __init__(self, node: Node) -> None:
        super().__init__(node_path(node.shape))
        self.node_id = node.id
        self.record_kind = node.record_kind
        self.shape_name = node.shape
        self.text = node.label
        self.edges: list[EdgeItem] = []
        fill, outline = NODE_STYLE[node.shape]
        self.setBrush(QBrush(QColor(fill)))
        self.setPen(QPen(QColor(outline), 1.6))
        flags = QGraphicsItem.GraphicsItemFlag
        self.setFlags(flags.ItemIsMovable | flags.ItemIsSelectable | flags.ItemSendsGeometryChanges)
        self.setZValue(NODE_Z)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setToolTip(tooltip(f"{KIND_WORDS[node.shape]}: {node.label}"))
        self.state = "normal"
        self.label = _label(one_line(node.label, 34), self, font(LABEL_POINTS), NODE_TEXT)
        rect = self.label.boundingRect()
        self.label.setPos(-rect.width() / 2, RADIUS + 3)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            for edge in self.edges:
                edge.adjust()
            scene = self.scene()
            if hasattr(scene, "edges_moved"):
                scene.edges_moved()
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
        self.setZValue({"dim": DIM_Z, "normal": NODE_Z}.get(state, RAISED_Z))
        if was_chosen != (state == "chosen"):
            outline = CHOSEN if state == "chosen" else NODE_STYLE[self.shape_name][1]
            self.setPen(QPen(QColor(outline), 3.0 if state == "chosen" else 1.6))


class EdgeItem(QGraphicsLineItem):
    """A line between two nodes, an arrow for a relationship's direction, and its label."""

    def __init__(self, edge: Edge, source: NodeItem, target: NodeItem, offset: int = 0) -> None:
        super().__init__()
        self.edge = edge
        self.source, self.target = source, target
        self.offset = offset
        colour, width, style = EDGE_STYLE[edge.kind]
        if edge.kind == "co-mention":
            width = min(4.0, 0.8 + 0.4 * edge.count)
        pen = QPen(QColor(colour), width, style)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        self.setPen(pen)
        self.setZValue(EDGE_Z)
        self.arrow: QGraphicsPolygonItem | None = None
        if edge.kind == "relationship":
            self.arrow = QGraphicsPolygonItem(self)
            self.arrow.setBrush(QBrush(QColor(colour)))
            self.arrow.setPen(QPen(Qt.PenStyle.NoPen))
        text = one_line(edge.label, 40)
        self.label = _label(text, self, font(EDGE_POINTS), EDGE_TEXT) if text else None
        self.dim = self.touching = False
        if self.label is not None:
            self.label.setZValue(LABEL_Z)
        source.edges.append(self)
        target.edges.append(self)
        self.adjust()

    def set_dim(self, dim: bool, touching: bool = False) -> None:
        """Below the veil (``dim``), or raised above it when it touches the selection."""
        self.dim = dim
        if touching != self.touching:
            self.touching = touching
            self.setZValue(TOUCHING_Z if touching else EDGE_Z)

    def adjust(self) -> None:
        a, b = self.source.pos(), self.target.pos()
        line = QLineF(a, b)
        self.setLine(line)
        length = line.length()
        if length < 1e-6:
            return
        unit = QPointF(line.dx() / length, line.dy() / length)
        if self.arrow is not None:
            tip = b - unit * (RADIUS + 2)
            normal = QPointF(-unit.y(), unit.x())
            base = tip - unit * 9
            self.arrow.setPolygon(QPolygonF([tip, base + normal * 4.5, base - normal * 4.5]))
        if self.label is not None:
            rect = self.label.boundingRect()
            middle = (a + b) / 2
            self.label.setPos(
                middle.x() - rect.width() / 2,
                middle.y() - rect.height() / 2 + self.offset * (rect.height() + 1),
            )


def _label(text: str, parent: QGraphicsItem, font: QFont, colour: str) -> QGraphicsRectItem:
    """Plain text (never markup) on a soft white plate so it stays readable over lines."""
    plate = QGraphicsRectItem(parent)
    plate.setPen(QPen(Qt.PenStyle.NoPen))
    plate.setBrush(QBrush(QColor("white")))  # opaque: blending costs frames
    label = QGraphicsSimpleTextItem(text, plate)
    label.setFont(font)
    label.setBrush(QBrush(QColor(colour)))
    rect = label.boundingRect()
    plate.setRect(rect.adjusted(-2, 0, 2, 0))
    label.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    plate.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
    label.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
    return plate
