"""The clean-close check of a reopened case, run while the window already shows the case.

A case this program closed cleanly opens at once (``open_case(..., defer_check=True)``);
the comparison of its b-tree digest (``storage.opening_check``) runs in the background
helper. Until it has passed, saving and search wait for it (nothing is written to the case
and its search index is not read); when it fails, the case is closed and opened again the
usual way, which checks every page: the user gets what an opening that compared the digest
first would have given (a refusal in words and the offer of a backup, or the case with its
search index rebuilt).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer

from casefile.core.errors import CaseError
from casefile.gui.common import background
from casefile.storage.opening_check import ChangedSinceCloseError
from casefile.storage.trust import DigestCancelled

STATUS_MS = 10_000


class OpeningChecks(QObject):
    """Runs the check of each case the window opens before its digest was compared."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.op: background.BackgroundOp[None] | None = None
        self.case: Any = None
        self.waiting = 0  # writes waiting for the check (they handle its failure)
        self.failing: Any = None  # the case whose failed check is being dealt with
        window.case_opened.connect(self.on_opened)
        window.case_closed.connect(self.on_closed)

    def on_opened(self, case: Any) -> None:
        if not case.check_pending or self.window.session is None:
            return
        self.case = case
        self.window.session.before_write = self.before_write
        name = case.path.name if case.path else "the case"
        self.window.statusBar().showMessage(
            f"Checking that {name} is as casefile left it; saving and search wait for it…"
        )

        def work(op: background.BackgroundOp[None]) -> None:
            try:
                case.confirm_opening(op.cancelled)
            except DigestCancelled:
                raise background.OperationCancelled("Cancelled: nothing was changed.") from None

        self.op = background.BackgroundOp(
            self.window, f"Checking {name}…", work, show_after_ms=None
        )
        self.op.start(lambda outcome: self._done(case, outcome))

    def on_closed(self) -> None:
        self.case = None  # a check still running was cancelled with the case's other work

    def _done(self, case: Any, outcome: background.Outcome[None]) -> None:
        self.op = None
        if outcome.cancelled or case is not self.window.case:
            return  # the case was closed meanwhile
        if outcome.error is None:
            self.window.statusBar().showMessage(
                "Checked: the case is as casefile left it.", STATUS_MS
            )
            return
        if self.waiting == 0:
            self._failed(case, outcome.error)

    def before_write(self) -> bool:
        """Wait (the window stays live) until the check has passed; False when it failed."""
        case = self.case
        if case is None or not case.check_pending:
            return True
        name = case.path.name if case.path else "the case"
        self.waiting += 1
        try:
            background.run_in_background(
                self.window, f"Checking {name} before saving…",
                lambda _op: case.confirm_opening(), cancellable=False,
            )  # fmt: skip
        except CaseError as err:
            error = err
            QTimer.singleShot(0, lambda: self._failed(case, error))
            return False
        finally:
            self.waiting -= 1
        return True

    def _failed(self, case: Any, error: BaseException) -> None:
        """Close the case; a file changed since its clean close is opened again the usual
        way (every page checked), any other failure is shown in words. Once per case: closing
        it ends the check, whose end (the same failure) may come in meanwhile."""
        if case is not self.window.case or case is self.failing:
            return
        path = Path(case.path)
        self.failing = case
        try:
            self.window.close_case()
        finally:
            self.failing = None
        if isinstance(error, ChangedSinceCloseError):
            self.window.open_path(path)
        elif isinstance(error, CaseError):
            self.window.show_error(str(error))
        else:
            raise error


def install(window: Any) -> None:
    """Open cleanly closed cases at once and check them in the background."""
    window.opening_checks = OpeningChecks(window)
