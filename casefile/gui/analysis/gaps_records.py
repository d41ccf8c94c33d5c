"""The gap checks of an open case, run as SQL queries; labels are read when a row is shown.

The checks read only ids through the tables' indexes (``storage.gap_queries``), so checking
a 200,000-snippet case costs a few queries, not reading and building every record; after a
change the queries simply run again.
"""

from __future__ import annotations

from typing import Any

from casefile.core import gaps
from casefile.core.commands import Change
from casefile.core.model import Kind, Record, Relationship, label
from casefile.gui.common.text import one_line
from casefile.storage import gap_queries

GAP_KINDS: tuple[Kind, ...] = ("entity", "relationship", "source", "snippet", "claim")


def touches_gaps(change: Change) -> bool:
    """Whether a committed change touched a record any check looks at."""
    return any(rc.kind in GAP_KINDS for rc in change.records)


class GapResult:
    """The gaps found in a case at one moment; labels are read from the case when shown."""

    def __init__(self, found: list[gaps.Gap], case: Any) -> None:
        self.gaps = found
        self.case = case
        self._labels: dict[gaps.Gap, str] = {}

    def label(self, gap: gaps.Gap) -> str:
        text = self._labels.get(gap)
        if text is None:
            text = self._labels[gap] = self._make_label(gap)
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


def compute_gaps(case: Any) -> GapResult:
    """Every gap of the case, read afresh (each check holds the case lock only for its query)."""
    return GapResult(gap_queries.find_gaps(case.store.conn, case.lock), case)
