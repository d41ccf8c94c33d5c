"""What a command is and what it did: the store it plans against, its operations, and the
``Change`` (before and after image of every record touched) that undo and views use.

``commands`` holds the commands themselves and ``execute``; this module is the machinery
they share, so that a new command needs nothing but a ``plan``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from casefile.core import immutable, rules
from casefile.core.errors import NotFoundError
from casefile.core.model import Kind, Original, Record


class Store(Protocol):
    """What commands need from the case file; storage implements it."""

    def get(self, kind: Kind, ident: str) -> Record | None: ...

    def get_many(self, kind: Kind, idents: Sequence[str]) -> dict[str, Record]: ...

    def put_many(self, records: Sequence[Record]) -> None: ...

    def delete(self, kind: Kind, ident: str) -> None: ...

    def referrers(self, kind: Kind, ident: str) -> list[Record]: ...

    def put_original(self, original: Original) -> None: ...


@dataclass(frozen=True)
class Put:
    """Write this record (create or replace); ``checked``: the rules already passed."""

    record: Record
    checked: bool = False


@dataclass(frozen=True)
class Delete:
    """Remove the record of this kind and id."""

    kind: Kind
    ident: str


Op = Put | Delete


@dataclass(frozen=True)
class RecordChange:
    """One record's state before and after a command (None = absent)."""

    kind: Kind
    ident: str
    before: Record | None
    after: Record | None


@dataclass(frozen=True)
class PackageMark:
    """The package an import read: its file name and the SHA-256 of its bytes."""

    name: str
    sha256: str


@dataclass(frozen=True)
class Bulk:
    """Records a change adds (an import) that only the history lists, not the change.

    A package can be larger than memory, so its import's change holds just the records it
    updated; the ids it added are in the history under the import's entry ``seq``. Undoing
    it (``removes``) deletes them, logging each as it was; redoing puts those back."""

    seq: int
    counts: tuple[tuple[Kind, int], ...]
    removes: bool = False

    def count(self, kind: Kind) -> int:
        return dict(self.counts).get(kind, 0)


@dataclass(frozen=True)
class Change:
    """What one command did: its name and every record it touched, in order."""

    action: str
    records: tuple[RecordChange, ...]
    package: PackageMark | None = None
    """Set when the change imports a package: the history then logs one entry naming it,
    with the ids it added, instead of an after image of every added record."""
    bulk: Bulk | None = None
    """Set when the change adds (or, undone, removes) records named only in the history."""

    def inverse(self, action: str | None = None) -> Change:
        """The change that undoes this one."""
        flipped = tuple(
            RecordChange(rc.kind, rc.ident, rc.after, rc.before) for rc in reversed(self.records)
        )
        if self.bulk is None:
            return Change(action or f"Undo {self.action}", flipped)
        bulk = Bulk(self.bulk.seq, self.bulk.counts, not self.bulk.removes)
        return Change(action or f"Undo {self.action}", flipped, self.package, bulk)

    def merged(self, later: Change) -> Change:
        """This change followed by ``later``, as one (for typing coalesced into one step)."""
        return Change(self.action, self.records + later.records, self.package, self.bulk)

    def ids(self, kind: Kind) -> set[str]:
        """The ids of records of ``kind`` this change touched."""
        return {rc.ident for rc in self.records if rc.kind == kind}

    def bulk_kinds(self) -> set[Kind]:
        """The kinds of record this change adds or removes without listing them (views
        showing those kinds reload)."""
        return {k for k, n in self.bulk.counts if n} if self.bulk is not None else set()

    @property
    def empty(self) -> bool:
        return not self.bulk_kinds() and all(rc.before == rc.after for rc in self.records)


class Command:
    """Base of all commands: a user-facing name and a plan of operations."""

    name = "Change"
    originals: tuple[Original, ...] = ()
    package: PackageMark | None = None

    def plan(self, store: Store) -> list[Op]:
        raise NotImplementedError

    def apply(self, store: Store) -> Change | None:
        """A command too large to plan as operations writes itself here (a package import)
        and returns what it did; None for every other command."""
        return None


def replay(store: Store, change: Change) -> None:
    """Bring every record of ``change`` to its after image (redo; revert via ``inverse``).

    Captured evidence is guarded here too: undoing a step that filled in an empty field
    empties it again, but a step whose record was since replaced by other evidence under the
    same id is refused rather than written over it.
    """
    for rc in change.records:
        current = store.get(rc.kind, rc.ident)
        if current != rc.before:
            immutable.guard(current, rc.after)
        if rc.after is None:
            if store.get(rc.kind, rc.ident) is not None:
                store.delete(rc.kind, rc.ident)
        else:
            store.put_many([rc.after])


def apply_ops(store: Store, ops: list[Op]) -> list[RecordChange]:
    changes: list[RecordChange] = []
    index = 0
    while index < len(ops):
        op = ops[index]
        if isinstance(op, Delete):
            before = store.get(op.kind, op.ident)
            if before is None:
                raise NotFoundError(f"The {op.kind} to delete is no longer in the case.")
            store.delete(op.kind, op.ident)
            changes.append(RecordChange(op.kind, op.ident, before, None))
            index += 1
            continue
        end = index + 1
        kind = op.record.KIND
        while end < len(ops):
            nxt = ops[end]
            if not isinstance(nxt, Put) or kind != nxt.record.KIND:
                break
            end += 1
        changes.extend(_put_batch(store, ops[index:end]))  # type: ignore[arg-type]
        index = end
    return changes


def _put_batch(store: Store, batch: list[Put]) -> list[RecordChange]:
    for put in batch:
        if not put.checked:
            rules.check(put.record)
    return _store_batch(store, [put.record for put in batch])


def put_records(store: Store, records: list[Record], checked: bool) -> list[RecordChange]:
    """What ``apply_ops`` does for ``PutRecords.plan``: runs of one kind in one batch."""
    changes: list[RecordChange] = []
    for _, group in itertools.groupby(records, key=lambda record: record.KIND):
        batch = list(group)
        if not checked:
            for record in batch:
                rules.check(record)
        changes.extend(_store_batch(store, batch))
    return changes


def _store_batch(store: Store, records: list[Record]) -> list[RecordChange]:
    """Write checked records of one kind, keeping each one's before image for undo."""
    kind = records[0].KIND
    befores = store.get_many(kind, [r.id for r in records])
    for record in records:
        immutable.guard(befores.get(record.id), record)
    store.put_many(records)
    return [RecordChange(kind, r.id, befores.get(r.id), r) for r in records]
