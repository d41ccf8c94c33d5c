"""Citation tokens and the narrative's light markup: keys, gaps, blocks."""

from __future__ import annotations

from casefile.core import citations
from casefile.core.citations import citation_gaps, cite, known_citations, with_body
from casefile.core.model import Citation, Claim, Kind, Record, Section, Snippet
from casefile.core.narrative_text import parse

SNIP = Snippet("n1", "quoted words")
CLAIM = Claim("c1", "The ship carried ore.", "supported")


def test_a_record_keeps_its_key_and_a_new_one_takes_the_next_number() -> None:
    """Citing the same snippet again reuses its key; another snippet gets the next number."""
    known = {"E1": Citation("E1", "snippet", "n1"), "E4": Citation("E4", "snippet", "n9")}
    assert cite(SNIP, known).key == "E1"
    assert cite(Snippet("n2", "x"), known).key == "E5"
    assert cite(CLAIM, known) == Citation("C1", "claim", "c1", "supported")


def test_a_body_keeps_only_the_citations_its_tokens_use() -> None:
    """Deleting a token drops its citation; a token pasted from another section is known."""
    own = Section("s", "T", "", 0, (Citation("E1", "snippet", "n1"),))
    other = Section("o", "U", "", 1, (Citation("C2", "claim", "c1", "refuted"),))
    known = known_citations([own, other])
    written = with_body(own, "Now [C2] and [E7].", known)
    assert written.citations == (Citation("C2", "claim", "c1", "refuted"),)


def _lookup(records: dict[str, Record]):  # type: ignore[no-untyped-def]
    return lambda kind, ident: records.get(ident)


def test_gaps_name_deleted_filtered_unknown_and_restated_citations() -> None:
    """Every token that does not stand for what it did is a gap, in reading order."""
    section = Section("s", "Bottom line", "A [E1] B [C1] C [E9] D [E2]", 0, (
        Citation("E1", "snippet", "n1"), Citation("C1", "claim", "c1", "disputed"),
        Citation("E2", "snippet", "gone")))  # fmt: skip
    records: dict[str, Record] = {"n1": SNIP, "c1": CLAIM}
    gaps = citation_gaps([section], _lookup(records))
    assert [(g.key, g.problem) for g in gaps] == [("C1", "status"), ("E9", "unknown"),
                                                  ("E2", "missing")]  # fmt: skip
    assert "was disputed when cited, is supported now" in gaps[0].message

    def shown(kind: Kind, ident: str) -> bool:
        return ident != "n1"

    filtered = citation_gaps([section], _lookup(records), shown)
    assert ("E1", "filtered") in [(g.key, g.problem) for g in filtered]
    assert citation_gaps([citations.reviewed(section, "C1", _lookup(records))],
                         _lookup(records))[0].key == "E9"  # fmt: skip


def test_markup_becomes_blocks_with_citations_and_no_html() -> None:
    """Headings, lists, emphasis and tokens are read; HTML, images and links stay text."""
    blocks = parse("## Cargo\n\n**Strong [E1]** <img src=x> [l](http://x)\n\n- one\n- 二 [C2]")
    assert [(b.kind, b.level, b.marker) for b in blocks] == [
        ("heading", 2, ""), ("paragraph", 0, ""), ("item", 1, "•"), ("item", 1, "•")]  # fmt: skip
    runs = blocks[1].runs
    assert runs[1].cite == "E1" and "strong" in runs[1].styles
    assert blocks[1].text == "Strong [E1] <img src=x> [l](http://x)"
    assert blocks[3].runs[-1].cite == "C2"
