"""The brief as blocks, section by section in the order the options ask: the one sequence
both twins (DOCX, Markdown) are written from."""

from __future__ import annotations

from collections.abc import Callable

from casefile.brief import twin_sections as more
from casefile.brief.model import BriefModel
from casefile.brief.twin_blocks import (
    Block,
    PageBreak,
    Picture,
    claims,
    contents,
    cover,
    judgements,
)
from casefile.brief.twin_narrative import narrative

Builder = Callable[[BriefModel], list[Block]]


def blocks(
    model: BriefModel, medium: str, pictures: Callable[[str], tuple[Picture, int] | None]
) -> list[Block]:
    """Every block of the brief, section by section as the options ask (no leading break).

    ``medium`` names the format in the annex ("DOCX", "Markdown"); ``pictures(name)`` draws
    "chart" or "timeline" as PNG with what it left off (None when there is nothing to draw).
    """
    builders: dict[str, Builder] = {
        "cover": cover,
        "contents": contents,
        "narrative": narrative,
        "judgements": judgements,
        "claims": claims,
        "matrix": more.matrix,
        "cast": more.cast,
        "chart": lambda m: more.chart(m, pictures),
        "chronology": lambda m: more.chronology(m, pictures),
        "sources": more.sources,
        "gaps": more.gaps_section,
        "annex": lambda m: more.annex(m, medium),
    }
    out: list[Block] = []
    for key in model.options.sections:
        out += builders[key](model)
    while out and isinstance(out[0], PageBreak):
        out.pop(0)
    return out
