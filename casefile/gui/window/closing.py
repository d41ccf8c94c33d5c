"""Closing a case: the file is left whole at once, the digest that vouches for it is taken
in the background.

A clean close ends with a digest of every b-tree page (``storage.trust``), so the next
opening can skip the page-by-page check: about 1 s at 200,000 snippets and 5 s at a million,
which froze the window when a case was closed, another opened or the window closed. The
case is still closed on the GUI thread (what is typed is committed, the log folded into the
file, the connection closed: from then on no edit can be lost), and the digest runs in the
background helper while the window goes on; the status bar says so.

Opening the same file again waits for its digest, and closing the window waits for all of
them, the window live, with a progress dialog "Closing the case…" when it takes a moment.
Its Cancel stops the digest: the file is then not vouched for, and its next opening checks
every page. A file changed after the close is never
vouched for (``CleanClose`` compares it with the close), nor is a case killed mid-digest.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from casefile.core.errors import CaseError
from casefile.gui.common import background
from casefile.storage.trust import CleanClose, DigestCancelled

STATUS_MS = 5_000


class Closings(QObject):
    """The digests of the cases this window closed, still being taken.

    The operations are children of this object, not of the window: closing the next case
    stops the window's work (``background.stop_all``) but not these."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.running: dict[background.BackgroundOp[bool], CleanClose] = {}
        self.waiter: background.BackgroundOp[None] | None = None

    def close(self, case: Any) -> None:
        """Close ``case`` (every write in the file) and take its digest in the background."""
        closed: CleanClose | None = case.close_unvouched()
        if closed is None:
            return
        message = f"Closing {closed.path.name}…"

        def work(op: background.BackgroundOp[bool]) -> bool:
            try:
                return closed.vouch(op.cancelled, op.report)
            except DigestCancelled:
                raise background.OperationCancelled("Not vouched for.") from None

        op = background.BackgroundOp(self, message, work, show_after_ms=None)
        self.running[op] = closed
        self.window.statusBar().showMessage(message)
        op.start(lambda outcome: self._done(op, message, outcome))

    def _done(self, op: Any, message: str, outcome: background.Outcome[bool]) -> None:
        closed = self.running.pop(op)
        bar = self.window.statusBar()
        if bar.currentMessage() == message:  # not the message of a case opened since
            bar.showMessage(f"{closed.path.name} is closed.", STATUS_MS)
        error = outcome.error
        if error is not None and not isinstance(error, (CaseError, OSError)):
            raise error  # a bug; failing to vouch is otherwise only a slower next opening

    def finish(self, path: Path | None = None) -> bool:
        """Wait until the digests of closed cases (of the file at ``path`` only, if given)
        are taken, the window live; False when the user cancelled (not vouched for)."""
        ops = [op for op, c in self.running.items() if path is None or _same(c.path, path)]
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
                op.wait()  # stops its digest: nothing is recorded
            return False
        finally:
            self.waiter = None
        return True


def _same(a: Path, b: Path) -> bool:
    """The same file: by name, or by inode (a hard link)."""
    try:
        return a.resolve() == Path(b).resolve() or os.path.samefile(a, b)
    except OSError:
        return False
