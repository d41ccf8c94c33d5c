"""The preview of a section: the analyst's markup as HTML built by our own escaping rules.

Every piece of the analyst's text is escaped (``html.escape``); the only tags are ours
(headings, paragraphs, lists, emphasis, citation marks), so nothing typed in a section is
ever read by Qt as rich text, and nothing in it can load a file or a page.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from casefile.core.narrative_text import Block, Run, parse
from casefile.gui.common.palette import LIGHT, Theme

_TAGS = {"strong": "b", "em": "i", "code": "code"}
BROKEN_COLOUR = "#a11d1d"
CITE_COLOUR = "#1f4e8c"
MUTED_COLOUR = "#555555"  # colours chosen for a white sheet; a dark one mirrors them (Theme)


@dataclass(frozen=True)
class Mark:
    """How a citation shows in the preview: its words, and whether it is a gap."""

    text: str
    broken: bool = False


def to_html(body: str, marks: dict[str, Mark], theme: Theme = LIGHT) -> str:
    """The preview of ``body``; each token shows its mark (unknown tokens show as broken),
    in colours readable on ``theme`` (the preview's palette)."""
    out: list[str] = []
    for block in parse(body):
        out.append(_block(block, marks, theme))
    muted = theme.colour(MUTED_COLOUR).name()
    return "\n".join(out) or f"<p style='color:{muted}'>(nothing written yet)</p>"


def _block(block: Block, marks: dict[str, Mark], theme: Theme) -> str:
    inner = "".join(_run(run, marks, theme) for run in block.runs)
    if block.kind == "heading":
        level = min(block.level + 2, 6)  # under the section's own title
        return f"<h{level}>{inner}</h{level}>"
    if block.kind == "item":
        indent = 16 * block.level
        marker = html.escape(block.marker)
        return f"<p style='margin-left:{indent}px'>{marker}&nbsp;{inner}</p>"
    if block.kind == "quote":
        muted = theme.colour(MUTED_COLOUR).name()
        return f"<blockquote style='color:{muted}'>{inner}</blockquote>"
    if block.kind == "code":
        return f"<pre>{html.escape(block.text)}</pre>"
    if block.kind == "rule":
        return "<hr/>"
    return f"<p>{inner}</p>"


def _run(run: Run, marks: dict[str, Mark], theme: Theme) -> str:
    if run.cite is not None:
        mark = marks.get(run.cite, Mark(f"{run.text} unknown", True))
        colour = theme.colour(BROKEN_COLOUR if mark.broken else CITE_COLOUR).name()
        weight = "font-weight:bold;" if mark.broken else ""
        return f"<span style='color:{colour};{weight}'>{html.escape(mark.text)}</span>"
    text = html.escape(run.text).replace("\n", "<br/>")
    for style in sorted(run.styles):
        tag = _TAGS[style]
        text = f"<{tag}>{text}</{tag}>"
    return text
