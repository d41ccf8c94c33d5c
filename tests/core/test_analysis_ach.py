"""Scoring of the evidence matrix: grade weights, diagnosticity, ordering and filters."""

from __future__ import annotations

import pytest

from casefile.core import ach
from casefile.core.model import Claim, EvidenceLink, Snippet, Source


def _rows() -> dict[str, ach.Evidence]:
    sources = {
        "a": Source("a", "Registry", reliability="A"),
        "e": Source("e", "Rumour", reliability="E"),
    }
    snippets = [
        Snippet("s1", "filed", source="a", credibility=1, tags=("ownership",)),
        Snippet("s2", "heard", source="e", credibility=5),
        Snippet("s3", "unknown"),
    ]
    return {row.snippet: row for row in ach.evidence_rows(snippets, sources)}


def test_refutation_from_reliable_sources_counts_more() -> None:
    """A refutation graded A1 weighs 25 times one graded E5 (reliability × credibility)."""
    rows = _rows()
    weights = {k: r.weight for k, r in rows.items()}
    strong = Claim(
        "c1", "x", evidence=(EvidenceLink("s1", "refutes"), EvidenceLink("s3", "supports"))
    )
    weak = Claim("c2", "y", evidence=(EvidenceLink("s2", "refutes"),))
    assert ach.score(strong, weights) == ach.ClaimScore("c1", 1, 1, 0, 1.0)
    assert ach.score(weak, weights).inconsistency == pytest.approx(0.04)
    scores = {s.claim: s for s in (ach.score(strong, weights), ach.score(weak, weights))}
    assert [c.id for c in ach.order_claims([strong, weak], scores, "least")] == ["c2", "c1"]
    assert [c.id for c in ach.order_claims([strong, weak], scores, "chosen")] == ["c1", "c2"]
    assert rows["s3"].grade == "" and rows["s1"].grade == "A1"


def test_diagnosticity_and_cycle() -> None:
    """Evidence bearing the same way on all claims is non-diagnostic; clicks cycle stances."""
    assert not ach.is_diagnostic(["supports", "supports"])
    assert ach.is_diagnostic(["supports", None])
    assert ach.is_diagnostic(["supports"])
    assert [ach.next_stance(s) for s in ach.CYCLE] == ["supports", "refutes", "context", None]


def test_filters_by_tag_source_and_grade() -> None:
    """Filters keep only rows with the tag, from the source, within the grade band."""
    rows = _rows().values()
    keep = lambda f: sorted(r.snippet for r in rows if f.accepts(r))  # noqa: E731
    assert keep(ach.EvidenceFilter(tag="ownership")) == ["s1"]
    assert keep(ach.EvidenceFilter(source="e")) == ["s2"]
    assert keep(ach.EvidenceFilter(grade="Reliability A–B")) == ["s1"]
    assert keep(ach.EvidenceFilter(grade="Not fully graded")) == ["s3"]
    assert keep(ach.EvidenceFilter()) == ["s1", "s2", "s3"]


def test_matrix_table_for_the_brief() -> None:
    """The brief gets the chosen claims' matrix as plain cells with scores and markers."""
    from casefile.storage.case import memory_case
    from casefile.storage.sample import fill_sample

    with memory_case() as case:
        fill_sample(case)
        snippets = {s.id: s for s in case.store.all("snippet")}
        sources = {s.id: s for s in case.store.all("source")}
        claims = [case.get("claim", "c-funding"), case.get("claim", "c-knew")]
    table = ach.matrix_table(claims, snippets, sources)
    assert table.header[:3] == ("Evidence", "Grade", claims[0].statement)
    assert len(table.rows) == 6
    assert table.rows[1][1:] == ("B3", "Refutes", "")
    assert table.scores[2] == "1 for, 1 against, score 0.48"
    assert not any(table.non_diagnostic)
    only_a = ach.matrix_table(
        claims, snippets, sources, ach.EvidenceFilter(grade="Reliability A–B")
    )
    assert len(only_a.rows) == 3
