"""True redaction: chosen names, quotes and terms are nowhere in the PDF, replaced by marks."""

from __future__ import annotations

import io
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
from brief_helpers import pypdf_pages
from proof_helpers import DATE
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from casefile.brief.verify import verify
from casefile.cli import main
from casefile.storage import open_case

QUOTE_ID = "n-n05"
CHOICES = ["entity:e-petrovic", "entity:e-liao", "Dovecote", f"snippet:{QUOTE_ID}"]


def _redacted_strings(case: Path) -> list[str]:
    """Every string the choices above take out: names, aliases, the term, the quote."""
    with open_case(case, read_only=True) as opened:
        out = []
        for ident in ("e-petrovic", "e-liao"):
            entity = opened.store.get("entity", ident)
            out += [entity.name, *entity.aliases]  # type: ignore[union-attr]
        out.append(opened.store.get("snippet", QUOTE_ID).text)  # type: ignore[union-attr]
    return [*out, "Dovecote"]


def _surfaces(data: bytes, tmp_path: Path) -> dict[str, str]:
    """Everything a reader can get out of the PDF, as text to search (case folded)."""
    reader = PdfReader(io.BytesIO(data))
    streams = []
    for generation, numbers in reader.xref.items():
        for number in numbers:
            obj = reader.get_object(IndirectObject(number, generation, reader))
            if hasattr(obj, "get_data"):
                streams.append(obj.get_data())
    assert len(streams) > 20, "every stream of the PDF is searched"
    raw = b"".join([data, *streams, *_flate_chunks(data)])
    surfaces = {
        "bytes (utf-8)": raw.decode("utf-8", "replace"),
        "bytes (utf-16)": raw.decode("utf-16-be", "replace") + raw[1:].decode("utf-16-be", "replace"),
        "bytes (latin-1)": raw.decode("latin-1"),
        "pypdf text": "\n".join(pypdf_pages(data)),
        "metadata": " ".join(str(v) for v in (reader.metadata or {}).values()),
        "outline": " ".join(_titles(reader.outline)),
        "attachments": " ".join(b.decode("utf-8", "replace") for blobs in reader.attachments.values()
                                for b in blobs) + " ".join(reader.attachments),
    }  # fmt: skip
    if shutil.which("pdftotext"):
        path = tmp_path / "r.pdf"
        path.write_bytes(data)
        surfaces["pdftotext"] = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                                               capture_output=True, text=True, check=True).stdout  # fmt: skip
    return {k: " ".join(v.split()).casefold() for k, v in surfaces.items()}


def _flate_chunks(data: bytes) -> list[bytes]:
    out = []
    for part in data.split(b"stream")[1:]:
        body = part.lstrip(b"\r\n").split(b"endstream")[0]
        try:
            out.append(zlib.decompress(body))
        except zlib.error:
            continue
    return out


def _titles(outline) -> list[str]:  # type: ignore[no-untyped-def]
    out = []
    for item in outline:
        out += _titles(item) if isinstance(item, list) else [str(item.title)]
    return out


def _found(strings: list[str], surfaces: dict[str, str]) -> list[tuple[str, str]]:
    return [(s, where) for s in strings for where, text in surfaces.items()
            if " ".join(s.split()).casefold() in text]  # fmt: skip


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    case = tmp_path_factory.mktemp("red") / "sample.casefile"
    assert main(["demo", str(case)]) == 0
    return case


def _brief(case: Path, out: Path, *extra: str) -> bytes:
    args = ["brief", str(case), "-o", str(out), "--date", DATE, "--embed", "all",
            "--sections", "cover,contents,narrative,judgements,claims,matrix,cast,chart,chronology,"
            "sources,gaps,annex", "--chronology-drawing", "--author", "Anja Petrović", *extra]  # fmt: skip
    assert main(args) == 0
    return out.read_bytes()


def test_without_redaction_the_strings_are_found(sample: Path, tmp_path: Path) -> None:
    """The search below can fail: an unredacted brief holds every one of the strings."""
    strings = _redacted_strings(sample)
    surfaces = _surfaces(_brief(sample, tmp_path / "plain.pdf"), tmp_path)
    found = {s for s, _ in _found(strings, surfaces)}
    assert found == set(strings)
    assert any(w == "bytes (utf-8)" for s, w in _found(strings, surfaces))  # the package


def test_redacted_strings_are_nowhere_in_the_pdf(sample: Path, tmp_path: Path) -> None:
    """Names and aliases, the quote and the term are absent from the bytes (decompressed
    streams), pypdf's and pdftotext's text, metadata, outline and every embedded file."""
    strings = _redacted_strings(sample)
    extra = [a for c in CHOICES for a in ("--redact", c)]
    data = _brief(sample, tmp_path / "red.pdf", *extra)
    assert _found(strings, _surfaces(data, tmp_path)) == []
    text = " ".join(" ".join(pypdf_pages(data)).split())
    for mark in ("[redacted: person 1]", "[redacted: person 2]", "[redacted: term 1]",
                 "[redacted: quote 1]"):  # fmt: skip
        assert mark in text
    assert "This brief is redacted. Marks by reason: person 1:" in text
    assert "REDACTED Yes: marks such as [redacted: person 1] replace" in text
    # the analyst's assessment is printed, and redacted like every other text
    assert "controlled by [redacted: term 1] Holdings [C1], not by its managing director" in text


def test_a_redacted_brief_still_verifies(sample: Path, tmp_path: Path) -> None:
    """The redacted package and pages agree: `casefile verify` passes on a redacted brief."""
    extra = [a for c in CHOICES for a in ("--redact", c)]
    _brief(sample, tmp_path / "red.pdf", *extra)
    report = verify(tmp_path / "red.pdf")
    assert report.ok, report.text()


def test_an_unknown_entity_to_redact_is_refused_in_words(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A typo in an id stops the brief before anything is written, naming the id."""
    out = tmp_path / "x.pdf"
    assert main(["brief", str(sample), "-o", str(out), "--redact", "entity:e-nobody"]) == 1
    assert "e-nobody" in capsys.readouterr().err
    assert not out.exists()


def test_redacted_strings_are_nowhere_in_the_docx_footnotes(sample: Path, tmp_path: Path) -> None:
    """The Word twin's footnotes (each quote's source again) hold none of the redacted
    strings: they are built from the same redacted records as the page."""
    import zipfile

    extra = [a for c in CHOICES for a in ("--redact", c)]
    _brief(sample, tmp_path / "red.docx", *extra)
    with zipfile.ZipFile(tmp_path / "red.docx") as zipped:
        notes = zipped.read("word/footnotes.xml").decode("utf-8")
        body = zipped.read("word/document.xml").decode("utf-8")
    assert notes.count("<w:footnote w:id=") == body.count("<w:footnoteReference ") > 0
    flat_notes = " ".join(notes.split()).casefold()
    assert [
        s for s in _redacted_strings(sample) if " ".join(s.split()).casefold() in flat_notes
    ] == []


def test_counting_places_finds_what_redaction_replaces_in_long_texts() -> None:
    """The preview's count of places equals the marks a redacted case holds, also where a
    name straddles the edge of a searched window of a long source's text."""
    from casefile.brief import redact as redaction
    from casefile.brief.model import CaseContent
    from casefile.core.model import CaseInfo, Claim, EvidenceLink, Snippet, Source

    edge = redaction.WINDOW - 3  # "Dovecote" begins 3 characters before the window's end
    text = "x" * edge + "Dovecote and DOVECOTE " + "y" * redaction.WINDOW + " dovecote Anja"
    content = CaseContent(
        CaseInfo(title="Dovecote inquiry"),
        sources=(Source("s1", "The Dovecote file", text=text),),
        snippets=(Snippet("n1", "Anja at Dovecote", "s1"),),
        claims=(Claim("c1", "Anja paid", evidence=(EvidenceLink("n1", note="Dovecote"),)),),
    )
    redactor = redaction.plan(content, ("Dovecote", "Anja"))
    assert redactor is not None
    whole = redaction.apply(redactor, content)
    marks = redactor.count([whole.info, *whole.sources, *whole.snippets, *whole.claims])
    records = [content.info, *content.sources, *content.snippets, *content.claims]
    assert redactor.counts(redactor.places(records)) == marks == [("term 1", 7), ("term 2", 3)]
