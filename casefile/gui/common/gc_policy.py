"""Python's cyclic garbage collector runs on the GUI thread only, from a timer.

A collection runs in whichever thread happens to allocate when a threshold is crossed. If
that is a worker (rendering a brief, capturing files, checking gaps) and the garbage holds
Qt wrappers, Qt objects are destroyed from the wrong thread and the program crashes (seen
in the brief export). So automatic collection is switched off and this timer collects on
the GUI thread, by the same generation thresholds Python would use.

While long work runs in the background helper, nothing is collected: a worker reading a
large case makes millions of objects, and every collection walks the young ones again (a
brief's export stalled the window 100-650 ms at each young collection, for seconds at a
time at each full one). Instead, when a collection is due, everything alive is moved out of
the collector's sight (``gc.freeze``, which costs nothing: no object is visited); once the
work has ended it is put back in the oldest generation (``gc.unfreeze``), where the next
full collection (when due) finds whatever garbage cycles the work left.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

from casefile.gui.common import background

INTERVAL_MS = 300
_installed: dict[int, GuiThreadCollector] = {}


class GuiThreadCollector(QObject):
    """Collects garbage on the GUI thread when Python's thresholds say it is due."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.frozen = False
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.collect_if_due)
        self.timer.start()

    def collect_if_due(self) -> int:
        """Collect the oldest generation that is due; return it (-1 when none was or while
        long work runs: then what is alive is frozen instead)."""
        counts = gc.get_count()
        due = -1
        for generation, (count, threshold) in enumerate(zip(counts, self.thresholds, strict=True)):
            if threshold and count > threshold:
                due = generation
            else:
                break
        if background.running():
            if due >= 0:
                gc.freeze()  # no object is visited: nothing for the window to wait for
                self.frozen = True
            return -1
        if self.frozen:
            gc.unfreeze()  # back in the oldest generation, for the next full collection
            self.frozen = False
        if due >= 0:
            gc.collect(due)
        return due


def install(app: QObject) -> GuiThreadCollector:
    """Switch collection to the GUI thread for this application (once per application)."""
    key = id(app)
    collector = _installed.get(key)
    if collector is None:
        collector = GuiThreadCollector(app)
        _installed[key] = collector
        collector.destroyed.connect(lambda *_: _installed.pop(key, None))
    gc.disable()
    return collector
