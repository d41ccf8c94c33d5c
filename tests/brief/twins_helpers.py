"""A case quoting Latin, Chinese, Arabic and Markdown-hostile text, and readers for the DOCX and
Markdown briefs (python-docx, markdown-it-py)."""

from __future__ import annotations

import zipfile
from html.parser import HTMLParser
from pathlib import Path

from docx import Document
from markdown_it import MarkdownIt

from casefile.cli import main
from casefile.core.commands import PutRecords
from casefile.core.model import Claim, Entity, EvidenceLink, Relationship, Snippet, Source
from casefile.storage import create_case, open_case

DATE = "2026-11-25"
ALL = "cover,contents,judgements,claims,matrix,cast,chart,chronology,sources,gaps,annex"
QUOTES = {
    "n-latin": "The vessel Kestrel left Rotterdam on 14 April with 3,100 t of ore.",
    "n-cjk": "华鑫稀土贸易与 Dovecote 没有任何资金往来。",
    "n-arabic": "غادرت السفينة ميناء روتردام في ١٤ أبريل.",
    "n-hostile": "Use *stars* and _under_ # hash | pipe <script>alert(1)</script> [x](y) "
    "& `tick` ~~gone~~ $m$ &amp;\n# not a heading\n- not a list\n1. not a list\n> not quoted",
}
MARKING = "OFFICIAL-SENSITIVE · حساس"


def twin_case(folder: Path) -> Path:
    """A case whose evidence quotes Latin, Chinese, Arabic and Markdown-hostile text, each
    cited by a claim; people with a relationship (the chart) and dates (the timeline)."""
    path = folder / "twins.casefile"
    create_case(path, "Kestrel inquiry", reference="KI-9", marking=MARKING).close()
    sources = [Source("s-1", "Port log of Rotterdam", "record", published="2024-04",
                      reliability="A"),
               Source("s-2", "وثيقة الشحن", "document", reliability="B")]  # fmt: skip
    snippets = [
        Snippet(ident, text, "s-1" if i % 2 == 0 else "s-2", f"p. {i + 1}", None, 2,
                f"2024-04-{10 + i:02d}", ("e-1",), tags=("port",) if i < 3 else ("misc",))
        for i, (ident, text) in enumerate(QUOTES.items())
    ]  # fmt: skip
    entities = [Entity("e-1", "Kestrel Shipping", "organisation", ("凯斯特雷尔",)),
                Entity("e-2", "Anja Petrović", "person", ("أنيا",))]  # fmt: skip
    claims = [
        Claim("c-1", "The Kestrel left Rotterdam in April.", "supported", "likely",
              subjects=("e-1",), tags=("port",),
              evidence=tuple(EvidenceLink(i, "supports") for i in list(QUOTES)[:3])),
        Claim("c-2", "The cargo was declared in full.", "disputed", subjects=("e-2",),
              tags=("misc",), evidence=(EvidenceLink("n-hostile", "refutes"),)),
    ]  # fmt: skip
    rel = Relationship("r-1", "e-2", "e-1", "director of", "2019", None, evidence=("n-latin",))
    with open_case(path) as case:
        case.execute(PutRecords("twins", [*sources, *entities, *snippets, *claims, rel]))
    return path


def brief(case: Path, out: Path, *extra: str) -> Path:
    args = ["brief", str(case), "-o", str(out), "--date", DATE, "--sections", ALL,
            "--chronology-drawing", *extra]  # fmt: skip
    assert main(args) == 0
    return out


def flat(text: str) -> str:
    return " ".join(text.split())


def docx_text(path: Path) -> str:
    """Every paragraph of the body, its tables, headers and footers, as python-docx reads them."""
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in doc.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return flat("\n".join(parts))


def docx_xml(path: Path) -> str:
    """Every XML part of the DOCX (document, headers, properties…), as one string."""
    with zipfile.ZipFile(path) as zipped:
        return "\n".join(zipped.read(n).decode("utf-8") for n in zipped.namelist()
                         if n.endswith((".xml", ".rels")))  # fmt: skip


def md_html(path: Path) -> str:
    """The Markdown rendered as GitHub does it (CommonMark with tables and strikethrough)."""
    md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    return md.render(path.read_text("utf-8"))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(html: str) -> tuple[str, list[str]]:
    """The text a reader sees in the HTML (whitespace flattened) and the tags it holds."""
    parser = _Text()
    parser.feed(html)
    return flat("".join(parser.parts)), parser.tags
