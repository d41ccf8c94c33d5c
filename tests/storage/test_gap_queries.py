"""The gap checks as SQL find exactly what the record-by-record checks find, in the same order."""

from __future__ import annotations

import random

import pytest

from casefile.core import gaps
from casefile.core.commands import DeleteRecords, Edit, PutRecords
from casefile.core.model import Claim, Entity, EvidenceLink, Relationship, Snippet, Source
from casefile.storage import gap_queries
from casefile.storage.case import Case, memory_case
from casefile.storage.sample import fill_sample


def _python_gaps(case: Case) -> list[gaps.Gap]:
    """The checks as the panel ran them before: over every record, in storage order."""
    kinds = ("entity", "relationship", "source", "snippet", "claim")
    entities, relationships, sources, snippets, claims = (list(case.store.all(k)) for k in kinds)
    return gaps.find_gaps(entities, relationships, sources, snippets, claims)  # type: ignore[arg-type]


def _random_case(seed: int) -> Case:
    """A small case where every check has hits and misses, drawn from ``seed``."""
    rng = random.Random(seed)
    case = memory_case(f"Random {seed}")
    entities = [Entity(f"e{i}", f"Entity {i}") for i in range(rng.randint(0, 12))]
    sources = [
        Source(f"s{i}", f"Source {i}", reliability=rng.choice([None, "A", "C", "F"]))
        for i in range(rng.randint(0, 6))
    ]
    some = lambda pool, n: tuple(rng.sample(pool, min(len(pool), rng.randint(0, n))))  # noqa: E731
    snippets = [
        Snippet(
            f"n{i}",
            f"Quote {i}.",
            source=rng.choice([None, *(s.id for s in sources)]),
            credibility=rng.choice([None, 1, 3, 6]),
            entities=some([e.id for e in entities], 3),
        )
        for i in range(rng.randint(0, 30))
    ]
    ids = [s.id for s in snippets]
    relationships = [
        Relationship(f"r{i}", rng.choice(entities).id, rng.choice(entities).id, "knows",
                     evidence=some(ids, 2))
        for i in range(rng.randint(0, 8) if entities else 0)
    ]  # fmt: skip
    claims = [
        Claim(
            f"c{i}",
            f"Claim {i}.",
            status=rng.choice(["unverified", "supported", "disputed", "refuted"]),
            subjects=some([e.id for e in entities], 2),
            evidence=tuple(
                EvidenceLink(sid, rng.choice(["supports", "refutes", "context"]))
                for sid in some(ids, 5)
            ),
        )
        for i in range(rng.randint(0, 15))
    ]
    records = [*entities, *sources, *snippets, *relationships, *claims]
    rng.shuffle(records)  # storage order differs from the order of kinds
    order = {"entity": 0, "source": 1, "snippet": 2, "relationship": 3, "claim": 4}
    records.sort(key=lambda r: order[r.KIND])  # references must exist first
    case.execute(PutRecords("Random records", records))
    return case


@pytest.mark.parametrize("seed", range(40))
def test_sql_checks_match_the_record_checks_on_random_cases(seed: int) -> None:
    """On a random case, the SQL checks list the same gaps in the same order, also after edits."""
    case = _random_case(seed)
    try:
        assert gap_queries.find_gaps(case.conn) == _python_gaps(case)
        rng = random.Random(seed + 1000)
        snippets = case.store.ids("snippet")
        if snippets:
            case.execute(Edit("snippet", rng.choice(snippets), {"credibility": None}))
            case.execute(DeleteRecords("snippet", [rng.choice(snippets)]))
        entities = case.store.ids("entity")
        if entities:
            case.execute(DeleteRecords("entity", [rng.choice(entities)]))
        assert gap_queries.find_gaps(case.conn, case.lock) == _python_gaps(case)
    finally:
        case.close()


def test_sql_checks_match_on_the_sample_case() -> None:
    """The sample case (every kind of record, real links) gives the same gaps both ways."""
    case = memory_case("Sample")
    try:
        fill_sample(case)
        found = gap_queries.find_gaps(case.conn)
        assert found and found == _python_gaps(case)
    finally:
        case.close()


def _paged(case: Case, check: str, size: int) -> list[str]:
    """One check read page by page, each page starting after the last one's position."""
    ids: list[str] = []
    after = 0
    while rows := gap_queries.page(case.conn, check, after, size):
        assert len(rows) <= size
        ids += [ident for _pos, ident in rows]
        after = rows[-1][0]
    return ids


@pytest.mark.parametrize("seed", range(40))
def test_counts_and_pages_match_the_whole_lists(seed: int) -> None:
    """Each check's count and its pages read one after another give exactly its gaps."""
    case = _random_case(seed)
    try:
        for _round in range(2):
            expected = _python_gaps(case)
            for check in gaps.CHECKS:
                ids = [g.ident for g in expected if g.check == check]
                assert gap_queries.count(case.conn, check) == len(ids), check
                assert _paged(case, check, 1 + seed % 3) == ids, check
            snippets = case.store.ids("snippet")
            if snippets:  # and again once a snippet is gone
                case.execute(DeleteRecords("snippet", [random.Random(seed).choice(snippets)]))
    finally:
        case.close()
