"""Many lines, arrowheads or dots as one QPainterPath, built in C++ from numpy arrays."""

from __future__ import annotations

import struct
from typing import Any

import numpy as np
from PySide6.QtCore import QByteArray, QDataStream, QRectF
from PySide6.QtGui import QPainterPath

from casefile.gui.drawings.chart_items import RADIUS


def lines_path(seg: Any) -> QPainterPath:
    """One path of many separate lines, built in C++ from the array (no Python per line)."""
    n = len(seg)
    points = np.empty((2 * n, 2))
    points[0::2], points[1::2] = seg[:, :2], seg[:, 2:]
    return _path(points, np.tile(np.array([0, 1], dtype=">i4"), n))


def clipped(seg: Any, rect: QRectF) -> Any:
    """The parts of the segments inside ``rect`` (Liang–Barsky; those outside are dropped)."""
    x0, y0 = seg[:, 0], seg[:, 1]
    dx, dy = seg[:, 2] - x0, seg[:, 3] - y0
    start, end = np.zeros(len(seg)), np.ones(len(seg))
    keep = np.ones(len(seg), dtype=bool)
    sides = (
        (-dx, x0 - rect.left()),
        (dx, rect.right() - x0),
        (-dy, y0 - rect.top()),
        (dy, rect.bottom() - y0),
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        for p, q in sides:
            ratio = q / p
            start = np.where(p < 0, np.maximum(start, ratio), start)
            end = np.where(p > 0, np.minimum(end, ratio), end)
            keep &= ~((p == 0) & (q < 0))
    keep &= start <= end
    out = np.column_stack([x0 + start * dx, y0 + start * dy, x0 + end * dx, y0 + end * dy])
    return out[keep]


def triangles_path(tips: Any, left: Any, right: Any) -> QPainterPath:
    """One path of closed triangles (arrowheads), all wound the same way (winding fill)."""
    n = len(tips)
    points = np.empty((4 * n, 2))
    points[0::4], points[1::4], points[2::4], points[3::4] = tips, left, right, tips
    return _path(points, np.tile(np.array([0, 1, 1, 1], dtype=">i4"), n), winding=True)


def arrows_path(seg: Any) -> QPainterPath:
    """An arrowhead at the target end of each line (one path to fill)."""
    delta = seg[:, 2:] - seg[:, :2]
    length = np.hypot(delta[:, 0], delta[:, 1])
    keep = length > 1e-6
    unit = delta[keep] / length[keep, None]
    tips = seg[keep, 2:] - unit * (RADIUS + 2)
    base = tips - unit * 9
    normal = np.column_stack([-unit[:, 1], unit[:, 0]]) * 4.5
    return triangles_path(tips, base + normal, base - normal)


def dots_path(centres: Any) -> QPainterPath:
    """Lines a hundredth of a unit long at each centre: stroked with a round cap, dots."""
    return lines_path(np.hstack([centres, centres + np.array([0.01, 0.0])]))


def _path(points: Any, kinds: Any, winding: bool = False) -> QPainterPath:
    """QPainterPath from its serialised form: count, (type, x, y) per element, fill rule."""
    rows = np.empty(len(points), dtype=[("c", ">i4"), ("x", ">f8"), ("y", ">f8")])
    rows["c"], rows["x"], rows["y"] = kinds, points[:, 0], points[:, 1]
    data = struct.pack(">i", len(points)) + rows.tobytes() + struct.pack(">ii", 0, int(winding))
    path = QPainterPath()
    stream = QDataStream(QByteArray(data))
    stream >> path
    return path
