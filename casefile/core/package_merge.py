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
from typing import Any

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
    """What importing a package would do; nothing is written until its records are put."""

    added: list[Record] = field(default_factory=list)
    updated: list[Update] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    renamed: dict[tuple[Kind, str], str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def writes(self) -> list[Record]:
        """The records to put, grouped by kind in ``ORDER``."""
        out = [*self.added, *(u.after for u in self.updated)]
        return sorted(out, key=lambda r: ORDER.index(r.KIND))

    @property
    def empty(self) -> bool:
        return not self.added and not self.updated


def plan_merge(
    incoming: Iterable[Incoming],
    lookup: Lookup,
    as_new: bool = False,
    fresh: Callable[[], str] = _new_id,
    max_problems: int = 8,
) -> MergePlan:
    """Plan the merge of ``incoming`` into the case ``lookup`` reads from."""
    items = list(incoming)
    stored: dict[Kind, Mapping[str, Record]] = {}
    for kind in ORDER:
        ids = [i.record.id for i in items if kind == i.record.KIND]
        stored[kind] = lookup(kind, ids) if ids else {}
    renamed: dict[tuple[Kind, str], str] = {}
    while True:
        current = [_rewrite(i, renamed) for i in items] if renamed else items
        plan = _plan_once(current, stored)
        if not as_new or not plan.conflicts:
            break
        for conflict in plan.conflicts:
            renamed[(conflict.kind, conflict.ident)] = fresh()
    plan.renamed = renamed
    if not plan.conflicts:
        plan.problems = _problems(plan, current, lookup, max_problems)
    return plan


def _plan_once(items: list[Incoming], stored: dict[Kind, Mapping[str, Record]]) -> MergePlan:
    plan = MergePlan()
    for item in sorted(items, key=lambda i: ORDER.index(i.record.KIND)):
        record = item.record
        old = stored[record.KIND].get(record.id)
        if old is None:
            plan.added.append(record)
            continue
        merged = merge_record(old, item)
        changed = immutable.changed_evidence(old, merged)
        if changed:
            plan.conflicts.append(Conflict(record.KIND, record.id, tuple(changed)))
        elif merged == old:
            plan.unchanged += 1
        else:
            plan.updated.append(Update(old, merged))
    return plan


def merge_record(old: Record, item: Incoming) -> Record:
    """The stored record with the fields the package gave replaced."""
    given = {name: getattr(item.record, name) for name in item.given if name != "id"}
    merged: Record = dataclasses.replace(old, **given)
    return merged


# --- fresh ids and the references that follow them -------------------------------------


def _rewrite(item: Incoming, renamed: dict[tuple[Kind, str], str]) -> Incoming:
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


def _problems(plan: MergePlan, items: list[Incoming], lookup: Lookup, limit: int) -> list[str]:
    """Rules broken by merged records, dangling references and offsets that miss."""
    problems: list[str] = []
    for update in plan.updated:  # new records were checked when the package was read
        try:
            rules.check(update.after)
        except ValidationError as err:
            problems.append(f"{update.after.KIND} {update.after.id}: {err}")
    final = plan.writes()
    known: dict[Kind, set[str]] = {k: set() for k in ORDER}
    for item in items:
        known[item.record.KIND].add(item.record.id)
    wanted: dict[Kind, set[str]] = {k: set() for k in ORDER}
    for record in final:
        for kind, ident, _ in references(record):
            if ident not in known[kind]:
                wanted[kind].add(ident)
    found = {k: set(lookup(k, sorted(v))) if v else set() for k, v in wanted.items()}
    sources = {r.id: r for r in final if isinstance(r, Source)}
    for record in final:
        for kind, ident, name in references(record):
            if ident not in known[kind] and ident not in found[kind]:
                problems.append(
                    f"{record.KIND} {record.id}: '{name}' refers to unknown {kind} {ident}"
                )
        if isinstance(record, Snippet) and record.offset is not None:
            problems += _offset_problem(record, sources, lookup)
        if len(problems) >= limit:
            break
    return problems


def _offset_problem(snippet: Snippet, sources: dict[str, Source], lookup: Lookup) -> list[str]:
    source: Record | None = sources.get(snippet.source or "")
    if source is None and snippet.source:
        source = lookup("source", [snippet.source]).get(snippet.source)
        if isinstance(source, Source):
            sources[source.id] = source  # quotes of one stored source: read it once
    try:
        rules.check_offset(snippet, source if isinstance(source, Source) else None)
    except ValidationError as err:
        return [f"snippet {snippet.id}: {err}"]
    return []
