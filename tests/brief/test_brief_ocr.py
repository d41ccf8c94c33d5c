"""The brief quotes OCR evidence word for word and marks it as read by OCR."""

from __future__ import annotations

from brief_helpers import pdftotext_pages, render, squash

from casefile.core.commands import PutRecords
from casefile.core.model import CaseInfo, Claim, EvidenceLink, Snippet, Source
from casefile.storage.case import memory_case


def _case(location: str):  # type: ignore[no-untyped-def]
    case = memory_case()
    info = CaseInfo("OCR case")
    source = Source("s1", "Registry scan", "file", text="Director: Jana Kovářová, 2019",
                    media_type="image/png", retrieved="2025-04-18T09:30:00Z")  # fmt: skip
    snippet = Snippet("n1", "Jana Kovářová", "s1", location, (10, 23), 2)
    claim = Claim("c1", "Kovářová directs Harbour Holdings", "supported",
                  evidence=(EvidenceLink("n1", "supports"),))  # fmt: skip
    case.execute(PutRecords("ocr", [info, source, snippet, claim]))
    return case


def test_ocr_quote_is_printed_exactly_and_marked() -> None:
    """A quote whose location says OCR is printed as quoted, with its region and an OCR mark."""
    case = _case("p. 1, OCR region 120,40–380,72")
    text = "\n".join(pdftotext_pages(render(case)))
    case.close()
    assert squash("Jana Kovářová") in squash(text)
    assert "p. 1, OCR region 120,40–380,72" in text
    assert "OCR words read from an image by machine" in " ".join(text.split())


def test_quote_from_text_layer_is_not_marked() -> None:
    """A quote from a text PDF carries no OCR mark."""
    case = _case("p. 1")
    text = "\n".join(pdftotext_pages(render(case)))
    case.close()
    assert "read from an image" not in text
