"""Every register as a table: the rows and typed columns that CSV and XLSX exports share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from casefile.core import grading
from casefile.core.model import Claim, Record, Snippet
from casefile.interchange.content import CaseRecords

LIST_SEPARATOR = "\n"
"""Lists (aliases, tags, names) are one cell, one value a line (Excel shows them stacked)."""


@dataclass(frozen=True)
class Column:
    """A column: header, how to read the value, and its type (text, int, date, timestamp)."""

    header: str
    value: Callable[[Any], Any]
    type: str = "text"


@dataclass(frozen=True)
class Table:
    """One register: its name (file or sheet), columns and rows of raw values."""

    name: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]


def _joined(values: tuple[str, ...] | list[str]) -> str | None:
    return LIST_SEPARATOR.join(values) or None


def tables(records: CaseRecords) -> list[Table]:
    """The five registers as tables, rows in storage order."""
    names = {e.id: e.name for e in records.entities}
    sources = {s.id: s for s in records.sources}

    def named(ids: tuple[str, ...]) -> str | None:
        return _joined([names.get(i, i) for i in ids])

    def source_title(ident: str | None) -> str | None:
        return sources[ident].title if ident in sources else None

    def snippet_grade(s: Snippet) -> str:
        source = sources.get(s.source or "")
        return grading.grade(source.reliability if source else None, s.credibility)

    def stance_count(stance: str) -> Callable[[Claim], int]:
        return lambda c: sum(1 for link in c.evidence if link.stance == stance)

    layout: list[tuple[str, tuple[Record, ...], tuple[Column, ...]]] = [
        ("people and organisations", records.entities, (
            Column("ID", lambda e: e.id),
            Column("Name", lambda e: e.name),
            Column("Kind", lambda e: e.kind),
            Column("Aliases", lambda e: _joined(e.aliases)),
            Column("Description", lambda e: e.description),
            Column("Notes", lambda e: e.notes),
            Column("Tags", lambda e: _joined(e.tags)),
        )),
        ("relationships", records.relationships, (
            Column("ID", lambda r: r.id),
            Column("From ID", lambda r: r.source),
            Column("From", lambda r: names.get(r.source)),
            Column("Type", lambda r: r.type),
            Column("To ID", lambda r: r.target),
            Column("To", lambda r: names.get(r.target)),
            Column("Start", lambda r: r.start, "date"),
            Column("End", lambda r: r.end, "date"),
            Column("Notes", lambda r: r.notes),
            Column("Evidence IDs", lambda r: _joined(r.evidence)),
        )),
        ("sources", records.sources, (
            Column("ID", lambda s: s.id),
            Column("Title", lambda s: s.title),
            Column("Kind", lambda s: s.kind),
            Column("URL", lambda s: s.url),
            Column("Author", lambda s: s.author),
            Column("Publisher", lambda s: s.publisher),
            Column("Published", lambda s: s.published, "date"),
            Column("Retrieved (UTC)", lambda s: s.retrieved, "timestamp"),
            Column("Reliability", lambda s: s.reliability),
            Column("File name", lambda s: s.file_name),
            Column("Media type", lambda s: s.media_type),
            Column("Size (bytes)", lambda s: s.size, "int"),
            Column("SHA-256", lambda s: s.sha256),
            Column("Notes", lambda s: s.notes),
        )),
        ("snippets", records.snippets, (
            Column("ID", lambda s: s.id),
            Column("Text", lambda s: s.text),
            Column("Source ID", lambda s: s.source),
            Column("Source", lambda s: source_title(s.source)),
            Column("Location", lambda s: s.location),
            Column("Start offset", lambda s: s.offset[0] if s.offset else None, "int"),
            Column("End offset", lambda s: s.offset[1] if s.offset else None, "int"),
            Column("Credibility", lambda s: s.credibility, "int"),
            Column("Grade", snippet_grade),
            Column("Date", lambda s: s.date, "date"),
            Column("Mentions", lambda s: named(s.entities)),
            Column("Tags", lambda s: _joined(s.tags)),
            Column("Notes", lambda s: s.notes),
            Column("Captured (UTC)", lambda s: s.captured, "timestamp"),
        )),
        ("claims", records.claims, (
            Column("ID", lambda c: c.id),
            Column("Statement", lambda c: c.statement),
            Column("Status", lambda c: c.status),
            Column("Likelihood", lambda c: c.likelihood),
            Column("Claimant", lambda c: c.claimant),
            Column("Subjects", lambda c: named(c.subjects)),
            Column("Supporting", stance_count("supports"), "int"),
            Column("Refuting", stance_count("refutes"), "int"),
            Column("Context", stance_count("context"), "int"),
            Column("Evidence IDs", lambda c: _joined([link.snippet for link in c.evidence])),
            Column("Notes", lambda c: c.notes),
            Column("Tags", lambda c: _joined(c.tags)),
        )),
    ]  # fmt: skip
    return [
        Table(name, columns, tuple(tuple(col.value(r) for col in columns) for r in rows))
        for name, rows, columns in layout
    ]


FILE_NAMES = {
    "people and organisations": "entities.csv",
    "relationships": "relationships.csv",
    "sources": "sources.csv",
    "snippets": "snippets.csv",
    "claims": "claims.csv",
}

__all__ = ["FILE_NAMES", "Column", "Table", "tables"]
