"""Core rules: partial dates, grades, validation and search-text folding."""

from __future__ import annotations

import re

import pytest

from casefile.core import dates, grading, rules, searchtext
from casefile.core.errors import ValidationError
from casefile.core.model import Claim, Entity, EvidenceLink, Relationship, Snippet, Source


@pytest.mark.parametrize("text", ["2025", "2025-04", "2025-04-17", "2024-02-29"])
def test_partial_dates_are_accepted(text: str) -> None:
    """Dates typed as 2025, 2025-04 or 2025-04-17 are accepted unchanged."""
    assert dates.normalise_partial(text) == text


@pytest.mark.parametrize("text", ["2025-13", "2025-02-30", "25-04", "April 2025", "2023-02-29"])
def test_bad_partial_dates_are_refused_with_a_message(text: str) -> None:
    """An impossible or badly written date is refused with a readable message."""
    with pytest.raises(ValidationError, match=re.escape(text)):
        dates.normalise_partial(text)


def test_partial_dates_sort_by_start_and_print_readably() -> None:
    """``2025`` sorts before ``2025-04`` before ``2025-04-17``, and print as words."""
    ordered = sorted(["2025-04-17", "2024", "2025", "2025-04"], key=dates.sort_key)
    assert ordered == ["2024", "2025", "2025-04", "2025-04-17"]
    assert dates.display("2025-04") == "April 2025"
    assert dates.span("2025-04")[1].day == 30


def test_grades_combine_reliability_and_credibility() -> None:
    """An A-F reliability and a 1-6 credibility show together as ``B2``."""
    assert grading.grade("B", 2) == "B2"
    assert grading.grade(None, 3) == "?3"
    assert grading.likelihood_band("likely") == "55–80%"


def test_records_breaking_rules_are_refused() -> None:
    """Bad enum values, empty names, reversed date ranges and duplicate links are refused."""
    bad = [
        Entity("e", "  "),
        Entity("e", "X", kind="robot"),
        Relationship("r", "a", "b", "owns", start="2025", end="2024"),
        Source("s", "T", reliability="G"),
        Snippet("n", "quote", credibility=7),
        Claim("c", "S", status="true"),
        Claim("c", "S", evidence=(EvidenceLink("n"), EvidenceLink("n"))),
        Entity("e", "bad \ud800 surrogate"),
    ]
    for record in bad:
        with pytest.raises(ValidationError):
            rules.check(record)


def test_cjk_is_indexed_as_bigrams_and_queries_are_never_syntax() -> None:
    """CJK runs become bigrams; quotes, AND, <, - in a query are handled as text."""
    assert searchtext.index_text("中国稀土") == " 中国 国稀 稀土 "
    terms, any_or = searchtext.parse_query('"rare earth" AND <script> -tern NOT x "unclosed')
    expression = searchtext.fts_expression(terms, any_or)
    assert expression == '"rare earth" AND "script" AND "unclosed" NOT "tern" NOT "x"'
    assert searchtext.fts_expression(*searchtext.parse_query("- AND () <>")) is None
