"""Long tables built as short consecutive tables, so layout stays linear and rows never clip."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import Flowable, Table, TableStyle

from casefile.brief import fonts, pdftext
from casefile.brief.grid import Grid
from casefile.brief.styles import NAVY, RULE

CHUNK = 24


def base_style(header: bool) -> list[tuple[Any, ...]]:
    style: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), NAVY))
    return style


def long_table(
    header: list[Flowable] | None,
    rows: Sequence[list[Any]],
    widths: list[Any],
    row_styles: Sequence[list[tuple[Any, ...]]] = (),
) -> list[Flowable]:
    """Tables of at most ``CHUNK`` rows; ``row_styles[i]`` are commands for row i (row 0 based).

    A chunk with a row that may be taller than a page may split inside rows (reportlab's
    ``splitInRow``); others split only between rows, so no row is cut in two needlessly.
    """
    out: list[Flowable] = []
    for start in range(0, max(len(rows), 1), CHUNK):
        part = list(rows[start : start + CHUNK])
        first = start == 0 and header is not None
        data: list[list[Any]] = ([header] if header is not None and first else []) + part
        if not data:
            continue
        style = base_style(first)
        offset = 1 if first else 0
        for i in range(len(part)):
            if start + i < len(row_styles):
                for cmd in row_styles[start + i]:
                    name, _, _, *rest = cmd
                    style.append((name, (0, i + offset), (-1, i + offset), *rest))
        tall = any(map(_tall, part))
        shades = _shades(first, [row_styles[start + i] if start + i < len(row_styles) else []
                                 for i in range(len(part))])  # fmt: skip
        if not tall and shades is not None:
            out.append(Grid(data, widths, PADDING, (0.4, RULE), shades, 1 if first else 0))
            continue
        table = Table(data, colWidths=widths, repeatRows=1 if first else 0, hAlign="LEFT",
                      splitInRow=1 if tall else 0)  # fmt: skip
        table.setStyle(table_style(style))
        out.append(table)
    return out


PADDING = (4.0, 4.0, 4.0, 4.0)


def table_style(commands: list[Any]) -> TableStyle:
    """A table style whose cell font is a shipped one: reportlab's default (Helvetica) would
    be selected for every cell and put an unembedded font in the PDF."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.face("regular").primary), *commands])


def _shades(header: bool, row_styles: list[list[tuple[Any, ...]]]) -> list[Any] | None:
    """Each row's background for a ``Grid`` (the header's navy first); None when a row asks
    for more than a plain background, which only reportlab's Table draws."""
    shades: list[Any] = [NAVY] if header else []
    for cmds in row_styles:
        colour = None
        for cmd in cmds:
            if cmd[0] != "BACKGROUND" or pdftext.fill_op(cmd[3]) is None:
                return None
            colour = cmd[3]
        shades.append(colour)
    return shades


def _text_length(cell: Any) -> int:
    if isinstance(cell, list | tuple):
        return sum(_text_length(c) for c in cell)
    return len(getattr(cell, "text", "") or "")


def _tall(row: list[Any]) -> bool:
    return sum(_text_length(c) for c in row) > TALL


TALL = 1500
