"""The chronology's order on many dates: by date (less precise first), quotes first, then number."""

from __future__ import annotations

import random

import pytest
from brief_helpers import DATE

from casefile.brief import evidence_build
from casefile.brief.build import build
from casefile.brief.model import BriefOptions, CaseContent
from casefile.core import dates
from casefile.core.model import CaseInfo, Entity, Relationship, Snippet


def _date(rng: random.Random) -> str | None:
    year = rng.choice((1, 999, 1999, 2024, 2025, 9999))
    shape = rng.randrange(4)
    if shape == 0:
        return None
    if shape == 1:
        return f"{year:04d}"
    month = rng.randint(1, 12)
    return (
        f"{year:04d}-{month:02d}"
        if shape == 2
        else f"{year:04d}-{month:02d}-{rng.randint(1, 28):02d}"
    )


def test_chronology_order_on_many_partial_dates() -> None:
    """Every dated quote and relationship end appears once, ordered by its date's start (a
    year before its months, a month before its days), quotes before relationships on the
    same date, then by E-number or the relationship's place in the case."""
    rng = random.Random(13)
    snippets = tuple(Snippet(f"n{i:03d}", f"quote {i}", date=_date(rng)) for i in range(400))
    ents = (Entity("e1", "One"), Entity("e2", "Two"))
    rels = tuple(
        Relationship(f"r{i}", "e1", "e2", f"knows#{i}", _date(rng), _date(rng)) for i in range(60)
    )
    model = build(
        CaseContent(CaseInfo("C"), ents, rels, (), snippets), BriefOptions(issue_date=DATE)
    )
    expected = []
    for entry in model.chronology:
        if entry.evidence is not None:
            expected.append((dates.sort_key(entry.date), 0, entry.evidence.number))
    for i, rel in enumerate(rels):
        expected += [(dates.sort_key(d), 1, i) for d in (rel.start, rel.end) if d]
    expected.sort()
    assert len(model.chronology) == len(expected)
    got = []
    for entry in model.chronology:
        if entry.evidence is not None:
            got.append((dates.sort_key(entry.date), 0, entry.evidence.number))
        else:
            i = int(entry.text.split("#")[1].split(" ")[0])
            got.append((dates.sort_key(entry.date), 1, i))
    assert got == expected


def test_a_long_chronology_sorted_in_slices_keeps_its_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A large case's chronology (sorted a slice at a time, so the window keeps running) is
    in exactly the order of one sort, a relationship that begins and ends on one day too."""
    rng = random.Random(7)
    snippets = tuple(Snippet(f"n{i:03d}", f"quote {i}", date=_date(rng)) for i in range(300))
    ents = (Entity("e1", "One"), Entity("e2", "Two"))
    rels = tuple(
        Relationship(f"r{i}", "e1", "e2", "knows", day, day if i % 3 else _date(rng))
        for i, day in enumerate(_date(rng) or "2024" for _ in range(40))
    )
    content = CaseContent(CaseInfo("C"), ents, rels, (), snippets)
    whole = build(content, BriefOptions(issue_date=DATE)).chronology
    monkeypatch.setattr(evidence_build, "ONE_SORT", 7)
    monkeypatch.setattr(evidence_build, "SORT_SLICE", 7)
    sliced = build(content, BriefOptions(issue_date=DATE)).chronology
    assert [(e.date, e.what, e.text) for e in sliced] == [(e.date, e.what, e.text) for e in whole]
    assert len(whole) > 300
