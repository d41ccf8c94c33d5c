"""Finding duplicate suggestions for a whole case, on the spot or in a worker thread."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject

from casefile.core import duplicates
from casefile.core.model import Entity
from casefile.gui.common.background import BackgroundOp, Outcome
from casefile.gui.common.panels import read_all
from casefile.storage import queries

Pair = frozenset[str]
Report = Callable[[str, int, int], None]


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


def start_finding(parent: QObject, case: Any, dismissed: Collection[Pair],
                  then: Callable[[Found], None], progress: Report) -> BackgroundOp[Found]:  # fmt: skip
    """``find`` in the background helper: ``progress(what, done, total)`` and ``then(found)``
    on the GUI thread (a stopped or failed check gives an empty ``Found`` with a message)."""
    frozen = frozenset(dismissed)

    def work(op: BackgroundOp[Found]) -> Found:
        def tell(what: str, done: int, total: int) -> None:
            op.check()
            op.report(done, total, what)

        return find(case, frozen, tell)

    def ended(outcome: Outcome[Found]) -> None:
        if outcome.value is not None:
            then(outcome.value)
            return
        message = "Stopped." if outcome.cancelled else f"The check stopped: {outcome.error}"
        then(Found([], {}, {}, 0, 0, 0.0, message))

    job: BackgroundOp[Found] = BackgroundOp(parent, "Looking for duplicates…", work,
                                            show_after_ms=None)  # fmt: skip
    job.progress = (0, 0, "Reading names")
    job.start(ended, lambda done, total, what: progress(what, done, total))
    return job
