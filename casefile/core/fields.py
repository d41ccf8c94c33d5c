"""One field spec per kind of record: the single list of what each record holds.

Everything that goes through a record field by field reads this table: the package form
and the history (``serial``), the case file's columns (``storage.record_reads`` /
``record_writes``, through ``storage.record_layout``), the CSV/XLSX registers
(``interchange.tables``) and the record editors' labels. A new field is one line here,
its attribute on the record's dataclass in ``model`` (a test keeps the two equal), and a
storage migration that adds its column (a test keeps the columns equal to this spec);
see docs/architecture.md, "Adding a field".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from casefile.core.model import Kind

Shape = Literal["text", "int", "texts", "ints", "offset", "point", "links", "citations"]
"""How a value is held: one text, one whole number, a list of texts (ids, tags, aliases), a
list of whole numbers (page starts), a [start, end] pair of offsets, an [x, y] chart
position, a claim's evidence links, or what a narrative section's citation tokens cite."""


@dataclass(frozen=True)
class Field:
    """One field of a kind: its name (package key and attribute), shape, label for people,
    whether a record must have it, the value an absent one takes, and how a table shows it
    (``date``, ``timestamp``; numbers follow from the shape)."""

    name: str
    label: str
    shape: Shape = "text"
    required: bool = False
    default: str | int | None = None
    form: Literal["date", "timestamp"] | None = None


def _f(
    name: str,
    label: str,
    shape: Shape = "text",
    *,
    required: bool = False,
    default: str | int | None = None,
    form: Literal["date", "timestamp"] | None = None,
) -> Field:
    return Field(name, label, shape, required, default, form)


_ID = _f("id", "ID", required=True)
_NOTES = _f("notes", "Notes")
_TAGS = _f("tags", "Tags", "texts")
_POSITION = _f("position", "Chart position", "point")

SPEC: dict[Kind, tuple[Field, ...]] = {
    "case": (
        _f("title", "Title", required=True),
        _f("reference", "Reference"),
        _f("summary", "Summary"),
        _f("marking", "Handling marking"),
    ),
    "entity": (
        _ID,
        _f("kind", "Kind", default="person"),
        _f("name", "Name", required=True),
        _f("aliases", "Aliases", "texts"),
        _f("description", "Description"),
        _NOTES,
        _TAGS,
        _POSITION,
    ),
    "relationship": (
        _ID,
        _f("source", "From ID", required=True),
        _f("target", "To ID", required=True),
        _f("type", "Type", required=True),
        _f("start", "Start", form="date"),
        _f("end", "End", form="date"),
        _NOTES,
        _f("evidence", "Evidence IDs", "texts"),
    ),
    "source": (
        _ID,
        _f("kind", "Kind", default="document"),
        _f("title", "Title", required=True),
        _f("url", "URL"),
        _f("author", "Author"),
        _f("publisher", "Publisher"),
        _f("published", "Published", form="date"),
        _f("retrieved", "Retrieved (UTC)", form="timestamp"),
        _f("reliability", "Reliability"),
        _f("text", "Text"),
        _f("sha256", "SHA-256"),
        _f("file_name", "File name"),
        _f("media_type", "Media type"),
        _f("size", "Size (bytes)", "int"),
        _f("pages", "Page starts", "ints"),
        _NOTES,
    ),
    "snippet": (
        _ID,
        _f("source", "Source ID"),
        _f("text", "Text", required=True),
        _f("location", "Location"),
        _f("offset", "Offsets", "offset"),
        _f("credibility", "Credibility", "int"),
        _f("date", "Date", form="date"),
        _f("entities", "Mentions", "texts"),
        _TAGS,
        _NOTES,
        _f("captured", "Captured (UTC)", form="timestamp"),
    ),
    "claim": (
        _ID,
        _f("statement", "Statement", required=True),
        _f("status", "Status", default="unverified"),
        _f("likelihood", "Likelihood"),
        _f("claimant", "Claimant"),
        _f("subjects", "Subjects", "texts"),
        _f("evidence", "Evidence", "links"),
        _NOTES,
        _TAGS,
        _POSITION,
    ),
    "section": (
        _ID,
        _f("title", "Title", required=True),
        _f("body", "Text", default=""),
        _f("position", "Order", "int", default=0),
        _f("citations", "Citations", "citations"),
    ),
}
NAMES: dict[Kind, tuple[str, ...]] = {k: tuple(f.name for f in v) for k, v in SPEC.items()}
"""Field names of each kind, in package order."""
BY_NAME: dict[Kind, dict[str, Field]] = {k: {f.name: f for f in v} for k, v in SPEC.items()}


def field(kind: Kind, name: str) -> Field:
    """The spec of one field (``KeyError`` for a name the kind does not have)."""
    return BY_NAME[kind][name]


def label(kind: Kind, name: str) -> str:
    """The words people see for a field: ``Publisher``, ``Retrieved (UTC)``."""
    return BY_NAME[kind][name].label


__all__ = ["BY_NAME", "NAMES", "SPEC", "Field", "Shape", "field", "label"]
