"""The chronology drawn: a time axis with ticks, dated items as marks (spans for partial dates)."""

from __future__ import annotations

import datetime as dt
import math

from reportlab.graphics.shapes import Circle, Drawing, Line, Rect
from reportlab.lib import colors

from casefile.brief.drawing_text import drawing as new_drawing
from casefile.brief.drawing_text import one_line, text_group, width_of
from casefile.brief.model import TimelineView
from casefile.brief.styles import INK, MUTED, RULE
from casefile.core.timeline import Item

MAX_LANES = 18
"""Rows of marks drawn at most; items that would need more are counted, not drawn."""
LANE = 10.5
SIZE = 6.3
LABEL_CHARS = 44
BUCKETS = 72
KIND_COLOURS = {
    "snippet": colors.HexColor("#2F6DB5"),
    "claim": colors.HexColor("#B7791F"),
    "relationship": colors.HexColor("#2E8A57"),
}
KIND_WORDS = {
    "snippet": "Evidence (E-number)",
    "claim": "Claim (span of its evidence)",
    "relationship": "Relationship begins or ends",
}
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def tint(colour: colors.Color, amount: float) -> colors.Color:
    """The colour mixed with white (``amount`` of the colour): a solid, printable pastel."""
    return colors.Color(*(1 - amount * (1 - c) for c in (colour.red, colour.green, colour.blue)))


class Placed:
    """An item with its x extent, lane and where its label goes."""

    def __init__(self, item: Item, label: str, x0: float, x1: float, lane: int, side: str):
        self.item, self.label, self.x0, self.x1 = item, label, x0, x1
        self.lane, self.side = lane, side


def timeline_drawing(view: TimelineView, width: float) -> tuple[Drawing, int]:
    """The drawing of a timeline ``width`` points wide, and how many items it could not fit."""
    items = list(view.items)
    first = min(i.start for i in items)
    last = max(i.end for i in items) + dt.timedelta(days=1)
    pad = max(1, (last - first).days // 40)
    first, last = first - dt.timedelta(days=pad), last + dt.timedelta(days=pad)
    scale = (width - 8) / max(1, (last - first).days)

    def x_of(day: dt.date) -> float:
        return 4 + (day - first).days * scale

    merged, labels, sizes = merge_same(items, view.labels)
    placed, hidden = _lanes(merged, labels, sizes, x_of, width)
    lanes = max((p.lane for p in placed), default=-1) + 1
    histogram = 22.0 if hidden else 0.0
    axis_y = 14 + histogram
    top = axis_y + 8 + lanes * LANE
    drawing = new_drawing(width, top + 16)
    _legend(drawing, top + 6)
    marks = ticks(first, last)
    for day, text in marks:
        x = x_of(day)
        drawing.add(Line(x, axis_y, x, top, strokeColor=RULE, strokeWidth=0.3,
                         strokeDashArray=[1, 2]))  # fmt: skip
        drawing.add(Line(x, axis_y - 3, x, axis_y, strokeColor=MUTED, strokeWidth=0.6))
        drawing.add(text_group(x, axis_y - 10, text, SIZE, MUTED, "middle"))
    drawing.add(Line(4, axis_y, width - 4, axis_y, strokeColor=MUTED, strokeWidth=0.8))
    for p in placed:
        _mark(drawing, p, top - (p.lane + 1) * LANE + 2)
    if hidden:
        _histogram(drawing, items, x_of, first, last, width)
    return drawing, hidden


def merge_same(
    items: list[Item], labels: tuple[str, ...]
) -> tuple[list[Item], list[str], list[int]]:
    """Evidence (or claims) on exactly the same dates as one mark: ``E8, E11 and 3 more``."""
    out: list[Item] = []
    texts: list[list[str]] = []
    sizes: list[int] = []
    for item, label in zip(items, labels, strict=True):
        last = out[-1] if out else None
        same = last is not None and (last.start, last.end, last.kind) == (
            item.start, item.end, item.kind)  # fmt: skip
        if same and item.kind in ("snippet", "claim"):
            texts[-1].append(label)
            sizes[-1] += 1
        else:
            sizes.append(1)
            out.append(item)
            texts.append([label])
    return out, [_joined(sorted(t, key=_natural)) for t in texts], sizes


def _natural(label: str) -> tuple[str, int]:
    """``E9`` before ``E10``."""
    digits = label[1:]
    return (label[:1], int(digits)) if digits.isdigit() else (label, 0)


def _joined(labels: list[str], most: int = 5) -> str:
    shown = ", ".join(labels[:most])
    return shown + (f" and {len(labels) - most} more" if len(labels) > most else "")


def _lanes(items: list[Item], labels: list[str], sizes: list[int], x_of, width: float):  # type: ignore[no-untyped-def]
    """First-fit lanes: an item (with its label) goes in the lowest lane free where it starts."""
    ends: list[float] = []
    placed: list[Placed] = []
    hidden = 0
    for item, text, size in zip(items, labels, sizes, strict=True):
        label = one_line(text, LABEL_CHARS)
        x0, x1 = x_of(item.start), max(x_of(item.end + dt.timedelta(days=1)), x_of(item.start) + 3)
        span_w = width_of(label, SIZE) + 3
        if x1 + span_w <= width:
            side, a, b = "right", x0, x1 + span_w
        elif x0 - span_w >= 0:
            side, a, b = "left", x0 - span_w, x1
        else:  # a long span: the label sits on the (pale) bar itself
            side, a, b = "inside", x0, max(x1, x0 + span_w)
        lane = next((i for i, end in enumerate(ends) if end + 3 < a), len(ends))
        if lane >= MAX_LANES:
            hidden += size
            continue
        if lane == len(ends):
            ends.append(b)
        ends[lane] = b
        placed.append(Placed(item, label, x0, x1, lane, side))
    return placed, hidden


def _mark(drawing: Drawing, p: Placed, y: float) -> None:
    colour = KIND_COLOURS.get(p.item.kind, MUTED)
    mid = y + 2.5
    if p.item.is_span:
        drawing.add(Rect(p.x0, y, p.x1 - p.x0, 5, rx=1.5, ry=1.5, fillColor=tint(colour, 0.35),
                          strokeColor=colour, strokeWidth=0.5))  # fmt: skip
    else:
        drawing.add(Circle((p.x0 + p.x1) / 2, mid, 2.4, fillColor=colour, strokeColor=None))
    if p.side == "left":
        drawing.add(text_group(p.x0 - 2, y + 0.6, p.label, SIZE, INK, "end"))
    elif p.side == "inside":
        drawing.add(text_group(p.x0 + 3, y + 0.6, p.label, SIZE, INK))
    else:
        drawing.add(text_group(p.x1 + 2, y + 0.6, p.label, SIZE, INK))


def _legend(drawing: Drawing, y: float) -> None:
    x = 4.0
    for kind, words in KIND_WORDS.items():
        colour = KIND_COLOURS[kind]
        drawing.add(Circle(x + 2.4, y + 2.2, 2.4, fillColor=colour, strokeColor=None))
        drawing.add(text_group(x + 7, y, words, SIZE, MUTED))
        x += 12 + width_of(words, SIZE)
    words = "Bars: a partial date covers its whole month or year"
    drawing.add(Rect(x, y, 12, 5, rx=1.5, ry=1.5, fillColor=tint(MUTED, 0.3),
                     strokeColor=MUTED, strokeWidth=0.5))  # fmt: skip
    drawing.add(text_group(x + 16, y, words, SIZE, MUTED))


def _histogram(drawing: Drawing, items: list[Item], x_of, first: dt.date, last: dt.date,  # type: ignore[no-untyped-def]
               width: float) -> None:  # fmt: skip
    """Every dated item (drawn or not), counted per slice of time, under the axis labels."""
    step = max(1, math.ceil((last - first).days / BUCKETS))
    counts: dict[int, int] = {}
    for item in items:
        middle = item.start + (item.end - item.start) / 2
        bucket = (middle - first).days // step
        counts[bucket] = counts.get(bucket, 0) + 1
    top = max(counts.values())
    for bucket, n in sorted(counts.items()):
        day = first + dt.timedelta(days=bucket * step)
        x0, x1 = x_of(day), x_of(day + dt.timedelta(days=step))
        drawing.add(Rect(x0, 2, max(0.8, x1 - x0 - 0.6), 12 * n / top, fillColor=MUTED,
                         strokeColor=None))  # fmt: skip
    drawing.add(text_group(width - 4, 16, f"All items by date (most in one bar: {top})", SIZE - 0.8,
                           MUTED, "end"))  # fmt: skip


def ticks(first: dt.date, last: dt.date, most: int = 9) -> list[tuple[dt.date, str]]:
    """Round dates between ``first`` and ``last`` with labels: years, months or days."""
    days = (last - first).days
    if days > 3 * 365:
        for step in (1, 2, 5, 10, 20, 50, 100, 200, 500):
            if (last.year - first.year) / step <= most:
                break
        years = range((first.year // step + 1) * step, last.year + 1, step)
        return [(dt.date(y, 1, 1), str(y)) for y in years if dt.date(y, 1, 1) >= first]
    if days > 62:
        months = (last.year - first.year) * 12 + last.month - first.month
        step = next((s for s in (1, 2, 3, 6, 12) if months / s <= most), 12)
        out: list[tuple[dt.date, str]] = []
        index = first.year * 12 + first.month  # the month after ``first``'s month
        while True:
            y, m = divmod(index, 12)
            day = dt.date(y, m + 1, 1)
            if day > last:
                return out
            if m % step == 0:
                out.append((day, f"{MONTHS[m]} {y}"))
            index += 1
    step = next((s for s in (1, 2, 7, 14) if days / s <= most), 14)
    return [
        (first + dt.timedelta(days=d), f"{(first + dt.timedelta(days=d)).day} "
         f"{MONTHS[(first + dt.timedelta(days=d)).month - 1]}")
        for d in range(1, days + 1, step)
    ]  # fmt: skip
