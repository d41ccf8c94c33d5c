"""Where each field of core/fields.py lives in the case file: derived from the spec.

A one-value field (``text``, ``int``) is a column of the kind's table with the field's name,
unless ``RENAMED`` says otherwise (a reference to another record is stored as ``…_id``);
page starts are one JSON column; a snippet's offsets are the ``start`` and ``end`` columns;
a list is a child table of numbered rows (``CHILDREN``); a chart position is a row of the
kind's positions table (``POSITIONS``). So a new one-value field needs no line here: only
its spec line and a migration that adds its column.
"""

from __future__ import annotations

from dataclasses import dataclass

from casefile.core.fields import SPEC, Field
from casefile.core.model import Kind

TABLES: dict[Kind, str] = {
    "case": "case_info",
    "entity": "entities",
    "relationship": "relationships",
    "source": "sources",
    "snippet": "snippets",
    "claim": "claims",
    "section": "sections",
}
RENAMED: dict[tuple[Kind, str], str] = {
    ("relationship", "source"): "source_id",
    ("relationship", "target"): "target_id",
    ("snippet", "source"): "source_id",
}
OFFSET_COLUMNS = ("start", "end")
LISTS = ("texts", "links", "citations")
"""The shapes held in a child table."""


@dataclass(frozen=True)
class Child:
    """A list field's table: rows (owner key, position, value columns…)."""

    table: str
    key: str
    columns: tuple[str, ...]


CHILDREN: dict[tuple[Kind, str], Child] = {
    ("entity", "aliases"): Child("aliases", "entity_id", ("alias",)),
    ("entity", "tags"): Child("entity_tags", "entity_id", ("tag",)),
    ("relationship", "evidence"): Child(
        "relationship_evidence", "relationship_id", ("snippet_id",)
    ),
    ("snippet", "entities"): Child("snippet_entities", "snippet_id", ("entity_id",)),
    ("snippet", "tags"): Child("snippet_tags", "snippet_id", ("tag",)),
    ("claim", "subjects"): Child("claim_subjects", "claim_id", ("entity_id",)),
    ("claim", "tags"): Child("claim_tags", "claim_id", ("tag",)),
    ("claim", "evidence"): Child("evidence", "claim_id", ("snippet_id", "stance", "note")),
    ("section", "citations"): Child(
        "section_citations", "section_id", ("key", "kind", "target", "status")
    ),
}
POSITIONS: dict[Kind, tuple[str, str]] = {
    "entity": ("entity_positions", "entity_id"),
    "claim": ("claim_positions", "claim_id"),
}
"""Kinds with a chart position: its table and key column (x, y beside it)."""


def in_row(spec: Field) -> bool:
    """Is the field held in the kind's own row (not a child table or positions table)?"""
    return spec.shape in ("text", "int", "ints", "offset")


def row_fields(kind: Kind) -> tuple[Field, ...]:
    """The fields of ``kind`` held in its own row, in spec order."""
    return _ROW_FIELDS[kind]


def columns(kind: Kind) -> tuple[str, ...]:
    """The columns of the kind's table, in spec order (``id`` first)."""
    out: list[str] = ["id"] if kind == "case" else []
    for spec in row_fields(kind):
        if spec.shape == "offset":
            out.extend(OFFSET_COLUMNS)
        else:
            out.append(RENAMED.get((kind, spec.name), spec.name))
    return tuple(out)


_ROW_FIELDS: dict[Kind, tuple[Field, ...]] = {
    kind: tuple(f for f in fields if in_row(f)) for kind, fields in SPEC.items()
}


def list_fields(kind: Kind) -> tuple[tuple[Field, Child], ...]:
    """The list fields of ``kind`` and their child tables, in spec order."""
    return tuple((f, CHILDREN[(kind, f.name)]) for f in SPEC[kind] if f.shape in LISTS)


__all__ = [
    "CHILDREN",
    "OFFSET_COLUMNS",
    "POSITIONS",
    "RENAMED",
    "TABLES",
    "Child",
    "columns",
    "in_row",
    "list_fields",
    "row_fields",
]
