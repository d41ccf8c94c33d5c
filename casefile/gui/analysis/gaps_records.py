"""The records the gap checks read, kept in memory and updated from each change summary.

A large case is read once (in the background); after that every change only updates the
copy, so rechecking 200,000 snippets costs the checks themselves, not a second full read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QObject

from casefile.core import gaps
from casefile.core.commands import Change
from casefile.core.model import Claim, Entity, Kind, Record, Relationship, Snippet, Source, label
from casefile.gui.common.panels import read_all
from casefile.gui.common.polled_job import PolledJob
from casefile.gui.common.text import one_line

GAP_KINDS: tuple[Kind, ...] = ("entity", "relationship", "source", "snippet", "claim")
Records = dict[Kind, dict[str, Record]]


def read_records(case: Any) -> Records:
    """Every record the checks look at, by kind and id."""
    return {kind: {r.id: r for r in read_all(case, kind)} for kind in GAP_KINDS}


def apply_change(records: Records, change: Change) -> bool:
    """Bring the copy up to date with a committed change; True when it touched the copy."""
    touched = False
    for rc in change.records:
        if rc.kind not in records:
            continue
        touched = True
        if rc.after is None:
            records[rc.kind].pop(rc.ident, None)
        else:
            records[rc.kind][rc.ident] = rc.after
    return touched


def snapshot(records: Records) -> Records:
    """A copy whose dictionaries later changes do not touch (records are immutable)."""
    return {kind: dict(rows) for kind, rows in records.items()}


def _only(rows: Iterable[Record], cls: type[Any]) -> list[Any]:
    return [r for r in rows if isinstance(r, cls)]


class GapResult:
    """The gaps found in one copy of the records; labels are made when a row is shown."""

    def __init__(self, records: Records) -> None:
        self.records = records
        self.gaps = gaps.find_gaps(
            _only(records["entity"].values(), Entity),
            _only(records["relationship"].values(), Relationship),
            _only(records["source"].values(), Source),
            _only(records["snippet"].values(), Snippet),
            _only(records["claim"].values(), Claim),
        )
        self._labels: dict[gaps.Gap, str] = {}

    def label(self, gap: gaps.Gap) -> str:
        text = self._labels.get(gap)
        if text is None:
            text = self._labels[gap] = self._make_label(gap)
        return text

    def _make_label(self, gap: gaps.Gap) -> str:
        record = self.records[gap.kind].get(gap.ident)
        if record is None:
            return "(no longer in the case)"
        if isinstance(record, Relationship):
            people = self.records["entity"]
            ends = [people.get(record.source), people.get(record.target)]
            names = [one_line(label(e), 80) if e else "?" for e in ends]
            return f"{names[0]} — {record.type} — {names[1]}"
        return one_line(label(record), 200)


def compute_gaps(case: Any) -> GapResult:
    """Every gap of the case, read afresh (the brief and tests; the panel keeps a copy)."""
    return GapResult(read_records(case))


class GapsJob(PolledJob):
    """Checks a copy of the records in a worker (reading the case first if there is none).

    ``result`` is (records read or None, GapResult or None).
    """

    def __init__(self, parent: QObject, case: Any, records: Records | None) -> None:
        super().__init__(parent, "casefile-gaps", ())
        self.case, self.records = case, records

    def work(self) -> tuple[Any, ...]:
        if self.records is not None:
            return (None, GapResult(self.records))
        records = read_records(self.case)
        return (records, GapResult(snapshot(records)))

    def failure(self, err: Exception) -> tuple[Any, ...]:
        return (None, None)  # the case closed meanwhile: nothing to show
