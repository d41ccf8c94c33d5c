"""Backups in the window: automatic backups, File ▸ Restore from backup…, recovery offers.

``install(window)`` (called by app.py) backs the open case up every 30 minutes of changed
work and when it is closed, checks the stored originals by hash when a case opens, adds
File ▸ Restore from backup…, and when a case cannot be opened because it is damaged,
offers the newest backup that passes every check.

The automatic backup is one operation of the background helper, without a dialog (no one
waits for it; the status bar says when it is made or failed): the copy holds the case's lock
a step at a time (``storage.migrating.copy_database``), so the window reads and edits the
case while it runs (9 s at 200,000 snippets, 50 s at a million, which froze the window when
it ran on the GUI thread). Closing the case or the window cancels it (nothing kept; the
backup on closing is made instead, the case still dirty).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from casefile.core.errors import CaseError
from casefile.gui.common import background, dialogs
from casefile.storage import backups
from casefile.storage.backup_schedule import BackupScheduler
from casefile.storage.check import verify_originals
from casefile.storage.connection import AlreadyOpenError, passphrase_of, read_header, verify

TICK_MS = 60_000
STATUS_MS = 5_000
Ask = Callable[[QWidget, str, str], bool]
Choose = Callable[[QWidget, list[backups.Backup]], "backups.Backup | None"]


def ask_yes_no(parent: QWidget, title: str, text: str) -> bool:
    box = dialogs.message_box(parent, title, text)
    box.setIcon(QMessageBox.Icon.Question)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return bool(box.exec() == QMessageBox.StandardButton.Yes)


def choose_backup(parent: QWidget, found: list[backups.Backup]) -> backups.Backup | None:
    labels = [b.label for b in found]
    label, ok = QInputDialog.getItem(
        parent, "Restore from backup", "Backups, newest first:", labels, 0, False
    )
    return found[labels.index(label)] if ok and label in labels else None


class BackupHooks(QObject):
    """What the window does about backups; the dialogs can be replaced (tests)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.scheduler: BackupScheduler | None = None
        self.op: background.BackgroundOp[backups.Backup] | None = None  # the automatic one
        self.ask: Ask = ask_yes_no
        self.choose: Choose = choose_backup
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        window.case_opened.connect(self.on_opened)
        window.case_closed.connect(self.on_closed)

    # --- automatic backups -------------------------------------------------------------

    def on_opened(self, case: Any) -> None:
        if case.path is not None and not case.read_only:
            self.scheduler = BackupScheduler(case)
            self.timer.start()
        QTimer.singleShot(0, lambda: self.check_originals(case))

    def tick(self) -> None:
        """Every minute: when changed work is 30 minutes old, back it up in the background
        (never two at once)."""
        scheduler = self.scheduler
        if scheduler is None or self.op is not None or not scheduler.due():
            return
        if not scheduler.can_back_up():
            return
        since = scheduler.begin()

        def work(op: background.BackgroundOp[backups.Backup]) -> backups.Backup:
            return scheduler.backup(op.cancelled)

        op = background.BackgroundOp(
            self.window, "Backing up…", work, show_after_ms=None, thread_name="casefile-backup"
        )
        self.op = op
        op.start(lambda outcome: self._backed_up(scheduler, since, op, outcome))

    def _backed_up(
        self,
        scheduler: BackupScheduler,
        since: int,
        op: background.BackgroundOp[backups.Backup],
        outcome: background.Outcome[backups.Backup],
    ) -> None:
        if self.op is op:
            self.op = None
        error = outcome.error
        if error is not None and not outcome.cancelled:
            if not isinstance(error, (CaseError, OSError)):
                raise error  # a bug
            scheduler.finished(since, None, str(error))
            if scheduler is self.scheduler:
                self._report(scheduler.last_error)
            return
        scheduler.finished(since, outcome.value)  # cancelled (no value): still dirty
        if outcome.value is not None and scheduler is self.scheduler:
            name = Path(str(scheduler.case.path)).name
            self.window.statusBar().showMessage(f"{name} is backed up.", STATUS_MS)

    def on_closed(self) -> None:
        """Changed work since the last backup: backed up from the closed file, in the
        background after its digest (``closing``); the case itself holds every edit. An
        automatic backup still running is cancelled first (nothing of it is kept)."""
        self.timer.stop()
        op = self.op
        if op is not None:
            op.wait()  # its outcome is handed over: the scheduler stays dirty
        self.op = None
        scheduler, self.scheduler = self.scheduler, None
        if scheduler is None or not scheduler.dirty or scheduler.case.path is None:
            return
        case = scheduler.case
        path, key = Path(str(case.path)), passphrase_of(case.conn)
        root, retention = scheduler.root, scheduler.retention

        def back_up(cancelled: Callable[[], bool]) -> None:
            backups.back_up_closed(path, key, root, retention, cancelled)

        self.window.closings.after_close(case, back_up)

    def _report(self, error: str | None) -> None:
        if error:
            self.window.statusBar().showMessage(error, 30_000)

    # --- evidence integrity on opening -------------------------------------------------

    def check_originals(self, case: Any) -> None:
        """Warn, per source, about stored originals that no longer match their SHA-256."""
        if self.window.case is not case:
            return
        problems = self.window.run_with_progress(
            "Checking the stored originals…", lambda: verify_originals(case)
        )
        if problems:
            lines = "\n".join(f"• {p.message}" for p in problems[:20])
            more = f"\n…and {len(problems) - 20} more." if len(problems) > 20 else ""
            self.window.show_error(
                "Some stored evidence does not match what was captured. The case opened, "
                f"but treat these sources with care:\n\n{lines}{more}"
            )

    # --- restoring -----------------------------------------------------------------------

    def restore_dialog(self) -> None:
        """File ▸ Restore from backup…: pick one of the case's backups and put it back."""
        path = Path(self.window.case.path) if self.window.case is not None else None
        if path is None:
            name, _ = QFileDialog.getOpenFileName(
                self.window, "Restore which case?", str(Path.home()), "Case files (*.casefile)"
            )
            if not name:
                return
            path = Path(name)
        found = backups.list_backups(path)
        if not found:
            self.window.show_error(f"There are no backups of {path.name} yet.")
            return
        chosen = self.choose(self.window, found)
        if chosen is None:
            return
        text = (
            f"Replace {path.name} with the backup from {chosen.label}?\n\nThe current file is "
            "kept in the backups folder, so nothing is lost."
        )
        if self.ask(self.window, "Restore from backup", text):
            self.restore(chosen, path)

    def restore(self, chosen: backups.Backup, path: Path) -> bool:
        case = self.window.case
        if case is not None and case.path and Path(case.path).resolve() == path.resolve():
            self.window.close_case()
        closings = getattr(self.window, "closings", None)
        if closings is not None:
            closings.finish(path)  # the file is replaced: not while it is being digested
        from casefile.gui.window.crypt import with_passphrase

        def restore(key: str | None) -> None:  # a backup of an encrypted case asks for its key
            backups.restore_backup(chosen.path, path, force=True, passphrase=key)

        if not with_passphrase(self.window, chosen.path.name, restore):
            return False
        return bool(self.window.open_path(path))

    def offer_after_failure(self, path: Path) -> None:
        """After a failed opening: if the file is damaged and a good backup exists, offer it."""
        if not _is_damaged(path):
            return
        good = backups.newest_good_backup(path)
        if good is None:
            return
        text = (
            f"{path.name} is damaged. The newest backup that passes every check is from "
            f"{good.label}.\n\nRestore it? The damaged file is kept in the backups folder."
        )
        if self.ask(self.window, "Restore from backup", text):
            self.restore(good, path)


def _is_damaged(path: Path) -> bool:
    """True when the file is there but fails casefile's checks (not open elsewhere)."""
    if not path.is_file():
        return False
    try:
        read_header(path)
        verify(path)
    except AlreadyOpenError:
        return False
    except CaseError as err:
        return "newer version" not in str(err)  # an old backup is no answer to that
    return False


def install(window: Any) -> None:
    """Add backups to the window (the File menu item and the hooks on opening and closing)."""
    hooks = BackupHooks(window)
    window.backups = hooks
    window.add_action("file", "Restore from &backup…", hooks.restore_dialog, needs_case=False)
    opener = window.open_path

    def open_path(path: Path) -> bool:
        opened = bool(opener(path))
        if not opened:
            hooks.offer_after_failure(Path(path))
        return opened

    window.open_path = open_path
    with contextlib.suppress(RuntimeError, TypeError):
        window.start_page.recent_chosen.disconnect(opener)
    window.start_page.recent_chosen.connect(open_path)
