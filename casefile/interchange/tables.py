"""Every register as a table: the rows and typed columns that CSV and XLSX exports share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from casefile.core import fields, grading
from casefile.core.model import Claim, Kind, Record, Snippet
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


_STANCES = {"supports": "Supporting", "refutes": "Refuting", "context": "Context"}


def field_column(kind: Kind, name: str) -> Column:
    """A field as its spec describes it (core/fields.py): its label, and its value as a cell
    (lists one value a line, numbers as numbers, dates and timestamps typed)."""
    spec = fields.field(kind, name)
    if spec.shape == "texts":
        return Column(spec.label, lambda r: _joined(getattr(r, name)))
    if spec.shape == "int":
        return Column(spec.label, attrgetter(name), "int")
    return Column(spec.label, attrgetter(name), spec.form or "text")


def _columns(
    kind: Kind,
    first: str | None = None,
    skip: tuple[str, ...] = (),
    instead: dict[str, tuple[Column, ...]] | None = None,
) -> tuple[Column, ...]:
    """Every field of the kind, in spec order (``first`` just after the ID): a new field
    becomes a column by itself. Chart positions are left out; ``instead`` puts other
    columns in a field's place (names beside ids, counts for evidence)."""
    order = [f.name for f in fields.SPEC[kind] if f.shape != "point" and f.name not in skip]
    if first is not None:
        order.remove(first)
        order.insert(1, first)
    out: list[Column] = []
    for name in order:
        out.extend((instead or {}).get(name, (field_column(kind, name),)))
    return tuple(out)


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

    def counts(stance: str) -> Column:
        return Column(_STANCES[stance], stance_count(stance), "int")

    layout: list[tuple[str, tuple[Record, ...], tuple[Column, ...]]] = [
        ("people and organisations", records.entities, _columns("entity", first="name")),
        ("relationships", records.relationships, _columns("relationship", instead={
            "source": (field_column("relationship", "source"),
                       Column("From", lambda r: names.get(r.source)),
                       field_column("relationship", "type"),
                       field_column("relationship", "target"),
                       Column("To", lambda r: names.get(r.target))),
            "target": (), "type": (),
        })),
        ("sources", records.sources, _columns("source", first="title", skip=("text", "pages"))),
        ("snippets", records.snippets, _columns("snippet", first="text", instead={
            "source": (field_column("snippet", "source"),
                       Column("Source", lambda s: source_title(s.source))),
            "offset": (Column("Start offset", lambda s: s.offset[0] if s.offset else None, "int"),
                       Column("End offset", lambda s: s.offset[1] if s.offset else None, "int")),
            "credibility": (field_column("snippet", "credibility"), Column("Grade", snippet_grade)),
            "entities": (Column("Mentions", lambda s: named(s.entities)),),
        })),
        ("claims", records.claims, _columns("claim", instead={
            "subjects": (Column("Subjects", lambda c: named(c.subjects)),),
            "evidence": (counts("supports"), counts("refutes"), counts("context"),
                         Column("Evidence IDs",
                                lambda c: _joined([link.snippet for link in c.evidence]))),
        })),
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
