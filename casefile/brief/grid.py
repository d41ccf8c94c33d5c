"""A table of top-aligned cells drawn directly: what the brief asks of reportlab's Table.

reportlab's ``Table`` sizes every cell through a general machinery (spans, percentages,
styles per cell) and re-measures on each split; the brief's tables need fixed columns (one
may take the rest of the width), even padding, a rule under each row, shaded rows and a header
repeated after a page break. ``Grid`` draws exactly that, at the same positions as ``Table``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.rl_accel import fp_str
from reportlab.platypus import Flowable

from casefile.brief import pdftext
from casefile.brief.styles import MARGIN_BOTTOM, MARGIN_TOP

Cell = Any  # a Flowable, or a list of them stacked
Padding = tuple[float, float, float, float]  # top, bottom, left, right


def _parts(cell: Cell) -> list[Flowable]:
    return cell if isinstance(cell, list) else [cell]


TALLEST_ROW = LETTER[1] - MARGIN_TOP - MARGIN_BOTTOM - 1
"""A row taller than this cannot fit on any page of a brief (US Letter is the shorter)."""


def split_cell(
    parts: list[Flowable], width: float, room: float, whole_page: bool
) -> tuple[list[Any] | None, list[Any]]:
    """The flowables of a cell as what fits in ``room`` and what runs on. A flowable that
    cannot be split and does not fit a whole page is replaced by a note that it was cut;
    on a partly used page None asks for the next page."""
    head: list[Flowable] = []
    used = 0.0
    for i, part in enumerate(parts):
        _, h = part.wrap(width, room - used)
        if used + h <= room:
            head.append(part)
            used += h + part.getSpaceAfter()
            continue
        pieces = part.split(width, room - used)
        if len(pieces) > 1:
            return [*head, pieces[0]], [*pieces[1:], *parts[i + 1 :]]
        if head:
            return head, parts[i:]
        if not whole_page:
            return None, parts
        return [cut_note()], parts[i + 1 :]
    return head, []


def cut_note() -> Flowable:
    from casefile.brief.flowables import Plain
    from casefile.brief.styles import make_styles

    return Plain("[cut: this part of the cell is taller than a page]", make_styles().small)


class Grid(Flowable):  # type: ignore[misc]
    """Rows of cells under fixed column widths (``None``: the rest of the width)."""

    def __init__(
        self,
        rows: Sequence[Sequence[Cell]],
        widths: Sequence[float | None],
        padding: Padding,
        rule: tuple[float, Any] | None = None,
        shades: Sequence[Any] = (),
        header: int = 0,
        continued: bool = False,
    ) -> None:
        super().__init__()
        self.rows = [list(r) for r in rows]
        self.widths, self.padding, self.rule, self.header = list(widths), padding, rule, header
        self.shades = list(shades) + [None] * (len(self.rows) - len(shades))
        self.hAlign = "LEFT"
        self.continued = continued  # the rest of a split table: a rule above its first row
        self._at: float | None = None
        self.columns: list[float] = []
        self.heights: list[float] = []
        self.width = self.height = 0.0

    # --- layout ---------------------------------------------------------------------

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._at != availWidth:
            fixed = sum(w for w in self.widths if w is not None)
            free = self.widths.count(None)
            rest = max(availWidth - fixed, 0.0) / free if free else 0.0
            self.columns = [rest if w is None else w for w in self.widths]
            self.heights = [self._row_height(row) for row in self.rows]
            self._at = availWidth
        self.width = sum(self.columns)
        self.height = sum(self.heights)
        return self.width, self.height

    def _row_height(self, row: list[Cell]) -> float:
        top, bottom, left, right = self.padding
        tallest = 0.0
        for cell, width in zip(row, self.columns, strict=True):
            parts = _parts(cell)
            total = 0.0
            for part in parts:
                _, h = part.wrap(width - left - right, 72000 - top - bottom)
                total += h + part.getSpaceBefore() + part.getSpaceAfter()
            if parts:
                total -= parts[0].getSpaceBefore() + parts[-1].getSpaceAfter()
            tallest = max(tallest, total)
        return tallest + top + bottom

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Between rows, as ``Table`` splits: never before the first row after the header."""
        self.wrap(availWidth, availHeight)
        used, fit = 0.0, 0
        for h in self.heights:
            if used + h > availHeight:
                break
            used, fit = used + h, fit + 1
        if fit < self.header:
            return []
        if fit == self.header:
            return self._split_row(availWidth, availHeight - used)
        if fit == len(self.rows):
            return [self]
        head, tail = slice(0, self.header), slice(fit, None)
        return [self._part(slice(0, fit), None, self.continued), self._part(head, tail, True)]

    def _split_row(self, availWidth: float, space: float) -> list[Flowable]:
        """A first row taller than any page is split inside its cells (each cell's text runs on
        over the page break); a row that fits on a page moves to the next page whole."""
        index = self.header
        if index >= len(self.rows) or self.heights[index] <= TALLEST_ROW:
            return []
        top, bottom, left, right = self.padding
        room = space - top - bottom
        heads, tails = [], []
        whole_page = space >= TALLEST_ROW - sum(self.heights[:index])
        for cell, width in zip(self.rows[index], self.columns, strict=True):
            head, tail = split_cell(_parts(cell), width - left - right, room, whole_page)
            heads.append(head)
            tails.append(tail)
        if not any(heads) or None in heads:
            return []
        rows, shades = self.rows, self.shades
        first = Grid([*rows[:index], heads], self.widths, self.padding, self.rule,
                     [*shades[:index], shades[index]], self.header, self.continued)  # fmt: skip
        rest = Grid([*rows[:index], tails, *rows[index + 1 :]], self.widths, self.padding,
                    self.rule, [*shades[:index], *shades[index:]], self.header, True)  # fmt: skip
        return [first, rest]

    def _part(self, first: slice, then: slice | None, continued: bool) -> Grid:
        """Some of the rows as a grid of their own, already laid out at this width."""

        def pick(values: list[Any]) -> list[Any]:
            return values[first] + (values[then] if then is not None else [])

        part = Grid(pick(self.rows), self.widths, self.padding, self.rule, pick(self.shades),
                    self.header, continued)  # fmt: skip
        part.columns, part.heights, part._at = self.columns, pick(self.heights), self._at
        return part

    # --- drawing --------------------------------------------------------------------

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        x = self._hAlignAdjust(x, _sW)
        top = y + self.height
        code = canvas._code
        backs = self._backgrounds(x, top)
        if backs:
            code.append(f"q {backs} Q")
        pad_top, _, left, _ = self.padding
        for row, h in zip(self.rows, self.heights, strict=True):
            at = x
            for cell, width in zip(row, self.columns, strict=True):
                self._draw_cell(canvas, _parts(cell), at + left, top - pad_top)
                at += width
            top -= h
        if self.rule is not None:
            code.append(self._rules(x, y + self.height))

    @staticmethod
    def _draw_cell(canvas: Any, parts: list[Flowable], x: float, y: float) -> None:
        if parts:
            y += parts[0].getSpaceBefore()
        for part in parts:
            y -= part.getSpaceBefore() + part.height
            part.drawOn(canvas, x, y)
            y -= part.getSpaceAfter()

    def _backgrounds(self, x: float, top: float) -> str:
        out = []
        for shade, h in zip(self.shades, self.heights, strict=True):
            if shade is not None:
                out.append(
                    f"{pdftext.fill_op(shade) or ''} n {fp_str(x, top, self.width, -h)} re f*"
                )
            top -= h
        return " ".join(out)

    def _rules(self, x: float, top: float) -> str:
        assert self.rule is not None
        weight, colour = self.rule
        lines = [f"q 1 J 1 j {fp_str(colour.red, colour.green, colour.blue)} RG {fp_str(weight)} w"]
        if self.continued:
            y = top - sum(self.heights[: self.header])
            lines.append(f"n {fp_str(x, y)} m {fp_str(x + self.width, y)} l S")
        for h in self.heights:
            top -= h
            lines.append(f"n {fp_str(x, top)} m {fp_str(x + self.width, top)} l S")
        lines.append("Q")
        return " ".join(lines)


__all__ = ["Grid"]
