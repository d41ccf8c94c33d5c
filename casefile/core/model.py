"""The domain records of a case: case info, entities, relationships, sources, snippets, claims
and the sections of the analyst's assessment narrative."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import ClassVar, Literal

Kind = Literal["case", "entity", "relationship", "source", "snippet", "claim", "section"]
KINDS: tuple[Kind, ...] = (
    "case",
    "entity",
    "relationship",
    "source",
    "snippet",
    "claim",
    "section",
)

CASE_ID = "case"


def new_id() -> str:
    """A fresh text UUID for a record the app creates."""
    return str(uuid.uuid4())


@dataclass(frozen=True)
class CaseInfo:
    """The case itself: title, reference, summary and handling marking."""

    KIND: ClassVar[Kind] = "case"
    title: str
    reference: str | None = None
    summary: str | None = None
    marking: str | None = None
    id: str = CASE_ID


@dataclass(frozen=True)
class Entity:
    """A person, organisation or other actor, with aliases in any script."""

    KIND: ClassVar[Kind] = "entity"
    id: str
    name: str
    kind: str = "person"
    aliases: tuple[str, ...] = ()
    description: str | None = None
    notes: str | None = None
    tags: tuple[str, ...] = ()
    position: tuple[float, float] | None = None  # where the link chart shows it


@dataclass(frozen=True)
class Relationship:
    """A typed link from one entity to another, with partial start/end dates and evidence."""

    KIND: ClassVar[Kind] = "relationship"
    id: str
    source: str
    target: str
    type: str
    start: str | None = None
    end: str | None = None
    notes: str | None = None
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    """Where evidence comes from; the captured original bytes are stored by their SHA-256.

    ``pages`` holds the offset in ``text`` at which each page starts (PDFs), so a snippet's
    page can be derived from its offsets.
    """

    KIND: ClassVar[Kind] = "source"
    id: str
    title: str
    kind: str = "document"
    url: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: str | None = None
    retrieved: str | None = None
    reliability: str | None = None
    text: str | None = None
    sha256: str | None = None
    file_name: str | None = None
    media_type: str | None = None
    size: int | None = None
    pages: tuple[int, ...] = ()
    notes: str | None = None


@dataclass(frozen=True)
class Snippet:
    """An exact excerpt of a source, graded for credibility, mentioning entities."""

    KIND: ClassVar[Kind] = "snippet"
    id: str
    text: str
    source: str | None = None
    location: str | None = None
    offset: tuple[int, int] | None = None
    credibility: int | None = None
    date: str | None = None
    entities: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    notes: str | None = None
    captured: str | None = None


@dataclass(frozen=True)
class EvidenceLink:
    """A snippet weighed for or against a claim, or given as context."""

    snippet: str
    stance: str = "supports"
    note: str | None = None


@dataclass(frozen=True)
class Claim:
    """A statement under examination, with status, likelihood and evidence links."""

    KIND: ClassVar[Kind] = "claim"
    id: str
    statement: str
    status: str = "unverified"
    likelihood: str | None = None
    claimant: str | None = None
    subjects: tuple[str, ...] = ()
    evidence: tuple[EvidenceLink, ...] = ()
    notes: str | None = None
    tags: tuple[str, ...] = ()
    position: tuple[float, float] | None = None  # where the link chart shows it


@dataclass(frozen=True)
class Citation:
    """What a citation token of the narrative (``[E12]``) stands for.

    ``key`` is the token's letter and number; ``kind`` and ``target`` the record it cites;
    ``status`` the claim's status when the analyst cited it (None for other kinds), so a
    sentence written about a claim since re-graded is listed as a gap.
    """

    key: str
    kind: Kind
    target: str
    status: str | None = None


@dataclass(frozen=True)
class Section:
    """One section of the analyst's assessment ("Bottom line", "Assessment"...).

    ``body`` is plain text with light markup (CommonMark) and citation tokens; ``position``
    orders the sections; ``citations`` says what each token of the body cites.
    """

    KIND: ClassVar[Kind] = "section"
    id: str
    title: str
    body: str = ""
    position: int = 0
    citations: tuple[Citation, ...] = ()


Record = CaseInfo | Entity | Relationship | Source | Snippet | Claim | Section
RECORD_TYPES: dict[Kind, type] = {
    "case": CaseInfo,
    "entity": Entity,
    "relationship": Relationship,
    "source": Source,
    "snippet": Snippet,
    "claim": Claim,
    "section": Section,
}


OCR_LAYER = "application/vnd.casefile.ocr-layer+json"
"""Media type of an ``Original`` that carries the OCR words of the original with the same
SHA-256 (stored beside it, never in its place: the original's bytes and hash never change)."""


@dataclass(frozen=True)
class Original:
    """The captured bytes of a source file, addressed by SHA-256."""

    sha256: str
    media_type: str
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class HistoryEntry:
    """One line of the append-only history: what changed, when, before and after (JSON)."""

    seq: int
    time: str
    action: str
    kind: str
    object_id: str
    before: str | None
    after: str | None


def label(record: Record) -> str:
    """A short human label for a record (its name, title, statement or quote)."""
    if isinstance(record, CaseInfo):
        return record.title
    if isinstance(record, Entity):
        return record.name
    if isinstance(record, Relationship):
        return record.type
    if isinstance(record, Source):
        return record.title
    if isinstance(record, Snippet):
        return record.text
    if isinstance(record, Section):
        return record.title
    return record.statement
