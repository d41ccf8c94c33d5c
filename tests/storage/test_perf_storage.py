"""Bulk writes that skip repeated work still record exact before images and check rules."""

from __future__ import annotations

import pytest

from casefile.core import commands
from casefile.core.change import apply_ops
from casefile.core.errors import ValidationError
from casefile.core.model import Claim, Entity, Snippet, Source
from casefile.storage.case import memory_case


def test_checked_bulk_put_is_undone_exactly() -> None:
    """A pre-checked bulk import of new and existing records undoes to the exact prior state."""
    case = memory_case()
    case.execute(commands.Create(Entity("e1", "Old name", aliases=("A",), tags=("t",))))
    batch = [Entity("e1", "New name", aliases=("B", "C")), Entity("e2", "Second")]
    change = case.execute(commands.PutRecords("Import", batch, checked=True))
    assert [rc.before for rc in change.records] == [
        Entity("e1", "Old name", aliases=("A",), tags=("t",)),
        None,
    ]
    case.revert(change)
    assert case.get("entity", "e1") == Entity("e1", "Old name", aliases=("A",), tags=("t",))
    assert case.get("entity", "e2") is None
    case.close()


def test_unchecked_bulk_put_still_checks_rules() -> None:
    """Without ``checked`` a bulk put refuses a record that breaks a rule, changing nothing."""
    case = memory_case()
    with pytest.raises(ValidationError):
        case.execute(commands.PutRecords("Import", [Entity("e1", "ok"), Entity("e2", " ")]))
    assert case.get("entity", "e1") is None
    case.close()


def test_get_many_mixes_present_and_missing_ids() -> None:
    """Reading a mix of stored and unknown ids returns the stored ones with their lists."""
    case = memory_case()
    case.execute(commands.Create(Entity("e1", "One", aliases=("Uno",))))
    case.execute(commands.Create(Snippet("n1", "text", entities=("e1",), tags=("x", "y"))))
    found = case.store.get_many("snippet", ["missing", "n1", "other"])
    assert found == {"n1": Snippet("n1", "text", entities=("e1",), tags=("x", "y"))}
    assert case.store.get_many("entity", ["nope"]) == {}
    assert case.store.get_many("entity", ["e1"])["e1"].aliases == ("Uno",)  # type: ignore[union-attr]
    case.close()


def test_bulk_put_of_mixed_kinds_matches_the_general_path() -> None:
    """A PutRecords of interleaved kinds records the same change as one Put per record."""
    records = [
        Entity("e1", "One"),
        Entity("e2", "Two"),
        Snippet("n1", "text", entities=("e1",)),
        Entity("e3", "Three"),
        Snippet("n2", "more", entities=("e3", "e2")),
    ]
    fast, general = memory_case(), memory_case()
    change = fast.execute(commands.PutRecords("Import", records))
    ops = commands.PutRecords("Import", records).plan(general.store)
    with general.transaction():
        expected = apply_ops(general.store, ops)
    assert change.records == tuple(expected)
    assert [fast.get(r.KIND, r.id) for r in records] == records
    fast.close()
    general.close()


def test_history_json_is_sorted_compact_json_of_the_record() -> None:
    """The history's JSON of every record is exactly the sorted, compact dump of its dict."""
    import json
    import sys
    from pathlib import Path

    from casefile.core.serial import to_dict, to_json

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    import synthetic

    data = synthetic.generate(400, entities=60, sources=20, claims=60, long_sources=0, seed=3)
    extra = [Claim("c-x", "<b>AT&T</b> 稀土 😀"), Source("s-x", "T", pages=(0, 10), size=3)]
    for record in [data.info, *data.records(), *extra]:
        expected = json.dumps(
            to_dict(record), ensure_ascii=False, sort_keys=True, separators=(",", ":")
        )
        assert to_json(record) == expected
