"""The cover page and the contents of the brief."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
)

from casefile.brief.flowables import Anchor, ContentsLine, Para, para
from casefile.brief.model import SECTIONS, BriefModel
from casefile.brief.styles import NAVY, RULE, SHADE, Styles
from casefile.brief.tables import table_style
from casefile.core import dates

READING_NOTE = (
    "Claims are weighed against the evidence and graded with the ICD 203 expressions of "
    "likelihood. Claims marked UNVERIFIED or DISPUTED are not established and must not be "
    "presented as fact. Quotations are reproduced exactly as captured, each with its Admiralty "
    "grade (source reliability A–F, information credibility 1–6), the date of the event it "
    "reports and a numbered citation to the source list. Dates of events, of publication and "
    "of capture are always labelled and never mixed. The grading scales and the custody of "
    "this document are set out in the annex."
)


def section_head(key: str, styles: Styles, first: bool = False) -> list[Flowable]:
    """A new page, the section's anchor (outline and contents) and its heading."""
    title = SECTIONS[key]
    out: list[Flowable] = [] if first else [PageBreak()]
    return [
        *out,
        Anchor(key, title),
        Para(title, styles.h1),
        HRFlowable(width="100%", thickness=1.2, color=NAVY, spaceBefore=0, spaceAfter=10),
    ]


def cover(model: BriefModel, styles: Styles) -> list[Flowable]:
    """Title, reference, marking, author, issue date, counts, summary and how to read it."""
    info, options = model.info, model.options
    rows = [
        ("Reference", info.reference or "—"),
        ("Handling", model.marking),
        ("Author", options.author or "—"),
        ("Date of issue", dates.display(options.issue_date)),
        ("Scope", _scope(model)),
    ]
    if options.redact:
        rows.append(("Redacted", "Yes: marks such as [redacted: person 1] replace the chosen "
                     "names, quotes and terms throughout; the annex counts them."))  # fmt: skip
    table = Table(
        [[Para(k.upper(), styles.cover_label), para(v, styles.cover_value)] for k, v in rows],
        colWidths=[32 * mm, None],
        hAlign="LEFT",
    )
    table.setStyle(table_style([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ]))  # fmt: skip
    out: list[Flowable] = [
        Anchor("cover", "Cover"),
        Spacer(1, 22 * mm),
        Para("CASE BRIEF", styles.cover_label),
        Spacer(1, 3 * mm),
        para(info.title, styles.title, "bold"),
        HRFlowable(width="100%", thickness=2, color=NAVY, spaceBefore=4, spaceAfter=14),
        table,
        Spacer(1, 10 * mm),
    ]
    if info.summary:
        out += [Para("Summary", styles.h2), para(info.summary, styles.body)]
    note = Table([[Para(READING_NOTE, styles.small)]], colWidths=["100%"])
    note.setStyle(table_style([
        ("BACKGROUND", (0, 0), (-1, -1), SHADE),
        ("BOX", (0, 0), (-1, -1), 0.5, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))  # fmt: skip
    out += [Spacer(1, 8 * mm), KeepTogether([Para("How to read this brief", styles.h3), note])]
    return out


def _scope(model: BriefModel) -> str:
    c = model.counts
    text = (
        f"{c['claims']} claims, {c['evidence']} evidence items, {c['sources']} sources, "
        f"{len(model.cast)} people and organisations"
    )
    if model.options.tags:
        text += " — only claims and evidence tagged " + ", ".join(sorted(model.options.tags))
    return text


def contents(model: BriefModel, styles: Styles) -> list[Flowable]:
    """The contents: each section present with the page it starts on."""
    first = "cover" not in model.options.sections
    out = section_head("contents", styles, first=first)
    for key in model.options.sections:
        if key in ("cover", "contents") or (key == "narrative" and model.narrative is None):
            continue
        out.append(ContentsLine(key, SECTIONS[key], styles.toc))
        if key == "narrative" and model.narrative is not None:
            for i, section in enumerate(model.narrative.sections):
                out.append(ContentsLine(f"narr-{i}", _short(section.title), styles.toc_sub, 12))
        if key == "claims":
            for cv in model.claims:
                title = f"{cv.label}  {_short(cv.claim.statement)}"
                out.append(ContentsLine(f"claim-{cv.claim.id}", title, styles.toc_sub, indent=12))
    return out


def _short(text: str, limit: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
