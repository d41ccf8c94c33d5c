"""The analyst's assessment in the brief: each section, its citations, the quotes it cites.

The analyst's words go through the same pieces as every other user text of the brief
(``flowables.rich``/``para``: nothing parsed as markup, scripts shaped and ordered by the
brief's own text shaping); only our styles and links are added.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, HRFlowable

from casefile.brief.claims_story import evidence_block
from casefile.brief.cover_story import section_head
from casefile.brief.flowables import Anchor, Para, Segment, para, rich
from casefile.brief.markup import has_rtl
from casefile.brief.model import BriefModel, CitedView
from casefile.brief.rtl import RtlParagraph
from casefile.brief.styles import LINK, MARKING, RULE, Styles
from casefile.brief.together import Together
from casefile.core.narrative_text import Block, Run

CITED_TITLE = "Evidence cited in this assessment"
CITED_NOTE = (
    "Each quotation the assessment cites, exactly as captured, with its number (as used "
    "throughout this brief), grade and source."
)


def narrative(model: BriefModel, styles: Styles) -> list[Flowable]:
    """Every section the analyst wrote, then the quotes its citations point to."""
    view = model.narrative
    if view is None:
        return []
    out = section_head("narrative", styles)
    for index, section in enumerate(view.sections):
        head: list[Flowable] = [
            Anchor(f"narr-{index}", section.title, level=1),
            para(section.title, styles.h2, "bold"),
        ]
        blocks = [_block(block, section.cites, styles) for block in section.blocks]
        out.append(Together([*head, *blocks[:1]]))
        out.extend(blocks[1:])
    if view.evidence:
        out.append(Together([para(CITED_TITLE, styles.h2, "bold"), Para(CITED_NOTE, styles.small)]))
        for ev in view.evidence:
            out.append(Anchor(f"narr-ev-{ev.snippet.id}", outline=False))
            out.extend(evidence_block(ev, model, styles))
    return out


def _block(block: Block, cites: dict[str, CitedView], styles: Styles) -> Flowable:
    if block.kind == "rule":
        return HRFlowable(width="100%", thickness=0.5, color=RULE, spaceBefore=4, spaceAfter=6)
    if block.kind == "code":
        return para(block.text, styles.mono, "mono")
    style = _style(block, styles)
    segments: list[Segment] = []
    if block.kind == "item":
        segments.append((f"{block.marker} ", "regular"))
    segments += [_segment(run, cites) for run in block.runs]
    text = "".join(seg[0] for seg in segments)
    if has_rtl(text):  # shaped and ordered by the brief's bidi, in the sentence's direction
        return RtlParagraph(
            text, style, "bold" if block.kind == "heading" else "regular", natural=True
        )
    return rich(segments, style)


def _style(block: Block, styles: Styles) -> ParagraphStyle:
    if block.kind == "heading":
        return styles.h3 if block.level >= 3 else _derived(styles.h2, "narr-head", fontSize=10.5)
    if block.kind == "quote":
        return _derived(styles.body, "narr-quote", leftIndent=14, textColor=styles.small.textColor)
    if block.kind == "item":
        return _derived(styles.body, f"narr-item-{block.level}", leftIndent=12 * block.level,
                        firstLineIndent=-8, spaceAfter=2)  # fmt: skip
    return styles.body


_DERIVED: dict[str, ParagraphStyle] = {}


def _derived(parent: ParagraphStyle, name: str, **changes: object) -> ParagraphStyle:
    key = f"{name}-{parent.name}"
    if key not in _DERIVED:
        _DERIVED[key] = ParagraphStyle(key, parent=parent, **changes)
    return _DERIVED[key]


_FACES = {
    frozenset({"strong", "em"}): "bolditalic",
    frozenset({"strong"}): "bold",
    frozenset({"em"}): "italic",
}


def _segment(run: Run, cites: dict[str, CitedView]) -> Segment:
    if run.cite is None:
        face = "mono" if "code" in run.styles else _FACES.get(run.styles - {"code"}, "regular")
        return (run.text, face)
    cited = cites[run.cite]
    text = cited.label if cited.label.startswith("[") else f"[{cited.label}]"
    if cited.target is None:
        colour = MARKING if cited.problem else None
        return (text, "bold" if cited.problem else "regular", None, colour)
    return (text, "regular", f"#{cited.target}", MARKING if cited.problem else LINK)
