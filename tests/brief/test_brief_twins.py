"""The DOCX and Markdown twins of the brief: every quote word for word, Word's heading styles,
the marking on every page, pictures, scripts marked, user text never markup, same options."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from docx import Document
from twins_helpers import (
    ALL,
    MARKING,
    QUOTES,
    brief,
    docx_text,
    docx_xml,
    flat,
    html_text,
    md_html,
    twin_case,
)

from casefile.brief.model import SECTIONS
from casefile.cli import main
from casefile.storage import create_case, open_case

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return twin_case(tmp_path_factory.mktemp("twins"))


@pytest.fixture(scope="module")
def docx_file(case: Path) -> Path:
    return brief(case, case.parent / "brief.docx")


@pytest.fixture(scope="module")
def md_file(case: Path) -> Path:
    return brief(case, case.parent / "brief.md")


def test_docx_holds_every_quote_word_for_word(docx_file: Path) -> None:
    """Latin, Chinese, Arabic and markup-like quotes read back from the DOCX exactly."""
    text = docx_text(docx_file)
    for quote in QUOTES.values():
        assert flat(quote) in text


def test_docx_sections_are_word_headings_in_the_pdf_order(docx_file: Path) -> None:
    """Each section is a Heading 1 (the navigation pane), in the PDF's order; claims and
    people are Heading 2, evidence groups Heading 3."""
    doc = Document(str(docx_file))
    heads = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    level1 = [t for s, t in heads if s == "Heading 1"]
    assert level1 == [SECTIONS[k] for k in SECTIONS if k in ALL.split(",") and k != "cover"]
    level2 = [t for s, t in heads if s == "Heading 2"]
    assert "C1  The Kestrel left Rotterdam in April." in level2
    assert "Anja Petrović" in level2
    assert "Supporting evidence (3)" in [t for s, t in heads if s == "Heading 3"]
    assert doc.paragraphs[1].style.name == "Title"


def test_docx_marking_in_every_header_and_footer_with_page_numbers(docx_file: Path) -> None:
    """The marking heads and foots every page; the footer counts pages with PAGE/NUMPAGES."""
    doc = Document(str(docx_file))
    for section in doc.sections:
        assert section.header.paragraphs[0].text == MARKING
        assert section.footer.paragraphs[-1].text == MARKING
        assert "Ref. KI-9" in section.header.paragraphs[1].text
        codes = [t.text.strip() for t in section.footer._element.iter(f"{W}instrText")]
        assert codes == ["PAGE", "NUMPAGES"]


def test_docx_has_the_chart_and_timeline_as_pictures(docx_file: Path) -> None:
    """The link chart and the timeline are pictures in the document, at the page's width."""
    doc = Document(str(docx_file))
    shapes = list(doc.inline_shapes)
    assert len(shapes) == 2
    names = [p.get("descr") for p in doc.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]  # fmt: skip
    assert names == ["Link chart", "Timeline of event dates"]
    for shape in shapes:
        assert 0 < shape.width <= doc.sections[0].page_width


def test_docx_marks_arabic_right_to_left_and_chinese_east_asian(docx_file: Path) -> None:
    """Arabic runs carry w:rtl (and an Arabic-led paragraph w:bidi); Chinese runs w:eastAsia."""
    doc = Document(str(docx_file))
    arabic = next(p for p in doc.paragraphs if p.text == QUOTES["n-arabic"])
    assert arabic._p.find(f"{W}pPr/{W}bidi") is not None
    assert all(r._r.find(f"{W}rPr/{W}rtl") is not None for r in arabic.runs if r.text.strip())
    chinese = next(p for p in doc.paragraphs if p.text == QUOTES["n-cjk"])
    han = next(r for r in chinese.runs if "华鑫" in r.text)
    fonts = han._r.find(f"{W}rPr/{W}rFonts")
    assert fonts.get(f"{W}eastAsia") == "Noto Sans CJK SC"
    latin = next(r for r in chinese.runs if "Dovecote" in r.text)
    assert latin._r.find(f"{W}rPr/{W}rtl") is None


def test_docx_citations_link_to_the_numbered_sources(docx_file: Path) -> None:
    """A quote's citation [1] is an internal hyperlink to the bookmark on source [1]."""
    xml = docx_xml(docx_file)
    assert re.search(r'<w:bookmarkStart w:id="\d+" w:name="cf_src_1"/>', xml)
    assert 'w:anchor="cf_src_1"' in xml
    doc = Document(str(docx_file))
    sources = [p.text for p in doc.paragraphs if p.text.startswith("[")]
    assert sources[:2] == ["[1] Port log of Rotterdam", "[2] وثيقة الشحن"]


def test_docx_properties_are_the_briefs_own(docx_file: Path) -> None:
    """Title and date are the brief's; nothing of python-docx's template is left behind."""
    props = Document(str(docx_file)).core_properties
    assert props.title == "Kestrel inquiry"
    assert props.created is not None and props.created.date().isoformat() == "2026-11-25"
    assert "python-docx" not in docx_xml(docx_file)


def test_markdown_shows_every_quote_as_the_same_characters(md_file: Path) -> None:
    """Rendered as GitHub does, each quote (even one full of Markdown and HTML) reads the same:
    no script, link, heading, list, emphasis or code is made of user text."""
    html = md_html(md_file)
    text, tags = html_text(html)
    for quote in QUOTES.values():
        assert flat(quote) in text
    assert "script" not in tags and 'href="y"' not in html
    assert "<h1>not a heading" not in html and "<li>not a list" not in html
    assert "<em>stars</em>" not in html and "<code>tick</code>" not in html
    assert "<s>gone</s>" not in html


def test_markdown_quotes_are_blockquotes_citing_linked_sources(md_file: Path) -> None:
    """Each quote is a blockquote ending in its citation, linked to the source's anchor."""
    html = md_html(md_file)
    quotes = re.findall(r"<blockquote>(.*?)</blockquote>", html, re.S)
    assert len(quotes) >= 4
    latin = next(q for q in quotes if "Kestrel left Rotterdam on 14 April" in q)
    assert '<a href="#cf_src_1">[1]</a>' in latin
    assert '<a id="cf_src_1"></a>' in html


def test_markdown_tables_and_pictures_beside_the_file(md_file: Path) -> None:
    """Cast and gaps are GFM tables; the pictures are PNGs in brief_files/, linked relatively."""
    html = md_html(md_file)
    assert html.count("<table>") >= 6
    assert "<th>Relationship</th>" in html and "<th>Check</th>" in html
    sources = re.findall(r'<img src="([^"]+)"', html)
    assert sources == ["brief_files/chart.png", "brief_files/timeline.png"]
    for src in sources:
        assert (md_file.parent / src).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_markdown_marking_heads_and_ends_the_file(md_file: Path) -> None:
    """The marking is the first and the last line of the Markdown brief."""
    lines = md_file.read_text("utf-8").strip().splitlines()
    assert MARKING in html_text(md_html(md_file))[0]
    assert lines[0].startswith("**OFFICIAL") and lines[-1] == lines[0].rstrip()


def test_redacted_word_is_nowhere_in_either_twin(case: Path, tmp_path: Path) -> None:
    """A redacted term and a redacted person's names are in no part of the DOCX or the
    Markdown; the redaction marks stand in their place, as in the PDF."""
    gone = ["Rotterdam", "Petrović", "أنيا"]
    plain_docx = brief(case, tmp_path / "plain.docx")
    assert all(word in docx_xml(plain_docx) for word in gone)  # the search can fail
    extra = ["--redact", "Rotterdam", "--redact", "entity:e-2"]
    docx = brief(case, tmp_path / "red.docx", *extra)
    md = brief(case, tmp_path / "red.md", *extra)
    xml, markdown = docx_xml(docx).casefold(), md.read_text("utf-8").casefold()
    for word in gone:
        assert word.casefold() not in xml and word.casefold() not in markdown
    assert "[redacted: term 1]" in docx_text(docx)
    assert "[redacted: person 1]" in html_text(md_html(md))[0]


def test_tags_filter_and_sections_behave_as_in_the_pdf(case: Path, tmp_path: Path) -> None:
    """--tag keeps only that tag's claims and evidence; --sections picks and orders sections."""
    docx = brief(case, tmp_path / "port.docx", "--tag", "port")
    text = docx_text(docx)
    assert flat(QUOTES["n-latin"]) in text and "The cargo was declared" not in text
    out = tmp_path / "few.md"
    assert main(["brief", str(case), "-o", str(out), "--sections", "sources,judgements"]) == 0
    heads = re.findall(r"^# .*?</a>(.*)$", out.read_text("utf-8"), re.M)
    assert heads == ["Sources", "Key judgements"]


def test_the_export_is_recorded_with_its_format(case: Path, tmp_path: Path) -> None:
    """The case history records the DOCX export with its SHA-256 and format."""
    out = brief(case, tmp_path / "rec.docx")
    with open_case(case, read_only=True) as opened:
        records = [json.loads(e.after) for e in opened.history(object_id="rec.docx") if e.after]
    assert records and records[-1]["format"] == "docx"
    import hashlib

    assert records[-1]["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()


def test_outputs_are_guarded_like_the_pdf(case: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    """A case file (even named .md), the case itself, a clash of format and extension, or a
    file where the pictures folder goes: refused in words, nothing written or replaced."""
    other = tmp_path / "other.md"
    create_case(other, "Another").close()
    before = other.read_bytes()
    assert main(["brief", str(case), "-o", str(other)]) == 1
    assert other.read_bytes() == before
    assert "existing case file" in capsys.readouterr().err
    assert main(["brief", str(case), "-o", str(case), "--format", "docx"]) == 1
    assert main(["brief", str(case), "-o", str(tmp_path / "x.pdf"), "--format", "md"]) == 1
    assert "ends in .pdf but the format chosen is md" in capsys.readouterr().err
    (tmp_path / "pics_files").write_text("mine")
    assert main(["brief", str(case), "-o", str(tmp_path / "pics.md"), "--sections",
                 "chart", "--date", "2026-11-25"]) == 1  # fmt: skip
    assert "pics_files beside the brief is a file" in capsys.readouterr().err
    assert not (tmp_path / "pics.md").exists()
    assert (tmp_path / "pics_files").read_text() == "mine"
    assert main(["brief", str(case), "-o", str(tmp_path / "y.docx"), "--sign", "k.p12"]) == 1
    assert "Only a PDF brief can be signed" in capsys.readouterr().err


def test_verify_says_a_twin_is_not_what_it_checks(
    docx_file: Path, md_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`casefile verify` on a DOCX or Markdown brief says in words that only a PDF is checked."""
    for path in (docx_file, md_file):
        assert main(["verify", str(path)]) == 1
        assert "only a PDF brief carries the evidence" in capsys.readouterr().err
