"""Link chart edges drawn in bulk: numpy arrays of endpoints, a few paths per frame, no item each."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QImage,
    QPaintEngine,
    QPainter,
    QPainterPath,
    QPen,
    QStaticText,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from casefile.core.linkchart import Edge
from casefile.gui.common.fonts import font
from casefile.gui.common.palette import LIGHT
from casefile.gui.common.text import one_line
from casefile.gui.drawings.chart_items import (
    CHOSEN,
    EDGE_POINTS,
    EDGE_STYLE,
    EDGE_TEXT,
    EDGE_Z,
    NODE_STYLE,
    TOUCHING_Z,
)
from casefile.gui.drawings.chart_paths import arrows_path, clipped, dots_path, lines_path

NODE_LABELS_FROM = 0.45  # zoom at which node names and arrowheads appear
EDGE_LABELS_FROM = 0.8  # zoom at which relationship types appear
SMOOTH_FROM = 0.45  # zoom at which lines are antialiased (costly for thousands of edges)
SMOOTH_EDGES_UP_TO = 2500  # more edges than this are antialiased only when zoomed in close
OVERVIEW_EDGES = 1500  # zoomed out, charts with more edges draw them all as thin pale lines
OVERVIEW_LINE = "#ccd3db"
DOTS_BELOW = 0.3  # zoomed out further, nodes are drawn as dots of a readable size instead
DOT_PIXELS = 5.0
LABEL_REACH = 160.0  # culling margin (scene units): labels and arrows reach this far out
ZOOM_PICTURE_PIXELS = 2048  # largest side of the picture scaled during a zoom (beyond it,
# the chart is larger than the view and a step redraws only the part in view)
PATHS_KEPT = 24  # built paths kept for reuse (a 10,000-line path is about half a megabyte)
LABEL_HALF_WIDTH, LABEL_HEIGHT = 100.0, 16.0  # what labels add around the lines' extent
SHAPES = ("person", "organisation", "other", "claim")
Style = tuple[str, float, Qt.PenStyle]


class EdgeSet:
    """The drawn edges as arrays (node indexes, style, label) over live node positions."""

    def __init__(self, edges: Sequence[Edge], index: dict[str, int], xy: Any) -> None:
        self.edges = list(edges)
        self.xy = xy  # (nodes, 2) float array, kept up to date by the scene as nodes move
        self.version = 0  # counts those moves
        self.src = np.array([index[e.source] for e in edges], dtype=np.int64)
        self.dst = np.array([index[e.target] for e in edges], dtype=np.int64)
        styles: dict[Style, int] = {}
        self.style = np.array([styles.setdefault(_style(e), len(styles)) for e in edges], int)
        self.styles = list(styles)
        self.labels = [one_line(e.label, 40) for e in edges]
        self.offset = np.array(_parallel_offsets(edges), dtype=float)
        self.arrowed = np.array([e.kind == "relationship" for e in edges], dtype=bool)
        self.labelled = np.array([bool(text) for text in self.labels], dtype=bool)
        self.shapes = np.zeros(len(xy), dtype=np.int64)  # index into SHAPES, set by the scene
        order = np.argsort(np.concatenate([self.src, self.dst]), kind="stable")
        self._by_node = (
            order % max(1, len(edges)),
            np.bincount(np.concatenate([self.src, self.dst]), minlength=len(xy)).cumsum(),
        )

    def __len__(self) -> int:
        return len(self.edges)

    def of_node(self, node: int) -> Any:
        """Indexes of the edges that touch node ``node``."""
        order, ends = self._by_node
        return order[(ends[node - 1] if node else 0) : ends[node]]

    def segments(self) -> Any:
        """(edges, 4) array of x1, y1, x2, y2 from the nodes' current positions."""
        return np.hstack([self.xy[self.src], self.xy[self.dst]])

    def clear_labels(self, width: dict[str, float], height: float) -> Any:
        """A mask of labels that overlap no label before them (greedy, in edge order)."""
        keep = np.zeros(len(self), dtype=bool)
        seg = self.segments()
        middle = ((seg[:, :2] + seg[:, 2:]) / 2).tolist()
        grid: dict[tuple[int, int], list[tuple[float, float, float, float]]] = defaultdict(list)
        for i in np.flatnonzero(self.labelled).tolist():
            w = width[self.labels[i]] + 4
            x0 = middle[i][0] - w / 2
            y0 = middle[i][1] - height / 2 + self.offset[i] * (height + 1)
            box = (x0, y0, x0 + w, y0 + height)
            cells = [
                (cx, cy)
                for cx in range(int(box[0] // 128), int(box[2] // 128) + 1)
                for cy in range(int(box[1] // 16), int(box[3] // 16) + 1)
            ]
            if not any(_overlap(box, other) for cell in cells for other in grid.get(cell, ())):
                keep[i] = True
                for cell in cells:
                    grid[cell].append(box)
        return keep

    def nearest(self, x: float, y: float, reach: float) -> int | None:
        """The edge whose line passes nearest to (x, y), if within ``reach``."""
        if not len(self):
            return None
        seg = self.segments()
        a, d = seg[:, :2], seg[:, 2:] - seg[:, :2]
        length2 = np.maximum((d * d).sum(axis=1), 1e-9)
        t = np.clip(((np.array([x, y]) - a) * d).sum(axis=1) / length2, 0.0, 1.0)
        gap = np.hypot(*(a + d * t[:, None] - np.array([x, y])).T)
        best = int(np.argmin(gap))
        return best if gap[best] <= reach else None


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _style(edge: Edge) -> Style:
    colour, width, pen_style = EDGE_STYLE[edge.kind]
    if edge.kind == "co-mention":
        width = min(4.0, 0.8 + 0.4 * edge.count)
    return colour, width, pen_style


def _parallel_offsets(edges: Sequence[Edge]) -> list[int]:
    """0, 1, 2… for edges joining the same pair, so their labels stack instead of overlap."""
    seen: dict[frozenset[str], int] = defaultdict(int)
    out = []
    for edge in edges:
        pair = frozenset((edge.source, edge.target))
        out.append(seen[pair])
        seen[pair] += 1
    return out


class EdgeLayer(QGraphicsItem):
    """All edges of one kind of layer in one item: the base (under the veil, cached as a
    device pixmap that panning scrolls) or the front (the selection's own edges, above it)."""

    def __init__(self, edges: EdgeSet, front: bool) -> None:
        super().__init__()
        self.set = edges
        self.front = front
        self.edge_mask = np.full(len(edges), not front)
        self.node_mask = np.full(len(edges.xy), not front)
        self.dim = False  # the base under a selection: its labels are not drawn
        self.chosen = np.zeros(len(edges.xy), dtype=bool)  # the selected nodes (front only)
        self._rect = QRectF()
        self._labels: dict[str, tuple[QStaticText, float]] = {}
        self._paths: dict[tuple[str, int, bytes], QPainterPath] = {}
        self._readable: Any = None
        self._readable_at = -1
        self._picture: QImage | None = None
        self._picture_scale = 1.0  # the zoom the picture was drawn at (redrawn beyond 1.5x)
        self.theme = LIGHT  # the sheet drawn on (the scene sets it from the view's palette)
        self._ratio = 1.0  # device pixels per pixel of what is being painted
        self.setZValue(TOUCHING_Z if front else EDGE_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        if not front:
            self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.refresh()

    def boundingRect(self) -> QRectF:
        return self._rect

    def zooming(self, scale: float, ratio: float = 1.0) -> bool:
        """While the view zooms, draw one picture of the layer (made at the first step, again
        past 1.5x) scaled to each new zoom: a step costs a scaled copy, not a redraw of
        thousands of lines.
        False when the picture would be too large at this zoom (zoomed in, a step redraws
        only the visible part anyway). ``ratio``: the screen's device pixels per pixel, so
        the picture is as sharp as the screen (2 on a 2x display)."""
        size = self._rect.size() * scale * ratio
        if self.front or max(size.width(), size.height()) > ZOOM_PICTURE_PIXELS:
            self.settled()
            return False
        if self._picture is None or not 1 / 1.5 < scale / self._picture_scale < 1.5:
            image = QImage(
                max(1, math.ceil(size.width())),
                max(1, math.ceil(size.height())),
                QImage.Format.Format_ARGB32_Premultiplied,
            )
            image.fill(Qt.GlobalColor.transparent)
            image.setDevicePixelRatio(ratio)
            painter = QPainter(image)
            painter.scale(scale, scale)
            painter.translate(-self._rect.topLeft())
            self._draw(painter, scale, self._rect)
            painter.end()
            self._picture, self._picture_scale = image, scale
        return True

    def settled(self) -> None:
        """The zoom came to rest: drawn afresh, sharp, at the view's resolution."""
        if self._picture is not None:
            self._picture = None
            self.update()

    def refresh(self) -> None:
        """The members or their nodes changed: new bounds, drawn again."""
        self.settled()
        ends = np.concatenate([self.set.src[self.edge_mask], self.set.dst[self.edge_mask]])
        points = self.set.xy[np.union1d(ends, np.flatnonzero(self.node_mask))]
        rect = QRectF()
        if len(points):
            (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
            rect = QRectF(x0, y0, x1 - x0, y1 - y0).adjusted(
                -LABEL_HALF_WIDTH, -LABEL_HEIGHT, LABEL_HALF_WIDTH, LABEL_HEIGHT
            )
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect
        self.update()

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        if self._picture is not None:  # a zoom in progress
            painter.drawImage(self._rect, self._picture)
            return
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        self._draw(painter, lod, _painted_area(painter, option.exposedRect))

    def _draw(self, painter: QPainter, lod: float, exposed: QRectF) -> None:
        """Edges, their labels and (far out) node dots, at this level of detail."""
        area = exposed.adjusted(-LABEL_REACH, -LABEL_REACH, LABEL_REACH, LABEL_REACH)
        seg = self.set.segments()
        low, high = np.minimum(seg[:, :2], seg[:, 2:]), np.maximum(seg[:, :2], seg[:, 2:])
        shown = self.edge_mask & (high[:, 0] >= area.left()) & (low[:, 0] <= area.right())
        shown &= (high[:, 1] >= area.top()) & (low[:, 1] <= area.bottom())
        device = painter.device()
        self._ratio = device.devicePixelRatioF() if device is not None else 1.0
        painter.save()
        painter.setBrush(Qt.BrushStyle.NoBrush)  # the view leaves the last item's brush set
        many = (self.edge_mask.sum() if self.front else len(self.set)) > SMOOTH_EDGES_UP_TO
        smooth = lod >= (2.0 if many else SMOOTH_FROM)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, smooth)
        self._edges(painter, seg, shown, lod, area if smooth else None)
        if lod >= EDGE_LABELS_FROM and not self.dim:
            self._edge_labels(painter, seg, shown, exposed)
        if lod < DOTS_BELOW:
            self._dots(painter, area, lod)
        painter.restore()

    def _edges(
        self, painter: QPainter, seg: Any, shown: Any, lod: float, clip: QRectF | None
    ) -> None:
        """Lines by style (one path each); zoomed out on a large chart, thin and pale.
        Smoothed lines are first cut to ``clip``: antialiasing works over a path's whole
        extent, and a few long lines reaching far off screen would cost a whole frame."""
        overview = lod < NODE_LABELS_FROM and len(self.set) > OVERVIEW_EDGES
        if overview and not self.front:
            painter.setPen(_cosmetic(self.theme.colour(OVERVIEW_LINE), self._ratio))
            painter.drawPath(self._path("lines", shown, lines_path, seg))
            return
        for number, (colour, width, style) in enumerate(self.set.styles):
            picked = shown & (self.set.style == number)
            if picked.any():
                colour_here = self.theme.colour(colour)
                painter.setPen(_pen(colour_here, width, style, lod, overview, self._ratio))
                if clip is None:
                    painter.drawPath(self._path("lines", picked, lines_path, seg))
                else:
                    painter.drawPath(lines_path(clipped(seg[picked], clip)))
        if lod >= NODE_LABELS_FROM:
            arrowed = shown & self.set.arrowed
            path = self._path("arrows", arrowed, arrows_path, seg)
            painter.fillPath(path, self.theme.colour(EDGE_STYLE["relationship"][0]))

    def _path(
        self, tag: str, mask: Any, build: Callable[[Any], QPainterPath], rows: Any
    ) -> QPainterPath:
        """``build(rows[mask])``, kept for these members at these positions (zoom steps and
        repaints of the same view reuse it)."""
        key = (tag, self.set.version, np.packbits(mask).tobytes())
        path = self._paths.get(key)
        if path is None:
            if len(self._paths) >= PATHS_KEPT:
                self._paths.clear()
            path = self._paths[key] = build(rows[mask])
        return path

    def _edge_labels(self, painter: QPainter, seg: Any, shown: Any, exposed: QRectF) -> None:
        """Relationship types (plain text on a plate of the sheet's colour) at the middle of
        their lines."""
        area = exposed.adjusted(-LABEL_REACH, -20, LABEL_REACH, 20)
        metrics = QFontMetricsF(font(EDGE_POINTS))
        height, ascent = metrics.height(), metrics.ascent()
        picked = np.flatnonzero(shown & self._uncluttered(metrics))
        middle = (seg[picked, :2] + seg[picked, 2:]) / 2
        inside = (middle[:, 0] >= area.left()) & (middle[:, 0] <= area.right())
        inside &= (middle[:, 1] >= area.top()) & (middle[:, 1] <= area.bottom())
        painter.setFont(font(EDGE_POINTS))
        painter.setPen(self.theme.colour(EDGE_TEXT))
        raster = painter.paintEngine().type() == QPaintEngine.Type.Raster
        plate = self.theme.background
        for index, (mx, my) in zip(picked[inside].tolist(), middle[inside].tolist(), strict=True):
            text = self.set.labels[index]
            static, width = self._label(text, metrics)
            x = mx - width / 2
            y = my - height / 2 + self.set.offset[index] * (height + 1)
            painter.fillRect(QRectF(x - 2, y, width + 4, height), plate)
            if raster:
                painter.drawStaticText(QPointF(x, y), static)
            else:  # SVG and PDF keep the words as text
                painter.drawText(QPointF(x, y + ascent), text)

    def _uncluttered(self, metrics: QFontMetricsF) -> Any:
        """Which labels to draw: in front all; below, none that would cover another (labels
        scale with the chart, so one hidden here would be covered at any zoom)."""
        if self.front:
            return self.set.labelled
        if self._readable_at != self.set.version:
            width = {t: self._label(t, metrics)[1] for t in set(self.set.labels)}
            self._readable = self.set.clear_labels(width, metrics.height())
            self._readable_at = self.set.version
        return self._readable

    def _label(self, text: str, metrics: QFontMetricsF) -> tuple[QStaticText, float]:
        found = self._labels.get(text)
        if found is None:
            static = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)  # user text is never markup
            found = self._labels[text] = (static, metrics.horizontalAdvance(text))
        return found

    def _dots(self, painter: QPainter, area: QRectF, lod: float) -> None:
        """Zoomed far out, each node a dot a few pixels wide in its kind's colour."""
        xy = self.set.xy
        inside = self.node_mask & (xy[:, 0] >= area.left()) & (xy[:, 0] <= area.right())
        inside &= (xy[:, 1] >= area.top()) & (xy[:, 1] <= area.bottom())
        groups = [(NODE_STYLE[shape][1], self.set.shapes == n) for n, shape in enumerate(SHAPES)]
        if self.front:  # the chosen nodes: larger, in the selection's colour, on top
            groups = [(c, m & ~self.chosen) for c, m in groups] + [(CHOSEN, self.chosen)]
        for colour, members in groups:
            picked = inside & members
            if picked.any():
                size = DOT_PIXELS * (1.8 if colour == CHOSEN else 1.0) * self._ratio
                pen = _cosmetic(self.theme.colour(colour), size)
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)  # a line too short to see: a dot
                painter.setPen(pen)
                painter.drawPath(self._path(colour, picked, dots_path, xy))


def _painted_area(painter: QPainter, exposed: QRectF) -> QRectF:
    """The exposed part of the item that can reach the device: a cache pixmap of the
    viewport's size is offered the whole item, drawing all of it would waste the frame."""
    device = painter.device()
    if device is None or not painter.worldTransform().isInvertible():
        return exposed
    inverse, _ok = painter.worldTransform().inverted()
    reach = inverse.mapRect(QRectF(0, 0, device.width(), device.height()))
    if painter.hasClipping():
        reach &= painter.clipBoundingRect()
    return exposed & reach


def _pen(
    colour: QColor, width: float, style: Qt.PenStyle, lod: float, overview: bool, ratio: float
) -> QPen:
    """Dashes and thin lines in device pixels (fast; ``ratio`` of them to a screen pixel, so
    a 2x screen draws them as thick as a plain one); solid lines scale when zoomed in."""
    if overview:
        return _cosmetic(colour, 1.5 * ratio)
    if style != Qt.PenStyle.SolidLine:
        return _cosmetic(colour, max(1.0, width) * ratio, style)
    if lod < 1.0:
        return _cosmetic(colour, width * lod * ratio)
    return QPen(colour, width, style)  # square caps: round ones cost 15x the frame


def _cosmetic(colour: QColor, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(colour, width, style)
    pen.setCosmetic(True)
    return pen
