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
