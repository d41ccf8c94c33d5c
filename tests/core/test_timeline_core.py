"""Chronology items: one axis at a time, partial dates as spans, same-day stacking, filters."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casefile.core import timeline
from casefile.core.errors import ValidationError
from casefile.core.model import Claim, Entity, EvidenceLink, Relationship, Snippet, Source
from casefile.storage.sample import _SNIPPETS, CLAIMS, RELATIONSHIPS, SOURCES, E, _snippet

SAMPLE = timeline.Records(
    list(E.values()), RELATIONSHIPS, SOURCES, [_snippet(r) for r in _SNIPPETS], CLAIMS
)


def test_axes_are_never_mixed() -> None:
    """Each axis shows only its own kind of date: events, publications or captures."""
    event = timeline.build(SAMPLE, "event")
    published = timeline.build(SAMPLE, "published")
    captured = timeline.build(SAMPLE, "captured")
    assert {i.role for i in event.items} == {"evidence", "claim", "starts", "ends"}
    assert {i.role for i in published.items} == {"published"}
    assert {i.role for i in captured.items} == {"captured"}
    assert len(published.items) == len(captured.items) == 4
    registry = next(i for i in published.items if i.ident == "s-registry")
    assert registry.start == dt.date(2023, 3, 14)
    retrieved = next(i for i in captured.items if i.ident == "s-registry")
    assert retrieved.start == dt.date(2024, 4, 3)


def test_partial_dates_are_drawn_as_spans() -> None:
    """A month-only date covers the whole month, a year the whole year."""
    event = timeline.build(SAMPLE, "event")
    month = next(i for i in event.items if i.ident == "n-n05")
    assert (month.start, month.end, month.is_span) == (
        dt.date(2023, 3, 1),
        dt.date(2023, 3, 31),
        True,
    )
    year = next(i for i in event.items if i.ident == "r-4")
    assert (year.start, year.end) == (dt.date(2015, 1, 1), dt.date(2015, 12, 31))
    day = next(i for i in event.items if i.ident == "n-n01")
    assert not day.is_span


def test_relationship_start_and_end_are_separate_items() -> None:
    """A relationship with a start and an end shows both, labelled with both parties."""
    event = timeline.build(SAMPLE, "event")
    roles = sorted(i.role for i in event.items if i.ident == "r-5")
    assert roles == ["ends", "starts"]
    label = next(i.label for i in event.items if i.ident == "r-5")
    assert label == "Tomas Greaves — operations manager at — Meridian Bulk Logistics Ltd"


def test_claims_span_the_event_dates_of_their_evidence() -> None:
    """A claim is drawn over the period its dated evidence speaks of (event axis only)."""
    event = timeline.build(SAMPLE, "event")
    cargo = next(i for i in event.items if i.ident == "c-cargo")
    assert (cargo.role, cargo.start, cargo.end) == (
        "claim",
        dt.date(2024, 3, 1),
        dt.date(2024, 3, 31),
    )
    funding = next(i for i in event.items if i.ident == "c-funding")
    assert (funding.start, funding.end) == (dt.date(2020, 1, 1), dt.date(2024, 4, 2))
    assert "claim" not in {i.kind for i in timeline.build(SAMPLE, "published").items}
    lonely = timeline.Records(claims=[Claim("k", "No dated evidence")])
    assert timeline.build(lonely, "event").undated == 1


def test_undated_records_are_counted_not_drawn() -> None:
    """Evidence without a date is left off the drawing but counted."""
    event = timeline.build(SAMPLE, "event")
    assert event.undated == 1
    assert "n-n15" not in {i.ident for i in event.items}


def test_same_day_items_stack_in_lanes() -> None:
    """Items on the same day get different lanes; a later free lane is reused."""
    day = [Snippet(f"s{i}", f"quote {i}", date="2024-03-09") for i in range(3)] + [
        Snippet("later", "later quote", date="2024-03-20")
    ]
    built = timeline.build(timeline.Records(snippets=day), "event")
    lanes = {i.ident: i.lane for i in built.items}
    assert sorted(lanes[f"s{i}"] for i in range(3)) == [0, 1, 2]
    assert lanes["later"] == 0
    wide = timeline.stack(built.items, min_days=30)
    assert {i.ident: i.lane for i in wide}["later"] == 3


def test_spans_hold_their_lane_for_their_whole_length() -> None:
    """A day inside a month-long span does not overlap the span's bar."""
    items = [
        Snippet("month", "m", date="2024-03"),
        Snippet("day", "d", date="2024-03-15"),
        Snippet("after", "a", date="2024-04-02"),
    ]
    built = timeline.build(timeline.Records(snippets=items), "event")
    lanes = {i.ident: i.lane for i in built.items}
    assert lanes == {"month": 0, "day": 1, "after": 0}


def test_filters_by_entity_tag_and_claim() -> None:
    """Filters keep only items about the chosen person, tag or claim (and combine)."""
    by_entity = timeline.build(SAMPLE, "event", timeline.Filter(entities=frozenset({"e-liao"})))
    assert {i.ident for i in by_entity.items} == {"n-n14", "r-4", "c-visit"}
    by_tag = timeline.build(SAMPLE, "event", timeline.Filter(tags=frozenset({"funding"})))
    assert {i.ident for i in by_tag.items if i.kind == "snippet"} == {"n-n17", "n-n18", "n-n19"}
    by_claim = timeline.build(SAMPLE, "event", timeline.Filter(claims=frozenset({"c-cargo"})))
    snippets = {i.ident for i in by_claim.items if i.kind == "snippet"}
    assert snippets == {"n-n06", "n-n07", "n-n08", "n-n13"}
    both = timeline.Filter(entities=frozenset({"e-meridian"}), tags=frozenset({"cargo"}))
    assert {
        i.ident for i in timeline.build(SAMPLE, "event", both).items if i.kind == "snippet"
    } == {
        "n-n06",
        "n-n08",
        "n-n13",
    }
    sources = timeline.build(SAMPLE, "published", timeline.Filter(tags=frozenset({"funding"})))
    assert [i.ident for i in sources.items] == ["s-article"]


def test_relationships_follow_claim_subjects_and_evidence() -> None:
    """With a claim chosen, relationships backed by its evidence or about its subjects stay."""
    people = [Entity("a", "A"), Entity("b", "B"), Entity("c", "C")]
    rels = [
        Relationship("r1", "a", "b", "knows", "2020", evidence=("n1",)),
        Relationship("r2", "b", "c", "pays", "2021"),
        Relationship("r3", "c", "c", "self", "2022"),
    ]
    claim = Claim("k", "A knows B", subjects=("a",), evidence=(EvidenceLink("n1"),))
    records = timeline.Records(people, rels, (), [Snippet("n1", "x")], [claim])
    built = timeline.build(records, "event", timeline.Filter(claims=frozenset({"k"})))
    assert {i.ident for i in built.items} == {"r1"}


def test_bad_axis_and_bad_dates() -> None:
    """An unknown axis is refused in plain words; an unreadable stored date is just undated."""
    with pytest.raises(ValidationError, match="date axis"):
        timeline.build(SAMPLE, "filed")
    odd = timeline.Records(sources=[Source("s", "S", published="sometime")])
    built = timeline.build(odd, "published")
    assert (built.items, built.undated) == ([], 1)


dates = st.builds(
    lambda y, m, d, precision: (
        f"{y:04d}"
        if precision == 0
        else f"{y:04d}-{m:02d}"
        if precision == 1
        else f"{y:04d}-{m:02d}-{d:02d}"
    ),
    st.integers(2020, 2022),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 2),
)


@given(st.lists(dates, max_size=40), st.floats(1, 400))
def test_no_two_items_in_a_lane_overlap(when: list[str], min_days: float) -> None:
    """Whatever the dates and zoom, items sharing a lane never overlap (labels included)."""
    snippets = [Snippet(f"s{i}", "x", date=d) for i, d in enumerate(when)]
    built = timeline.build(timeline.Records(snippets=snippets), "event")
    stacked = timeline.stack(built.items, min_days)
    lanes: dict[int, list[timeline.Item]] = {}
    for item in stacked:
        lanes.setdefault(item.lane, []).append(item)
    for items in lanes.values():
        for a, b in itertools.pairwise(items):
            begin, after = a.start.toordinal(), a.end.toordinal() + 1
            until = begin + min_days if after - begin <= 1 else after
            if 1 < after - begin < min_days:
                until = after + min_days
            assert b.start.toordinal() >= until


def test_unstacked_items_are_the_stacked_items_without_lanes() -> None:
    """The brief's unstacked chronology has exactly the stacked one's items and undated count."""
    for axis in timeline.AXES:
        stacked = timeline.build(SAMPLE, axis)
        loose = timeline.build(SAMPLE, axis, lanes=False)
        assert {i.lane for i in loose.items} <= {0}
        assert timeline.stack(loose.items) == stacked.items
        assert loose.undated == stacked.undated
