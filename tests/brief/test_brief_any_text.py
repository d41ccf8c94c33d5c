"""The brief survives any text: blobs without spaces, cells taller than a page, huge fields."""

from __future__ import annotations

import base64
import random
import re

import pytest
from brief_helpers import pypdf_pages, render, squash
from reportlab.platypus import Flowable

from casefile.brief import bounds, claims_story
from casefile.brief.model import SECTIONS
from casefile.core.commands import PutRecords
from casefile.core.errors import CaseError
from casefile.core.model import Claim, Entity, EvidenceLink, Relationship, Snippet, Source
from casefile.storage.case import Case, memory_case

ALL = tuple(SECTIONS)


_FURNITURE = re.compile(r"^(UNMARKED|Issued .*|casefile brief · .*|Page \d+ of \d+)$")


def body_text(data: bytes, headers: tuple[str, ...] = ()) -> str:
    """The squashed text of the pages without what every page repeats (marking, header,
    footer) and without repeated table headers: what a reader copies out of the body."""
    kept = [
        line
        for page in pypdf_pages(data)
        for line in page.splitlines()
        if not _FURNITURE.match(line.strip()) and line.strip() not in headers
    ]
    return squash("".join(kept))


def _case(records: list) -> Case:  # type: ignore[type-arg]
    case = memory_case()
    case.execute(PutRecords("test", records))
    return case


def _blob(kind: str, n: int) -> str:
    rng = random.Random(n)
    if kind == "base64":
        return base64.b64encode(rng.randbytes(n))[:n].decode()
    return ("abc😀中🔥ж" * (n // 7 + 1))[:n]  # a run mixing fonts (Latin, emoji, CJK)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("kind", ["base64", "mixed"])
def test_a_long_unbroken_run_prints_exactly(kind: str) -> None:
    """A 90,000-character pasted blob lays out (in linear time) and copies out unchanged."""
    blob = _blob(kind, 90_000)
    with _case([Source("s1", "S"), Snippet("n1", blob, "s1"),
                Claim("c1", "C", evidence=(EvidenceLink("n1"),))]) as case:  # fmt: skip
        data = render(case, sections=("claims",))
    assert squash(blob) in body_text(data)


@pytest.mark.timeout(120)
def test_a_right_to_left_blob_lays_out() -> None:
    """An Arabic run without spaces is cut into lines too, every letter kept."""
    blob = "شركة" * 20_000
    with _case([Source("s1", "S"), Snippet("n1", blob, "s1"),
                Claim("c1", "C", evidence=(EvidenceLink("n1"),))]) as case:  # fmt: skip
        data = render(case, sections=("claims",))
    assert body_text(data).count("شركة") == 20_000


def test_a_subject_named_by_an_8000_character_url_prints_in_every_section() -> None:
    """A cell taller than a page (a name that is a long URL) runs on over pages, never fails."""
    url = "https://example.com/" + "a/b?c=d&" * 1000
    records = [
        Entity("e1", url, aliases=(url,)), Entity("e2", "Other"),
        Relationship("r1", "e1", "e2", url),
        Source("s1", url, url=url, author=url),
        Snippet("n1", "Quote " + url, "s1", url, entities=("e1",), date="2025"),
        Claim("c1", url, subjects=("e1",), claimant=url, evidence=(EvidenceLink("n1", note=url),)),
    ]  # fmt: skip
    with _case(records) as case:
        data = render(case, sections=ALL, chronology_drawing=True)
    headers = ("Judgement", "Status", "Likelihood", "For", "Against", "Context", "Claim",
               "Evidence", "Date", "What")  # fmt: skip
    assert body_text(data, headers).count(squash(url)) >= 8


def test_a_field_of_millions_of_characters_is_cut_with_a_note() -> None:
    """A 5-million-character location is printed up to the bound, then a note says it was cut."""
    huge = "x" * 5_000_000
    with _case([Source("s1", "S"), Snippet("n1", "The quote", "s1", huge),
                Claim("c1", "C", evidence=(EvidenceLink("n1"),))]) as case:  # fmt: skip
        data = render(case, sections=("claims",))
    text = " ".join(pypdf_pages(data))
    assert "this field holds 5,000,000 characters" in " ".join(text.split())
    assert squash(text).count("x") < bounds.FIELD_LIMIT + 100


def test_a_layout_failure_names_the_record_before_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """A part that cannot be laid out stops the brief with a message naming the last record."""

    class Impossible(Flowable):  # type: ignore[misc]
        def wrap(self, w: float, h: float) -> tuple[float, float]:
            raise ValueError("cannot be measured")

    original = claims_story.claim_block

    def block(cv, model, styles):  # type: ignore[no-untyped-def]
        out = original(cv, model, styles)
        return [*out, Impossible()] if cv.claim.id == "c-first" else out

    monkeypatch.setattr(claims_story, "claim_block", block)
    claims = [Claim("c-first", "The first claim"), Claim("c-second", "Second")]
    with _case(claims) as case, pytest.raises(CaseError) as err:
        render(case, sections=("claims",))
    message = str(err.value)
    assert "c-first" in message and "The first claim" in message
    assert "No file was written" in message
