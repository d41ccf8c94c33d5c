"""Every string of the shared hostile corpus either prints in a brief or is named up front."""

from __future__ import annotations

import re

import pytest
from brief_helpers import pypdf_pages, render, squash
from hostile_strings import SMALL_NON_EMPTY

from casefile.brief.fonts import UncoveredCharactersError
from casefile.core.commands import PutRecords
from casefile.core.model import Claim, Entity, EvidenceLink, Snippet, Source
from casefile.storage.case import memory_case

MIXED_DIRECTION = {"mixed_rtl", "rlo_override", "lro_pdf", "isolates", "rlm_lrm"}


# 5,000 lines printed eight times is ~800 pages: the long-text test below covers it.
CORPUS = [k for k in SMALL_NON_EMPTY if k != "many_short_lines"]


@pytest.mark.parametrize("key", CORPUS)
def test_hostile_string_prints_or_is_reported(key: str) -> None:
    """No hostile string crashes the brief; it prints, or its characters are listed first."""
    text = SMALL_NON_EMPTY[key]
    records = [Entity("e", text, aliases=(text,)), Source("s", text),
               Snippet("n", text, "s", entities=("e",)),
               Claim("c", text, evidence=(EvidenceLink("n", "supports", text),))]  # fmt: skip
    with memory_case() as case:
        case.execute(PutRecords("x", records))
        try:
            data = render(case, sections=("claims", "cast", "sources"))
        except UncoveredCharactersError as err:
            assert "U+" in str(err)
            return
    # A soft hyphen is kept as a character, or (in reportlab's paragraphs) used as a break hint.
    printed = squash("".join(pypdf_pages(data)))
    if key in MIXED_DIRECTION:  # displayed in bidi order; extractors read display order
        assert all(squash(word) in printed for word in text.split())
        return
    assert any(squash(t)[:40] in printed for t in (text, text.replace("\u00ad", "")))


def test_long_quotes_split_across_pages_without_loss() -> None:
    """A 600-line quote and a 20,000-character paragraph run over pages; every line is there."""
    lines = [f"line {i:04d} of the intercepted ledger" for i in range(600)]
    long_para = " ".join(f"word{i}" for i in range(2500))
    records = [Source("s", "Ledger"), Snippet("n1", "\n".join(lines), "s"),
               Snippet("n2", long_para, "s"),
               Claim("c", "Ledger claim", evidence=(EvidenceLink("n1"), EvidenceLink("n2")))]  # fmt: skip
    with memory_case() as case:
        case.execute(PutRecords("x", records))
        pages = pypdf_pages(render(case, sections=("claims",)))
    assert len(pages) > 10
    printed = " ".join(pages)  # page furniture sits between pages, so check piece by piece
    positions = [printed.find(line) for line in lines]
    assert -1 not in positions and positions == sorted(positions)
    found = [int(n) for n in re.findall(r"\bword(\d+)\b", printed)]
    assert found == list(range(2500))
