"""Every printed field of every record is bounded, whichever field holds the long text."""

from __future__ import annotations

from dataclasses import fields, replace

import pytest

from casefile.brief import bounds
from casefile.core.model import (
    CaseInfo,
    Claim,
    Entity,
    EvidenceLink,
    Relationship,
    Section,
    Snippet,
    Source,
)

LONG = "y" * (bounds.FIELD_LIMIT + 1)
RECORDS = [
    CaseInfo("T"),
    Entity("e", "E"),
    Relationship("r", "e", "f", "knows"),
    Source("s", "S"),
    Snippet("n", "q"),
    Claim("c", "C", evidence=(EvidenceLink("n"),)),
    Section("x", "X"),
]


def _text_fields(record: object) -> list[tuple[str, object]]:
    """(field, a long value for it) for each field the brief prints as text."""
    out: list[tuple[str, object]] = []
    for f in fields(record):  # type: ignore[arg-type]
        if f.name in bounds.NOT_PRINTED.get(type(record), frozenset()):
            continue
        if str(f.type) in ("str", "str | None"):
            out.append((f.name, LONG))
        elif str(f.type) == "tuple[str, ...]":
            out.append((f.name, ("short", LONG)))
    return out


CASES = [(r, name, value) for r in RECORDS for name, value in _text_fields(r)]


@pytest.mark.parametrize(("record", "name", "value"), CASES,
                         ids=[f"{type(r).__name__}.{n}" for r, n, _ in CASES])  # fmt: skip
def test_a_long_text_in_any_printed_field_is_cut(record: object, name: str, value: object) -> None:
    """The long field is cut with its note; the record alone, or among many, the same."""
    long = replace(record, **{name: value})  # type: ignore[type-var]
    cut = bounds.bounded(long)
    got = getattr(cut, name)
    expected = bounds.cut_text(LONG)
    assert got == (expected if isinstance(value, str) else ("short", expected))
    many = (record,) * 50 + (long,) + (record,) * 50
    assert bounds.bounded_all(many)[50] == cut
    assert bounds.bounded(record) is record


def test_nothing_long_keeps_the_very_same_records() -> None:
    """Short records are not copied (a 200,000-quote case is checked, not rebuilt)."""
    records = tuple(Snippet(f"n{i}", "q" * (i % 7), location="p. 1") for i in range(500))
    assert bounds.bounded_all(records) is records
    long_note = Claim("c", "C", evidence=(EvidenceLink("n", note=LONG),))
    assert bounds.bounded(long_note).evidence[0].note == bounds.cut_text(LONG)
    not_printed = Source("s", "S", text=LONG)
    assert bounds.bounded(not_printed) is not_printed


def test_a_large_case_is_checked_a_slice_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The window keeps repainting while a brief checks a large case: no single C-level pass
    (during which no other thread runs) covers more than a slice of the records, and a long
    field in a late slice is still cut."""
    seen: list[int] = []
    check = bounds._all_short

    def counting(records: tuple[object, ...], cls: type) -> bool:
        seen.append(len(records))
        return check(records, cls)

    monkeypatch.setattr(bounds, "SLICE", 100)
    monkeypatch.setattr(bounds, "_all_short", counting)
    records = tuple(Snippet(f"n{i}", "q", location="p. 1") for i in range(1000))
    assert bounds.bounded_all(records) is records
    assert seen and max(seen) <= 100
    long = (*records, Snippet("late", LONG))
    assert bounds.bounded_all(long)[-1].text == bounds.cut_text(LONG)
    assert bounds.bounded_all(long)[:1000] == records
