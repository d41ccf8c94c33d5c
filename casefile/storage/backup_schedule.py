"""When an open case is backed up: after 30 minutes of changed work, and on close.

The scheduler only takes note of the case's changes; the window makes the backup in the
background when it is due (``gui.window.backups``), ``tick()`` and ``on_close()`` at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from casefile.core.commands import Change
from casefile.core.errors import CaseError
from casefile.storage.backups import INTERVAL_SECONDS, Backup, make_backup
from casefile.storage.case import Case
from casefile.storage.retention import Retention


class BackupScheduler:
    """Backs an open case up after 30 minutes of changed work and on close.

    It listens to the case's committed changes itself, and only takes note of them: a change
    never starts a backup. The window starts one when ``due()`` (a timer, in the background:
    ``begin``, ``backup`` in a worker, ``finished``); ``tick()`` and ``on_close()`` make one
    at once. Errors never propagate: the last one is kept in ``last_error`` for the window.
    ``dirty`` stays true until a backup holds every change: after a failed or cancelled
    backup, and after one during which the case changed (the change may be in it, or not).
    """

    def __init__(
        self,
        case: Case,
        interval: float = INTERVAL_SECONDS,
        root: Path | None = None,
        retention: Retention | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.case = case
        self.interval = interval
        self.root = root
        self.retention = retention or Retention()
        self.clock = clock
        self.last_backup_at = clock()
        self.dirty = False
        self.changes = 0  # changes noted since the case opened
        self.last_backup: Backup | None = None
        self.last_error: str | None = None
        case.subscribe(self._on_change)

    def _on_change(self, change: Change) -> None:
        self.note_change()

    def note_change(self) -> None:
        """Remember that the case changed (called in its change notification: quick)."""
        self.dirty = True
        self.changes += 1

    def due(self) -> bool:
        return self.dirty and self.clock() - self.last_backup_at >= self.interval

    def tick(self) -> Backup | None:
        """Back up now if changed work is older than the interval."""
        return self.backup_now() if self.due() else None

    def on_close(self) -> Backup | None:
        """Back up before the case is closed if anything changed since the last backup."""
        return self.backup_now() if self.dirty else None

    def backup_now(self) -> Backup | None:
        if not self.can_back_up():
            return None
        since = self.begin()
        try:
            backup = self.backup()
        except CaseError as err:
            self.finished(since, None, str(err))
            return None
        self.finished(since, backup)
        return backup

    # --- a backup in a worker: begin, backup (in the worker), finished ------------------

    def can_back_up(self) -> bool:
        return self.case.path is not None and not self.case.read_only

    def begin(self) -> int:
        """A backup starts: the changes it holds at least (pass to ``finished``)."""
        return self.changes

    def backup(self, cancelled: Callable[[], bool] | None = None) -> Backup:
        """Make the backup (in a worker: the case's lock is held a step at a time);
        ``cancelled()`` stops it (``BackupError``, nothing kept)."""
        return make_backup(self.case, self.root, self.retention, cancelled)

    def finished(self, since: int, backup: Backup | None, error: str | None = None) -> None:
        """Take in how the backup begun at ``since`` ended: ``backup`` made, or not
        (``error``, or cancelled: neither). The case stays dirty unless it was made and the
        case did not change meanwhile."""
        if backup is None:
            if error is not None:
                self.last_error = error
            return
        self.dirty = self.changes != since
        self.last_backup_at = self.clock()
        self.last_backup = backup
        self.last_error = None
