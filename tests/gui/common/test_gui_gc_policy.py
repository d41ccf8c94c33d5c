"""Garbage is collected on the GUI thread only, so worker threads never destroy Qt objects."""

from __future__ import annotations

import gc
import threading

from casefile.gui.common import gc_policy


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_collection_happens_on_the_gui_thread_not_in_workers(qapp, qtbot) -> None:
    """A worker allocating heavily never triggers a collection; the GUI timer does it."""
    collector = gc_policy.install(qapp)
    assert gc_policy.install(qapp) is collector and not gc.isenabled()
    threads: list[str] = []

    def note(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            threads.append(threading.current_thread().name)

    gc.callbacks.append(note)
    try:
        worker = threading.Thread(
            target=lambda: [_Cycle() for _ in range(50_000)], name="worker", daemon=True
        )
        worker.start()
        worker.join()
        assert "worker" not in threads
        qtbot.waitUntil(lambda: bool(threads), timeout=3000)
        assert set(threads) == {threading.current_thread().name}
    finally:
        gc.callbacks.remove(note)


def test_nothing_is_collected_while_long_work_runs(qapp, qtbot) -> None:
    """While long work runs the window never pauses to collect: what is alive is frozen
    (no object visited); once the work has ended it is thawed and collections resume."""
    from casefile.gui.common.background import BackgroundOp

    collector = gc_policy.install(qapp)
    generations: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            generations.append(info["generation"])

    release = threading.Event()
    at_end: list[tuple[list[int], int]] = []
    op = BackgroundOp(None, "Working…", lambda _op: release.wait(10), show_after_ms=None)
    gc.callbacks.append(note)
    try:
        op.start(then=lambda _outcome: at_end.append((list(generations), gc.get_freeze_count())))
        kept = [[] for _ in range(5_000)]  # a collection is due
        assert collector.collect_if_due() == -1 and gc.get_freeze_count() >= len(kept)
        qtbot.wait(2 * gc_policy.INTERVAL_MS)  # the collector's own timer fires during the work
        release.set()
        qtbot.waitUntil(lambda: bool(at_end))
        assert at_end[0][0] == [] and at_end[0][1] >= len(kept)
        more = [[] for _ in range(5_000)]
        collector.collect_if_due()
        assert gc.get_freeze_count() == 0 and generations and len(more) == len(kept)
    finally:
        gc.callbacks.remove(note)
        gc.unfreeze()
