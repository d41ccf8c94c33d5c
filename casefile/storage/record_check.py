"""The rules every record must follow, checked over a whole case file (one set of rules).

A case file can come from someone else, or from an older or damaged program: ``casefile
check`` must find in it whatever ``casefile import`` would refuse in a package — dates like
``2025-13-45``, page starts that are not numbers, chart positions that are not finite,
grades out of range — so that ``export`` never writes a package ``import`` refuses and
``brief`` never stops on a record it cannot read. The same ``core.rules`` run here as on
every import and every command.
"""

from __future__ import annotations

from collections.abc import Iterator

from casefile.core import rules
from casefile.core.errors import ValidationError
from casefile.core.model import KINDS, Kind, Record
from casefile.storage.case import Case
from casefile.storage.engine import sqlite3

_CHUNK = 500
_UNREADABLE = (ValueError, TypeError, KeyError, sqlite3.Error)


def rule_problems(case: Case, limit: int = 50) -> list[str]:
    """Records that break a rule (or cannot be read at all), one line each."""
    out: list[str] = []
    with case.lock:
        for kind in KINDS:
            for ident, record, error in _records(case, kind):
                problem = error or _broken_rule(record)
                if problem:
                    out.append(f"{kind} {ident}: {problem}")
                    if len(out) >= limit:
                        return out
    return out


def _broken_rule(record: Record | None) -> str | None:
    if record is None:
        return "cannot be read"
    try:
        rules.check(record)
    except ValidationError as err:
        return str(err)
    return None


def _records(case: Case, kind: Kind) -> Iterator[tuple[str, Record | None, str | None]]:
    """(id, record or None, why it could not be read) for every record of ``kind``."""
    ids = case.store.ids(kind)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        try:
            found = case.store.get_many(kind, chunk)
        except _UNREADABLE:
            found = {}
            for ident in chunk:  # find which one cannot be read
                try:
                    found.update(case.store.get_many(kind, [ident]))
                except _UNREADABLE as err:
                    yield ident, None, f"cannot be read ({type(err).__name__}: {err})"
        for ident in chunk:
            if ident in found:
                yield ident, found[ident], None
