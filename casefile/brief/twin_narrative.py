"""The analyst's assessment as twin blocks (DOCX, Markdown): the same words and citations as
the PDF's (``narrative_story``), each citation a link to what it cites."""

from __future__ import annotations

from casefile.brief.model import BriefModel, CitedView
from casefile.brief.narrative_story import CITED_NOTE, CITED_TITLE
from casefile.brief.twin_blocks import (
    Block,
    Heading,
    Para,
    Span,
    evidence_block,
    plain,
    section_head,
)
from casefile.core.narrative_text import Block as TextBlock
from casefile.core.narrative_text import Run

_FACES = {
    frozenset({"strong", "em"}): "bolditalic",
    frozenset({"strong"}): "bold",
    frozenset({"em"}): "italic",
}


def narrative(model: BriefModel) -> list[Block]:
    """Each section the analyst wrote, then the quotes its citations point to."""
    view = model.narrative
    if view is None:
        return []
    out = section_head("narrative")
    for index, section in enumerate(view.sections):
        out.append(Heading(2, section.title, f"narr-{index}"))
        out += [_block(block, section.cites) for block in section.blocks]
    if view.evidence:
        out += [Heading(2, CITED_TITLE), Para(plain(CITED_NOTE), "small")]
        for ev in view.evidence:
            out.append(Para((Span(f"E{ev.number}", "bold"),), "small", f"narr-ev-{ev.snippet.id}"))
            out += evidence_block(ev, model)
    return out


def _block(block: TextBlock, cites: dict[str, CitedView]) -> Block:
    spans = tuple(_span(run, cites) for run in block.runs)
    if block.kind == "heading":
        return Heading(min(block.level + 2, 4), block.text)
    if block.kind == "item":
        return Para(spans, "item", marker=block.marker, level=block.level)
    if block.kind == "code":
        return Para(plain(block.text, "mono"))
    if block.kind == "rule":
        return Para(plain("—"), "small")
    return Para(spans, "small" if block.kind == "quote" else "body")


def _span(run: Run, cites: dict[str, CitedView]) -> Span:
    if run.cite is None:
        face = "mono" if "code" in run.styles else _FACES.get(run.styles - {"code"}, "")
        return Span(run.text, face)
    cited = cites[run.cite]
    text = cited.label if cited.label.startswith("[") else f"[{cited.label}]"
    return Span(text, "bold" if cited.problem else "", cited.target)


__all__ = ["narrative"]
