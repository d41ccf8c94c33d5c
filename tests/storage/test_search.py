"""Full-text search: ranking, fragments, CJK substrings, accents, hostile queries."""

from __future__ import annotations

from typing import Any

import pytest

from casefile.core import commands
from casefile.core.model import Claim, Entity, Snippet, Source
from casefile.storage.case import Case, memory_case


@pytest.fixture
def case() -> Any:
    """A small case with Latin, accented, CJK and markup-like text."""
    case = memory_case()
    case.execute(commands.Create(Entity("e1", "Liao Chunsheng", aliases=("廖春生",))))
    case.execute(commands.Create(Entity("e2", "Société Générale", "organisation")))
    text = "The group 中国稀土集团 shipped ilmenite. Ilmenite again. AT&T <b>noted</b> x<y."
    case.execute(commands.Create(Source("s1", "Harbour report", text=text)))
    case.execute(commands.Create(Snippet("n1", "中国稀土集团 shipped ilmenite", notes="cargo")))
    case.execute(commands.Create(Snippet("n2", "Café owners said nothing", tags=("rumour",))))
    case.execute(commands.Create(Claim("c1", "Ilmenite was declared falsely")))
    yield case
    case.close()


def _found(case: Case, query: str) -> set[str]:
    return {hit.id for hit in case.search(query, limit=50)}


def test_cjk_substrings_of_two_or_more_characters_are_found(case: Case) -> None:
    """``稀土`` finds ``中国稀土集团`` in snippets and sources; an alias in Chinese is found."""
    assert _found(case, "稀土") == {"n1", "s1"}
    assert _found(case, "稀土集团") == {"n1", "s1"}
    assert _found(case, "廖春生") == {"e1"}
    assert _found(case, "春生") == {"e1"}
    assert _found(case, "土稀") == set()


def test_accents_and_case_do_not_matter(case: Case) -> None:
    """``societe`` finds ``Société``; ``CAFE`` finds ``Café``."""
    assert _found(case, "societe generale") == {"e2"}
    assert _found(case, "CAFE") == {"n2"}
    assert _found(case, "Café") == {"n2"}


def test_titles_rank_above_body_text(case: Case) -> None:
    """A claim whose statement matches ranks above records that only mention the word."""
    hits = case.search("ilmenite")
    assert hits[0].id == "c1"
    assert {h.id for h in hits} == {"c1", "n1", "s1"}


def test_fragment_marks_the_match_in_the_original_text(case: Case) -> None:
    """The fragment shows the original (accented, CJK) text with the matches marked."""
    hit = next(h for h in case.search("稀土") if h.id == "n1")
    start, end = hit.fragment.spans[0]
    assert hit.fragment.text[start:end] == "稀土"
    hit = case.search("societe")[0]
    start, end = hit.fragment.spans[0]
    assert hit.fragment.text[start:end] == "Société"


@pytest.mark.parametrize(
    "query",
    ['"', '"unclosed', "AND", "OR OR", "NOT", "<b>", "x<y", "-", "--", "(", ")", "*", "^",
     "a:b", "NEAR(a b)", "title:x", "'; DROP TABLE snippets; --", "\x00", "🕵️", "" , "   "],
)  # fmt: skip
def test_hostile_queries_never_raise(case: Case, query: str) -> None:
    """Any text typed in the search box returns results or nothing, never an error."""
    assert isinstance(case.search(query), list)


def test_operators_phrases_and_exclusion(case: Case) -> None:
    """Quoted phrases match in order; ``-word`` and NOT exclude; ``<b>`` finds the text b."""
    assert _found(case, '"shipped ilmenite"') == {"n1", "s1"}
    assert _found(case, '"ilmenite shipped"') == set()
    assert _found(case, "ilmenite -cargo") == {"c1", "s1"}
    assert _found(case, "ilmenite NOT cargo") == {"c1", "s1"}
    assert _found(case, "AT&T") == {"s1"}
    assert _found(case, "rumour OR cargo") == {"n1", "n2"}


def test_results_are_paged(case: Case) -> None:
    """Results come in bounded pages with offset."""
    first = case.search("ilmenite", limit=2)
    second = case.search("ilmenite", limit=2, offset=2)
    assert len(first) == 2 and len(second) == 1
    assert {h.id for h in first} | {h.id for h in second} == {"c1", "n1", "s1"}


def test_index_follows_edits_deletes_and_undo(case: Case) -> None:
    """Edited text is found by its new words; deleted records vanish; undo restores them."""
    case.execute(commands.Edit("snippet", "n2", {"text": "Harbourmaster said nothing"}))
    assert _found(case, "cafe") == set() and _found(case, "harbourmaster") == {"n2"}
    change = case.execute(commands.DeleteRecords("snippet", ["n2"]))
    assert _found(case, "harbourmaster") == set()
    case.revert(change)
    assert _found(case, "harbourmaster") == {"n2"}


def test_prefix_search_as_you_type(case: Case) -> None:
    """With prefix_last, a partly typed last word already finds matches."""
    assert {h.id for h in case.search("ilmen", prefix_last=True)} == {"c1", "n1", "s1"}
    assert case.search("ilmen") == []


def test_one_or_two_typed_letters_already_find_words_starting_with_them(case: Case) -> None:
    """While typing, ``i`` and ``il`` already match the words starting with them (the index
    keeps one- and two-letter prefixes, so this stays fast on large cases)."""
    assert {h.id for h in case.search("il", prefix_last=True)} == {"c1", "n1", "s1"}
    assert {h.id for h in case.search("i", prefix_last=True)} >= {"c1", "n1", "s1"}
    assert case.search("il") == []  # not typed as a prefix: a whole word
    assert {h.id for h in case.search("ilm", prefix_last=True)} == {"c1", "n1", "s1"}
    assert {h.id for h in case.search("稀", prefix_last=True)} == {"n1", "s1"}
