"""The brief as Markdown (GitHub-flavoured): headings, GFM tables, quotes as blockquotes with
their numbered citations linked to the Sources section, pictures written beside the file and
linked relatively. All user text is escaped: it shows as the same characters, never markup."""

from __future__ import annotations

from urllib.parse import quote

from casefile.brief.model import BriefModel
from casefile.brief.render import issue_date_text
from casefile.brief.twin_blocks import (
    Block,
    Contents,
    Heading,
    PageBreak,
    Para,
    Picture,
    Quote,
    Span,
    Spans,
    Table,
)
from casefile.brief.twin_script import Anchors, md_escape, md_lines

_MARKS = {"bold": "**", "italic": "*", "bolditalic": "***"}


def markdown(model: BriefModel, blocks: list[Block], folder: str) -> str:
    """The Markdown text of the brief; pictures are linked as ``folder/NAME.png``."""
    anchors = Anchors()
    info = model.info
    marking = inline((Span(model.marking, "bold"),), anchors, " ")
    furniture = [f"Ref. {info.reference}" if info.reference else "",
                 f"Issued {issue_date_text(model.options.issue_date)}"]  # fmt: skip
    head = [marking, inline((Span(" · ".join(p for p in furniture if p)),), anchors, " ")]
    parts: list[str] = ["  \n".join(line for line in head if line.strip())]
    for block in blocks:
        text = _block(block, anchors, folder)
        if text:
            parts.append(text)
    parts.append(f"---\n\n{marking}")
    return "\n\n".join(parts) + "\n"


def _block(block: Block, anchors: Anchors, folder: str) -> str:
    if isinstance(block, PageBreak):
        return ""
    if isinstance(block, Heading):
        target = _target(block.anchor, anchors)
        return "#" * block.level + " " + target + " ".join(md_lines(block.text))
    if isinstance(block, Para):
        text = _target(block.anchor, anchors) + inline(block.spans, anchors)
        if block.kind == "title":
            return "# " + " ".join(text.split("  \n"))
        if block.kind == "label":
            return f"**{text}**" if text else ""
        if block.kind == "item":  # a real Markdown list item, nested four spaces a level
            marker = "-" if block.marker == "•" else block.marker
            return "    " * (block.level - 1) + f"{marker} " + text
        return text
    if isinstance(block, Quote):
        lines = md_lines(block.text)
        body = "  \n".join(lines).replace("\n", "\n> ")
        return f"> {body}\n>\n> — {inline(block.meta, anchors)}"
    if isinstance(block, Table):
        return table(block, anchors)
    if isinstance(block, Contents):
        return "\n".join("  " * (level - 1) + f"- [{' '.join(md_lines(title))}](#{anchors.name(a)})"
                         for level, title, a in block.entries)  # fmt: skip
    if isinstance(block, Picture):
        return f"![{md_escape(block.alt)}]({quote(folder)}/{quote(block.name)})"
    raise TypeError(f"no Markdown for {block!r}")


def _target(anchor: str | None, anchors: Anchors) -> str:
    return f'<a id="{anchors.name(anchor)}"></a>' if anchor is not None else ""


def inline(spans: Spans, anchors: Anchors, breaks: str = "  \n") -> str:
    """The spans as inline Markdown: emphasis around the words only (spaces outside, so the
    markers always close), links to anchors, lines joined by ``breaks``."""
    out: list[str] = []
    for span in _merged(spans):
        lines = [line for line in md_lines(span.text) if line]  # a blank line ends a paragraph
        lines = lines or [" " if span.text else ""]
        text = breaks.join(lines)
        lead = " " if span.text[:1].isspace() and text.strip() else ""
        trail = " " if span.text[-1:].isspace() and text.strip() else ""
        core = text.strip(" ") if text.strip() else text
        if core.strip() and span.face in _MARKS:
            core = _MARKS[span.face] + core + _MARKS[span.face]
        elif core.strip() and span.face == "mono" and "`" not in span.text:
            core = "`" + span.text.strip() + "`"
        if span.link is not None and core.strip():
            core = f"[{core}](#{anchors.name(span.link)})"
        out.append(lead + core + trail)
    return "".join(out)


def _merged(spans: Spans) -> list[Span]:
    out: list[Span] = []
    for span in spans:
        if out and out[-1].face == span.face and out[-1].link == span.link:
            out[-1] = Span(out[-1].text + span.text, span.face, span.link)
        else:
            out.append(span)
    return out


def table(block: Table, anchors: Anchors) -> str:
    """A GFM table; a table without a header (facts of a record) as a list of ``Label: value``."""
    if block.header is None:
        lines = []
        for row in block.rows:
            cells = [inline(cell, anchors, " ") for cell in row]
            lines.append("- " + cells[0] + (": " + " — ".join(cells[1:]) if len(cells) > 1 else ""))
        return "\n".join(lines)
    head = [" ".join(md_lines(h)) or " " for h in block.header]
    rows = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for row in block.rows:
        rows.append("| " + " | ".join(inline(cell, anchors, " ") or " " for cell in row) + " |")
    return "\n".join(rows)
