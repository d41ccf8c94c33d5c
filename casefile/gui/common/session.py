"""One open case in the window: the only write path (push) and change notifications."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from casefile.core.commands import Change, Command
from casefile.core.errors import CaseError
from casefile.core.model import Kind
from casefile.gui.common.undo import ChangeCommand


class Session(QObject):
    """Holds the open case and its undo stack; every change goes through ``push``.

    ``changed`` is emitted with each committed ``Change`` (do, undo and redo alike), so views
    refresh from the change summary. ``navigate`` asks the window to show a record.
    """

    changed = Signal(object)
    navigate = Signal(str, str)

    def __init__(self, case: Any, show_error: Callable[[str], None], parent: QObject | None = None):
        super().__init__(parent)
        self.case = case
        self.stack = QUndoStack(self)
        self._show_error = show_error
        case.subscribe(self._on_change)

    def _on_change(self, change: Change) -> None:
        self.changed.emit(change)

    def push(self, command: Command, merge_key: object = None) -> Change | None:
        """Execute ``command`` as one undoable step; on a user error show it and return None."""
        try:
            change: Change = self.case.execute(command)
        except CaseError as err:
            self._show_error(str(err))
            return None
        self._record(change, merge_key)
        return change

    def push_long(
        self, command: Command, run: Callable[[Callable[[], Change]], Change]
    ) -> Change | None:
        """Like ``push`` for long work: ``run`` executes it off the GUI thread with progress."""
        try:
            change = run(lambda: self.case.execute(command))
        except CaseError as err:
            self._show_error(str(err))
            return None
        self._record(change)
        return change

    def committed(self, change: Change, merge_key: object = None) -> None:
        """Take in a change a worker executed with ``execute(..., notify=False)``: tell the
        views (here, on the GUI thread) and make it one undo step, as ``push`` does (a later
        push with the same ``merge_key`` joins that step)."""
        self.case.notify(change)
        self._record(change, merge_key)

    def _record(self, change: Change, merge_key: object = None) -> None:
        if not change.empty:
            self.stack.push(ChangeCommand(self.case, change, self._undo_failed, merge_key))

    def _undo_failed(self, err: CaseError) -> None:
        self._show_error(str(err))

    def get(self, kind: Kind, ident: str) -> Any:
        """The record, or None when it is no longer in the case."""
        return self.case.get(kind, ident)

    def query(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run a ``casefile.storage.queries`` function on the case connection, under its lock."""
        with self.case.lock:
            return function(self.case.conn, *args, **kwargs)

    def show_error(self, message: str) -> None:
        self._show_error(message)
