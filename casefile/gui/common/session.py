"""One open case in the window: the only write path (push) and change notifications."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from casefile.core.commands import Change, Command
from casefile.core.errors import CaseError
from casefile.core.model import Kind
from casefile.gui.common import background
from casefile.gui.common.undo import ChangeCommand

LARGE_STEP = 200
"""Undo or redo of a step writing at least this many record changes runs in a worker."""


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
        self.busy = False  # a large undo or redo is running in a worker
        self.closing = False  # ``stop`` was called: the case is about to close
        self.writing = False  # a worker holds the case (views show what they hold, read later)
        self.after_writing: list[Callable[[], None]] = []
        self.step: background.BackgroundOp[Change] | None = None
        self.before_write: Callable[[], bool] | None = None  # False: the change is dropped
        self._show_error = show_error
        case.subscribe(self._on_change)

    def _on_change(self, change: Change) -> None:
        self.changed.emit(change)

    def push(self, command: Command, merge_key: object = None) -> Change | None:
        """Execute ``command`` as one undoable step; on a user error show it and return None."""
        if not self.ready_to_write():
            return None
        self.settle()
        try:
            change: Change = self.case.execute(command)
        except CaseError as err:
            self._show_error(str(err))
            return None
        self._record(change, merge_key)
        return change

    def push_long(self, command: Command, label: str) -> Change | None:
        """Like ``push`` for long work: it runs in a worker while a progress dialog with
        Cancel shows ``label``; Cancel rolls it back (None is returned, nothing changed)."""
        if not self.ready_to_write():
            return None
        self.settle()
        case = self.case
        self._set_writing(True)
        try:
            change: Change = background.run_in_background(
                self._widget(), label, lambda _op: case.execute(command, notify=False),
                conn=case.conn,
            )  # fmt: skip
        except background.OperationCancelled:
            return None
        except CaseError as err:
            self._show_error(str(err))
            return None
        finally:
            self._set_writing(False)
        self.committed(change)
        return change

    # --- undo and redo: a large step runs in a worker, the window stays live ----------

    def undo(self) -> None:
        """Undo the last step; a large one in a worker (Cancel leaves the stack as it was)."""
        self._step(-1)

    def redo(self) -> None:
        """Redo the next step; a large one in a worker, like ``undo``."""
        self._step(0)

    def _step(self, offset: int) -> None:
        if self.busy:
            return  # a second press while the first step runs is ignored
        stack = self.stack
        if not (stack.canUndo() if offset else stack.canRedo()):
            return
        command = stack.command(stack.index() + offset)
        if not isinstance(command, ChangeCommand) or command.size < LARGE_STEP:
            self._move(offset)
            return
        case, change = self.case, command.change
        if offset:
            work = lambda _op: case.revert(change, notify=False)  # noqa: E731
            label = f"Undoing {command.text()}…"
        else:
            work = lambda _op: case.replay(change, notify=False)  # noqa: E731
            label = f"Redoing {command.text()}…"
        self.busy = True
        self._set_writing(True)
        self.step = background.BackgroundOp(self._widget(), label, work, conn=case.conn)
        self.step.start(lambda outcome: self._stepped(command, offset, outcome))

    def _stepped(self, command: ChangeCommand, offset: int, outcome: Any) -> None:
        """On the GUI thread: move the stack over the step the worker did, refresh views."""
        self.busy, self.step = False, None
        self._set_writing(False)
        if outcome.cancelled:
            return  # rolled back: the case and the stack are exactly as before
        if outcome.error is not None:
            if not isinstance(outcome.error, CaseError):
                raise outcome.error
            command.setObsolete(True)  # as a failed undo in the stack: the step goes
            self._show_error(str(outcome.error))
        else:
            self.case.notify(outcome.value)
        command.done_elsewhere = True
        self._move(offset)
        command.done_elsewhere = False

    def _set_writing(self, writing: bool) -> None:
        """While a worker writes, views do not wait for the case: they show what they hold
        and are told (``after_writing``) when they may read again."""
        self.writing = writing
        if not writing:
            waiting, self.after_writing = self.after_writing, []
            for again in waiting:
                again()

    def _move(self, offset: int) -> None:
        if offset:
            self.stack.undo()
        else:
            self.stack.redo()

    def ready_to_write(self) -> bool:
        """Wait for the opening check of a reopened case (``gui.window.opening_check``),
        the window live; False when it failed (the window deals with that)."""
        return self.before_write is None or self.before_write()

    def settle(self) -> None:
        """Let a large undo or redo in progress finish first (the stack must not move under
        it); the modal progress dialog makes this rare."""
        step = self.step
        if step is not None:
            step.worker.join()
            step.poll()

    def stop(self) -> None:
        """Cancel long work in progress and wait for it (before the case is closed)."""
        self.closing = True
        background.stop_all(self.parent())

    def _widget(self) -> QWidget | None:
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None

    def committed(self, change: Change, merge_key: object = None) -> None:
        """Take in a change a worker executed with ``execute(..., notify=False)``: tell the
        views (here, on the GUI thread) and make it one undo step, as ``push`` does (a later
        push with the same ``merge_key`` joins that step)."""
        self.settle()
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
