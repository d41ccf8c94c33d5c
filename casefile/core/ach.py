"""The evidence matrix (analysis of competing hypotheses): stances, grade weights and scores.

Claims are the hypotheses, snippets the evidence. An inconsistency score per claim adds up
the weight of the evidence refuting it, the weight being the product of the source's
reliability weight and the snippet's credibility weight: refutation from reliable sources
counts more. As in Heuer's method, the claim with the lowest score is the least contradicted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from casefile.core.grading import credibility_weight, grade, reliability_weight
from casefile.core.model import Claim, Snippet, Source

CYCLE: tuple[str | None, ...] = (None, "supports", "refutes", "context")
"""The order a click steps a cell through."""


@dataclass(frozen=True)
class Evidence:
    """One row of the matrix: a snippet with what is needed to weigh and filter it."""

    snippet: str
    text: str
    source: str | None
    source_title: str
    reliability: str | None
    credibility: int | None
    tags: tuple[str, ...]

    @property
    def grade(self) -> str:
        return grade(self.reliability, self.credibility)

    @property
    def weight(self) -> float:
        return reliability_weight(self.reliability) * credibility_weight(self.credibility)


@dataclass(frozen=True)
class ClaimScore:
    """Counts of each stance and the grade-weighted inconsistency score of one claim."""

    claim: str
    supports: int
    refutes: int
    context: int
    inconsistency: float


def evidence_rows(snippets: Iterable[Snippet], sources: Mapping[str, Source]) -> list[Evidence]:
    """Matrix rows for snippets, with their source's title and reliability."""
    rows = []
    for snippet in snippets:
        source = sources.get(snippet.source) if snippet.source else None
        rows.append(
            Evidence(
                snippet.id,
                snippet.text,
                snippet.source,
                source.title if source else "",
                source.reliability if source else None,
                snippet.credibility,
                snippet.tags,
            )
        )
    return rows


def linked_snippets(claims: Iterable[Claim]) -> list[str]:
    """Ids of the snippets linked to any of ``claims``, in first-seen order."""
    return list(dict.fromkeys(link.snippet for claim in claims for link in claim.evidence))


def stances(claim: Claim) -> dict[str, str]:
    """The stance of each snippet linked to ``claim``."""
    return {link.snippet: link.stance for link in claim.evidence}


def next_stance(current: str | None) -> str | None:
    """The stance a click moves a cell to: none → supports → refutes → context → none."""
    return CYCLE[(CYCLE.index(current) + 1) % len(CYCLE)]


def score(claim: Claim, weights: Mapping[str, float]) -> ClaimScore:
    """Counts and inconsistency (sum of refuting weights) over the rows in ``weights``."""
    counts = {"supports": 0, "refutes": 0, "context": 0}
    inconsistency = 0.0
    for link in claim.evidence:
        if link.snippet not in weights:
            continue
        counts[link.stance] += 1
        if link.stance == "refutes":
            inconsistency += weights[link.snippet]
    return ClaimScore(
        claim.id, counts["supports"], counts["refutes"], counts["context"], round(inconsistency, 3)
    )


def is_diagnostic(row: Sequence[str | None]) -> bool:
    """Whether evidence tells the claims apart: False when it bears the same way on all.

    With fewer than two claims nothing can be told apart, so every row counts as diagnostic.
    """
    return len(row) < 2 or len(set(row)) > 1


def order_claims(
    claims: Sequence[Claim], scores: Mapping[str, ClaimScore], how: str
) -> list[Claim]:
    """Claims as chosen (``how="chosen"``), least or most inconsistent first."""
    if how == "chosen":
        return list(claims)
    reverse = how == "most"
    return sorted(claims, key=lambda c: scores[c.id].inconsistency, reverse=reverse)


GRADE_FILTERS: dict[str, Callable[[Evidence], bool]] = {
    "Any grade": lambda e: True,
    "Reliability A–B": lambda e: e.reliability in ("A", "B"),
    "Reliability A–C": lambda e: e.reliability in ("A", "B", "C"),
    "Credibility 1–2": lambda e: e.credibility in (1, 2),
    "Credibility 1–3": lambda e: e.credibility in (1, 2, 3),
    "Not fully graded": lambda e: e.reliability is None or e.credibility is None,
}


@dataclass(frozen=True)
class EvidenceFilter:
    """Which rows to show: by tag, by source id and by grade (a key of ``GRADE_FILTERS``)."""

    tag: str | None = None
    source: str | None = None
    grade: str = "Any grade"

    def accepts(self, row: Evidence) -> bool:
        if self.tag is not None and self.tag not in row.tags:
            return False
        if self.source is not None and row.source != self.source:
            return False
        return GRADE_FILTERS[self.grade](row)


@dataclass(frozen=True)
class MatrixTable:
    """The matrix as plain text cells, for the brief: one header, one row per evidence item."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    scores: tuple[str, ...]
    non_diagnostic: tuple[bool, ...]


STANCE_WORDS = {"supports": "Supports", "refutes": "Refutes", "context": "Context"}


def matrix_table(
    claims: Sequence[Claim],
    snippets: Mapping[str, Snippet],
    sources: Mapping[str, Source],
    evidence_filter: EvidenceFilter | None = None,
) -> MatrixTable:
    """Evidence × claims with stances, grades and each claim's score (for a brief table)."""
    wanted = [snippets[s] for s in linked_snippets(claims) if s in snippets]
    rows = [
        r
        for r in evidence_rows(wanted, sources)
        if (evidence_filter or EvidenceFilter()).accepts(r)
    ]
    weights = {r.snippet: r.weight for r in rows}
    maps = [stances(c) for c in claims]
    cells = tuple(
        (r.text, r.grade, *(STANCE_WORDS.get(m.get(r.snippet, ""), "") for m in maps)) for r in rows
    )
    scores = tuple(
        f"{s.supports} for, {s.refutes} against, score {s.inconsistency:.2f}"
        for s in (score(c, weights) for c in claims)
    )
    return MatrixTable(
        ("Evidence", "Grade", *(c.statement for c in claims)),
        cells,
        ("", "", *scores),
        tuple(not is_diagnostic([m.get(r.snippet) for m in maps]) for r in rows),
    )
