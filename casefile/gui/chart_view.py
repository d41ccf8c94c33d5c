"""The link chart scene and view: build items from a graph, zoom/pan/fit, drags, highlighting."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QWidget,
)

from casefile.core.linkchart import Graph
from casefile.gui.chart_items import VEIL_Z, EdgeItem, NodeItem

Positions = dict[str, tuple[float, float]]
NODE_LABELS_FROM = 0.45  # zoom at which node names and arrowheads appear
EDGE_LABELS_FROM = 0.8  # zoom at which relationship types appear
SMOOTH_FROM = 0.45  # zoom at which lines are antialiased (costly for thousands of edges)
OVERVIEW_EDGES = 1500  # zoomed out, charts with more edges draw them as one path
OVERVIEW_LINE = "#ccd3db"
SMOOTH_EDGES_UP_TO = 2500  # more edges than this are antialiased only when zoomed in close


class ChartScene(QGraphicsScene):
    """Nodes and edges of one graph; selecting nodes dims all but their neighbourhood."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.nodes: dict[str, NodeItem] = {}
        self.edges: list[EdgeItem] = []
        self._node_labels = self._edge_labels = True
        self.overview: QGraphicsPathItem | None = None
        self._stale = QTimer(self)
        self._stale.setSingleShot(True)
        self._stale.setInterval(120)
        self._stale.timeout.connect(self._draw_overview)
        self.selectionChanged.connect(self.highlight_selection)

    def populate(self, graph: Graph, positions: Positions) -> None:
        """Replace all items with the graph's, placed at ``positions``."""
        self.blockSignals(True)
        self.clear()
        self.blockSignals(False)
        self.nodes, self.edges, self.overview = {}, [], None
        self.veil = QGraphicsRectItem()
        self.veil.setPen(QPen(Qt.PenStyle.NoPen))
        self.veil.setBrush(QColor(255, 255, 255, 190))
        self.veil.setZValue(VEIL_Z)
        self.veil.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.veil.setVisible(False)
        self.addItem(self.veil)
        for node in graph.nodes:
            item = NodeItem(node)
            x, y = positions.get(node.id, (0.0, 0.0))
            item.setPos(x, y)
            self.addItem(item)
            self.nodes[node.id] = item
        parallel: dict[frozenset[str], int] = defaultdict(int)
        for edge in graph.edges:
            a, b = self.nodes.get(edge.source), self.nodes.get(edge.target)
            if a is None or b is None or a is b:
                continue
            pair = frozenset((edge.source, edge.target))
            line = EdgeItem(edge, a, b, parallel[pair])
            parallel[pair] += 1
            self.addItem(line)
            self.edges.append(line)
        self._apply_detail()

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
        chosen = {item.node_id for item in self.selected_nodes()}
        near = set(chosen)
        for node_id in chosen:
            for edge in self.nodes[node_id].edges:
                near.update((edge.source.node_id, edge.target.node_id))
        for node_id, item in self.nodes.items():
            state = "normal" if not chosen else "near" if node_id in near else "dim"
            item.set_state("chosen" if node_id in chosen else state)
        for edge in self.edges:
            touching = edge.source.node_id in chosen or edge.target.node_id in chosen
            edge.set_dim(bool(chosen) and not touching, touching)
        if chosen:
            self.veil.setRect(self.content_rect().adjusted(-30, -30, 30, 30))
        self.veil.setVisible(bool(chosen))
        self._apply_detail()

    def content_rect(self) -> QRectF:
        """What the chart shows: its nodes with their labels (not the veil)."""
        rect = QRectF()
        for item in self.nodes.values():
            rect |= item.sceneBoundingRect() | item.label.sceneBoundingRect()
        return rect

    def neighbourhood(self) -> set[str]:
        """The ids of nodes drawn at full strength (all when nothing is selected)."""
        return {i for i, item in self.nodes.items() if item.state != "dim"}

    def set_detail(self, scale: float) -> None:
        """Show names and relationship labels only when zoomed in far enough to read them."""
        node_labels, edge_labels = scale >= NODE_LABELS_FROM, scale >= EDGE_LABELS_FROM
        if (node_labels, edge_labels) != (self._node_labels, self._edge_labels):
            self._node_labels, self._edge_labels = node_labels, edge_labels
            self._apply_detail()

    def _apply_detail(self) -> None:
        for item in self.nodes.values():
            item.label.setVisible(self._node_labels and item.state != "dim")
        for edge in self.edges:
            if edge.label is not None:
                edge.label.setVisible(self._edge_labels and not edge.dim)
            if edge.arrow is not None:
                edge.arrow.setVisible(self._node_labels)
        overview = not self._node_labels and len(self.edges) > OVERVIEW_EDGES
        for edge in self.edges:
            edge.setVisible(not overview or edge.touching)
        # Zoomed out everything is in view, where a BSP tree only costs (3x slower frames);
        # zoomed in, the tree finds the few visible items among tens of thousands.
        index = QGraphicsScene.ItemIndexMethod
        wanted = index.NoIndex if overview else index.BspTreeIndex
        if self.itemIndexMethod() != wanted:
            self.setItemIndexMethod(wanted)
        if overview:
            self._draw_overview()
        elif self.overview is not None:
            self.overview.setVisible(False)

    def edges_moved(self) -> None:
        """Nodes moved: the overview drawing is redrawn once the movement pauses."""
        if self.overview is not None and self.overview.isVisible():
            self._stale.start()

    def _draw_overview(self) -> None:
        """Zoomed out on a large chart, all edges are one path: one item to paint, not 10,000."""
        if self.overview is None:
            self.overview = QGraphicsPathItem()
            self.overview.setZValue(-1)
            self.overview.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            self.addItem(self.overview)
        path = QPainterPath()
        for edge in self.edges:
            path.moveTo(edge.source.pos())
            path.lineTo(edge.target.pos())
        pen = QPen(QColor(OVERVIEW_LINE), 1.0)
        pen.setCosmetic(True)
        self.overview.setPen(pen)
        self.overview.setPath(path)
        self.overview.setVisible(True)


class ChartView(QGraphicsView):
    """Wheel or +/- zooms, drag on the background pans, 0 fits; drags of nodes are reported."""

    nodes_moved = Signal(list)  # [(node id, record kind, x, y)] after one drag
    open_requested = Signal(str, str)  # record kind, id

    def __init__(self, scene: ChartScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.chart = scene
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState)
        self.setBackgroundBrush(Qt.GlobalColor.white)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Link chart")
        self._pressed: dict[str, QPointF] = {}
        self.auto_fit = True  # refit when the view is resized, until the user zooms or pans

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.auto_fit:
            self.fit()

    # --- zoom and pan --------------------------------------------------------------------

    def zoom(self, factor: float) -> None:
        scale = self.transform().m11() * factor
        if 0.02 <= scale <= 6.0:
            self.scale(factor, factor)
        self.auto_fit = False
        self._detail()

    def _detail(self) -> None:
        """Labels, arrowheads and antialiasing only where the zoom makes them worth drawing."""
        scale = self.transform().m11()
        self.chart.set_detail(scale)
        few = len(self.chart.edges) <= SMOOTH_EDGES_UP_TO
        smooth = scale >= SMOOTH_FROM if few else scale >= 2.0
        self.setRenderHint(QPainter.RenderHint.Antialiasing, smooth)

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
        item = self.node_at(event.position().toPoint())
        if isinstance(item, NodeItem):
            self.open_requested.emit(item.record_kind, item.node_id)
            return
        if isinstance(item, EdgeItem) and item.edge.ident:
            self.open_requested.emit("relationship", item.edge.ident)
            return
        super().mouseDoubleClickEvent(event)

    def node_at(self, point: object) -> QGraphicsItem | None:
        item = self.itemAt(point)  # type: ignore[call-overload]
        while item is not None and not isinstance(item, NodeItem | EdgeItem):
            item = item.parentItem()
        return item

    def visible_scene_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()
