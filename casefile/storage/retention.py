"""How many backups of a case to keep: all recent ones, then one per day, week and month.

Like Anki's: everything from the last day, then the newest of each day, week and month
for a while, under a size cap (the newest backup is always kept, whatever its size).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


class Dated(Protocol):
    """A backup as the policy sees it."""

    @property
    def path(self) -> Path: ...
    @property
    def created(self) -> dt.datetime: ...
    @property
    def size(self) -> int: ...


@dataclass(frozen=True)
class Retention:
    """How many backups to keep: all recent ones, then one per day, week and month."""

    recent_hours: float = 24
    daily: int = 14
    weekly: int = 8
    monthly: int = 12
    max_bytes: int = 2_000_000_000


def choose_kept(backups: Sequence[Dated], now: dt.datetime, retention: Retention) -> set[Path]:
    """Which backups to keep: dense recent ones, then daily, weekly, monthly, under a cap."""
    newest_first = sorted(backups, key=lambda b: b.created, reverse=True)
    keep: set[Path] = set()
    recent = now - dt.timedelta(hours=retention.recent_hours)
    keep.update(b.path for b in newest_first if b.created >= recent)
    older = [b for b in newest_first if b.created < recent]
    for count, bucket in (
        (retention.daily, _day),
        (retention.weekly, _week),
        (retention.monthly, _month),
    ):
        keep.update(_newest_per_bucket(older, bucket, count))
    return _under_cap([b for b in newest_first if b.path in keep], retention.max_bytes)


def _newest_per_bucket(
    newest_first: Iterable[Dated], bucket: Callable[[dt.datetime], tuple[int, ...]], count: int
) -> set[Path]:
    seen: dict[tuple[int, ...], Path] = {}
    for backup in newest_first:
        key = bucket(backup.created)
        if key not in seen:
            if len(seen) >= count:
                break
            seen[key] = backup.path
    return set(seen.values())


def _day(when: dt.datetime) -> tuple[int, ...]:
    return (when.year, when.month, when.day)


def _week(when: dt.datetime) -> tuple[int, ...]:
    year, week, _ = when.isocalendar()
    return (year, week)


def _month(when: dt.datetime) -> tuple[int, ...]:
    return (when.year, when.month)


def _under_cap(newest_first: Sequence[Dated], max_bytes: int) -> set[Path]:
    kept: set[Path] = set()
    total = 0
    for index, backup in enumerate(newest_first):
        if index > 0 and total + backup.size > max_bytes:
            continue  # the newest backup is always kept, whatever its size
        kept.add(backup.path)
        total += backup.size
    return kept
