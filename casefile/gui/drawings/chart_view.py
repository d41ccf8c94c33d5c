"""The link chart scene and view: build items from a graph, zoom/pan/fit, drags, highlighting."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QPixmapCache,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QWidget,
)

from casefile.core.linkchart import Edge, Graph
from casefile.gui.common.palette import LIGHT, Theme
from casefile.gui.drawings.chart_edges import (
    DOTS_BELOW,
    NODE_LABELS_FROM,
    SHAPES,
    EdgeLayer,
    EdgeSet,
)
from casefile.gui.drawings.chart_items import VEIL_Z, NodeItem

Positions = dict[str, tuple[float, float]]
PIXMAP_CACHE_KB = 96 * 1024
ZOOM_SETTLES_MS = 200  # after the last zoom step, the edges are drawn sharp again
EDGE_REACH = 6.0  # pixels: a double-click this near a relationship's line opens it


class ChartScene(QGraphicsScene):
    """Nodes (items) and edges (two bulk layers); selecting nodes dims all but their
    neighbourhood: its edges move to the front layer, above a translucent veil."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.nodes: dict[str, NodeItem] = {}
        self.index: dict[str, int] = {}
        self.edges = EdgeSet((), {}, np.zeros((0, 2)))
        self.base: EdgeLayer | None = None
        self.front: EdgeLayer | None = None
        self.theme = LIGHT
        self._node_labels, self._dots = True, False
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(ZOOM_SETTLES_MS)
        self._settle.timeout.connect(self.zoom_settled)
        self.selectionChanged.connect(self.highlight_selection)

    def populate(self, graph: Graph, positions: Positions) -> None:
        """Replace all items with the graph's, placed at ``positions``."""
        self.blockSignals(True)
        self.clear()
        self.blockSignals(False)
        self._settle.stop()
        self.nodes, self.base, self.front = {}, None, None
        self.veil = QGraphicsRectItem()
        self.veil.setPen(QPen(Qt.PenStyle.NoPen))
        self.veil.setBrush(self.theme.veil)
        self.veil.setZValue(VEIL_Z)
        self.veil.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.veil.setVisible(False)
        self.addItem(self.veil)
        self.index = {node.id: i for i, node in enumerate(graph.nodes)}
        xy = np.array([positions.get(n.id, (0.0, 0.0)) for n in graph.nodes], float)
        for node in graph.nodes:
            item = NodeItem(node, self.theme)
            item.setPos(*positions.get(node.id, (0.0, 0.0)))
            self.addItem(item)
            self.nodes[node.id] = item
        drawn = [
            e
            for e in graph.edges
            if e.source != e.target and {e.source, e.target} <= self.nodes.keys()
        ]
        self.edges = EdgeSet(drawn, self.index, xy.reshape(-1, 2))
        self.edges.shapes[:] = [SHAPES.index(n.shape) for n in graph.nodes]
        for number, edge in enumerate(drawn):
            self.nodes[edge.source].edges.append(number)
            self.nodes[edge.target].edges.append(number)
        self.base, self.front = EdgeLayer(self.edges, False), EdgeLayer(self.edges, True)
        self.base.theme = self.front.theme = self.theme
        self.addItem(self.base)
        self.addItem(self.front)
        self._apply_detail()

    def set_theme(self, theme: Theme) -> None:
        """Colour everything for this sheet (the view's palette turned light or dark)."""
        if theme == self.theme:
            return
        self.theme = theme
        for item in self.nodes.values():
            item.restyle(theme)
        if self.nodes:
            self.veil.setBrush(theme.veil)
        for layer in (self.base, self.front):
            if layer is not None:
                layer.theme = theme
                layer.settled()
                layer.update()

    def node_moved(self, item: NodeItem) -> None:
        """A node moved: the layers holding its edges (or its dot) are drawn again."""
        number = self.index.get(item.node_id)
        if number is None or self.base is None or self.front is None:
            return
        self.edges.xy[number] = (item.pos().x(), item.pos().y())
        self.edges.version += 1
        touching = self.edges.of_node(number)
        for layer in (self.front, self.base):
            if layer.node_mask[number] or layer.edge_mask[touching].any():
                layer.refresh()

    def move_node(self, node_id: str, x: float, y: float) -> None:
        item = self.nodes.get(node_id)
        if item is not None and (item.pos().x(), item.pos().y()) != (x, y):
            item.setPos(x, y)

    def positions(self) -> Positions:
        return {i: (item.pos().x(), item.pos().y()) for i, item in self.nodes.items()}

    def selected_nodes(self) -> list[NodeItem]:
        return [i for i in self.selectedItems() if isinstance(i, NodeItem)]

    def highlight_selection(self) -> None:
        """Dim everything outside the selected nodes' neighbourhood (nothing dims if none)."""
        if self.base is None or self.front is None:
            return
        chosen = np.zeros(len(self.index), dtype=bool)
        chosen[[self.index[item.node_id] for item in self.selected_nodes()]] = True
        touching = chosen[self.edges.src] | chosen[self.edges.dst]
        near = chosen.copy()
        near[self.edges.src[touching]] = near[self.edges.dst[touching]] = True
        anything = bool(chosen.any())
        for node_id, item in self.nodes.items():
            number = self.index[node_id]
            state = "normal" if not anything else "near" if near[number] else "dim"
            item.set_state("chosen" if chosen[number] else state)
        self.front.edge_mask, self.front.node_mask = touching, near & anything
        self.front.chosen = chosen
        base = (~touching, ~near if anything else np.ones_like(near), anything)
        if not _same_masks(self.base, *base):
            self.base.edge_mask, self.base.node_mask, self.base.dim = base
            self.base.refresh()
        self.front.refresh()
        if anything:
            self.veil.setRect(self.content_rect().adjusted(-30, -30, 30, 30))
        self.veil.setVisible(anything)
        self._apply_detail()

    def touching(self) -> list[Edge]:
        """The edges drawn in front (those of the selected nodes)."""
        mask: Any = self.front.edge_mask if self.front is not None else []
        return [edge for edge, shown in zip(self.edges.edges, mask, strict=True) if shown]

    def edge_at(self, point: QPointF, scale: float) -> Edge | None:
        """The edge under a point of the scene (within a few pixels at this zoom)."""
        found = self.edges.nearest(point.x(), point.y(), EDGE_REACH / max(scale, 1e-6))
        return None if found is None else self.edges.edges[found]

    def content_rect(self) -> QRectF:
        """What the chart shows: nodes and edges with their labels (not the veil)."""
        rect = QRectF()
        for layer in (self.base, self.front):
            if layer is not None and not layer.boundingRect().isNull():
                rect |= layer.boundingRect()
        for item in self.nodes.values():
            rect |= item.sceneBoundingRect() | item.label.sceneBoundingRect()
        return rect

    def neighbourhood(self) -> set[str]:
        """The ids of nodes drawn at full strength (all when nothing is selected)."""
        return {i for i, item in self.nodes.items() if item.state != "dim"}

    def set_detail(self, scale: float) -> None:
        """Node names only when zoomed in far enough to read them; zoomed far out, nodes are
        dots drawn by the edge layers (the node items stay, clear, to be clicked and dragged).
        The edge layers choose their own detail as they paint."""
        detail = (scale >= NODE_LABELS_FROM, scale < DOTS_BELOW)
        if detail != (self._node_labels, self._dots):
            self._node_labels, self._dots = detail
            self._apply_detail()

    def zooming(self, scale: float, ratio: float = 1.0) -> None:
        """The view zoomed: scale the edges' picture now, redraw it sharp once it rests."""
        if self.base is not None and self.base.zooming(scale, ratio):
            self._settle.start()

    def zoom_settled(self) -> None:
        self._settle.stop()
        if self.base is not None:
            self.base.settled()

    @contextmanager
    def full_detail(self) -> Iterator[None]:
        """Everything drawn as at 100% (for an export), whatever the view's zoom."""
        self.zoom_settled()
        was = (self._node_labels, self._dots)
        self._node_labels, self._dots = True, False
        self._apply_detail()
        try:
            yield
        finally:
            self._node_labels, self._dots = was
            self._apply_detail()

    def _apply_detail(self) -> None:
        empty = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents  # not painted, still clickable
        for item in self.nodes.values():
            shown = self._node_labels and item.state != "dim"
            if item.label.isVisible() != shown:
                item.label.setVisible(shown)
            if bool(item.flags() & empty) != self._dots:
                item.setFlag(empty, self._dots)


def _same_masks(layer: EdgeLayer, edges: Any, nodes: Any, dim: bool) -> bool:
    return (
        layer.dim == dim
        and np.array_equal(layer.edge_mask, edges)
        and np.array_equal(layer.node_mask, nodes)
    )


class ChartView(QGraphicsView):
    """Wheel or +/- zooms, drag on the background pans, 0 fits; drags of nodes are reported."""

    nodes_moved = Signal(list)  # [(node id, record kind, x, y)] after one drag
    open_requested = Signal(str, str)  # record kind, id

    def __init__(self, scene: ChartScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.chart = scene
        hints = QPainter.RenderHint
        # (smooth pixmap scaling: the edges' picture is scaled while a zoom is in progress)
        self.setRenderHints(
            hints.Antialiasing | hints.TextAntialiasing | hints.SmoothPixmapTransform
        )
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Link chart")
        self.follow_palette()
        self._pressed: dict[str, QPointF] = {}
        # Each node and the edge layer keep a device pixmap: room for a large chart's
        # (Qt's default of 10 MB would evict and redraw them on every frame).
        QPixmapCache.setCacheLimit(max(QPixmapCache.cacheLimit(), PIXMAP_CACHE_KB))
        self.auto_fit = True  # refit when the view is resized, until the user zooms or pans

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.auto_fit:
            self.fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.follow_palette()

    def follow_palette(self) -> None:
        """Draw on the palette's sheet: light or dark, re-read when the palette changes."""
        theme = Theme.of(self.palette())
        self.setBackgroundBrush(theme.background)
        self.chart.set_theme(theme)

    # --- zoom and pan --------------------------------------------------------------------

    def zoom(self, factor: float) -> None:
        scale = self.transform().m11() * factor
        if 0.02 <= scale <= 6.0:
            self.scale(factor, factor)
            self.chart.zooming(self.transform().m11(), self.devicePixelRatioF())
        self.auto_fit = False
        self._detail()

    def _detail(self) -> None:
        """Node names only where the zoom makes them readable. Nodes stay antialiased (each
        is drawn once into its pixmap); the edge layers choose their own smoothing."""
        self.chart.set_detail(self.transform().m11())

    def fit(self) -> None:
        rect = self.chart.content_rect()
        if rect.isEmpty():
            return
        self.fitInView(rect.adjusted(-30, -30, 30, 30), Qt.AspectRatioMode.KeepAspectRatio)
        if self.transform().m11() > 1.5:
            self.resetTransform()
            self.scale(1.5, 1.5)
            self.centerOn(rect.center())
        self.auto_fit = True
        self._detail()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(1.15**steps)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(1.25)
        elif key == Qt.Key.Key_Minus:
            self.zoom(0.8)
        elif key in (Qt.Key.Key_0, Qt.Key.Key_Home):
            self.fit()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_selected()
        else:
            super().keyPressEvent(event)

    def focusNextPrevChild(self, forward: bool) -> bool:
        """Tab and Shift+Tab step through the nodes in name order."""
        nodes = sorted(self.chart.nodes.values(), key=lambda n: (n.text.casefold(), n.node_id))
        if not nodes:
            return super().focusNextPrevChild(forward)
        chosen = self.chart.selected_nodes()
        at = nodes.index(chosen[0]) if chosen else (-1 if forward else 0)
        item = nodes[(at + (1 if forward else -1)) % len(nodes)]
        self.select_node(item.node_id)
        return True

    def select_node(self, node_id: str) -> None:
        item = self.chart.nodes.get(node_id)
        if item is None:
            return
        self.chart.clearSelection()
        item.setSelected(True)
        self.ensureVisible(item, 80, 80)

    def open_selected(self) -> None:
        chosen = self.chart.selected_nodes()
        if chosen:
            self.open_requested.emit(chosen[0].record_kind, chosen[0].node_id)

    # --- drags and double-clicks -----------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.auto_fit = False
        super().mousePressEvent(event)
        self._pressed = {n.node_id: n.pos() for n in self.chart.selected_nodes()}

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        self.finish_drag()

    def finish_drag(self) -> None:
        """Report the nodes whose position changed since the press (one drag, one report)."""
        moved = []
        for node_id, before in self._pressed.items():
            item = self.chart.nodes.get(node_id)
            if item is not None and item.pos() != before:
                moved.append((node_id, item.record_kind, item.pos().x(), item.pos().y()))
        self._pressed = {}
        if moved:
            self.nodes_moved.emit(moved)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        item = self.node_at(point)
        if item is not None:
            self.open_requested.emit(item.record_kind, item.node_id)
            return
        edge = self.chart.edge_at(self.mapToScene(point), self.transform().m11())
        if edge is not None and edge.ident:
            self.open_requested.emit("relationship", edge.ident)
            return
        super().mouseDoubleClickEvent(event)

    def node_at(self, point: QPoint) -> NodeItem | None:
        """The topmost node under a point of the viewport (through the veil and layers)."""
        for item in self.items(point):
            while item is not None and not isinstance(item, NodeItem):
                item = item.parentItem()
            if item is not None:
                return item
        return None

    def visible_scene_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()
