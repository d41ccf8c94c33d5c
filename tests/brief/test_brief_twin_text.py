"""Every hostile string shows as the same characters in the Markdown and Word twins: escaped,
never markup; characters XML cannot hold shown as U+FFFD; scripts split into marked runs."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest
from docx import Document
from markdown_it import MarkdownIt
from twins_helpers import flat, html_text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hostile_strings import SMALL, ids

from casefile.brief.twin_blocks import Heading, Para, Quote, Span, Table
from casefile.brief.twin_markdown import _block, table
from casefile.brief.twin_script import Anchors, runs_of, text_lines

MD = MarkdownIt("commonmark").enable("table").enable("strikethrough")
_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def shown(text: str) -> str:
    """What a reader must see: the text, lines flattened, unstorable characters as U+FFFD."""
    return flat(_BAD.sub("\ufffd", text_lines(text)))


@pytest.mark.parametrize("text", list(SMALL.values()), ids=ids(SMALL))
def test_markdown_shows_hostile_text_as_itself(text: str) -> None:
    """In a heading, a paragraph (bold and plain), a quote and a table cell, the rendered
    Markdown reads as the string itself and makes no element of it."""
    anchors = Anchors()
    pieces = [
        _block(Heading(2, text), anchors, "f"),
        _block(Para((Span(text, "bold"), Span(" | "), Span(text))), anchors, "f"),
        _block(Quote(text, (Span("E1", "bold"),)), anchors, "f"),
        table(Table(("Head",), ((((Span(text, "italic"),),)),)), anchors),
    ]
    for piece, tags in zip(pieces, (["h2"], ["p", "strong", "br"], ["blockquote", "p", "br", "strong"],
                                    ["table", "thead", "tr", "th", "tbody", "td", "em"]),
                           strict=True):  # fmt: skip
        seen, made = html_text(MD.render(piece))
        want = shown(text)
        if want:
            assert want in seen, piece
        assert set(made) <= set(tags), (piece, made)


@pytest.mark.parametrize("text", list(SMALL.values()), ids=ids(SMALL))
def test_word_reads_back_hostile_text(text: str) -> None:
    """The Word twin's paragraph holds the string (line breaks as breaks, unstorable
    characters as U+FFFD), whatever scripts it mixes."""
    from casefile.brief.twin_docx_runs import add_runs

    doc = Document()
    paragraph = doc.add_paragraph()
    add_runs(paragraph, (Span(text, "italic"),))
    out = io.BytesIO()
    doc.save(out)
    back = Document(io.BytesIO(out.getvalue())).paragraphs[-1].text
    assert flat(back) == shown(text)


def test_runs_split_by_script_with_neutrals_on_the_reading_side() -> None:
    """Arabic, Hebrew, Japanese and Korean get runs of their own (Han in Japanese text is
    Japanese); spaces and brackets between Arabic and Latin stay with the left-to-right side."""
    assert runs_of("Director: محمد (CEO) of ACME") == [
        ("Director: ", ""), ("محمد", "arabic"), (" (CEO) of ACME", "")]  # fmt: skip
    assert runs_of("東京 カタカナ and 漢字") == [
        ("東京 カタカナ ", "ja"),
        ("and ", ""),
        ("漢字", "ja"),
    ]
    assert runs_of("삼성전자 주식회사") == [("삼성전자 주식회사", "ko")]
    assert runs_of("שלום עולם") == [("שלום עולם", "hebrew")]
    assert runs_of("plain ascii") == [("plain ascii", "")]


def test_huge_and_control_texts_in_every_record_field_still_write(tmp_path: Path) -> None:
    """A title of 100,000 characters, a marking with control characters and a quote with NUL
    write both twins; the DOCX title property is cut to Word's 255 characters."""
    from casefile.brief.build import build
    from casefile.brief.model import BriefOptions, CaseContent, Custody
    from casefile.brief.twin_export import write_twin
    from casefile.core.model import CaseInfo, Claim, EvidenceLink, Snippet

    info = CaseInfo("T" * 100_000, "R\x01", "S\x00", "MARK\x07ING")
    content = CaseContent.of(info, [Snippet("n", "before\x00after\x1b end"),
                                    Claim("c", "x" * 50_000, evidence=(EvidenceLink("n"),))])  # fmt: skip
    model = build(content, BriefOptions(issue_date="2026-11-25"), Custody(version="t"))
    write_twin(model, tmp_path / "h.docx", "docx")
    write_twin(model, tmp_path / "h.md", "md")
    doc = Document(str(tmp_path / "h.docx"))
    assert len(doc.core_properties.title) == 255
    assert "before\ufffdafter\ufffd end" in "\n".join(p.text for p in doc.paragraphs)
    assert "before\ufffdafter\ufffd end" in (tmp_path / "h.md").read_text("utf-8")
