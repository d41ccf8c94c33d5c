"""Commands on the undo stack: each wraps one executed case change (undo = revert, redo = replay)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from casefile.core.commands import Change
from casefile.core.errors import CaseError

MERGE_ID = 4242
ErrorHandler = Callable[[CaseError], None]


class ChangeCommand(QUndoCommand):
    """An already executed change: the first redo does nothing, later ones replay it.

    Commands with the same ``merge_key`` that follow each other coalesce into one undo step
    (typing in one field); their changes are combined with ``Change.merged``.
    """

    def __init__(
        self, case: Any, change: Change, on_error: ErrorHandler, merge_key: object = None
    ) -> None:
        super().__init__(change.action)
        self.case = case
        self.change = change
        self.merge_key = merge_key
        self._on_error = on_error
        self._done = True
        self.done_elsewhere = False  # the next undo/redo already ran in a worker (Session)

    def id(self) -> int:
        return MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, ChangeCommand) or other.merge_key != self.merge_key:
            return False
        self.change = self.change.merged(other.change)
        return True

    def redo(self) -> None:
        if self._done or self.done_elsewhere:
            self._done = self.done_elsewhere = False
            return
        self._run(self.case.replay, self.change)

    def undo(self) -> None:
        if self.done_elsewhere:
            self.done_elsewhere = False
            return
        self._run(self.case.revert, self.change)

    @property
    def size(self) -> int:
        """How many record changes undoing or redoing this step writes."""
        return len(self.change.records)

    def _run(self, action: Callable[[Change], Any], change: Change) -> None:
        try:
            action(change)
        except CaseError as err:
            self.setObsolete(True)
            self._on_error(err)
