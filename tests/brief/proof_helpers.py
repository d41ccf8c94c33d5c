"""A case with PDF, Word, e-mail and text sources quoted by offsets, and ways to tamper a PDF."""

from __future__ import annotations

import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "capture"))

from capture_samples import make_docx, make_eml, make_pdf
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ByteStringObject, ContentStream

from casefile.cli import main
from casefile.core.commands import PutRecords
from casefile.core.model import Claim, EvidenceLink, Snippet, Source
from casefile.storage import create_case, open_case

DATE = "2026-11-25"
PHRASES = {
    "minutes.docx": "Mr Smith resigned as director.",
    "mail.eml": "The shipment left Rotterdam on 14 April.",
    "report.pdf": "the ship sailed",
    "notes.txt": "The harbour master saw the vessel leave at dawn.",
}


def mixed_case(folder: Path) -> Path:
    """A case file whose sources are a PDF, a DOCX, an .eml and a text file, each quoted."""
    path = folder / "mixed.casefile"
    create_case(path, "Harbour inquiry", reference="HI-7", marking="CONFIDENTIAL").close()
    files = {
        "minutes.docx": make_docx(),
        "mail.eml": make_eml(attachment=False),
        "report.pdf": make_pdf(["First page says hello.", "Second page: the ship sailed."]),
        "notes.txt": b"Log.\nThe harbour master saw the vessel leave at dawn.\nEnd.\n",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    assert main(["add", str(path), *(str(folder / n) for n in files)]) == 0
    with open_case(path) as case:
        sources = [s for s in case.store.all("source") if isinstance(s, Source)]
        snippets = []
        for source in sources:
            phrase = PHRASES[source.file_name or ""]
            start = (source.text or "").index(phrase)
            snippets.append(Snippet(f"n-{source.id}", phrase, source.id, None,
                                    (start, start + len(phrase)), 2))  # fmt: skip
        claim = Claim("c-1", "The vessel left Rotterdam", "supported",
                      evidence=tuple(EvidenceLink(s.id) for s in snippets))  # fmt: skip
        case.execute(PutRecords("quotes", [*snippets, claim]))
    return path


def brief_of(case: Path, out: Path, *extra: str) -> Path:
    assert main(["brief", str(case), "-o", str(out), "--date", DATE, *extra]) == 0
    return out


def rewrite(data: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    """The PDF after ``change(writer)`` (pypdf keeps pages, attachments and metadata)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def change_attachment(data: bytes, name: str, edit) -> bytes:  # type: ignore[no-untyped-def]
    """The PDF with the embedded file ``name`` replaced by ``edit(old bytes)``."""

    def change(writer: PdfWriter) -> None:
        names = writer._root_object["/Names"]["/EmbeddedFiles"]["/Names"]
        for i in range(0, len(names), 2):
            if names[i] == name:
                stream = names[i + 1].get_object()["/EF"]["/F"].get_object()
                stream.set_data(edit(stream.get_data()))
                return
        raise AssertionError(f"{name} is not embedded")

    return rewrite(data, change)


def change_quote_on_page(data: bytes, quote: str, word: str) -> bytes:
    """The PDF with two neighbouring letters of ``word`` swapped where the one-line ``quote``
    is drawn in a page's content stream (as someone editing the quote in a PDF editor)."""
    at = quote.index(word) + 1
    reader = PdfReader(io.BytesIO(data))
    for number, page in enumerate(reader.pages):
        if word not in (page.extract_text() or ""):
            continue
        for index in range(400):
            changed = _swap_in_string(data, number, index, len(quote), at)
            if changed is None:
                break
            if changed and word not in (
                PdfReader(io.BytesIO(changed)).pages[number].extract_text() or ""
            ):
                return changed
    raise AssertionError(f"no drawn string with {word!r} found")


def _swap_in_string(
    data: bytes, page_number: int, index: int, length: int, at: int
) -> bytes | None:
    """The PDF with bytes ``at`` and ``at + 1`` of the ``index``-th Tj string swapped when that
    string is ``length`` bytes long (b"" when it is not; None after the last string)."""
    state: list[str] = []

    def change(writer: PdfWriter) -> None:
        page = writer.pages[page_number]
        content = ContentStream(page.get_contents(), writer)
        operations = content.operations
        strings = [operands for operands, op in operations if op == b"Tj"]
        if index >= len(strings):
            state.append("end")
            return
        raw = bytes(strings[index][0].original_bytes)
        if len(raw) != length or raw[at] == raw[at + 1]:
            state.append("other")
            return
        swapped = bytearray(raw)
        swapped[at], swapped[at + 1] = swapped[at + 1], swapped[at]
        strings[index][0] = ByteStringObject(bytes(swapped))
        content.operations = operations  # drops the cached bytes: written from the operations
        page.replace_contents(content)
        state.append("changed")

    result = rewrite(data, change)
    return None if state == ["end"] else (result if state == ["changed"] else b"")
