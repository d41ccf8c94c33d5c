"""The brief's analysis sections: the evidence matrix, the link chart, the chronology's drawing."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from casefile.brief import people_story
from casefile.brief.analysis_build import MAX_CHART_NODES
from casefile.brief.cover_story import section_head
from casefile.brief.drawing_text import one_line
from casefile.brief.flowables import Para, Plain, Segment, para, rich
from casefile.brief.model import BriefModel, MatrixRow, MatrixView
from casefile.brief.styles import (
    LINK,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    NAVY,
    PAGE_SIZES,
    RULE,
    SHADE,
    STATUS_INK,
    Styles,
)
from casefile.brief.tables import long_table, table_style

CLAIMS_PER_TABLE = 6
QUOTE_CHARS = 120
TITLE_CHARS = 90
STANCE_WORDS = {"supports": "Supports", "refutes": "Refutes", "context": "Context"}
STANCE_FILL = {
    "supports": colors.HexColor("#DDEFE3"),
    "refutes": colors.HexColor("#F9DCD8"),
    "context": colors.HexColor("#ECEEF2"),
}
STANCE_INK = {
    "supports": STATUS_INK["supported"],
    "refutes": STATUS_INK["disputed"],
    "context": STATUS_INK["refuted"],
}
MATRIX_NOTE = (
    "Analysis of competing hypotheses: each row is an item of evidence, each column a claim, "
    "and each cell how that evidence bears on the claim. A claim's score (its inconsistency) "
    "adds up the evidence refuting it, each item weighted by its grade (source reliability × "
    "information credibility): the lower the score, the less the evidence contradicts the "
    "claim. Evidence that bears the same way on every compared claim cannot tell them apart; "
    "it is shaded and marked non-diagnostic."
)


def frame_size(model: BriefModel) -> tuple[float, float]:
    """The width and height of the page's text frame, in points."""
    width, height = PAGE_SIZES[model.options.page_size]
    return width - 2 * MARGIN_X, height - MARGIN_TOP - MARGIN_BOTTOM


# --- the evidence matrix ------------------------------------------------------------------


def matrix(model: BriefModel, styles: Styles) -> list[Flowable]:
    """The claims compared (counts, score), then evidence × claims in tables of six claims."""
    out = section_head("matrix", styles)
    view = model.matrix
    if view is None or not view.claims:
        return [*out, Para("The brief holds no claims to compare.", styles.body)]
    out.append(Para(MATRIX_NOTE, styles.small))
    out.append(Para(_scope(view, len(model.claims)), styles.small))
    out.append(Para("Claims compared", styles.h2))
    out.extend(_claims_table(view, model, styles))
    if not view.rows:
        return [*out, Para("No evidence is linked to these claims.", styles.body)]
    for start in range(0, len(view.claims), CLAIMS_PER_TABLE):
        group = list(range(start, min(start + CLAIMS_PER_TABLE, len(view.claims))))
        labels = [view.claims[i].label for i in group]
        rows = [r for r in view.rows if any(r.stances[i] for i in group)]
        title = "Evidence and claims" if len(view.claims) <= CLAIMS_PER_TABLE else (
            f"Evidence and claims {labels[0]}–{labels[-1]}")  # fmt: skip
        out.append(Spacer(1, 4))
        out.append(Para(title, styles.h2))
        out.append(_matrix_table(view, group, rows, model, styles))
    if view.rows_left_out:
        out.append(Para(f"{view.rows_left_out} further evidence items linked to these claims are "
                        "not shown here; they are in Claims in detail.", styles.small))  # fmt: skip
    return out


def _scope(view: MatrixView, total: int) -> str:
    labels = ", ".join(c.label for c in view.claims)
    text = f"Claims compared: {labels}" + (" (as chosen)." if view.chosen else ".")
    if view.claims_left_out:
        text += (f" {view.claims_left_out} more claims were {'chosen' if view.chosen else 'in the brief'}"
                 f"; a matrix compares at most {len(view.claims)}: choose the claims to compare.")  # fmt: skip
    elif not view.chosen and total > 1:
        text += " No claims were chosen, so every claim in the brief is compared."
    return text


def _claims_table(view: MatrixView, model: BriefModel, styles: Styles) -> list[Flowable]:
    head = ["", "Claim", "Status", "For", "Against", "Context", "Score"]
    rows = []
    for c in view.claims:
        rows.append([
            Plain(c.label, styles.cell_bold),
            para(c.statement, styles.cell),
            Plain(c.status.upper(), _ink(styles.flag, STATUS_INK.get(c.status, colors.black))),
            *(Plain(str(n), styles.cell_center) for n in (c.supports, c.refutes, c.context)),
            Plain(f"{c.inconsistency:.2f}", styles.cell_center),
        ])  # fmt: skip
    widths = [10 * mm, None, 24 * mm, 11 * mm, 14 * mm, 14 * mm, 14 * mm]
    return long_table([Para(h, styles.cell_head) for h in head], rows, widths)


def _matrix_table(view: MatrixView, group: list[int], rows: list[MatrixRow],
                  model: BriefModel, styles: Styles) -> Table:  # fmt: skip
    centre = ParagraphStyle("matrix-head", parent=styles.cell_head, alignment=TA_CENTER)
    header = [Para("Evidence", styles.cell_head), Para("Grade", centre),
              *(Plain(view.claims[i].label, centre) for i in group)]  # fmt: skip
    data: list[list[Any]] = [header]
    style: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), NAVY),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    for n, row in enumerate(rows, 1):
        data.append([_evidence_cell(row, model, styles),
                     Plain(row.evidence.grade or "—", styles.cell_center),
                     *(_stance_cell(row.stances[i], styles) for i in group)])  # fmt: skip
        if not row.diagnostic:
            style.append(("BACKGROUND", (0, n), (1, n), SHADE))
        for col, i in enumerate(group, 2):
            stance = row.stances[i]
            if stance:
                style.append(("BACKGROUND", (col, n), (col, n), STANCE_FILL[stance]))
    foot = len(data)
    if foot > 1:  # white gaps between the stance cells, not across the totals
        style.append(("INNERGRID", (2, 1), (-1, foot - 1), 0.4, colors.white))
    data.append([Plain("For / against / context", styles.cell_bold), ""]
                + [Plain(f"{c.supports} / {c.refutes} / {c.context}", styles.cell_center)
                   for c in (view.claims[i] for i in group)])  # fmt: skip
    data.append([Plain("Inconsistency score (lower is less contradicted)", styles.cell_bold), ""]
                + [Plain(f"{view.claims[i].inconsistency:.2f}", styles.cell_center)
                   for i in group])  # fmt: skip
    style += [("LINEABOVE", (0, foot), (-1, foot), 0.9, NAVY),
              ("SPAN", (0, foot), (1, foot)), ("SPAN", (0, foot + 1), (1, foot + 1))]  # fmt: skip
    widths = [None, 12 * mm, *([15.5 * mm] * len(group))]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(table_style(style))
    return table


def _evidence_cell(row: MatrixRow, model: BriefModel, styles: Styles) -> list[Flowable]:
    ev = row.evidence
    quote = one_line(ev.snippet.text, QUOTE_CHARS)
    cell = [rich([(f"E{ev.number}  ", "bold"), (quote, "italic")], styles.cell)]
    cite: list[Segment] = []
    if ev.citation is not None:
        linked = "sources" in model.options.sections
        cite.append((f"[{ev.citation}]", "regular", f"#src-{ev.citation}" if linked else None,
                     LINK if linked else None))  # fmt: skip
        cite.append((" " + one_line(ev.source_title or "", TITLE_CHARS), "regular"))
    else:
        cite.append(("no source", "regular"))
    if not row.diagnostic:
        cite.append(("  · non-diagnostic", "bolditalic"))
    cell.append(rich(cite, styles.cell_small))
    return cell


def _stance_cell(stance: str | None, styles: Styles) -> Flowable:
    if not stance:
        return Plain("", styles.cell_center)
    return Plain(STANCE_WORDS[stance], _ink(styles.cell_center, STANCE_INK[stance]))


def _ink(style: ParagraphStyle, colour: Any) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-{colour.hexval()}", parent=style, textColor=colour)


# --- the link chart -----------------------------------------------------------------------


def chart(model: BriefModel, styles: Styles) -> list[Flowable]:
    """The link chart as a vector drawing fitted to the page, with a caption of what is left out."""
    from casefile.brief.chart_drawing import chart_drawing

    out = section_head("chart", styles)
    view = model.chart
    if view is None or not view.nodes:
        return [*out, Para("The brief names no people or organisations to chart.", styles.body)]
    width, height = frame_size(model)
    drawing, left_off = chart_drawing(view, width, height - 42 * mm)
    out.append(drawing)
    out.append(Spacer(1, 3 * mm))
    out.append(Para(_chart_caption(view, left_off), styles.small))
    return out


def counted(n: int, one: str, many: str) -> str:
    """``1 claim``, ``2 claims``, ``2,000 people``."""
    return f"{n:,} {one if n == 1 else many}"


def _chart_caption(view: Any, labels_left_off: int) -> str:
    entities = sum(1 for n in view.nodes if n.shape != "claim")
    claims = len(view.nodes) - entities
    saved = sum(1 for n in view.nodes if n.saved)
    text = (f"{counted(entities, 'person or organisation', 'people and organisations')} and "
            f"{counted(claims, 'claim', 'claims')}, with "
            f"{counted(view.shown_edges, 'link', 'links')} (relationships and claim subjects) "
            "between them. ")  # fmt: skip
    if saved == len(view.nodes):
        text += "Every node is where it was placed in the case's link chart."
    elif saved:
        text += (f"Nodes placed in the case's link chart keep their place ({saved} of "
                 f"{len(view.nodes)}); the rest are laid out automatically.")  # fmt: skip
    else:
        text += "The layout is automatic (no positions are saved in the case)."
    left = view.total_nodes - len(view.nodes)
    if left:
        text += (f" The chart shows {MAX_CHART_NODES} of the most connected nodes: "
                 f"{counted(left, 'more node', 'more nodes')} (people, organisations, claims) and "
                 f"{counted(view.total_edges - view.shown_edges, 'link', 'links')} are left out; "
                 "all people and organisations are listed with their relationships in People "
                 "and organisations.")  # fmt: skip
    if labels_left_off:
        text += (f" {counted(labels_left_off, 'link label', 'link labels')} that would have "
                 "covered other text are left off; every relationship's wording is in People "
                 "and organisations.")  # fmt: skip
    return text


# --- the chronology with its drawing ------------------------------------------------------


def chronology(model: BriefModel, styles: Styles) -> list[Flowable]:
    """The chronology section, with the timeline drawn above the table when asked for."""
    out = people_story.chronology(model, styles)
    view = model.timeline
    if view is None or not view.items:
        return out
    from casefile.brief.timeline_drawing import timeline_drawing

    width, _ = frame_size(model)
    drawing, hidden = timeline_drawing(view, width)
    caption = (f"Timeline of event dates (when things happened; never publication or capture "
               f"dates): {len(view.items) - hidden:,} items drawn")  # fmt: skip
    if hidden:
        caption += f"; {hidden:,} more on crowded dates are not drawn but are in the table below"
    if view.undated:
        caption += f"; {view.undated:,} without an event date are not shown"
    block = KeepTogether([drawing, Spacer(1, 2 * mm), Para(caption + ".", styles.small),
                          Spacer(1, 3 * mm)])  # fmt: skip
    at = len(section_head("chronology", styles)) + 1
    return [*out[:at], block, *out[at:]]
