"""Finding duplicate suggestions for a whole case, on the spot or in a worker thread."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject

from casefile.core import duplicates
from casefile.core.model import Entity
from casefile.gui.common.panels import read_all
from casefile.gui.common.polled_job import PolledJob
from casefile.storage import queries

Pair = frozenset[str]
Report = Callable[[str, int, int], None]


class Stopped(Exception):
    """The user closed the view or asked again: the work is dropped."""


@dataclass(frozen=True)
class Found:
    """The groups found, the entities in them, how many records link to each, and timings."""

    clusters: list[duplicates.Cluster]
    entities: dict[str, Entity]
    links: dict[str, int]
    entity_count: int
    pair_count: int
    seconds: float
    error: str = ""


def count_links(case: Any, ids: list[str]) -> dict[str, int]:
    """Snippets, claims and relationships referring to each entity (under the case lock)."""
    with case.lock:
        return queries.entity_link_counts(case.conn, ids)


def find(case: Any, dismissed: Collection[Pair] = (), report: Report | None = None) -> Found:
    """Every group of likely duplicates in the case, without the pairs the user dismissed."""
    started = time.perf_counter()
    tell = report or (lambda _what, _done, _total: None)
    tell("Reading names", 0, 0)
    entities = [e for e in read_all(case, "entity") if isinstance(e, Entity)]
    pairs = duplicates.suggest(
        entities, progress=lambda done, total: tell("Comparing names", done, total)
    )
    pairs = [p for p in pairs if frozenset((p.first, p.second)) not in dismissed]
    clusters = duplicates.clusters(pairs)
    by_id = {e.id: e for e in entities}
    members = {i: by_id[i] for c in clusters for i in c.members}
    tell("Counting links", 0, 0)
    links = count_links(case, list(members))
    seconds = time.perf_counter() - started
    return Found(clusters, members, links, len(entities), len(pairs), seconds)


class DuplicatesJob(PolledJob):
    """``find`` in a worker; ``progress`` is (what, done, total), ``result`` is (Found,)."""

    def __init__(self, parent: QObject, case: Any, dismissed: Collection[Pair]) -> None:
        super().__init__(parent, "casefile-duplicates", ("Reading names", 0, 0))
        self.case, self.dismissed = case, frozenset(dismissed)

    def work(self) -> tuple[Any, ...]:
        return (find(self.case, self.dismissed, self._report),)

    def _report(self, what: str, done: int, total: int) -> None:
        if self.cancel_requested.is_set():
            raise Stopped
        self.report(what, done, total)

    def failure(self, err: Exception) -> tuple[Any, ...]:
        message = "" if isinstance(err, Stopped) else f"The check stopped: {err}"
        return (Found([], {}, {}, 0, 0, 0.0, message or "Stopped."),)

    def deliver(self, result: tuple[Any, ...]) -> None:
        assert self.on_done is not None
        self.on_done(result[0])
