"""Cases for the interchange tests: CJK aliases, dated relationships of every kind."""

from __future__ import annotations

from casefile.core.commands import PutRecords
from casefile.core.model import (
    CaseInfo,
    Claim,
    Entity,
    EvidenceLink,
    Relationship,
    Snippet,
    Source,
)
from casefile.interchange.content import CaseRecords
from casefile.storage import Case
from casefile.storage.case import memory_case

ENTITIES = (
    Entity(
        "p-li", "Li Wei", "person", ("李伟", "Wei Li"), "Shipping broker", "Met in 2023", ("pep",)
    ),
    Entity("p-li-d", "Li Na", "person", ("李娜",)),
    Entity("p-ana", "Anja Petrović", "person", ("Аня Петрович",)),
    Entity("o-rare", "中国稀土集团", "organisation", ("China Rare Earth Group", "CREG")),
    Entity("o-kestrel", "Kestrel Shipping Ltd", "organisation", (), "Operator of MV Kestrel"),
    Entity("o-union", "Dockers' Union", "organisation"),
    Entity("x-fund", "Harbour Trust", "other", ("港口信托",)),
)
RELATIONSHIPS = (
    Relationship("r1", "p-li", "o-kestrel", "director of", "2019-03", "2024-01-15"),
    Relationship("r2", "o-kestrel", "o-rare", "owned by", "2020"),
    Relationship("r3", "p-li-d", "p-li", "daughter of"),
    Relationship("r4", "p-ana", "o-kestrel", "works for", "2021-06-01", notes="payroll 2021"),
    Relationship("r5", "p-ana", "o-union", "member of", None, "2022"),
    Relationship("r6", "p-ana", "p-li", "knows"),
    Relationship("r7", "o-rare", "o-kestrel", "supplies ore to", "2023-02"),
    Relationship("r8", "x-fund", "o-rare", "shareholder of"),
)


def fill(case: Case) -> None:
    """Put the rich records into an open case through the one write path."""
    source = Source(
        "s1", "Port ledger", "document", "https://example.org/ledger", "Port office",
        "Keldby Port", "2024-03", "2024-04-01T08:00:00Z", "B", text="Li Wei signed for =1+1.",
    )  # fmt: skip
    snippet = Snippet(
        "n1", "Li Wei signed", "s1", "p. 1", (0, 13), 2, "2024-03-09", ("p-li", "o-kestrel"),
        ("ledger",), None, "2024-04-01T08:05:00Z",
    )  # fmt: skip
    loose = Snippet("n2", '=HYPERLINK("x") said by a docker', credibility=4)
    claim = Claim(
        "c1", "Li Wei runs Kestrel", "supported", "likely", "Union source", ("p-li",),
        (EvidenceLink("n1", "supports", "signature"), EvidenceLink("n2", "context")),
    )  # fmt: skip
    case.execute(PutRecords("Set up", [CaseInfo("Harbour", "HL/2025 07", None, "TLP:AMBER")]))
    case.execute(PutRecords("Fill", [*ENTITIES, source, snippet, loose, *RELATIONSHIPS, claim]))


def rich_case() -> Case:
    case = memory_case("Harbour")
    fill(case)
    return case


def rich_records() -> CaseRecords:
    with rich_case() as case:
        return CaseRecords.read(case.info(), case.store)
