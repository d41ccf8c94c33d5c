"""The analyst's assessment in the Word and Markdown twins: every sentence (Latin, Chinese,
Arabic) with its citation as the brief's number linked to the quote, every cited quote word
for word, the Assessment section where the PDF has it, broken citations listed in Gaps."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from twins_helpers import docx_text, docx_xml, flat, html_text, md_html

from casefile.cli import main
from casefile.core.commands import DeleteRecords, PutRecords
from casefile.core.model import Citation, Claim, EvidenceLink, Section, Snippet, Source
from casefile.storage import create_case, open_case

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT = (
    "Port log, 9 March: the Kestrel left Keldby at dawn with 3,100 t declared as ilmenite. "
    "海关记录：货物含有独居石。 "
    "قال الشاهد إن الشحنة لم تكن رملا عاديا."
)
QUOTES = {
    "n-latin": "the Kestrel left Keldby at dawn with 3,100 t declared as ilmenite",
    "n-cjk": "海关记录：货物含有独居石。",
    "n-arabic": "قال الشاهد إن الشحنة لم تكن رملا عاديا.",
}
SENTENCES = {
    "n-latin": "The Kestrel sailed with a cargo declared as ilmenite",
    "n-cjk": "海关认为货物并非钛铁矿",
    "n-arabic": "يرجح أن الشحنة كانت مركز العناصر النادرة",
}
KEYS = {"n-latin": "E1", "n-cjk": "E2", "n-arabic": "E3"}
HOSTILE = "Typed <script>alert(1)</script> | [x](y) & AT&T"


def _case(folder: Path) -> Path:
    path = folder / "assessed.casefile"
    create_case(path, "Kestrel", reference="K-1", marking="SECRET").close()
    records: list[object] = [Source("s-log", "Keldby port log", text=TEXT)]
    for ident, quote in QUOTES.items():
        start = TEXT.index(quote)
        records.append(Snippet(ident, quote, "s-log", offset=(start, start + len(quote)),
                               credibility=2))  # fmt: skip
    records.append(Claim("c-cargo", "The cargo was not ilmenite.", "supported",
                         evidence=(EvidenceLink("n-latin"),)))  # fmt: skip
    cites = tuple(Citation(KEYS[i], "snippet", i) for i in QUOTES)
    bottom = f"**Bottom line.** {SENTENCES['n-latin']} [E1]; the claim stands [C1]. {HOSTILE}"
    body = (f"## Customs\n\n{SENTENCES['n-cjk']} [E2]。\n\n"
            f"## Witness\n\n{SENTENCES['n-arabic']} [E3].")  # fmt: skip
    records += [
        Section("a-1", "Bottom line", bottom, 0,
                (cites[0], Citation("C1", "claim", "c-cargo", "supported"))),
        Section("a-2", "Assessment", body, 1, cites[1:]),
    ]  # fmt: skip
    with open_case(path) as case:
        case.execute(PutRecords("narrative", records))  # type: ignore[arg-type]
    return path


@pytest.fixture(scope="module")
def briefs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("assessed")
    case = _case(folder)
    for name in ("brief.docx", "brief.md"):
        assert main(["brief", str(case), "-o", str(folder / name), "--date", "2026-12-04"]) == 0
    return folder / "brief.docx", folder / "brief.md"


def _numbers(text: str) -> dict[str, str]:
    """The brief's E-number of each cited quote, read from the 'Evidence cited' list."""
    return {ident: re.search(rf"(E\d+) {re.escape(QUOTES[ident][:12])}", text).group(1)  # type: ignore[union-attr]
            for ident in QUOTES}  # fmt: skip


def test_docx_carries_the_assessment_and_every_quote(briefs: tuple[Path, Path]) -> None:
    """After Contents and before Key judgements, each sentence with its [E n] and each quote
    read back word for word; the Arabic sentence's paragraph runs right to left."""
    docx, _ = briefs
    doc = Document(str(docx))
    heads = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert heads[:3] == ["Contents", "Assessment", "Key judgements"]
    level2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert level2[:3] == ["Bottom line", "Assessment", "Evidence cited in this assessment"]
    text = docx_text(docx)
    for quote in QUOTES.values():
        assert flat(quote) in text
    paragraphs = [p.text for p in doc.paragraphs]
    for sentence in SENTENCES.values():
        assert any(re.search(rf"{re.escape(sentence)} \[E\d+\]", p) for p in paragraphs), sentence
    assert "the claim stands [C1]." in text and HOSTILE in text
    arabic = next(p for p in doc.paragraphs if p.text.startswith(SENTENCES["n-arabic"]))
    assert arabic._p.find(f"{W}pPr/{W}bidi") is not None


def test_docx_citations_link_to_the_quoted_evidence(briefs: tuple[Path, Path]) -> None:
    """Each [E n] of the assessment is a hyperlink to the bookmark on its quote."""
    docx, _ = briefs
    xml = docx_xml(docx)
    for ident in QUOTES:
        anchor = "cf_narr_ev_" + ident.replace("-", "_")
        assert f'w:name="{anchor}"' in xml and f'w:anchor="{anchor}"' in xml


def test_markdown_carries_the_assessment_escaped_and_linked(briefs: tuple[Path, Path]) -> None:
    """The Markdown shows each sentence with its citation linked to the quote, the analyst's
    bold as bold, and typed HTML or link syntax as the same characters."""
    _, md = briefs
    html = md_html(md)
    text, tags = html_text(html)
    for quote in QUOTES.values():
        assert flat(quote) in text
    numbers = _numbers(text)
    for ident, sentence in SENTENCES.items():
        link = f'<a href="#cf_narr_ev_{ident.replace("-", "_")}">[{numbers[ident]}]</a>'
        assert f"{sentence} {link}" in html, sentence
    assert "<strong>Bottom line.</strong>" in html
    assert HOSTILE in text and "script" not in tags and 'href="y"' not in html


def test_a_deleted_quote_is_a_broken_citation_in_both_twins(tmp_path: Path) -> None:
    """Deleting cited evidence prints [deleted evidence] in place and lists it under the
    assessment's group in Gaps, in the DOCX and the Markdown."""
    case = _case(tmp_path)
    with open_case(case) as opened:
        opened.execute(DeleteRecords("snippet", ["n-cjk"]))
    for name in ("gone.docx", "gone.md"):
        assert main(["brief", str(case), "-o", str(tmp_path / name), "--date", "2026-12-04"]) == 0
    for text in (docx_text(tmp_path / "gone.docx"), html_text(md_html(tmp_path / "gone.md"))[0]):
        assert f"{SENTENCES['n-cjk']} [deleted evidence]" in text
        assert "Citations in the assessment that are broken or out of date (1)" in text


def test_assessment_lists_are_real_lists_in_markdown_and_keep_their_marks_in_word(
    tmp_path: Path,
) -> None:
    """The assessment's lists (nested too) are real Markdown lists and keep their marks in Word."""
    path = _case(tmp_path)
    body = ("Findings:\n\n- First *finding* [E1]\n  1. sub-point one\n  2. sub-point two\n"
            "- Second finding\n\n3. third step\n4. fourth <b>step</b>")  # fmt: skip
    with open_case(path) as case:
        cites = (Citation("E1", "snippet", "n-latin"),)
        case.execute(PutRecords("narrative", [Section("a-3", "Lists", body, 2, cites)]))
    md, docx = tmp_path / "lists.md", tmp_path / "lists.docx"
    for out in (md, docx):
        assert main(["brief", str(path), "-o", str(out), "--date", "2026-12-04"]) == 0
    html = md_html(md)
    nested = r"<li>\s*<p>First <em>finding</em>.*?</p>\s*<ol>\s*<li>\s*<p>sub-point one</p>"
    assert re.search(nested, html, re.S)
    assert re.search(r"<li>\s*<p>sub-point two</p>\s*</li>\s*</ol>\s*</li>\s*<li>", html)
    steps = r'<ol start="3">\s*<li>\s*<p>third step</p>.*?fourth &lt;b&gt;step&lt;/b&gt;'
    assert re.search(steps, html, re.S) and "<b>" not in html
    words = docx_text(docx)
    assert (
        "• First finding" in words
        and "1. sub-point one" in words
        and "4. fourth <b>step</b>" in words
    )
