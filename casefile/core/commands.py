"""Every change a user can make, as a named command that plans record puts and deletes.

A command plans a list of operations against the current state of a ``Store``; ``execute``
applies them and returns a ``Change`` holding the before and after image of every record it
touched. Reverting a change writes the before images back, so undo is exact by construction,
and the same ``Change`` is the summary views refresh from. What every command shares (the
``Store`` protocol, ``Put``/``Delete``, ``Change``, ``replay``) is in ``core.change``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from casefile.core import immutable, rules
from casefile.core.change import Bulk as Bulk
from casefile.core.change import Change as Change
from casefile.core.change import Command as Command
from casefile.core.change import Delete as Delete
from casefile.core.change import Op as Op
from casefile.core.change import PackageMark as PackageMark
from casefile.core.change import Put as Put
from casefile.core.change import RecordChange as RecordChange
from casefile.core.change import Store as Store
from casefile.core.change import apply_ops, put_records
from casefile.core.change import replay as replay
from casefile.core.errors import NotFoundError, ValidationError
from casefile.core.model import (
    Claim,
    Entity,
    EvidenceLink,
    Kind,
    Original,
    Record,
    Relationship,
    Snippet,
    Source,
    label,
)


def execute(store: Store, command: Command) -> Change:
    """Apply ``command`` to ``store`` and return what changed. The caller owns the transaction."""
    if isinstance(command, Composite):
        records: list[RecordChange] = []
        for part in command.parts:
            records.extend(execute(store, part).records)
        return Change(command.name, tuple(records), command.package)
    done = command.apply(store)
    if done is not None:
        return done
    for original in command.originals:
        store.put_original(original)
    if type(command) is PutRecords:  # bulk import: no Put per record, same result
        return Change(command.name, tuple(put_records(store, command.records, command.checked)))
    ops = command.plan(store)  # first: a command may name itself while planning
    return Change(command.name, tuple(apply_ops(store, ops)))


# --- generic commands -------------------------------------------------------------------


class Composite(Command):
    """Several commands run as one undo step (a drop of many files, a bulk delete)."""

    def __init__(self, name: str, parts: Iterable[Command]) -> None:
        self.name = name
        self.parts = tuple(parts)


class Create(Command):
    """Add a new record after checking what it refers to exists."""

    def __init__(self, record: Record, originals: Iterable[Original] = ()) -> None:
        self.record = record
        self.originals = tuple(originals)
        self.name = f"Add {_noun(record.KIND)}"

    def plan(self, store: Store) -> list[Op]:
        if store.get(self.record.KIND, self.record.id) is not None:
            raise ValidationError(f"There is already a {_noun(self.record.KIND)} with this id.")
        check_references(store, self.record)
        return [Put(self.record)]


class Edit(Command):
    """Change some fields of one record, e.g. ``Edit("entity", id, {"name": "…"})``."""

    def __init__(self, kind: Kind, ident: str, changes: Mapping[str, Any], name: str = "") -> None:
        self.kind = kind
        self.ident = ident
        self.changes = dict(changes)
        fields = ", ".join(self.changes)
        self.name = name or f"Edit {_noun(kind)} {fields}".strip()

    def plan(self, store: Store) -> list[Op]:
        current = _require(store, self.kind, self.ident)
        try:
            updated = _replace(current, **self.changes)
        except TypeError as err:
            raise ValidationError(f"Unknown field for a {_noun(self.kind)}: {err}") from None
        immutable.guard(current, updated)
        check_references(store, updated)
        return [Put(updated)]


class PutRecords(Command):
    """Create or replace many records at once (package import): merge by id.

    ``checked=True`` says every record already passed ``rules.check`` (a parsed package),
    so a bulk import does not check 200,000 records twice.
    """

    def __init__(
        self,
        name: str,
        records: Sequence[Record],
        originals: Iterable[Original] = (),
        checked: bool = False,
    ):
        self.name = name
        self.records = list(records)
        self.originals = tuple(originals)
        self.checked = checked

    def plan(self, store: Store) -> list[Op]:
        return [Put(record, self.checked) for record in self.records]


class DeleteRecords(Command):
    """Delete records and detach everything that refers to them, as one step."""

    def __init__(self, kind: Kind, idents: Sequence[str]) -> None:
        self.kind = kind
        self.idents = list(dict.fromkeys(idents))
        count = len(self.idents)
        noun = _noun(kind) if count == 1 else _plural(kind)
        self.name = f"Delete {noun}" if count == 1 else f"Delete {count} {noun}"

    def plan(self, store: Store) -> list[Op]:
        if self.kind == "source":  # its quotes go with it: a quote never loses its source
            return self._plan_source(store)
        doomed = set(self.idents)
        updates: dict[tuple[Kind, str], Record] = {}
        deletes: list[Op] = []
        for ident in self.idents:
            _require(store, self.kind, ident)
            for ref in store.referrers(self.kind, ident):
                key = (ref.KIND, ref.id)
                current = updates.get(key, ref)
                if isinstance(current, Relationship) and self.kind == "entity":
                    if current.id not in {d.ident for d in deletes if isinstance(d, Delete)}:
                        deletes.append(Delete("relationship", current.id))
                    updates.pop(key, None)
                    continue
                updates[key] = _detach(current, self.kind, doomed)
        ops: list[Op] = [Put(record) for record in updates.values()]
        ops.extend(deletes)
        ops.extend(Delete(self.kind, ident) for ident in self.idents)
        return ops

    def _plan_source(self, store: Store) -> list[Op]:
        quotes: list[str] = []
        for ident in self.idents:
            _require(store, "source", ident)
            quotes += [r.id for r in store.referrers("source", ident)]
        ops = DeleteRecords("snippet", quotes).plan(store) if quotes else []
        return ops + [Delete("source", ident) for ident in self.idents]


def deletion_impact(store: Store, kind: Kind, idents: Sequence[str]) -> dict[Kind, int]:
    """How many records of each kind refer to the records about to be deleted.

    A source's snippets are deleted with it, so what refers to them is counted too.
    """
    seen: dict[Kind, set[str]] = {}
    for ident in idents:
        for ref in store.referrers(kind, ident):
            seen.setdefault(ref.KIND, set()).add(ref.id)
            if kind == "source":
                for link in store.referrers("snippet", ref.id):
                    seen.setdefault(link.KIND, set()).add(link.id)
    return {k: len(v) for k, v in seen.items()}


def _detach(record: Record, kind: Kind, doomed: set[str]) -> Record:
    if kind == "entity" and isinstance(record, Snippet):
        return dataclasses.replace(record, entities=_without(record.entities, doomed))
    if kind == "entity" and isinstance(record, Claim):
        return dataclasses.replace(record, subjects=_without(record.subjects, doomed))
    if kind == "snippet" and isinstance(record, Claim):
        kept = tuple(link for link in record.evidence if link.snippet not in doomed)
        return dataclasses.replace(record, evidence=kept)
    if kind == "snippet" and isinstance(record, Relationship):
        return dataclasses.replace(record, evidence=_without(record.evidence, doomed))
    return record


# --- linking ----------------------------------------------------------------------------


class LinkEvidence(Command):
    """Link a snippet to a claim with a stance, or change the stance/note of an existing link."""

    def __init__(self, claim: str, snippet: str, stance: str, note: str | None = None):
        self.claim, self.snippet, self.stance, self.note = claim, snippet, stance, note
        self.name = f"Link evidence ({stance})"

    def plan(self, store: Store) -> list[Op]:
        claim = _require(store, "claim", self.claim)
        assert isinstance(claim, Claim)
        _require(store, "snippet", self.snippet)
        links = list(claim.evidence)
        for i, link in enumerate(links):
            if link.snippet == self.snippet:
                note = self.note if self.note is not None else link.note
                links[i] = EvidenceLink(self.snippet, self.stance, note)
                break
        else:
            links.append(EvidenceLink(self.snippet, self.stance, self.note))
        return [Put(dataclasses.replace(claim, evidence=tuple(links)))]


class UnlinkEvidence(Command):
    """Remove a snippet from a claim's evidence."""

    name = "Remove evidence link"

    def __init__(self, claim: str, snippet: str) -> None:
        self.claim, self.snippet = claim, snippet

    def plan(self, store: Store) -> list[Op]:
        claim = _require(store, "claim", self.claim)
        assert isinstance(claim, Claim)
        kept = tuple(link for link in claim.evidence if link.snippet != self.snippet)
        return [Put(dataclasses.replace(claim, evidence=kept))]


class AddToList(Command):
    """Add ids to a list field: a snippet's mentions, a claim's subjects, a relationship's evidence."""

    def __init__(self, kind: Kind, ident: str, field: str, values: Sequence[str], name: str = ""):
        self.kind, self.ident, self.field, self.values = kind, ident, field, list(values)
        self.name = name or f"Add {field}"

    def plan(self, store: Store) -> list[Op]:
        record = _require(store, self.kind, self.ident)
        current = tuple(getattr(record, self.field))
        merged = current + tuple(v for v in self.values if v not in current)
        updated = _replace(record, **{self.field: merged})
        check_references(store, updated)
        return [Put(updated)]


class RemoveFromList(Command):
    """Remove ids from a list field of a record."""

    def __init__(self, kind: Kind, ident: str, field: str, values: Sequence[str], name: str = ""):
        self.kind, self.ident, self.field, self.values = kind, ident, field, set(values)
        self.name = name or f"Remove {field}"

    def plan(self, store: Store) -> list[Op]:
        record = _require(store, self.kind, self.ident)
        kept = tuple(v for v in getattr(record, self.field) if v not in self.values)
        return [Put(_replace(record, **{self.field: kept}))]


# --- helpers ----------------------------------------------------------------------------


def check_references(store: Store, record: Record) -> None:
    """Raise a clear error when a record points at something that is not in the case."""
    refs: list[tuple[Kind, str]] = []
    if isinstance(record, Relationship):
        refs = [("entity", record.source), ("entity", record.target)]
        refs += [("snippet", s) for s in record.evidence]
    elif isinstance(record, Snippet):
        refs = [("entity", e) for e in record.entities]
        if record.source is not None:
            refs.append(("source", record.source))
    elif isinstance(record, Claim):
        refs = [("entity", e) for e in record.subjects]
        refs += [("snippet", link.snippet) for link in record.evidence]
    for kind, ident in refs:
        if store.get(kind, ident) is None:
            raise ValidationError(f"The {_noun(kind)} this refers to ({ident}) is not in the case.")
    if isinstance(record, Snippet) and record.offset is not None:
        source = store.get("source", record.source) if record.source else None
        rules.check_offset(record, source if isinstance(source, Source) else None)


def _require(store: Store, kind: Kind, ident: str) -> Record:
    record = store.get(kind, ident)
    if record is None:
        raise NotFoundError(f"The {_noun(kind)} is no longer in the case.")
    return record


def _replace(record: Record, **changes: Any) -> Record:
    replaced: Record = dataclasses.replace(record, **changes)
    return replaced


def _without(values: tuple[str, ...], doomed: set[str]) -> tuple[str, ...]:
    return tuple(v for v in values if v not in doomed)


NOUNS: dict[Kind, tuple[str, str]] = {
    "case": ("case details", "case details"),
    "entity": ("person or organisation", "people and organisations"),
    "relationship": ("relationship", "relationships"),
    "source": ("source", "sources"),
    "snippet": ("snippet", "snippets"),
    "claim": ("claim", "claims"),
    "section": ("narrative section", "narrative sections"),
}


def _noun(kind: Kind) -> str:
    return NOUNS[kind][0]


def _plural(kind: Kind) -> str:
    return NOUNS[kind][1]


def describe(record: Record, limit: int = 60) -> str:
    """A short one-line description of a record for messages."""
    text = " ".join(label(record).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


__all__ = [
    "Change",
    "Command",
    "Composite",
    "Create",
    "Delete",
    "DeleteRecords",
    "Edit",
    "Entity",
    "LinkEvidence",
    "Put",
    "PutRecords",
    "RecordChange",
    "Store",
    "UnlinkEvidence",
    "deletion_impact",
    "execute",
    "replay",
]
