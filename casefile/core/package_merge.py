"""How a package's records merge into a case by id: added, updated, unchanged or in conflict.

The rules (written down for users in docs/case-format.md):

- a record whose id is not in the case is added;
- a record whose id is in the case is merged field by field: a field the package leaves
  out keeps the stored value, a field it gives replaces it (an explicit ``null`` clears a
  field that can be empty);
- a merge that leaves the stored record as it was changes nothing and writes nothing;
- a merge that would change or clear captured evidence (``core.immutable``) is a
  *conflict*. A package with conflicts is refused as a whole, unless it is imported "as
  new": then each conflicting record gets a fresh id and every reference to it inside the
  package follows, which can put further records in conflict (a quote whose source was
  renamed), until none is left.

Everything here is pure: the case is read through ``lookup``, nothing is written.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from casefile.core import immutable, rules
from casefile.core.errors import ValidationError
from casefile.core.model import (
    Claim,
    EvidenceLink,
    Kind,
    Record,
    Relationship,
    Section,
    Snippet,
    Source,
)
from casefile.core.model import new_id as _new_id
from casefile.core.serial import FIELDS

ORDER: tuple[Kind, ...] = ("entity", "source", "snippet", "relationship", "claim", "section")
"""The order records are written in, so that what a record refers to is there first."""

Lookup = Callable[[Kind, Sequence[str]], Mapping[str, Record]]


@dataclass(frozen=True)
class Incoming:
    """One record of a package and the fields the package actually gave for it."""

    record: Record
    given: frozenset[str]


@dataclass(frozen=True)
class Conflict:
    """A package record that would change evidence stored under the same id."""

    kind: Kind
    ident: str
    fields: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.kind} {self.ident}: {', '.join(self.fields)} differ from the case"


@dataclass(frozen=True)
class Update:
    """A stored record and what the merge makes of it."""

    before: Record
    after: Record

    def fields(self) -> list[str]:
        """The names of the fields that change, in package order."""
        kind = self.before.KIND
        return [n for n in FIELDS[kind] if getattr(self.before, n) != getattr(self.after, n)]


@dataclass
class MergePlan:
    """What importing a package would do; nothing is written until its records are put.

    The records added are only counted (a package can be larger than memory); updates,
    conflicts and new ids are listed."""

    added: dict[Kind, int] = field(default_factory=dict)
    updated: list[Update] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    renamed: dict[tuple[Kind, str], str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(self.added.values()) and not self.updated


class Incomings(Protocol):
    """A package's records as the planner reads them: in batches, never all at once."""

    def incoming(self) -> Iterable[list[Incoming]]:
        """Every record with the fields it gives, batches of one kind, kinds in ``ORDER``."""
        ...

    def has(self, kind: Kind, idents: Sequence[str]) -> set[str]:
        """Which of these ids the package gives a record of ``kind`` for."""
        ...

    def get(self, kind: Kind, ident: str) -> Incoming | None:
        """The package's record of ``kind`` with this id (as given, before any new id)."""
        ...


ADDED, UPDATED, UNCHANGED, CONFLICT = "added", "updated", "unchanged", "conflict"


def classify(
    batch: list[Incoming], lookup: Lookup, renamed: Mapping[tuple[Kind, str], str]
) -> Iterator[tuple[str, Record, Record | None, Conflict | None]]:
    """Each record of one batch (one kind) under its final id: what the merge does with it,
    the record as written (merged with the stored one) and the stored one."""
    if not batch:
        return
    current = [_rewrite(i, renamed) for i in batch] if renamed else batch
    kind = current[0].record.KIND
    stored = lookup(kind, [i.record.id for i in current])
    for item in current:
        old = stored.get(item.record.id)
        if old is None:
            yield ADDED, item.record, None, None
            continue
        merged = merge_record(old, item)
        changed = immutable.changed_evidence(old, merged)
        if changed:
            yield CONFLICT, merged, old, Conflict(kind, item.record.id, tuple(changed))
        elif merged == old:
            yield UNCHANGED, merged, old, None
        else:
            yield UPDATED, merged, old, None


def plan_merge(
    package: Incomings,
    lookup: Lookup,
    as_new: bool = False,
    fresh: Callable[[], str] = _new_id,
    max_problems: int = 8,
) -> MergePlan:
    """Plan the merge of the ``package`` into the case ``lookup`` reads from.

    One pass over the package when nothing conflicts; "as new" passes again after giving
    the conflicting records new ids, until none is left."""
    renamed: dict[tuple[Kind, str], str] = {}
    while True:
        plan, found = _plan_once(package, lookup, renamed, max_problems)
        if not as_new or not plan.conflicts:
            break
        for conflict in plan.conflicts:
            renamed[(conflict.kind, conflict.ident)] = fresh()
    plan.renamed = renamed
    if not plan.conflicts:
        plan.problems = found.problems(plan, max_problems)
    return plan


def _plan_once(
    package: Incomings,
    lookup: Lookup,
    renamed: Mapping[tuple[Kind, str], str],
    limit: int,
) -> tuple[MergePlan, _Problems]:
    plan = MergePlan()
    found = _Problems(package, lookup, renamed)
    for batch in package.incoming():
        final: list[tuple[Record, bool]] = []
        for status, record, old, conflict in classify(batch, lookup, renamed):
            if status == ADDED:
                plan.added[record.KIND] = plan.added.get(record.KIND, 0) + 1
                final.append((record, True))
            elif status == UPDATED:
                assert old is not None
                plan.updated.append(Update(old, record))
                final.append((record, False))
            elif status == UNCHANGED:
                plan.unchanged += 1
            elif conflict is not None:
                plan.conflicts.append(conflict)
        if not plan.conflicts and batch and found.room(batch[0].record.KIND, limit):
            found.check(final, limit)
    return plan, found


def merge_record(old: Record, item: Incoming) -> Record:
    """The stored record with the fields the package gave replaced."""
    given = {name: getattr(item.record, name) for name in item.given if name != "id"}
    merged: Record = dataclasses.replace(old, **given)
    return merged


# --- fresh ids and the references that follow them -------------------------------------


def _rewrite(item: Incoming, renamed: Mapping[tuple[Kind, str], str]) -> Incoming:
    record = item.record

    def ref(kind: Kind, ident: str) -> str:
        return renamed.get((kind, ident), ident)

    changes: dict[str, Any] = {"id": ref(record.KIND, record.id)}
    if isinstance(record, Snippet):
        changes["source"] = ref("source", record.source) if record.source else None
        changes["entities"] = tuple(ref("entity", e) for e in record.entities)
    elif isinstance(record, Relationship):
        changes["source"] = ref("entity", record.source)
        changes["target"] = ref("entity", record.target)
        changes["evidence"] = tuple(ref("snippet", s) for s in record.evidence)
    elif isinstance(record, Claim):
        changes["subjects"] = tuple(ref("entity", e) for e in record.subjects)
        changes["evidence"] = tuple(
            EvidenceLink(ref("snippet", link.snippet), link.stance, link.note)
            for link in record.evidence
        )
    elif isinstance(record, Section):  # a citation follows the record it cites
        changes["citations"] = tuple(
            dataclasses.replace(c, target=ref(c.kind, c.target)) for c in record.citations
        )
    return Incoming(dataclasses.replace(record, **changes), item.given)


# --- what the merged records refer to ---------------------------------------------------


def references(record: Record) -> Iterator[tuple[Kind, str, str]]:
    """(kind, id, field) of everything ``record`` refers to."""
    if isinstance(record, Relationship):
        yield "entity", record.source, "source"
        yield "entity", record.target, "target"
        for s in record.evidence:
            yield "snippet", s, "evidence"
    elif isinstance(record, Snippet):
        if record.source is not None:
            yield "source", record.source, "source"
        for e in record.entities:
            yield "entity", e, "entities"
    elif isinstance(record, Claim):
        for e in record.subjects:
            yield "entity", e, "subjects"
        for link in record.evidence:
            yield "snippet", link.snippet, "evidence"


class _Problems:
    """Dangling references and offsets that miss, found batch by batch as the plan is made;
    put in the order of the whole package (added records of a kind before updated ones)."""

    def __init__(
        self, package: Incomings, lookup: Lookup, renamed: Mapping[tuple[Kind, str], str]
    ) -> None:
        self.package, self.lookup = package, lookup
        self.fresh: dict[Kind, set[str]] = {}
        self.old_id: dict[tuple[Kind, str], str] = {}
        for (kind, old), new in renamed.items():
            self.fresh.setdefault(kind, set()).add(new)
            self.old_id[(kind, new)] = old
        self.renamed = renamed
        self.found: dict[tuple[Kind, bool], list[list[str]]] = {}
        self.firsts: dict[tuple[Kind, bool], list[str]] = {}  # of the first record of each
        self.sources: dict[str, Record | None] = {}  # a few recently read sources

    def room(self, kind: Kind, limit: int) -> bool:
        """Whether the kinds before ``kind`` leave room for more problems in the message."""
        return sum(len(v) for (k, _), v in self.found.items() if k != kind) < limit

    def check(self, final: list[tuple[Record, bool]], limit: int) -> None:
        wanted: dict[Kind, set[str]] = {}
        for record, _ in final:
            for kind, ident, _name in references(record):
                if ident not in self.fresh.get(kind, ()):
                    wanted.setdefault(kind, set()).add(ident)
        known: dict[Kind, set[str]] = {}
        for kind, ids in wanted.items():
            known[kind] = self.package.has(kind, sorted(ids))
            rest = sorted(ids - known[kind])
            known[kind] |= set(self.lookup(kind, rest)) if rest else set()
        for record, added in final:
            problems = [
                f"{record.KIND} {record.id}: '{name}' refers to unknown {kind} {ident}"
                for kind, ident, name in references(record)
                if ident not in self.fresh.get(kind, ()) and ident not in known[kind]
            ]
            if isinstance(record, Snippet) and record.offset is not None:
                problems += self._offset_problem(record)
            self.firsts.setdefault((record.KIND, added), problems)
            bucket = self.found.setdefault((record.KIND, added), [])
            if problems and len(bucket) < limit:
                bucket.append(problems)

    def problems(self, plan: MergePlan, limit: int) -> list[str]:
        """Rules broken by merged records, then each written record's problems."""
        out: list[str] = []
        for update in plan.updated:  # new records were checked when the package was read
            try:
                rules.check(update.after)
            except ValidationError as err:
                out.append(f"{update.after.KIND} {update.after.id}: {err}")
        if len(out) >= limit:  # the first record written is still checked, as before
            first = [self.firsts.get((k, a)) for k in ORDER for a in (True, False)]
            return out + next((f for f in first if f is not None), [])
        for kind in ORDER:
            for added in (True, False):
                for problems in self.found.get((kind, added), []):
                    out += problems
                    if len(out) >= limit:
                        return out
        return out

    def _offset_problem(self, snippet: Snippet) -> list[str]:
        ident = snippet.source or ""
        if ident not in self.sources:
            if len(self.sources) > 64:
                self.sources.clear()
            self.sources[ident] = self._source(ident) if ident else None
        source = self.sources[ident]
        try:
            rules.check_offset(snippet, source if isinstance(source, Source) else None)
        except ValidationError as err:
            return [f"snippet {snippet.id}: {err}"]
        return []

    def _source(self, ident: str) -> Record | None:
        """The source as the import leaves it: the package's (merged with the stored one)."""
        given = self.old_id.get(("source", ident), ident)
        item = self.package.get("source", given)
        stored = self.lookup("source", [ident]).get(ident)
        if item is None:
            return stored
        item = _rewrite(item, self.renamed) if self.renamed else item
        return merge_record(stored, item) if stored is not None else item.record
