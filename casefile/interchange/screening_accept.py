"""Accepting a screening candidate: the list entry becomes a source and a quoted snippet.

The investigator decides; this builds the one command that stores the decision (undoable,
logged), linking the snippet to the case's person or organisation. Nothing is merged.
"""

from __future__ import annotations

import hashlib

from casefile.core.commands import Command, Op, Put, Store
from casefile.core.dates import utc_now
from casefile.core.errors import CaseError, NotFoundError
from casefile.core.model import Snippet, Source
from casefile.interchange.screening import Candidate

SHOWN = (
    ("name", "Name"),
    ("alias", "Alias"),
    ("weakAlias", "Weak alias"),
    ("previousName", "Previous name"),
    ("birthDate", "Birth date"),
    ("birthPlace", "Birth place"),
    ("nationality", "Nationality"),
    ("citizenship", "Citizenship"),
    ("country", "Country"),
    ("jurisdiction", "Jurisdiction"),
    ("position", "Position"),
    ("topics", "Topics"),
    ("program", "Program"),
    ("idNumber", "ID number"),
    ("passportNumber", "Passport number"),
    ("registrationNumber", "Registration number"),
    ("taxNumber", "Tax number"),
    ("incorporationDate", "Incorporation date"),
    ("address", "Address"),
    ("notes", "Notes"),
    ("sourceUrl", "Source URL"),
)


def entry_text(candidate: Candidate) -> str:
    """The list entry as the lines a snippet quotes: schema, names, facts, datasets, id."""
    props = candidate.data.get("properties") or {}
    lines = [f"Schema: {candidate.schema}"]
    for prop, label in SHOWN:
        values = props.get(prop)
        if isinstance(values, list):
            lines += [f"{label}: {v}" for v in values if isinstance(v, str) and v.strip()]
    if candidate.datasets:
        lines.append(f"Datasets: {', '.join(candidate.datasets)}")
    lines.append(f"List entity id: {candidate.list_id}")
    return "\n".join(lines)


def source_id(list_name: str, candidate: Candidate) -> str:
    digest = hashlib.sha256(f"{list_name}\0{candidate.list_id}".encode()).hexdigest()
    return f"screen-{digest[:24]}"


class AcceptMatch(Command):
    """Add the list entry as a source and a snippet naming the case entity, as one step."""

    name = "Accept screening match"

    def __init__(self, candidate: Candidate, list_name: str) -> None:
        self.candidate = candidate
        self.list_name = list_name

    def plan(self, store: Store) -> list[Op]:
        c = self.candidate
        if store.get("entity", c.entity) is None:
            raise NotFoundError("The person or organisation is no longer in the case.")
        ident = source_id(self.list_name, c)
        snippet_id = f"{ident}-{c.entity}"
        if store.get("snippet", snippet_id) is not None:
            raise CaseError(f"This list entry was already accepted for {c.entity_name}.")
        now = utc_now()
        ops: list[Op] = []
        source = store.get("source", ident)
        if not isinstance(source, Source) or not source.text:
            source = self._source(ident, now)
            ops.append(Put(source))
        quote = source.text or ""
        snippet = Snippet(
            id=snippet_id,
            text=quote,
            source=ident,
            offset=(0, len(quote)),
            entities=(c.entity,),
            notes=f"Screening match accepted, score {c.score:g}: " + "; ".join(c.matched),
            captured=now,
        )
        return [*ops, Put(snippet)]

    def _source(self, ident: str, now: str) -> Source:
        c = self.candidate
        props = c.data.get("properties") or {}
        urls = [u for u in props.get("sourceUrl") or [] if isinstance(u, str)]
        return Source(
            id=ident,
            title=f"{c.caption} — screening list {self.list_name}",
            kind="record",
            url=urls[0] if urls else None,
            publisher=", ".join(c.datasets) or self.list_name,
            retrieved=now,
            text=entry_text(c),
            notes=f"List entry {c.list_id} ({c.schema}) from {self.list_name}.",
        )
