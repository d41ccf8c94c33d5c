"""Key judgements (one table) and claims in detail (evidence grouped by stance)."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from casefile.brief.cover_story import section_head
from casefile.brief.flowables import Anchor, Para, Plain, Segment, para, rich
from casefile.brief.grid import Grid
from casefile.brief.model import BriefModel, ClaimView, EvidenceView
from casefile.brief.styles import (
    LINK,
    STANCE_TITLES,
    STATUS_COLOURS,
    STATUS_INK,
    Styles,
)
from casefile.brief.tables import long_table
from casefile.brief.together import Together
from casefile.core import dates
from casefile.core.grading import STANCES
from casefile.core.ocrlayer import is_ocr_location

NOT_ESTABLISHED = "not established"
CAVEAT = (
    "Every claim in the case is listed with its status and the weight of evidence. "
    "Shaded rows are UNVERIFIED or DISPUTED: they are not established and must not be "
    "presented as fact."
)


def status_flag(cv: ClaimView, styles: Styles) -> Flowable:
    """The status in capitals, coloured; unverified and disputed claims say so plainly."""
    status = cv.claim.status
    style = ParagraphStyle(f"flag-{status}", parent=styles.flag,
                           textColor=STATUS_INK.get(status, colors.black))  # fmt: skip
    text = status.upper() + ("" if cv.established else f"\n{NOT_ESTABLISHED}")
    return Plain(text, style)


def likelihood_text(cv: ClaimView) -> str:
    if not cv.claim.likelihood:
        return "not assessed"
    return f"{cv.claim.likelihood} ({cv.band})"


def judgements(model: BriefModel, styles: Styles) -> list[Flowable]:
    """One row per claim: statement, status flag, likelihood, evidence counts."""
    out = section_head("judgements", styles)
    out.append(Para(CAVEAT, styles.small))
    if not model.claims:
        return [*out, Para("The case holds no claims.", styles.body)]
    head = ["", "Judgement", "Status", "Likelihood", "For", "Against", "Context"]
    header = [Para(h, styles.cell_head) for h in head]
    rows, shading = [], []
    for cv in model.claims:
        present = "claims" in model.options.sections
        rows.append([
            _label(f"claim-{cv.claim.id}", cv.label, present, styles.cell_bold),
            para(cv.claim.statement, styles.cell),
            status_flag(cv, styles),
            Plain(likelihood_text(cv), styles.cell),
            *(Plain(str(cv.count(s)), styles.cell_center) for s in STANCES),
        ])  # fmt: skip
        colour = STATUS_COLOURS[cv.claim.status] if not cv.established else None
        shading.append([("BACKGROUND", 0, 0, colour)] if colour else [])
    widths = [10 * mm, None, 25 * mm, 30 * mm, 11 * mm, 14 * mm, 14 * mm]
    return [*out, *long_table(header, rows, widths, shading)]


def claims(model: BriefModel, styles: Styles) -> list[Flowable]:
    """Each claim: statement, status, likelihood, claimant, subjects, then its evidence."""
    out = section_head("claims", styles)
    if not model.claims:
        out.append(Para("The case holds no claims.", styles.body))
    for cv in model.claims:
        out.extend(claim_block(cv, model, styles))
    return out


def claim_block(cv: ClaimView, model: BriefModel, styles: Styles) -> list[Flowable]:
    claim = cv.claim
    facts = [
        ("Status", status_flag(cv, styles)),
        ("Likelihood", Plain(likelihood_text(cv), styles.cell)),
        ("Claimant", para(claim.claimant or "—", styles.cell)),
        ("Subjects", para("; ".join(cv.subjects) or "—", styles.cell)),
    ]
    if claim.tags:
        facts.append(("Tags", para(", ".join(claim.tags), styles.cell)))
    table = Grid([[Plain(k, styles.cover_label), v] for k, v in facts], [24 * mm, None],
                 padding=(1.5, 1.5, 0, 6))  # fmt: skip
    head: list[Flowable] = [
        Anchor(f"claim-{claim.id}", f"{cv.label} {claim.statement[:80]}", level=1),
        Plain(cv.label, styles.h3),
        para(claim.statement, styles.h2, "bold"),
        table,
    ]
    out: list[Flowable] = [Together(head)]
    if model.options.include_notes and claim.notes:
        out.append(mk_label("Notes", claim.notes, styles))
    for stance in STANCES:
        group = cv.evidence.get(stance, ())
        if not group and stance == "context":
            continue
        title = para(f"{STANCE_TITLES[stance]} ({len(group)})", styles.h3, "bold")
        if not group:
            out.append(
                Together([title, Para(f"No {STANCE_TITLES[stance].lower()}.", styles.small)])
            )
            continue
        blocks = [evidence_block(ev, model, styles) for ev in group]
        out.append(Together([title, *blocks[0]]))
        for block in blocks[1:]:
            out.extend(block)
    out.append(Para("", styles.body))
    return out


def mk_label(label: str, text: str, styles: Styles) -> Flowable:
    from casefile.brief.flowables import label_para

    return label_para(label, text, styles.body)


def evidence_block(ev: EvidenceView, model: BriefModel, styles: Styles) -> list[Flowable]:
    """The quote exactly as captured, then grade, event date and the numbered citation."""
    out: list[Flowable] = [para(ev.snippet.text, styles.quote, "italic")]
    out.append(para_meta(ev, styles, model.options.sections))
    if model.options.include_notes and ev.snippet.notes:
        out.append(mk_label("Evidence notes", ev.snippet.notes, styles))
    return out


def para_meta(ev: EvidenceView, styles: Styles, sections: tuple[str, ...]) -> Flowable:
    """``E4 · Grade B2 · Event date … · Source [2] title, p. 4 · Note …`` as fragments."""
    link_colour = LINK if "sources" in sections else None
    dot = (" · ", "regular")
    segs: list[Segment] = [(f"E{ev.number}", "bold"), dot, ("Grade ", "bold"),
                           (ev.grade or "ungraded", "regular")]  # fmt: skip
    if ev.snippet.date:
        segs += [dot, ("Event date ", "bold"), (dates.display(ev.snippet.date), "regular")]
    if ev.citation is not None:
        target = f"#src-{ev.citation}" if link_colour is not None else None
        segs += [dot, ("Source ", "bold"), (f"[{ev.citation}]", "regular", target, link_colour)]
        segs.append((" " + (ev.source_title or ""), "regular"))
        if ev.snippet.location:
            segs.append((", " + ev.snippet.location, "regular"))
        if is_ocr_location(ev.snippet.location):
            segs += [dot, ("OCR", "bold"), (" words read from an image by machine", "regular")]
    else:
        segs += [dot, ("no source", "regular")]
    if ev.link_note:
        segs += [dot, ("Note ", "bold"), (ev.link_note, "regular")]
    return rich(segs, styles.meta)


def _label(target: str, text: str, present: bool, style: ParagraphStyle) -> Flowable:
    """Our label as an internal link when the target's section is in the brief, else plain."""
    if not present:
        return Plain(text, style)
    return rich([(text, "bold", f"#{target}", LINK)], style)
