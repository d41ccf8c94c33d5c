"""Merge duplicate people or organisations into one, and split an alias back out."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from casefile.core.commands import Command, Delete, Op, Put, Store
from casefile.core.errors import NotFoundError, ValidationError
from casefile.core.model import Claim, Entity, Kind, Record, Relationship, Snippet, new_id


def _entity(store: Store, ident: str) -> Entity:
    record = store.get("entity", ident)
    if not isinstance(record, Entity):
        raise NotFoundError("The person or organisation is no longer in the case.")
    return record


def _unique(values: Sequence[str], exclude: str = "") -> tuple[str, ...]:
    """Values in order without repeats (ignoring case), leaving out ``exclude``."""
    seen = {exclude.casefold()} if exclude else set()
    out: list[str] = []
    for value in values:
        if value.casefold() not in seen:
            seen.add(value.casefold())
            out.append(value)
    return tuple(out)


def _ids(values: Sequence[str], doomed: set[str], survivor: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(survivor if v in doomed else v for v in values))


def _join_text(values: Sequence[str | None]) -> str | None:
    parts = list(dict.fromkeys(v.strip() for v in values if v and v.strip()))
    return "\n\n".join(parts) if parts else None


class MergeEntities(Command):
    """One survivor takes the others' names as aliases, their links, mentions and claims."""

    def __init__(self, survivor: str, others: Sequence[str]) -> None:
        self.survivor = survivor
        self.others = [o for o in dict.fromkeys(others) if o != survivor]
        self.name = f"Merge {len(self.others) + 1} people or organisations"

    def plan(self, store: Store) -> list[Op]:
        if not self.others:
            raise ValidationError("Choose at least two people or organisations to merge.")
        survivor = _entity(store, self.survivor)
        others = [_entity(store, ident) for ident in self.others]
        merged = self._merged(survivor, others)
        doomed = set(self.others)
        updates: dict[tuple[Kind, str], Record] = {}
        dropped: list[Op] = []
        for other in others:
            for ref in store.referrers("entity", other.id):
                key = (ref.KIND, ref.id)
                current = updates.get(key, ref)
                moved = _move(current, doomed, self.survivor)
                if moved is None:
                    updates.pop(key, None)
                    dropped.append(Delete("relationship", ref.id))
                else:
                    updates[key] = moved
        gone = {op.ident for op in dropped if isinstance(op, Delete)}
        own = [r for r in store.referrers("entity", self.survivor) if r.id not in gone]
        dropped += _fold_twins(own, updates)
        ops: list[Op] = [Put(merged)]
        ops.extend(Put(record) for record in updates.values())
        ops.extend(dict.fromkeys(dropped))
        ops.extend(Delete("entity", ident) for ident in self.others)
        return ops

    @staticmethod
    def _merged(survivor: Entity, others: list[Entity]) -> Entity:
        names = [*survivor.aliases]
        for other in others:
            names += [other.name, *other.aliases]
        everyone = [survivor, *others]
        return dataclasses.replace(
            survivor,
            aliases=_unique(names, exclude=survivor.name),
            tags=tuple(dict.fromkeys(t for e in everyone for t in e.tags)),
            description=survivor.description or _join_text([e.description for e in others]),
            notes=_join_text([e.notes for e in everyone]),
        )


def _twin_key(rel: Relationship) -> tuple[str, str, str, str | None, str | None]:
    return (rel.source, rel.target, rel.type.casefold().strip(), rel.start, rel.end)


def _fold_twins(survivor_refs: list[Record], updates: dict[tuple[Kind, str], Record]) -> list[Op]:
    """Relationships that became identical (same ends, type and dates) are kept once.

    The first keeps the others' evidence and notes; the others are deleted. ``updates`` is
    changed in place.
    """
    kept: dict[tuple[str, str, str, str | None, str | None], Relationship] = {}
    deletes: list[Op] = []
    own = [r for r in survivor_refs if isinstance(r, Relationship)]
    moved = [r for r in updates.values() if isinstance(r, Relationship)]
    for rel in [*own, *(r for r in moved if r.id not in {o.id for o in own})]:
        current = updates.get(("relationship", rel.id), rel)
        assert isinstance(current, Relationship)
        key = _twin_key(current)
        first = kept.get(key)
        if first is None:
            kept[key] = current
            continue
        joined = dataclasses.replace(
            first,
            evidence=tuple(dict.fromkeys((*first.evidence, *current.evidence))),
            notes=_join_text([first.notes, current.notes]),
        )
        kept[key] = joined
        updates[("relationship", first.id)] = joined
        updates.pop(("relationship", current.id), None)
        deletes.append(Delete("relationship", current.id))
    return deletes


def _move(record: Record, doomed: set[str], survivor: str) -> Record | None:
    """The record pointing at the survivor instead; None for a relationship to itself."""
    if isinstance(record, Relationship):
        source = survivor if record.source in doomed else record.source
        target = survivor if record.target in doomed else record.target
        if source == target:
            return None
        return dataclasses.replace(record, source=source, target=target)
    if isinstance(record, Snippet):
        return dataclasses.replace(record, entities=_ids(record.entities, doomed, survivor))
    if isinstance(record, Claim):
        return dataclasses.replace(record, subjects=_ids(record.subjects, doomed, survivor))
    return record


class SplitAlias(Command):
    """Turn one alias of an entity into a person or organisation of its own.

    Mentions and claims stay with the original entity unless ``snippets``/``claims`` name
    the ones that belong to the new one.
    """

    def __init__(
        self,
        entity: str,
        alias: str,
        new_ident: str | None = None,
        snippets: Sequence[str] = (),
        claims: Sequence[str] = (),
    ) -> None:
        self.entity, self.alias = entity, alias
        self.new_ident = new_ident or new_id()
        self.snippets, self.claims = list(snippets), list(claims)
        self.name = "Split alias into its own entry"

    def plan(self, store: Store) -> list[Op]:
        entity = _entity(store, self.entity)
        if self.alias not in entity.aliases:
            raise ValidationError(f"“{self.alias}” is not an alias of {entity.name}.")
        if store.get("entity", self.new_ident) is not None:
            raise ValidationError("There is already a person or organisation with this id.")
        kept = tuple(a for a in entity.aliases if a != self.alias)
        created = Entity(self.new_ident, self.alias, entity.kind)
        ops: list[Op] = [Put(dataclasses.replace(entity, aliases=kept)), Put(created)]
        ops += self._moved(store, "snippet", self.snippets)
        ops += self._moved(store, "claim", self.claims)
        return ops

    def _moved(self, store: Store, kind: Kind, idents: list[str]) -> list[Op]:
        doomed = {self.entity}
        ops: list[Op] = []
        for ident in idents:
            record = store.get(kind, ident)
            if record is None:
                raise NotFoundError(f"The {kind} to move is no longer in the case.")
            moved = _move(record, doomed, self.new_ident)
            if moved is not None:
                ops.append(Put(moved))
        return ops


def listed(names: Sequence[str], limit: int = 8) -> str:
    """Names in quotes, comma separated; past ``limit`` the rest are counted."""
    shown = ", ".join(f"“{n}”" for n in names[:limit])
    rest = len(names) - limit
    return shown + (f" and {rest} more" if rest > 0 else "")


@dataclasses.dataclass(frozen=True)
class MergePreview:
    """What a merge would do, counted before it is done (for the confirmation)."""

    survivor: str
    aliases: tuple[str, ...]
    relationships_moved: int
    relationships_dropped: int
    mentions_moved: int
    claims_moved: int

    def lines(self) -> list[str]:
        """The effects in words, one per line (plain text)."""
        out = []
        if self.aliases:
            out.append("New aliases: " + listed(self.aliases))
        out.append(f"Relationships moved: {self.relationships_moved}")
        if self.relationships_dropped:
            out.append(
                f"Relationships removed (between the merged entries, or now repeated): "
                f"{self.relationships_dropped}"
            )
        out.append(f"Evidence mentions moved: {self.mentions_moved}")
        out.append(f"Claims whose subject moves: {self.claims_moved}")
        return out


def preview_merge(store: Store, survivor: str, others: Sequence[str]) -> MergePreview:
    """Count what ``MergeEntities(survivor, others)`` would change, without changing it."""
    command = MergeEntities(survivor, others)
    ops = command.plan(store)
    before = _entity(store, survivor)
    kinds: dict[str, int] = {}
    merged = before
    for op in ops:
        if isinstance(op, Put):
            if isinstance(op.record, Entity) and op.record.id == survivor:
                merged = op.record
            kinds[op.record.KIND] = kinds.get(op.record.KIND, 0) + 1
    dropped = sum(1 for op in ops if isinstance(op, Delete) and op.kind == "relationship")
    known = {a.casefold() for a in before.aliases}
    return MergePreview(
        survivor,
        tuple(a for a in merged.aliases if a.casefold() not in known),
        kinds.get("relationship", 0),
        dropped,
        kinds.get("snippet", 0),
        kinds.get("claim", 0),
    )
