"""The gap checks of an open case, counted first and read a page at a time as rows are shown.

Each check is counted by one SQL query (``storage.gap_queries``) and its first page of ids
read; further pages are read as the list is scrolled, so a million-snippet case never
lists its 800,000 unused snippets at once. Labels are read when a row is shown; after a
change the counts and pages are simply read again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from casefile.core import gaps
from casefile.core.commands import Change
from casefile.core.model import Kind, Record, Relationship, label
from casefile.gui.common.text import one_line
from casefile.storage import gap_queries

GAP_KINDS: tuple[Kind, ...] = ("entity", "relationship", "source", "snippet", "claim")
PAGE = 200
"""Rows read at a time as the list is scrolled."""
WHOLE_UP_TO = 2000
"""A check finding this many or fewer is read whole at once (its rows may lie far apart)."""
LABELS_AHEAD = 50
"""Labels of each check's first rows read with its count (the first screen needs them)."""


def touches_gaps(change: Change) -> bool:
    """Whether a committed change touched a record any check looks at."""
    return any(rc.kind in GAP_KINDS for rc in change.records)


@dataclass
class GapGroup:
    """One check's findings: how many, and the ids read so far (in storage order)."""

    check: str
    kind: Kind
    count: int
    ids: list[str] = field(default_factory=list)
    after: int = 0  # storage position of the last id read

    @property
    def complete(self) -> bool:
        return len(self.ids) >= self.count

    def add(self, rows: list[tuple[int, str]]) -> None:
        self.ids += [ident for _pos, ident in rows]
        if rows:
            self.after = rows[-1][0]
        else:  # the case changed under the count: nothing more to read
            self.count = len(self.ids)


class GapResult:
    """The gaps found in a case at one moment: every check's count, rows read on demand."""

    def __init__(self, case: Any) -> None:
        self.case = case
        self.groups: list[GapGroup] = []  # in the order of ``gaps.CHECKS``, as they arrive
        self._labels: dict[gaps.Gap, str] = {}

    def found(self) -> list[gaps.Gap]:
        """The gaps read so far."""
        return [gaps.Gap(g.check, g.kind, i) for g in self.groups for i in g.ids]

    def total(self) -> int:
        return sum(group.count for group in self.groups)

    def read_more(self, group: GapGroup, rows: int = PAGE, *, wait: bool = True) -> bool:
        """Read the next page of one check's rows; without ``wait``, only if the case is
        free at once (False: busy, nothing read)."""
        if not self.case.lock.acquire(blocking=wait):
            return False
        try:
            if self.case.conn is None:  # closed: the panel is going away
                group.count = len(group.ids)
                return True
            more = gap_queries.page(self.case.store.conn, group.check, group.after, rows)
        finally:
            self.case.lock.release()
        group.add(more)
        return True

    def label(self, gap: gaps.Gap, *, wait: bool = True) -> str | None:
        """The item's label; without ``wait``, None while the case is busy."""
        text = self._labels.get(gap)
        if text is None:
            if not self.case.lock.acquire(blocking=wait):
                return None
            try:
                text = self._labels[gap] = self._make_label(gap)
            finally:
                self.case.lock.release()
        return text

    def _get(self, kind: Kind, ident: str) -> Record | None:
        with self.case.lock:
            if self.case.conn is None:  # closed: the panel is going away
                return None
            found: Record | None = self.case.store.get(kind, ident)
            return found

    def _make_label(self, gap: gaps.Gap) -> str:
        record = self._get(gap.kind, gap.ident)
        if record is None:
            return "(no longer in the case)"
        if isinstance(record, Relationship):
            ends = [self._get("entity", record.source), self._get("entity", record.target)]
            names = [one_line(label(e), 80) if e else "?" for e in ends]
            return f"{names[0]} — {record.type} — {names[1]}"
        return one_line(label(record), 200)


def compute_gaps(
    case: Any,
    shown: dict[str, int | None] | None = None,
    into: GapResult | None = None,
    arrived: Callable[[int], None] | None = None,
) -> GapResult:
    """Count every check and read its first page (or ``shown[check]`` rows, to keep the
    user's place) and its first rows' labels, check by check into ``into`` (a window shows
    each as it arrives); each check holds the case lock only for its own queries;
    ``arrived(n)`` after each check."""
    result = into if into is not None else GapResult(case)
    for check in gaps.CHECKS:
        with case.lock:
            number = gap_queries.count(case.store.conn, check)
            group = GapGroup(check, gap_queries.QUERIES[check][0], number)
            had = (shown or {}).get(check, 0)
            if number:
                whole = had is None or number <= WHOLE_UP_TO
                result.read_more(group, number if whole else max(PAGE, had or 0))
                for ident in group.ids[:LABELS_AHEAD]:
                    result.label(gaps.Gap(check, group.kind, ident))
        result.groups.append(group)
        if arrived is not None:
            arrived(len(result.groups))
    return result
