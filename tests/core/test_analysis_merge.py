"""Merging duplicate entities and splitting an alias out: one undoable step, exact undo."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from casefile.core.commands import Create
from casefile.core.errors import CaseError
from casefile.core.merge import MergeEntities, SplitAlias
from casefile.core.model import KINDS, Claim, Entity, Relationship, Snippet
from casefile.storage.case import memory_case
from casefile.storage.sample import fill_sample


@pytest.fixture
def case() -> Iterator[Any]:
    """The sample case plus two duplicates of Liao Chunsheng, in memory."""
    case = memory_case("Sample")
    fill_sample(case)
    case.execute(Create(Entity("e-liao2", "Chunsheng Liao", aliases=("Liao C.",), tags=("vip",))))
    case.execute(Create(Entity("e-liao3", "Liao Chun-sheng", notes="From the ledger.")))
    case.execute(Create(Relationship("r-x", "e-liao2", "e-huaxin", "shareholder of")))
    case.execute(Create(Relationship("r-self", "e-liao", "e-liao3", "same as")))
    case.execute(Create(Snippet("n-x", "Mr Liao signed.", entities=("e-liao2", "e-liao"))))
    case.execute(Create(Claim("c-x", "Liao owns shares.", subjects=("e-liao3",))))
    yield case
    case.close()


def _snapshot(case: Any) -> dict[str, dict[str, Any]]:
    return {kind: {r.id: r for r in case.store.all(kind)} for kind in KINDS}


def test_merge_moves_everything_to_the_survivor(case: Any) -> None:
    """After a merge one entry remains with the others' names, links, mentions and claims."""
    change = case.execute(MergeEntities("e-liao", ["e-liao2", "e-liao3"]))
    liao = case.get("entity", "e-liao")
    assert case.get("entity", "e-liao2") is None and case.get("entity", "e-liao3") is None
    assert liao.name == "Liao Chunsheng"
    assert liao.aliases == ("廖春生", "Chunsheng Liao", "Liao C.", "Liao Chun-sheng")
    assert liao.tags == ("vip",)
    assert liao.notes == "From the ledger."
    assert case.get("relationship", "r-x").source == "e-liao"
    assert case.get("relationship", "r-self") is None
    assert case.get("snippet", "n-x").entities == ("e-liao",)
    assert case.get("claim", "c-x").subjects == ("e-liao",)
    assert change.action == "Merge 3 people or organisations"
    actions = {entry.action for entry in case.history(limit=20)}
    assert "Merge 3 people or organisations" in actions


def test_undoing_a_merge_restores_every_record_exactly(case: Any) -> None:
    """Undo after a merge brings back the merged entries and all their links unchanged."""
    before = _snapshot(case)
    change = case.execute(MergeEntities("e-liao", ["e-liao2", "e-liao3"]))
    assert _snapshot(case) != before
    case.revert(change)
    assert _snapshot(case) == before
    case.replay(change)
    assert case.get("entity", "e-liao2") is None
    assert case.get("snippet", "n-x").entities == ("e-liao",)


def test_merge_refuses_a_single_or_missing_entity(case: Any) -> None:
    """Merging one entry with itself or with a deleted entry gives a clear message."""
    with pytest.raises(CaseError, match="at least two"):
        case.execute(MergeEntities("e-liao", ["e-liao"]))
    with pytest.raises(CaseError, match="no longer"):
        case.execute(MergeEntities("e-liao", ["e-gone"]))
    assert case.get("entity", "e-liao2") is not None


def test_split_alias_makes_its_own_entity_and_undoes(case: Any) -> None:
    """Splitting an alias creates a new entry of the same kind and removes the alias."""
    before = _snapshot(case)
    change = case.execute(SplitAlias("e-liao2", "Liao C.", "e-new", snippets=["n-x"]))
    assert case.get("entity", "e-liao2").aliases == ()
    created = case.get("entity", "e-new")
    assert (created.name, created.kind) == ("Liao C.", "person")
    assert case.get("snippet", "n-x").entities == ("e-new", "e-liao")
    case.revert(change)
    assert _snapshot(case) == before


def test_split_refuses_an_unknown_alias(case: Any) -> None:
    """Splitting a name that is not an alias of the entry is refused with a message."""
    with pytest.raises(CaseError, match="not an alias"):
        case.execute(SplitAlias("e-liao", "Nobody"))


def test_relationships_that_become_identical_are_kept_once(case: Any) -> None:
    """Two 'chairman of Huaxin' links from merged duplicates become one with both evidences."""
    case.execute(
        Create(
            Relationship("r-twin", "e-liao2", "e-huaxin", "Chairman of", "2015", evidence=("n-x",))
        )
    )
    before = _snapshot(case)
    change = case.execute(MergeEntities("e-liao", ["e-liao2", "e-liao3"]))
    assert case.get("relationship", "r-twin") is None
    kept = case.get("relationship", "r-4")
    assert (kept.source, kept.target, kept.evidence) == ("e-liao", "e-huaxin", ("n-x",))
    assert case.get("relationship", "r-x").source == "e-liao"
    case.revert(change)
    assert _snapshot(case) == before
