"""The report model: what the brief says, built from case records without any PDF code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import NamedTuple, Protocol

from casefile.core import gaps as gap_checks
from casefile.core import timeline
from casefile.core.errors import CaseError
from casefile.core.model import (
    CaseInfo,
    Claim,
    Entity,
    Kind,
    Record,
    Relationship,
    Section,
    Snippet,
    Source,
)
from casefile.core.narrative_text import Block
from casefile.core.quick_init import quick_init

SECTIONS: dict[str, str] = {
    "cover": "Cover",
    "contents": "Contents",
    "narrative": "Assessment",
    "judgements": "Key judgements",
    "claims": "Claims in detail",
    "matrix": "Evidence matrix",
    "cast": "People and organisations",
    "chart": "Link chart",
    "chronology": "Chronology",
    "sources": "Sources",
    "gaps": "Gaps",
    "annex": "Annex: grading scales and custody",
}
"""Every section's key and its heading, in the order they appear."""

OPTIONAL_SECTIONS = ("matrix", "chart")
"""Sections a brief has only when asked for (by the section list)."""
DEFAULT_SECTIONS = tuple(key for key in SECTIONS if key not in OPTIONAL_SECTIONS)

PAGE_SIZES = ("a4", "letter")


class RecordReader(Protocol):
    """What the brief reads from a case: every record of a kind (storage's RecordStore)."""

    def all(self, kind: Kind) -> Iterator[Record]: ...


@dataclass(frozen=True)
class BriefOptions:
    """What the user chose for this brief; the same options give the same PDF."""

    sections: tuple[str, ...] = DEFAULT_SECTIONS
    marking: str | None = None
    author: str | None = None
    tags: frozenset[str] = frozenset()
    include_notes: bool = False
    page_size: str = "a4"
    issue_date: str = ""
    matrix_claims: tuple[str, ...] = ()
    """Claims the evidence matrix compares (ids or brief numbers such as ``C3``); () = all."""
    chronology_drawing: bool = False
    """Whether the chronology starts with a drawn timeline."""
    redact: tuple[str, ...] = ()
    """What to redact: ``entity:ID`` (all its names), ``snippet:ID`` (that quote), or a term."""

    def __post_init__(self) -> None:
        wanted = tuple(dict.fromkeys(str(c).strip() for c in self.matrix_claims))
        if any(not c for c in wanted):
            raise CaseError("A claim for the evidence matrix is empty: give its id or number.")
        object.__setattr__(self, "matrix_claims", wanted)
        unknown = [s for s in self.sections if s not in SECTIONS]
        if unknown:
            raise CaseError(
                f"Unknown brief section(s): {', '.join(unknown)}. "
                f"Choose from: {', '.join(SECTIONS)}."
            )
        if self.page_size not in PAGE_SIZES:
            raise CaseError(f"The page size must be a4 or letter, not {self.page_size!r}.")
        if self.issue_date:
            try:
                dt.date.fromisoformat(self.issue_date)
            except ValueError:
                raise CaseError(
                    f"'{self.issue_date}' is not an issue date: write it as YYYY-MM-DD."
                ) from None

    def with_defaults(self) -> BriefOptions:
        """These options with today's date (UTC) as issue date if none was given."""
        if self.issue_date:
            return self
        today = dt.datetime.now(dt.UTC).date().isoformat()
        return replace(self, issue_date=today)


@dataclass(frozen=True)
class CaseContent:
    """Every record of a case, read out by the caller (CLI, GUI) for the brief."""

    info: CaseInfo
    entities: tuple[Entity, ...] = ()
    relationships: tuple[Relationship, ...] = ()
    sources: tuple[Source, ...] = ()
    snippets: tuple[Snippet, ...] = ()
    claims: tuple[Claim, ...] = ()
    sections: tuple[Section, ...] = ()
    """The analyst's assessment narrative."""

    @classmethod
    def read(cls, info: CaseInfo, store: RecordReader) -> CaseContent:
        """Read every record from a store (``case.store`` of an open case)."""

        def kind(name: Kind, wanted: type) -> tuple:  # type: ignore[type-arg]
            return tuple(r for r in store.all(name) if isinstance(r, wanted))

        return cls(
            info,
            kind("entity", Entity),
            kind("relationship", Relationship),
            kind("source", Source),
            kind("snippet", Snippet),
            kind("claim", Claim),
            kind("section", Section),
        )

    @classmethod
    def of(cls, info: CaseInfo, records: Iterable[Record]) -> CaseContent:
        """Group loose records by kind."""
        items = list(records)
        return cls(
            info,
            tuple(r for r in items if isinstance(r, Entity)),
            tuple(r for r in items if isinstance(r, Relationship)),
            tuple(r for r in items if isinstance(r, Source)),
            tuple(r for r in items if isinstance(r, Snippet)),
            tuple(r for r in items if isinstance(r, Claim)),
            tuple(r for r in items if isinstance(r, Section)),
        )


@dataclass(frozen=True)
class Custody:
    """Where the brief came from: recorded in its annex."""

    case_file: str = ""
    digest: str = ""
    """The case's content digest (``casefile digest``), "" when not computed."""
    version: str = ""
    originals: dict[str, str] = field(default_factory=dict)
    """SHA-256 of each cited source's original -> what hashing the stored bytes again at
    export found: "matches" or "FAILED: …". A hash not in here was not checked."""
    embedded: str = ""
    """What the PDF carries besides its pages, in words ("" when nothing is embedded)."""
    redactions: tuple[tuple[str, int], ...] = ()
    """Each redaction mark ("person 1", "term 2") and how often the brief's records hold it."""


class EvidenceView(NamedTuple):
    """One snippet as the brief cites it: E-number, exact quote, grade, dates, citation.

    This and the other views a whole case has one of per quote (``ChronoEntry``, ``GapView``)
    are named tuples, not dataclasses: at 200,000 quotes the model makes them in bulk
    (``map`` over columns, no Python call per view), each without a ``__dict__``."""

    number: int
    snippet: Snippet
    grade: str
    citation: int | None
    source_title: str | None
    source_published: str | None
    stance: str = ""
    link_note: str | None = None


@quick_init
@dataclass(frozen=True)
class ClaimView:
    """A claim with its number, names resolved and evidence grouped by stance."""

    number: int
    claim: Claim
    band: str
    subjects: tuple[str, ...]
    evidence: dict[str, tuple[EvidenceView, ...]]

    @property
    def label(self) -> str:
        return f"C{self.number}"

    @property
    def established(self) -> bool:
        return self.claim.status in ("supported", "refuted")

    def count(self, stance: str) -> int:
        return len(self.evidence.get(stance, ()))


@quick_init
@dataclass(frozen=True)
class SourceView:
    """A source with its citation number."""

    number: int
    source: Source


@quick_init
@dataclass(frozen=True)
class RelationView:
    """A relationship seen from one entity: the wording, the other party, dates, evidence."""

    text: str
    other: str
    start: str | None
    end: str | None
    evidence: tuple[int, ...]


@quick_init
@dataclass(frozen=True)
class EntityView:
    """A person or organisation with relationships and where it appears in the brief."""

    entity: Entity
    relations: tuple[RelationView, ...]
    claims: tuple[str, ...]
    evidence: tuple[int, ...]


class ChronoEntry(NamedTuple):
    """One dated event: what happened on that date (never a publication or capture date)."""

    date: str
    what: str
    text: str
    evidence: EvidenceView | None = None
    claims: tuple[str, ...] = ()


class GapView(NamedTuple):
    """One gap finding with a readable line and, for evidence, the quote."""

    check: str
    line: str
    evidence: EvidenceView | None = None


@dataclass(frozen=True)
class CitedView:
    """How one citation token of the narrative prints: ``label`` ("E4", "C3", "[2]", a
    name, or words saying why it is broken), the anchor it links to (None: no link), and
    ``problem`` ("" or the gap: "missing", "filtered", "status", "unknown")."""

    key: str
    label: str
    target: str | None
    problem: str = ""


@dataclass(frozen=True)
class NarrativeSectionView:
    """One section of the assessment: its title, its blocks, and what each token prints."""

    title: str
    blocks: tuple[Block, ...]
    cites: dict[str, CitedView]


@dataclass(frozen=True)
class NarrativeView:
    """The analyst's assessment and every quote it cites (in order of first citation)."""

    sections: tuple[NarrativeSectionView, ...]
    evidence: tuple[EvidenceView, ...]


NARRATIVE_GAPS = "narrative-citation"
GAP_TITLES: dict[str, str] = {
    NARRATIVE_GAPS: "Citations in the assessment that are broken or out of date",
    **gap_checks.CHECKS,
}
"""The brief's gap lists in order: the narrative's citations, then every check of the case."""


# --- the analysis parts (built by analysis_build) ----------------------------------------


@dataclass(frozen=True)
class MatrixClaim:
    """A compared claim: its brief label and statement, counts and inconsistency score."""

    ident: str
    label: str
    statement: str
    status: str
    supports: int
    refutes: int
    context: int
    inconsistency: float


@dataclass(frozen=True)
class MatrixRow:
    """One evidence item: its E-number and citation (as elsewhere in the brief), one stance per
    compared claim (``None`` for no link) and whether it tells the claims apart."""

    evidence: EvidenceView
    stances: tuple[str | None, ...]
    diagnostic: bool


@dataclass(frozen=True)
class MatrixView:
    """The evidence matrix for the chosen claims."""

    claims: tuple[MatrixClaim, ...]
    rows: tuple[MatrixRow, ...]
    chosen: bool
    claims_left_out: int = 0
    rows_left_out: int = 0


@dataclass(frozen=True)
class TimelineView:
    """Dated items on the event axis (laid out in lanes when drawn) and what is not drawn."""

    axis: str
    items: tuple[timeline.Item, ...]
    labels: tuple[str, ...]
    undated: int


@dataclass(frozen=True)
class ChartNode:
    """A node of the chart as printed: position in layout units, shape, label."""

    ident: str
    shape: str
    label: str
    x: float
    y: float
    saved: bool


@dataclass(frozen=True)
class ChartEdge:
    """An edge between two shown nodes; relationships between the same pair share one label."""

    source: str
    target: str
    kind: str
    label: str
    arrows: str = "forward"


@dataclass(frozen=True)
class ChartView:
    """The link chart: the shown nodes and edges, and how much of the case was left out."""

    nodes: tuple[ChartNode, ...]
    edges: tuple[ChartEdge, ...]
    total_nodes: int
    total_edges: int
    shown_edges: int = 0


@dataclass(frozen=True)
class BriefModel:
    """Everything the renderer prints, in order."""

    info: CaseInfo
    options: BriefOptions
    marking: str
    custody: Custody
    claims: tuple[ClaimView, ...]
    sources: tuple[SourceView, ...]
    cast: tuple[EntityView, ...]
    chronology: tuple[ChronoEntry, ...]
    gaps: dict[str, tuple[GapView, ...]]
    counts: dict[str, int] = field(default_factory=dict)
    matrix: MatrixView | None = None
    chart: ChartView | None = None
    timeline: TimelineView | None = None
    narrative: NarrativeView | None = None
