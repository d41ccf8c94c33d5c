"""Closing a case: the file is left whole at once; the digest that vouches for it, and the
backup on closing, are made in the background.

A clean close ends with a digest of every b-tree page (``storage.trust``), so the next
opening can skip the page-by-page check: about 1 s at 200,000 snippets and 3–5 s at a
million. Changed work is also backed up on closing (``gui.window.backups``): a copy checked
page by page, 9 s at 200,000 snippets, 50 s at a million. Both froze the window when a case
was closed, another opened or the window closed. The case is still closed on the GUI thread
(what is typed is committed, the log folded into the file, the connection closed: from then
on no edit can be lost), then one operation of the background helper takes the digest and
makes the backup from the closed file while the window goes on; the status bar says so.

Opening the same file again waits for them, and closing the window waits for all of them,
the window live, with a progress dialog "Closing the case…" when it takes a moment. Its
Cancel stops them: the file is then not vouched for (its next opening checks every page)
and the backup is not made (the case holds every edit; the older backups stay). A file
changed after the close is never vouched for (``CleanClose`` compares it with the close),
nor is a case whose process ends mid-digest.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from casefile.core.errors import CaseError
from casefile.gui.common import background
from casefile.storage.trust import CleanClose, DigestCancelled

STATUS_MS = 5_000
Job = Callable[[Callable[[], bool]], None]


class Closings(QObject):
    """The digests (and backups) of the cases this window closed, still being made.

    The operations are children of this object, not of the window: closing the next case
    stops the window's work (``background.stop_all``) but not these."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.running: dict[background.BackgroundOp[bool], Path] = {}
        self.waiter: background.BackgroundOp[None] | None = None
        self._after: dict[int, Job] = {}

    def after_close(self, case: Any, job: Job) -> None:
        """Run ``job(cancelled)`` in the closing's operation, after the digest (the backup on
        closing: called while the case is still open)."""
        self._after[id(case)] = job

    def close(self, case: Any) -> None:
        """Close ``case`` (every write in the file); digest and back it up in the background."""
        job = self._after.pop(id(case), None)
        closed: CleanClose | None = case.close_unvouched()
        if closed is None and job is None:
            return
        path = Path(case.path)
        message = f"Closing {path.name}…"

        def work(op: background.BackgroundOp[bool]) -> bool:
            vouched = False
            try:
                if closed is not None:
                    vouched = closed.vouch(op.cancelled, op.report)
                if job is not None:
                    op.report(0, 0)  # no measure of the backup's progress: busy
                    job(op.cancelled)
            except (DigestCancelled, CaseError):
                if op.cancelled():
                    raise background.OperationCancelled("Not vouched for.") from None
                raise
            return vouched

        op = background.BackgroundOp(self, message, work, show_after_ms=None)
        self.running[op] = path
        self.window.statusBar().showMessage(message)
        op.start(lambda outcome: self._done(op, message, outcome))

    def _done(self, op: Any, message: str, outcome: background.Outcome[bool]) -> None:
        path = self.running.pop(op)
        bar = self.window.statusBar()
        error = outcome.error
        if isinstance(error, CaseError) and not outcome.cancelled:  # the backup failed
            print(f"casefile: {error}", file=sys.stderr)
            bar.showMessage(str(error), 30_000)
        elif bar.currentMessage() == message:  # not the message of a case opened since
            bar.showMessage(f"{path.name} is closed.", STATUS_MS)
        if error is not None and not isinstance(error, (CaseError, OSError)):
            raise error  # a bug; failing to vouch is otherwise only a slower next opening

    def finish(self, path: Path | None = None) -> bool:
        """Wait until the closings of cases (of the file at ``path`` only, if given) are
        done, the window live; False when the user cancelled (not vouched for)."""
        ops = [op for op, p in self.running.items() if path is None or _same(p, path)]
        if not ops:
            return True

        def wait(waiter: background.BackgroundOp[None]) -> None:
            for op in ops:
                while op.worker.is_alive():
                    waiter.check()
                    waiter.report(*op.progress[:2])
                    op.worker.join(0.05)

        self.waiter = background.BackgroundOp(self.window, "Closing the case…", wait)
        try:
            self.waiter.run()
        except background.OperationCancelled:
            for op in ops:
                op.wait()  # stops its digest or backup: nothing is recorded or kept
            return False
        finally:
            self.waiter = None
        for op in ops:  # their workers have ended: hand each outcome over now, not at a poll
            if op.outcome is None:
                op.poll()
        return True


def _same(a: Path, b: Path) -> bool:
    """The same file: by name, or by inode (a hard link)."""
    try:
        return a.resolve() == Path(b).resolve() or os.path.samefile(a, b)
    except OSError:
        return False
