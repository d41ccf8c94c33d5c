"""Duplicate groups and the merge preview: what the duplicates view shows before a merge."""

from __future__ import annotations

from casefile.core.commands import Create
from casefile.core.duplicates import clusters, suggest
from casefile.core.merge import MergeEntities, preview_merge
from casefile.core.model import Claim, Entity, Relationship, Snippet
from casefile.storage.case import memory_case


def test_transliterated_spellings_form_one_group_with_reasons() -> None:
    """`Liao Chunsheng`, `Chunsheng Liao` and `Liao Chun-sheng` are one group; others apart."""
    found = clusters(
        suggest(
            [
                Entity("a", "Liao Chunsheng"),
                Entity("b", "Chunsheng Liao"),
                Entity("c", "Liao Chun-sheng"),
                Entity("d", "José Müller"),
                Entity("e", "Jose Muller"),
                Entity("f", "Mary Jones"),
            ]
        )
    )
    assert [sorted(c.members) for c in found] == [["d", "e"], ["a", "b", "c"]]
    liao = found[1]
    assert len(liao.pairs) == 3 and liao.score == max(p.score for p in liao.pairs)
    assert "different order" in liao.best_pair("b", ["a"]).reason  # type: ignore[union-attr]
    assert liao.best_pair("f", ["a"]) is None


def test_preview_counts_what_the_merge_moves_exactly() -> None:
    """The preview's counts match the records the merge then changes."""
    case = memory_case("Preview")
    for record in (
        Entity("a", "Liao Chunsheng"),
        Entity("b", "Chunsheng Liao", aliases=("Mr Liao",)),
        Entity("c", "Huaxin"),
        Relationship("r1", "b", "c", "chairman of"),
        Relationship("r2", "a", "b", "same as"),
        Snippet("n1", "Liao signed.", entities=("b",)),
        Claim("k1", "Liao owns Huaxin.", subjects=("b", "c")),
    ):
        case.execute(Create(record))
    preview = preview_merge(case.store, "a", ["b"])
    assert preview.aliases == ("Chunsheng Liao", "Mr Liao")
    assert (preview.relationships_moved, preview.relationships_dropped) == (1, 1)
    assert (preview.mentions_moved, preview.claims_moved) == (1, 1)
    assert "Evidence mentions moved: 1" in preview.lines()
    assert case.get("entity", "b") is not None  # nothing changed yet
    change = case.execute(MergeEntities("a", ["b"]))
    kinds = [rc.kind for rc in change.records]
    assert kinds.count("snippet") == 1 and kinds.count("claim") == 1
    case.close()


def test_listed_names_are_counted_past_the_limit() -> None:
    """A long list of names in a confirmation is cut with a count."""
    from casefile.core.merge import listed

    assert listed(["a", "b"]) == "“a”, “b”"
    assert listed([str(i) for i in range(10)], limit=3) == "“0”, “1”, “2” and 7 more"
