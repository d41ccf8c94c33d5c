"""A bound on what the brief lays out per field: a 5-million-character field is cut, saying so.

Laying text out costs time in proportion to its length; one enormous field (a pasted blob in a
snippet's location, a hash list in a note) would keep the export busy for minutes. Each text
field the brief prints is cut at ``FIELD_LIMIT`` characters, followed by a note giving the
field's full length, so a brief of any case finishes; the case itself is not changed.
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Iterator, Sequence
from dataclasses import fields, replace
from typing import Any, TypeVar

from casefile.core.model import EvidenceLink, Source

FIELD_LIMIT = 100_000
"""Characters of one field the brief prints at most."""

NOT_PRINTED: dict[type, frozenset[str]] = {Source: frozenset({"text", "pages"})}
"""Fields the brief never prints (a source's full text is embedded, not laid out)."""

R = TypeVar("R")

SLICE = 2_000
"""Records checked in one C-level pass. The interpreter switches threads only between Python
steps, so one pass over all of a large case's records kept every other thread waiting, the
window's included: a brief's export froze the window for 0.25-0.45 s at 200,000 quotes while
its worker checked them. A slice takes about 3 ms; the window waits for such a step each time
it takes the interpreter back (several times a turn), so a step must stay short."""


def cut_text(text: str) -> str:
    """``text`` as printed: whole, or its first ``FIELD_LIMIT`` characters and a note."""
    if len(text) <= FIELD_LIMIT:
        return text
    return (
        f"{text[:FIELD_LIMIT]}… [cut by casefile: this field holds {len(text):,} characters; "
        f"the brief prints the first {FIELD_LIMIT:,}]"
    )


def is_cut(text: str | None) -> bool:
    return text is not None and len(text) > FIELD_LIMIT


_TEXTS = frozenset({"str", "str | None", "tuple[str, ...]"})
_NOTE = operator.attrgetter("note")


@functools.cache
def _printed(cls: type) -> tuple[tuple[str, bool], ...]:
    """The fields of a record class the brief prints, each with whether it holds only text."""
    skip = NOT_PRINTED.get(cls, frozenset())
    return tuple((f.name, str(f.type) in _TEXTS) for f in fields(cls) if f.name not in skip)


_Plan = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


@functools.cache
def _text_fields(cls: type) -> _Plan | None:
    """The printed fields of a record class that hold text, those that hold tuples of texts
    and those that hold evidence links (whose notes are printed); None when it prints a field
    of another kind (such records take the general path)."""
    texts: list[str] = []
    lists: list[str] = []
    links: list[str] = []
    for f in fields(cls):
        if f.name in NOT_PRINTED.get(cls, frozenset()):
            continue
        kind = str(f.type)
        if kind in ("str", "str | None"):
            texts.append(f.name)
        elif kind == "tuple[str, ...]":
            lists.append(f.name)
        elif kind == "tuple[EvidenceLink, ...]":
            links.append(f.name)
        elif kind not in _NO_TEXT:
            return None
    return tuple(texts), tuple(lists), tuple(links)


def _all_short(records: Sequence[Any], cls: type) -> bool:
    """Whether no record (all of class ``cls``) has a printed field to cut, checked over all
    the records at once (C-level loops: about 0.25 s for 200,000 quotes)."""
    plan = _text_fields(cls)
    if plan is None:
        return False
    texts, lists, links = plan
    chain = itertools.chain.from_iterable
    try:
        if max(map(len, filter(None, _values(records, texts))), default=0) > FIELD_LIMIT:
            return False
        if max(map(len, chain(_values(records, lists))), default=0) > FIELD_LIMIT:
            return False
        # a link's note is printed (its snippet id and stance are not)
        notes = filter(None, map(_NOTE, chain(_values(records, links))))
        if max(map(len, notes), default=0) > FIELD_LIMIT:
            return False
    except (TypeError, AttributeError):  # not texts after all: the general path decides
        return False
    return True


def _values(records: Sequence[Any], names: tuple[str, ...]) -> Iterator[Any]:
    """The values of these fields of every record, one after the other."""
    if not names:
        return iter(())
    if len(names) == 1:
        return map(operator.attrgetter(names[0]), records)
    return itertools.chain.from_iterable(map(operator.attrgetter(*names), records))


_NO_TEXT = frozenset({"int", "int | None", "float", "bool", "tuple[int, int] | None",
                      "tuple[float, float] | None", "tuple[int, ...]"})  # fmt: skip
"""Field types that cannot hold text (nothing to cut)."""


def bounded(record: R) -> R:
    """The record with every printed text field bounded (the same object when none is long)."""
    if _all_short((record,), type(record)):
        return record
    changes: dict[str, Any] = {}
    for name, texts in _printed(type(record)):  # type: ignore[arg-type]
        value = getattr(record, name)
        if value is None or (texts and _short(value)):
            continue  # the common case, cheaply
        new = _bounded_value(value)
        if new is not value:
            changes[name] = new
    return replace(record, **changes) if changes else record  # type: ignore[type-var]


def _short(value: Any) -> bool:
    """Whether a text, or a tuple of texts, has nothing to cut."""
    if value.__class__ is str:
        return len(value) <= FIELD_LIMIT
    try:
        return value.__class__ is tuple and max(map(len, value), default=0) <= FIELD_LIMIT
    except TypeError:  # not texts after all: the general path decides
        return False


def _bounded_value(value: Any) -> Any:
    if isinstance(value, str):
        return cut_text(value) if len(value) > FIELD_LIMIT else value
    if isinstance(value, tuple) and value:
        if all(_bounded_value(v) is v for v in value):
            return value
        return tuple(_bounded_value(v) for v in value)
    if isinstance(value, EvidenceLink) and value.note and len(value.note) > FIELD_LIMIT:
        return replace(value, note=cut_text(value.note))
    return value


def bounded_all(records: tuple[R, ...]) -> tuple[R, ...]:
    """Every record bounded; the same tuple when nothing needed cutting. Records are checked
    ``SLICE`` at a time (see there); only a thousand holding a long field is bounded record
    by record."""
    out: list[R] = []
    same = True
    for start in range(0, len(records), SLICE):
        chunk = records[start : start + SLICE]
        checked = _bounded_slice(chunk)
        same = same and checked is chunk
        out.extend(checked)
    return records if same else tuple(out)


def _bounded_slice(records: tuple[R, ...]) -> tuple[R, ...]:
    kinds = set(map(type, records))
    kind = kinds.pop() if len(kinds) == 1 else None
    if kind is not None and _all_short(records, kind):
        return records
    out: list[R] = []
    for start in range(0, len(records), 1000):
        chunk = records[start : start + 1000]
        if kind is not None and _all_short(chunk, kind):
            out.extend(chunk)
        else:
            out.extend(bounded(r) for r in chunk)
    return records if all(map(operator.is_, out, records)) else tuple(out)


__all__ = ["FIELD_LIMIT", "SLICE", "bounded", "bounded_all", "cut_text", "is_cut"]
