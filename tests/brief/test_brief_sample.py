"""The sample case's brief: complete, faithful, marked on every page, contents right, stable."""

from __future__ import annotations

import io
import re

import pytest
from brief_helpers import DATE, flat, pypdf_pages, render, sample_case, squash

from casefile.core.model import Claim, Entity, Snippet, Source


@pytest.fixture(scope="module")
def sample() -> tuple[bytes, list[str], dict[str, list]]:  # type: ignore[type-arg]
    with sample_case() as case:
        data = render(case, author="A. Analyst")
        records = {
            kind: list(case.store.all(kind)) for kind in ("entity", "source", "snippet", "claim")
        }
    return data, pypdf_pages(data), records


def test_every_quote_statement_name_alias_and_title_appears(sample) -> None:  # type: ignore[no-untyped-def]
    """Nothing the case holds is missing or altered in the brief."""
    _, pages, records = sample
    text = squash("".join(pages))
    wanted = [s.text for s in records["snippet"] if isinstance(s, Snippet)]
    wanted += [c.statement for c in records["claim"] if isinstance(c, Claim)]
    wanted += [s.title for s in records["source"] if isinstance(s, Source)]
    for e in records["entity"]:
        assert isinstance(e, Entity)
        wanted += [e.name, *e.aliases]
    missing = [w for w in wanted if squash(w) not in text]
    assert not missing


def test_every_page_has_marking_reference_date_and_page_x_of_y(sample) -> None:  # type: ignore[no-untyped-def]
    """Each page carries the marking top and bottom, the reference, issue date and Page X of Y."""
    _, pages, _ = sample
    total = len(pages)
    assert total > 5
    for number, page in enumerate(pages, 1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines[0] == "OFFICIAL-SENSITIVE"
        assert page.count("OFFICIAL-SENSITIVE") >= 2
        assert f"Page {number} of {total}" in page
        assert "HL-2024-017" in page
        assert "Issued 25 November 2026" in page


def test_contents_page_numbers_match_the_sections(sample) -> None:  # type: ignore[no-untyped-def]
    """The contents give the page on which each section heading actually is."""
    from pypdf import PdfReader

    data, pages, _ = sample
    contents = PdfReader(io.BytesIO(data)).pages[1].extract_text(extraction_mode="layout")
    assert "Contents" in contents
    headings = ["Key judgements", "Claims in detail", "People and organisations", "Chronology",
                "Sources", "Gaps", "Annex: grading scales and custody"]  # fmt: skip
    for heading in headings:
        match = re.search("^" + re.escape(heading) + r"\s+(\d+)\s*$", contents, re.M)
        assert match, heading
        page = pages[int(match.group(1)) - 1]
        assert heading in page.split("Issued 25 November 2026", 1)[1][:200]


def test_same_case_options_and_date_give_identical_bytes() -> None:
    """Rendering twice gives a byte-identical PDF."""
    with sample_case() as case:
        assert render(case) == render(case)


def test_unverified_and_disputed_claims_are_flagged(sample) -> None:  # type: ignore[no-untyped-def]
    """Key judgements say UNVERIFIED/DISPUTED and 'not established' next to such claims."""
    _, pages, _ = sample
    text = flat(" ".join(pages))
    assert "DISPUTED not established" in text
    assert "UNVERIFIED not established" in text
    assert "SUPPORTED not established" not in text


def test_quotes_carry_grade_event_date_and_citation(sample) -> None:  # type: ignore[no-untyped-def]
    """Evidence lines show the Admiralty grade, the event date and a numbered source."""
    _, pages, _ = sample
    text = flat(" ".join(pages))
    assert re.search(
        r"E\d+ · Grade [A-F?][1-6?] · Event date \d{0,2} ?\w+ \d{4} · Source \[\d+\]", text
    )


def test_letter_page_size_and_section_choice() -> None:
    """US Letter pages are 612 x 792 pt; leaving out sections leaves them out."""
    from pypdf import PdfReader

    with sample_case() as case:
        data = render(case, page_size="letter", sections=("judgements", "annex"))
    reader = PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == (612, 792)
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Key judgements" in text and "Custody of this brief" in text
    assert "Chronology" not in text and "Contents" not in text
    assert text.startswith("OFFICIAL-SENSITIVE")


def test_custody_table_names_hash_date_and_version(sample) -> None:  # type: ignore[no-untyped-def]
    """The annex records the case file's SHA-256, the export date and the casefile version."""
    _, pages, _ = sample
    text = flat(" ".join(pages[-3:]))
    assert "ab" * 32 in squash(text)
    assert f"Exported (UTC date) {DATE}" in text
    assert "casefile test" in text


def test_tag_filter_keeps_claims_with_tagged_evidence_and_all_their_evidence() -> None:
    """--tag funding keeps the funding claim with its evidence for and against, not others."""
    with sample_case() as case:
        text = flat(" ".join(pypdf_pages(render(case, tags=frozenset({"funding"})))))
    assert "Huaxin Rare Earth Trading funded Dovecote's purchase of Meridian." in text
    assert "All Meridian vessels were chartered" not in text
    assert "Refuting evidence (1)" in text
