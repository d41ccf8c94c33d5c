"""Duplicate suggestions: the name variants investigators meet, with reasons, at scale."""

from __future__ import annotations

import random
import time

import pytest

from casefile.core.duplicates import groups, suggest
from casefile.core.model import Entity
from casefile.core.names import fold, tokens


def _pairs(entities: list[Entity]) -> dict[frozenset[str], str]:
    return {frozenset((s.first, s.second)): s.reason for s in suggest(entities)}


@pytest.mark.parametrize(
    ("left", "right", "why"),
    [
        ("Liao Chunsheng", "Chunsheng Liao", "different order"),
        ("Liao Chun-sheng", "Chunsheng Liao", "family name first"),
        ("Liao Ch'un-sheng", "Liao Chunsheng", "split differently"),
        ("José Müller", "Jose Muller", "accents"),
        ("Jean-Luc Picard", "Jean Luc Picard", "hyphens"),
        ("Al-Hassan Omar", "Alhassan Omar", "split differently"),
        ("J. Smith", "John Smith", "initials"),
        ("Smith, John", "J. Smith", "initials"),
        ("Jon Smith", "John Smith", "similar spelling"),
        ("ANJA PETROVIC", "Anja Petrović", "accents"),
    ],
)
def test_person_name_variants_are_suggested_with_reason(left: str, right: str, why: str) -> None:
    """Word order, initials, hyphens, accents and transliterated names are offered as duplicates."""
    found = _pairs([Entity("a", left), Entity("b", right), Entity("c", "Mary Jones")])
    assert frozenset("ab") in found
    assert why in found[frozenset("ab")]
    assert left in found[frozenset("ab")] and right in found[frozenset("ab")]
    assert len(found) == 1


def test_organisation_legal_forms_match_but_people_and_companies_do_not() -> None:
    """`Acme Ltd` and `ACME Limited` are one company; a person never pairs with a company."""
    found = _pairs(
        [
            Entity("a", "Acme Ltd", "organisation"),
            Entity("b", "ACME Limited", "organisation"),
            Entity("c", "Acme Trading", "organisation"),
            Entity("d", "Dovecote Holdings S.A.", "organisation"),
            Entity("e", "Dovecote", "organisation"),
            Entity("f", "Dovecote", "person"),
        ]
    )
    assert "legal form" in found[frozenset("ab")]
    assert "legal form" in found[frozenset("de")]
    assert frozenset("ac") not in found
    assert not any("f" in pair for pair in found)


def test_alias_of_one_matching_name_of_another_is_suggested() -> None:
    """An alias in any script that equals another entry's name makes them a suggestion."""
    found = _pairs([Entity("a", "Liao Chunsheng", aliases=("廖春生",)), Entity("b", "廖春生")])
    assert found[frozenset("ab")].startswith("same name")


def test_distinct_people_are_not_suggested() -> None:
    """Different people with one shared word are not flagged."""
    found = _pairs(
        [Entity("a", "Anna Smith"), Entity("b", "John Smith"), Entity("c", "Anna Karenina")]
    )
    assert found == {}


def test_folding_and_tokens() -> None:
    """Names compare without accents, case, dots in abbreviations or apostrophes."""
    assert fold("Petrović") == "petrovic"
    assert tokens("Dovecote Holdings S.A.") == ("dovecote", "holdings", "sa")
    assert tokens("Ch’un-sheng") == ("chun", "sheng")


def test_groups_join_chains_of_suggestions() -> None:
    """Suggestions A~B and B~C form one group that can be merged in one go."""
    found = suggest(
        [
            Entity("a", "Liao Chunsheng"),
            Entity("b", "Chunsheng Liao"),
            Entity("c", "Liao Chun-sheng"),
        ]
    )
    assert groups(found) == [["a", "b", "c"]]


def test_sample_case_suggests_nothing_spurious() -> None:
    """The sample case's people (aliases included) raise no duplicate suggestions."""
    from casefile.storage.sample import E

    assert suggest(E.values()) == []


def _generated(count: int, seed: int = 7) -> list[Entity]:
    rng = random.Random(seed)
    heads = ["Jo", "Ma", "An", "Li", "Sa", "Pe", "Ka", "Mi", "Ro", "El", "Da", "Ni", "To"]
    tails = ["hn", "ria", "na", "am", "ra", "ter", "rin", "chel", "bert", "len", "vid", "ko"]
    first = [h + t for h in heads for t in tails]
    last = [
        a + b + c
        for a in ["Sm", "Jo", "Pe", "Mar", "Li", "Wa", "Ch", "Kow", "Ng", "Ha", "Be", "Fi", "Gra"]
        for b in ["it", "hn", "tro", "ch", "ao", "ng", "en", "al", "uy", "ss", "ar", "er", "ol"]
        for c in ["h", "son", "vic", "etti", "", "ski", "berg", "man", "ez", "ova"]
    ]
    out = []
    for i in range(count):
        if i % 5 == 0:
            name = f"{rng.choice(last)} {rng.choice(['Shipping', 'Trading', 'Metals'])} Ltd"
            out.append(Entity(f"o{i}", name, "organisation"))
        else:
            alias = (f"{rng.choice(first)[0]}. {rng.choice(last)}",) if i % 3 == 0 else ()
            out.append(Entity(f"p{i}", f"{rng.choice(first)} {rng.choice(last)}", aliases=alias))
    return out


def _timed(count: int) -> tuple[int, float]:
    entities = _generated(count)
    started = time.perf_counter()
    found = suggest(entities)
    elapsed = time.perf_counter() - started
    print(f"duplicate suggestions: {count} entities, {len(found)} pairs, {elapsed:.2f}s")
    return len(found), elapsed


def test_five_thousand_entities_stay_quick() -> None:
    """Suggestions for 5,000 people and organisations take well under the blink of a dialog."""
    pairs, elapsed = _timed(5_000)
    assert pairs and elapsed < 10


@pytest.mark.slow
def test_twenty_thousand_entities_stay_bounded(request: pytest.FixtureRequest) -> None:
    """Suggestions for 20,000 people and organisations come back in seconds, not minutes."""
    marks = request.config.getoption("markexpr") or ""
    if "slow" not in marks or "not slow" in marks:
        pytest.skip("long setting: run with -m slow")
    pairs, elapsed = _timed(20_000)
    assert pairs and elapsed < 30


def test_names_differing_only_in_a_number_are_not_duplicates() -> None:
    """`Atlas Fund 1` and `Atlas Fund 2` are different; the same number still matches."""
    found = _pairs(
        [
            Entity("a", "Atlas Fund 1", "organisation"),
            Entity("b", "Atlas Fund 2", "organisation"),
            Entity("c", "ATLAS FUND 1 Ltd", "organisation"),
        ]
    )
    assert set(found) == {frozenset("ac")}
