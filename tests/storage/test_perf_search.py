"""The fast paths of search give the same results as the plain ones (bounded ranking, windows)."""

from __future__ import annotations

import random

import pytest

from casefile.core import commands, searchtext
from casefile.core.model import Claim, Entity, Snippet
from casefile.storage import fragments, search
from casefile.storage.case import memory_case


def _case(monkeypatch: pytest.MonkeyPatch, snippets: int = 30) -> object:
    monkeypatch.setattr(search, "CANDIDATES", 5)
    monkeypatch.setattr(search, "TITLE_CANDIDATES", 2)
    case = memory_case()
    case.execute(commands.Create(Entity("e-old", "Payment Holdings", "organisation")))
    records = [Snippet(f"n{i:03d}", f"note {i}: the payment was made") for i in range(snippets)]
    case.execute(commands.PutRecords("Add", records))
    case.execute(commands.Create(Claim("c-new", "A claim about something else", notes="payment")))
    return case


def test_common_words_page_through_every_match_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paging through a word with more matches than are ranked shows each match exactly once."""
    case = _case(monkeypatch)
    seen = []
    for offset in range(0, 40, 7):
        seen += [hit.id for hit in case.search("payment", limit=7, offset=offset)]
    assert len(seen) == len(set(seen)) == 32
    case.close()


def test_old_title_matches_still_rank_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """An old entity named after a very common word still tops the first page."""
    case = _case(monkeypatch)
    assert case.search("payment")[0].id == "e-old"
    assert [h.id for h in case.search("payment -holdings", limit=50)].count("e-old") == 0
    case.close()


def test_typing_a_common_prefix_pages_through_every_match_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A typed prefix matching more than are ranked lists title matches first, each match once."""
    case = _case(monkeypatch)
    for query in ("pay", "p", "note pay"):
        seen = []
        for offset in range(0, 40, 7):
            seen += [h.id for h in case.search(query, limit=7, offset=offset, prefix_last=True)]
        assert len(seen) == len(set(seen)) == 32 - (query == "note pay") * 2, query
        if query != "note pay":
            assert seen[:3] == ["e-old", "c-new", "n029"], query  # title match, then newest
        assert seen[-1] == "n000", query
    case.close()


def test_typing_a_rare_prefix_still_ranks_by_relevance(monkeypatch: pytest.MonkeyPatch) -> None:
    """A typed prefix with few matches keeps the bm25 order of the finished word."""
    case = _case(monkeypatch, snippets=2)
    typed = [h.id for h in case.search("paym", prefix_last=True)]
    assert typed == [h.id for h in case.search("payment")]
    assert typed[0] == "e-old"
    case.close()


def test_kind_filter_with_bounded_ranking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Restricting a common word to claims finds the claim even beyond the ranked matches."""
    case = _case(monkeypatch)
    hits = search.search(case.conn, "payment", kinds=("claim",))
    assert [h.id for h in hits] == ["c-new"]
    case.close()


def test_long_text_fragments_equal_whole_text_fragments() -> None:
    """Fragments of very long texts match those computed over the whole text."""
    rng = random.Random(7)
    words = ["payment", "Société", "société", "CAFÉ", "cafe", "稀土集团", "中国", "board of", "x"]
    filler = "lorem ipsum dolor sit amet, consectetur adipiscing elit. "
    for _ in range(60):
        parts = [filler * rng.randint(0, 80) for _ in range(4)]
        for i in range(1, 4):
            parts.insert(i * 2 - 1, rng.choice(words))
        text = " ".join(" ".join(parts).split())
        query = rng.choice(["payment", "societe", "cafe", "稀土", '"board of"', "nothing", "x"])
        terms, _ = searchtext.parse_query(query)
        assert fragments.fragment(text, terms) == searchtext.fragment(text, terms), query


def test_raw_long_text_fragments_equal_whole_text_fragments() -> None:
    """Fragments of long raw texts (newlines, runs of spaces) match the whole-text result."""
    rng = random.Random(11)
    words = ["payment", "Société", "board\n of", "board of", "稀土集团", "AT&T", "x", "   \n\n  "]
    filler = "lorem ipsum dolor sit amet,\n consectetur   adipiscing elit. "
    for _ in range(120):
        parts = [filler * rng.randint(0, 60) + " " * rng.randint(0, 900) for _ in range(4)]
        for i in range(1, 4):
            parts.insert(i * 2 - 1, rng.choice(words))
        raw = "".join(parts)
        query = rng.choice(["payment", "societe", '"board of"', "board", "稀土", "AT&T", "nothing"])
        terms, _ = searchtext.parse_query(query)
        expected = searchtext.fragment(" ".join(raw.split()), terms)
        assert fragments.of_raw_text(raw, terms) == expected, query
