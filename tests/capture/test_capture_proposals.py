"""Details a captured file proposes about itself: HTML meta tags, PDF info, DOCX properties, text."""

from __future__ import annotations

from pathlib import Path

from proposal_samples import ARTICLE_HTML, make_docx, make_pdf

from casefile.capture import capture_files, read_file
from casefile.capture.proposals import MAX_TITLE, MAX_VALUE, clean, partial_date
from casefile.core.model import Source


def _added(tmp_path: Path, name: str, data: bytes, case: object) -> Source:
    path = tmp_path / name
    path.write_bytes(data)
    capture = capture_files([path], case)  # type: ignore[arg-type]
    assert capture.command is not None
    case.execute(capture.command)  # type: ignore[attr-defined]
    (source_id,) = capture.sources
    source = case.get("source", source_id)  # type: ignore[attr-defined]
    assert isinstance(source, Source)
    return source


def test_html_proposes_title_author_publisher_date_and_address(tmp_path: Path, case) -> None:
    """A saved article proposes its title, author, site, publication day and canonical URL."""
    item = read_file(_write(tmp_path, "exits.html", ARTICLE_HTML.encode()))
    proposal = item.content.proposal
    assert proposal is not None
    assert proposal.values() == {
        "title": "Executives leave China Harbour Group | Port Daily",
        "kind": "web",
        "author": "Li Wei",
        "publisher": "Port Daily",
        "published": "2025-04-17",
        "url": "https://portdaily.example/2025/04/exits",
    }
    assert proposal.origin("published") == "<meta article:published_time>"
    source = _added(tmp_path, "again.html", ARTICLE_HTML.encode(), case)
    assert (source.kind, source.author, source.publisher, source.published) == (
        "web", "Li Wei", "Port Daily", "2025-04-17")  # fmt: skip


def test_pdf_proposes_its_document_information(tmp_path: Path, case) -> None:
    """A PDF's /Title, /Author and /CreationDate become the proposed title, author and date."""
    data = make_pdf("Annual report 2024", "Harbour Group Ltd", "D:20250302120000Z")
    item = read_file(_write(tmp_path, "report.pdf", data))
    assert item.content.proposal is not None
    assert item.content.proposal.values() == {
        "title": "Annual report 2024",
        "kind": "document",
        "author": "Harbour Group Ltd",
        "published": "2025-03-02",
    }
    source = _added(tmp_path, "report2.pdf", data, case)
    assert (source.title, source.kind, source.published) == (
        "Annual report 2024", "document", "2025-03-02")  # fmt: skip


def test_docx_proposes_its_core_properties(tmp_path: Path, case) -> None:
    """A Word file's core properties give the proposed title, author and date."""
    data = make_docx("Board minutes, March", "Company secretary")
    source = _added(tmp_path, "minutes.docx", data, case)
    assert (source.title, source.kind, source.author, source.published) == (
        "Board minutes, March", "document", "Company secretary", "2024-11-03")  # fmt: skip


def test_text_proposes_its_first_line_as_title(tmp_path: Path, case) -> None:
    """A plain-text article is titled by its first non-empty line, not by its file name."""
    text = "\n\n  Executives leave China Harbour Group  \n\nBEIJING — Three executives left.\n"
    source = _added(tmp_path, "article.txt", text.encode(), case)
    assert (source.title, source.kind, source.file_name) == (
        "Executives leave China Harbour Group", "document", "article.txt")  # fmt: skip


def test_hostile_meta_values_are_trimmed_plain_text(tmp_path: Path) -> None:
    """Huge, marked-up or garbled meta values are proposed as short plain text, or not at all."""
    html = (
        "<html><head><title>" + "Breaking " * 5_000 + "</title>"
        '<meta name="author" content="&lt;img src=x onerror=alert(1)&gt;Li\x1b[31m Wei\u202e">'
        '<meta property="og:site_name" content="' + "x" * 50_000 + '">'
        '<meta property="article:published_time" content="yesterday, probably">'
        '<link rel="canonical" href="javascript:alert(1)">'
        "</head><body><p>Body.</p></body></html>"
    )
    proposal = read_file(_write(tmp_path, "odd.html", html.encode())).content.proposal
    assert proposal is not None
    assert proposal.title is not None and len(proposal.title) == MAX_TITLE
    assert proposal.title.endswith("…") and proposal.title.startswith("Breaking Breaking")
    assert proposal.author == "Li [31m Wei"
    assert proposal.publisher is not None and len(proposal.publisher) == MAX_VALUE
    assert proposal.published is None and proposal.url is None


def test_cleaning_and_dates() -> None:
    """Values are one line of plain text; dates become partial dates or nothing."""
    assert clean("  a\n\tb <b>bold</b> x < y ") == "a b bold x < y"
    assert clean("\x00\u200b ") is None
    assert partial_date("2025-04-17T08:30:00Z") == "2025-04-17"
    assert partial_date("2025-04") == "2025-04"
    assert partial_date("D:20250302") == "2025-03-02"
    assert partial_date("2025-13-40") is None
    assert partial_date("17 April") is None


def _write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path
