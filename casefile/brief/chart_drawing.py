"""The link chart drawn: shaped nodes with their names, labelled edges with arrows, a legend."""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect
from reportlab.lib import colors

from casefile.brief.drawing_text import Box, one_line, overlaps, text_group, width_of
from casefile.brief.drawing_text import drawing as new_drawing
from casefile.brief.model import ChartEdge, ChartNode, ChartView
from casefile.brief.styles import INK, MUTED

NODE_STYLE = {  # fill, outline (as the chart on screen)
    "person": ("#dbe8f7", "#2f6db5"),
    "organisation": ("#dcf1e4", "#2e8a57"),
    "other": ("#eeeeee", "#6b6b6b"),
    "claim": ("#fdf0d5", "#b7791f"),
}
EDGE_STYLE = {  # colour, width, dashes
    "relationship": ("#5b6675", 0.7, None),
    "co-mention": ("#a9b4c2", 0.5, [2, 2]),
    "subject": ("#d4a35a", 0.6, [0.8, 1.6]),
}
KIND_WORDS = {"person": "Person", "organisation": "Organisation", "other": "Other",
              "claim": "Claim (brief number)"}  # fmt: skip
R = 6.5
HALO = colors.Color(1, 1, 1)
NAME_SIZE, EDGE_SIZE = 6.4, 5.2
NAME_CHARS, EDGE_CHARS = 30, 34
SCALE_MAX = 0.45  # points per layout unit at most (the screen chart at about its 100 % size)
PAD_X, PAD_Y, LEGEND = 46.0, 16.0, 16.0


def chart_drawing(view: ChartView, width: float, height: float) -> tuple[Drawing, int]:
    """The chart fitted into ``width`` × at most ``height`` points (never enlarged past 100 %),
    and how many edge labels were left off because they would cover other text."""
    xs = [n.x for n in view.nodes]
    ys = [n.y for n in view.nodes]
    if not any(n.saved for n in view.nodes) and max(xs) - min(xs) > 1.15 * (max(ys) - min(ys)):
        xs, ys = ys, xs  # an automatic layout wider than tall: turned a quarter for the page
    span_x, span_y = max(xs) - min(xs), max(ys) - min(ys)
    room_x, room_y = width - 2 * PAD_X, height - 2 * PAD_Y - LEGEND
    scale = min(SCALE_MAX, room_x / span_x if span_x else SCALE_MAX,
                room_y / span_y if span_y else SCALE_MAX)  # fmt: skip
    used_h = span_y * scale + 2 * PAD_Y
    left = PAD_X + (room_x - span_x * scale) / 2
    at = {
        n.ident: (left + (x - min(xs)) * scale, PAD_Y + (max(ys) - y) * scale)
        for n, x, y in zip(view.nodes, xs, ys, strict=True)
    }
    drawing = new_drawing(width, used_h + LEGEND)
    _legend(drawing, used_h + 4)
    boxes: list[Box] = [(x - R, y - R, x + R, y + R) for x, y in at.values()]
    for edge in view.edges:
        _edge_line(drawing, edge, at)
    for node in view.nodes:
        drawing.add(_node(node, *at[node.ident]))
    labels = Group()
    for node in view.nodes:
        _name(labels, node, *at[node.ident], boxes, (0.0, 0.0, width, used_h))
    left_off = sum(not _edge_label(labels, e, at, boxes) for e in view.edges if e.label)
    drawing.add(labels)
    return drawing, left_off


def _node(node: ChartNode, x: float, y: float) -> Group:
    fill, line = (colors.HexColor(c) for c in NODE_STYLE.get(node.shape, NODE_STYLE["other"]))
    style = {"fillColor": fill, "strokeColor": line, "strokeWidth": 0.9}
    return shape(node.shape, x, y, R, style)


def shape(kind: str, x: float, y: float, r: float, style: dict) -> Group:  # type: ignore[type-arg]
    """A node outline: circle (person), rounded box (organisation), diamond (claim), hexagon."""
    group = Group()
    if kind == "person":
        group.add(Circle(x, y, r, **style))
    elif kind == "organisation":
        group.add(Rect(x - r, y - r * 0.85, 2 * r, 1.7 * r, rx=1.8, ry=1.8, **style))
    elif kind == "claim":
        group.add(Polygon([x, y + r, x + r, y, x, y - r, x - r, y], **style))
    else:
        points = []
        for i in range(6):
            a = math.pi / 6 + i * math.pi / 3
            points += [x + r * math.cos(a), y + r * math.sin(a)]
        group.add(Polygon(points, **style))
    return group


def _edge_line(drawing: Drawing, edge: ChartEdge, at: dict[str, tuple[float, float]]) -> None:
    (x0, y0), (x1, y1) = at[edge.source], at[edge.target]
    length = math.hypot(x1 - x0, y1 - y0)
    if length < 2 * R:
        return
    colour, width, dashes = EDGE_STYLE.get(edge.kind, EDGE_STYLE["relationship"])
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    a = (x0 + ux * R, y0 + uy * R)
    b = (x1 - ux * R, y1 - uy * R)
    ink = colors.HexColor(colour)
    drawing.add(Line(*a, *b, strokeColor=ink, strokeWidth=width, strokeDashArray=dashes))
    if edge.arrows in ("forward", "both"):
        drawing.add(_arrow(b, ux, uy, ink))
    if edge.arrows == "both":
        drawing.add(_arrow(a, -ux, -uy, ink))


def _arrow(tip: tuple[float, float], ux: float, uy: float, ink: colors.Color) -> Polygon:
    x, y = tip
    back, side = 4.2, 1.9
    return Polygon([x, y, x - ux * back - uy * side, y - uy * back + ux * side,
                    x - ux * back + uy * side, y - uy * back - ux * side],
                   fillColor=ink, strokeColor=None)  # fmt: skip


def _edge_label(group: Group, edge: ChartEdge, at: dict[str, tuple[float, float]],
                boxes: list[Box]) -> bool:  # fmt: skip
    """The wording at the middle of the edge, or nearer an end where the middle is taken;
    False (and nothing drawn) where every place would cover other text."""
    (x0, y0), (x1, y1) = at[edge.source], at[edge.target]
    text = one_line(edge.label, EDGE_CHARS)
    w, h = width_of(text, EDGE_SIZE), EDGE_SIZE + 1
    spot = None
    for t in (0.5, 0.38, 0.62, 0.28, 0.72):
        cx, cy = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
        box = (cx - w / 2 - 1, cy - h / 2, cx + w / 2 + 1, cy + h / 2)
        if not overlaps(box, boxes, 0.5):
            spot = (cx, cy, box)
            break
    if spot is None:
        return False
    cx, cy, box = spot
    boxes.append(box)
    group.add(Rect(box[0], box[1], box[2] - box[0], box[3] - box[1], fillColor=colors.white,
                   strokeColor=None))  # fmt: skip
    group.add(text_group(cx, cy - EDGE_SIZE * 0.35, text, EDGE_SIZE, MUTED, "middle"))
    return True


def _name(group: Group, node: ChartNode, x: float, y: float, boxes: list[Box],
          bounds: Box) -> None:  # fmt: skip
    """The node's name below it, else above, beside or at a corner: where it covers nothing."""
    text = one_line(node.label, NAME_CHARS)
    w, h = width_of(text, NAME_SIZE), NAME_SIZE + 1
    spots = [
        (x, y - R - h, "middle"),
        (x, y + R + 1.5, "middle"),
        (x + R + 2 + w / 2, y - h / 2 + 1, "middle"),
        (x - R - 2 - w / 2, y - h / 2 + 1, "middle"),
        (x + R + w / 2, y - R - h + 2, "middle"),
        (x - R - w / 2, y - R - h + 2, "middle"),
        (x + R + w / 2, y + R - 1, "middle"),
        (x - R - w / 2, y + R - 1, "middle"),
    ]

    def box_of(spot: tuple[float, float, str]) -> Box:
        return (spot[0] - w / 2, spot[1] - 1.5, spot[0] + w / 2, spot[1] + h - 1.5)

    fits = [spot for spot in spots if within(box_of(spot), bounds)] or spots[:1]
    chosen = next((sp for sp in fits if not overlaps(box_of(sp), boxes, 0.5)), fits[0])
    cx, cy, _ = chosen
    cx = min(max(cx, bounds[0] + w / 2), bounds[2] - w / 2)  # never past the drawing's edge
    box = (cx - w / 2, cy - 1.5, cx + w / 2, cy + h - 1.5)
    boxes.append(box)
    group.add(Rect(box[0] - 1, box[1], box[2] - box[0] + 2, box[3] - box[1], fillColor=HALO,
                   strokeColor=None))  # fmt: skip
    group.add(text_group(cx, cy, text, NAME_SIZE, INK, "middle"))


def within(box: Box, bounds: Box) -> bool:
    """Whether ``box`` lies inside ``bounds``."""
    return (
        bounds[0] <= box[0] and bounds[1] <= box[1] and box[2] <= bounds[2] and box[3] <= bounds[3]
    )


def _legend(drawing: Drawing, y: float) -> None:
    x = 4.0
    for kind, words in KIND_WORDS.items():
        fill, line = (colors.HexColor(c) for c in NODE_STYLE[kind])
        drawing.add(shape(kind, x + 4, y + 2.5, 4, {"fillColor": fill, "strokeColor": line,
                                                     "strokeWidth": 0.7}))  # fmt: skip
        drawing.add(text_group(x + 11, y, words, NAME_SIZE, MUTED))
        x += 20 + width_of(words, NAME_SIZE)
    for kind, words in (("relationship", "Relationship (arrow: as worded)"),
                        ("subject", "Claim subject")):  # fmt: skip
        colour, width, dashes = EDGE_STYLE[kind]
        drawing.add(Line(x, y + 2.5, x + 16, y + 2.5, strokeColor=colors.HexColor(colour),
                         strokeWidth=width + 0.3, strokeDashArray=dashes))  # fmt: skip
        drawing.add(text_group(x + 20, y, words, NAME_SIZE, MUTED))
        x += 28 + width_of(words, NAME_SIZE)
