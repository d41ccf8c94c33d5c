"""The DOCX twin's native footnotes: each quote's source citation at the foot of its page."""

from __future__ import annotations

import itertools
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from twins_helpers import QUOTES, brief, twin_case

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NOTES = "word/footnotes.xml"


@pytest.fixture(scope="module")
def docx_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("notes")
    return brief(twin_case(folder), folder / "notes.docx")


def _notes(path: Path) -> dict[str, str]:
    """Each footnote's text by id (the separators -1 and 0 included, as empty texts)."""
    from lxml import etree

    with zipfile.ZipFile(path) as zipped:
        root = etree.fromstring(zipped.read(NOTES))
    return {n.get(f"{W}id"): "".join(n.itertext()) for n in root.iter(f"{W}footnote")}


def test_footnotes_part_exists_and_is_related(docx_file: Path) -> None:
    """Word finds the footnotes: the part, its content type and the document's relationship."""
    with zipfile.ZipFile(docx_file) as zipped:
        types = zipped.read("[Content_Types].xml").decode()
        rels = zipped.read("word/_rels/document.xml.rels").decode()
        settings = zipped.read("word/settings.xml").decode()
    assert (
        'PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.footnotes+xml"' in types
    )
    assert 'relationships/footnotes" Target="footnotes.xml"' in rels
    assert '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>' in settings
    xml = zipfile.ZipFile(docx_file).read(NOTES).decode()
    assert '<w:footnote w:type="separator" w:id="-1">' in xml
    assert '<w:footnote w:type="continuationSeparator" w:id="0">' in xml


def test_each_sourced_quote_carries_a_footnote_naming_its_source(docx_file: Path) -> None:
    """Under each quote, right after its [n] citation, a superscript note mark whose footnote
    names the same source, page and grade."""
    notes = _notes(docx_file)
    paragraphs = Document(str(docx_file)).paragraphs
    quotes = {" ".join(q.split()) for q in QUOTES.values()}
    found = set()
    for quote, line in itertools.pairwise(paragraphs):
        if quote.style.name != "Quote":
            continue
        refs = line._p.findall(f"{W}r/{W}footnoteReference")
        assert len(refs) == 1, quote.text
        assert line._p[-1] is refs[0].getparent()  # right after the citation: nothing follows
        assert refs[0].getparent().find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "FootnoteReference"
        cite = re.search(r"Grade (\w+) .* Source (\[\d\] .*, p\. \d)$", line.text)
        assert cite is not None, line.text
        assert notes[refs[0].get(f"{W}id")] == f" {cite.group(2)} · Grade {cite.group(1)}"
        found.add(" ".join(quote.text.split()))
    assert found == quotes


def test_footnote_ids_are_unique_and_consecutive(docx_file: Path) -> None:
    """Word numbers the notes 1, 2, 3… in reading order: each id once, none skipped."""
    with zipfile.ZipFile(docx_file) as zipped:
        body = zipped.read("word/document.xml").decode()
    refs = [int(n) for n in re.findall(r'<w:footnoteReference w:id="(-?\d+)"/>', body)]
    assert refs == list(range(1, len(refs) + 1)) and refs
    assert sorted(int(k) for k in _notes(docx_file)) == [-1, 0, *refs]


def test_the_document_still_opens_and_styles_exist(docx_file: Path) -> None:
    """python-docx opens it; footnote text and superscript reference styles are there."""
    styles = Document(str(docx_file)).styles
    assert styles.element.get_by_id("FootnoteText") is not None
    assert styles.element.get_by_id("FootnoteReference").rPr.vertAlign.val == "superscript"


def test_arabic_source_title_in_a_footnote_is_set_right_to_left(docx_file: Path) -> None:
    """An Arabic source title reads right to left in its footnote, as in the body."""
    from lxml import etree

    root = etree.fromstring(zipfile.ZipFile(docx_file).read(NOTES))
    arabic = [r for r in root.iter(f"{W}r") if "وثيقة" in "".join(r.itertext())]
    assert arabic and all(r.find(f"{W}rPr/{W}rtl") is not None for r in arabic)


def test_a_redacted_title_is_nowhere_in_the_footnotes(tmp_path: Path) -> None:
    """Redacting "Rotterdam" takes it out of the footnotes too; the mark stands there."""
    case = twin_case(tmp_path)
    plain = brief(case, tmp_path / "plain.docx")
    assert "Rotterdam" in "".join(_notes(plain).values())  # the search can fail
    red = brief(case, tmp_path / "red.docx", "--redact", "Rotterdam")
    xml = zipfile.ZipFile(red).read(NOTES).decode("utf-8").casefold()
    assert "rotterdam" not in xml and "[redacted: term 1]" in xml
