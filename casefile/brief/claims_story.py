"""Key judgements (one table) and claims in detail (evidence grouped by stance)."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle

from casefile.brief import markup as mk
from casefile.brief.cover_story import section_head
from casefile.brief.flowables import Anchor, Para, Plain, para
from casefile.brief.model import BriefModel, ClaimView, EvidenceView
from casefile.brief.styles import (
    LINK,
    STANCE_TITLES,
    STATUS_COLOURS,
    STATUS_INK,
    Styles,
)
from casefile.brief.tables import long_table
from casefile.core import dates
from casefile.core.grading import STANCES

NOT_ESTABLISHED = "not established"
CAVEAT = (
    "Every claim in the case is listed with its status and the weight of evidence. "
    "Shaded rows are UNVERIFIED or DISPUTED: they are not established and must not be "
    "presented as fact."
)


def status_flag(cv: ClaimView, styles: Styles) -> Flowable:
    """The status in capitals, coloured; unverified and disputed claims say so plainly."""
    status = cv.claim.status
    ink = STATUS_INK.get(status, colors.black).hexval()[2:]
    text = f'<font color="#{ink}">{status.upper()}</font>'
    if not cv.established:
        text += f'<br/><font color="#{ink}" size="7">{NOT_ESTABLISHED}</font>'
    return Para(text, styles.flag)


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
        link = _link(f"claim-{cv.claim.id}", cv.label, "claims" in model.options.sections)
        rows.append([
            Para(link, styles.cell_bold),
            para(cv.claim.statement, styles.cell),
            status_flag(cv, styles),
            Para(mk.markup(likelihood_text(cv)), styles.cell),
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
        ("Likelihood", Para(mk.markup(likelihood_text(cv)), styles.cell)),
        ("Claimant", para(claim.claimant or "—", styles.cell)),
        ("Subjects", para("; ".join(cv.subjects) or "—", styles.cell)),
    ]
    if claim.tags:
        facts.append(("Tags", para(", ".join(claim.tags), styles.cell)))
    table = Table([[Plain(k, styles.cover_label), v] for k, v in facts],
                  colWidths=[24 * mm, None], hAlign="LEFT")  # fmt: skip
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ]))  # fmt: skip
    head: list[Flowable] = [
        Anchor(f"claim-{claim.id}", f"{cv.label} {claim.statement[:80]}", level=1),
        Plain(cv.label, styles.h3),
        para(claim.statement, styles.h2, "bold"),
        table,
    ]
    out: list[Flowable] = [KeepTogether(head)]
    if model.options.include_notes and claim.notes:
        out.append(mk_label("Notes", claim.notes, styles))
    for stance in STANCES:
        group = cv.evidence.get(stance, ())
        if not group and stance == "context":
            continue
        title = Para(f"{STANCE_TITLES[stance]} ({len(group)})", styles.h3)
        if not group:
            out.append(
                KeepTogether([title, Para(f"No {STANCE_TITLES[stance].lower()}.", styles.small)])
            )
            continue
        blocks = [evidence_block(ev, model, styles) for ev in group]
        out.append(KeepTogether([title, *blocks[0]]))
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


def _link(target: str, text: str, present: bool) -> str:
    """An internal link when the target's section is in the brief, else plain text."""
    if not present:
        return text
    return f'<a href="#{target}" color="#{LINK.hexval()[2:]}">{text}</a>'


def para_meta(ev: EvidenceView, styles: Styles, sections: tuple[str, ...]) -> Flowable:
    bold = "bold"
    parts = [mk.styled(f"E{ev.number}", bold)]
    parts.append(mk.styled("Grade ", bold) + (mk.markup(ev.grade) if ev.grade else "ungraded"))
    if ev.snippet.date:
        parts.append(mk.styled("Event date ", bold) + mk.markup(dates.display(ev.snippet.date)))
    if ev.citation is not None:
        cite = _link(f"src-{ev.citation}", f"[{ev.citation}]", "sources" in sections)
        where = mk.markup(ev.source_title)
        if ev.snippet.location:
            where += ", " + mk.markup(ev.snippet.location)
        parts.append(mk.styled("Source ", bold) + cite + " " + where)
    else:
        parts.append("no source")
    if ev.link_note:
        parts.append(mk.styled("Note ", bold) + mk.markup(ev.link_note))
    return Para(" · ".join(parts), styles.meta)
