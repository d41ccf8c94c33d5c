"""Gaps in a case: checks over records that show where the evidence is thin or inconsistent."""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from casefile.core.model import Claim, Entity, Kind, Relationship, Snippet, Source
from casefile.core.quick_init import quick_init

CHECKS: dict[str, str] = {
    "claim-no-evidence": "Claims with no evidence",
    "claim-single-source": "Claims resting on a single source",
    "supported-but-refuted": "Supported claims that also have refuting evidence",
    "refuted-without-refutation": "Refuted claims with no refuting evidence",
    "source-ungraded": "Sources with no reliability grade",
    "snippet-ungraded": "Evidence with no credibility grade",
    "snippet-no-source": "Evidence without a source",
    "snippet-unused": "Evidence not weighed against any claim",
    "entity-unmentioned": "People and organisations mentioned nowhere",
    "relationship-no-evidence": "Relationships without evidence",
}
"""Every check's key and its heading, in the order they are reported."""

_ENTITIES = operator.attrgetter("entities")
_CREDIBILITY = operator.attrgetter("credibility")
_SOURCE = operator.attrgetter("source")
_ID = operator.attrgetter("id")


@quick_init
@dataclass(frozen=True)
class Gap:
    """One finding: which check found it and the record it is about."""

    check: str
    kind: Kind
    ident: str

    @property
    def title(self) -> str:
        return CHECKS[self.check]


def claims_without_evidence(claims: Iterable[Claim]) -> list[Claim]:
    """Claims that have no evidence linked at all."""
    return [c for c in claims if not c.evidence]


def claims_on_single_source(
    claims: Iterable[Claim], snippets: Mapping[str, Snippet]
) -> list[Claim]:
    """Claims whose supporting evidence all comes from one source."""
    found = []
    for claim in claims:
        support = [
            snippets.get(link.snippet) for link in claim.evidence if link.stance == "supports"
        ]
        sources = {s.source for s in support if s is not None and s.source is not None}
        if len(sources) == 1:
            found.append(claim)
    return found


def supported_but_refuted(claims: Iterable[Claim]) -> list[Claim]:
    """Claims marked supported that also have evidence refuting them."""
    return [
        c
        for c in claims
        if c.status == "supported" and any(e.stance == "refutes" for e in c.evidence)
    ]


def refuted_without_refutation(claims: Iterable[Claim]) -> list[Claim]:
    """Claims marked refuted with no evidence that refutes them."""
    return [
        c
        for c in claims
        if c.status == "refuted" and not any(e.stance == "refutes" for e in c.evidence)
    ]


def ungraded_sources(sources: Iterable[Source]) -> list[Source]:
    """Sources without an Admiralty reliability grade."""
    return [s for s in sources if s.reliability is None]


def ungraded_snippets(snippets: Iterable[Snippet]) -> list[Snippet]:
    """Snippets without an information credibility grade."""
    items = list(snippets)  # C-level below: most of a large case's gaps are quotes
    return list(
        itertools.compress(
            items, map(operator.is_, map(_CREDIBILITY, items), itertools.repeat(None))
        )
    )


def snippets_without_source(snippets: Iterable[Snippet]) -> list[Snippet]:
    """Snippets not tied to any source."""
    items = list(snippets)
    return list(
        itertools.compress(items, map(operator.is_, map(_SOURCE, items), itertools.repeat(None)))
    )


def unused_snippets(snippets: Iterable[Snippet], claims: Iterable[Claim]) -> list[Snippet]:
    """Snippets linked to no claim."""
    used = {link.snippet for claim in claims for link in claim.evidence}
    items = list(snippets)
    return list(
        itertools.compress(items, map(operator.not_, map(used.__contains__, map(_ID, items))))
    )


def unmentioned_entities(
    entities: Iterable[Entity],
    snippets: Iterable[Snippet],
    claims: Iterable[Claim],
    relationships: Iterable[Relationship],
) -> list[Entity]:
    """Entities no snippet mentions, no claim is about and no relationship links."""
    seen: set[str] = set(itertools.chain.from_iterable(map(_ENTITIES, snippets)))
    for claim in claims:
        seen.update(claim.subjects)
    for rel in relationships:
        seen.update((rel.source, rel.target))
    return [e for e in entities if e.id not in seen]


def relationships_without_evidence(relationships: Iterable[Relationship]) -> list[Relationship]:
    """Relationships with no evidence snippet."""
    return [r for r in relationships if not r.evidence]


Found = Claim | Source | Snippet | Entity | Relationship


def by_check(
    entities: Sequence[Entity],
    relationships: Sequence[Relationship],
    sources: Sequence[Source],
    snippets: Sequence[Snippet],
    claims: Sequence[Claim],
    by_id: Mapping[str, Snippet] | None = None,
) -> dict[str, Sequence[Found]]:
    """The records each check finds, in the order of ``CHECKS`` (``find_gaps`` as records:
    the brief words its lines from them without a ``Gap`` for each). ``by_id``: the same
    snippets by id, when the caller has them so."""
    if by_id is None:
        by_id = {s.id: s for s in snippets}
    return {
        "claim-no-evidence": claims_without_evidence(claims),
        "claim-single-source": claims_on_single_source(claims, by_id),
        "supported-but-refuted": supported_but_refuted(claims),
        "refuted-without-refutation": refuted_without_refutation(claims),
        "source-ungraded": ungraded_sources(sources),
        "snippet-ungraded": ungraded_snippets(snippets),
        "snippet-no-source": snippets_without_source(snippets),
        "snippet-unused": unused_snippets(snippets, claims),
        "entity-unmentioned": unmentioned_entities(entities, snippets, claims, relationships),
        "relationship-no-evidence": relationships_without_evidence(relationships),
    }


def find_gaps(
    entities: Sequence[Entity],
    relationships: Sequence[Relationship],
    sources: Sequence[Source],
    snippets: Sequence[Snippet],
    claims: Sequence[Claim],
) -> list[Gap]:
    """Every gap in the case, grouped by check in the order of ``CHECKS``."""
    found = by_check(entities, relationships, sources, snippets, claims)
    return [Gap(check, record.KIND, record.id) for check in CHECKS for record in found[check]]
