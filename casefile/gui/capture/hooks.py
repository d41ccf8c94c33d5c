"""Installs capture in the main window: drops, Ctrl+V paste, "Add files…", internal drags."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QWidget

from casefile.capture import Capture, Dropped, Limits
from casefile.capture.parts import PageChoice
from casefile.core.commands import Change
from casefile.core.model import Source
from casefile.gui.capture.archives import ArchivePages
from casefile.gui.capture.drop import TARGET_KINDS, DropHandler, Target
from casefile.gui.capture.jobs import Stored, file_capture, in_words
from casefile.gui.capture.mime import RowDragger, SelectionDragger
from casefile.gui.capture.paste import SHOW_LAST, Paster
from casefile.gui.capture.proposed import ProposedDetails, confirm_proposals
from casefile.gui.common.background import BackgroundOp, Outcome
from casefile.gui.records.register_view import RegisterView

DRAGGABLE_KINDS = ("snippet", "entity", "claim", "source")
"""Rows that can be dragged: onto claims and people, and into the assessment as citations."""


class CaptureController(QObject):
    """Everything capture adds to one main window (``window.capture`` after ``install``)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.limits = Limits()
        self.drops = DropHandler(window, self.capture_files)
        self.archives = ArchivePages(window)
        self.job: BackgroundOp[Stored] | None = None
        self._hooked: set[int] = set()
        self._target: Target | None = None
        self.last_result: tuple[Any, ...] | None = None
        self.proposals: ProposedDetails | None = None  # the last "details found" dialog
        window.case_opened.connect(lambda _case: self._hook_workspace())
        window.case_closed.connect(self._closing)
        self.paster = Paster(window, self.drops)
        paste = window.add_action(
            "edit", "&Paste as evidence", self.paste, QKeySequence.StandardKey.Paste
        )
        paste.setToolTip(
            "Add the clipboard's text, links or files to the case (linked to the selected "
            "claim or person if you say so)"
        )
        window.add_action("edit", "Show the last pas&ted", self.paster.show_last, SHOW_LAST)
        window.add_action("file", "&Add files…", self.add_files_dialog, "Ctrl+Shift+O")

    @property
    def idle(self) -> bool:
        """True when no file capture is running (nor an archive's pages being picked)."""
        return self.job is None and not self.archives.busy

    # --- paste and add files --------------------------------------------------------------

    def paste(self) -> None:
        """Ctrl+V: the clipboard goes through the same path as a drop on the window, linked
        to the selected claim or person when the user says so; the page stays."""
        self.paster.paste()

    def add_files_dialog(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self.window, "Add files to the case")
        if names:
            self.capture_files(Dropped(files=tuple(Path(n) for n in names)), None)

    # --- files, in a worker ---------------------------------------------------------------

    def capture_files(self, dropped: Dropped, target: Target | None) -> None:
        """Read, parse and store files off the GUI thread, with progress and Cancel."""
        case = self.window.case
        if case is None:
            return
        if not self.idle:
            self.window.show_error("Files are still being added; wait for them or cancel.")
            return
        if self.archives.needed(dropped.files):  # which pages? listed off the GUI thread
            self.archives.start(dropped.files, self.limits,
                                lambda pages: self._start(case, dropped, target, pages))  # fmt: skip
            return
        self._start(case, dropped, target, {})

    def _start(self, case: Any, dropped: Dropped, target: Target | None,
               pages: dict[str, PageChoice]) -> None:  # fmt: skip
        if case is not self.window.case:
            return  # the case closed while its archive's pages were picked
        self.job = file_capture(self.window, case, dropped.files, self.limits, pages)
        self._target = target
        self.job.start(lambda outcome: self._job_done(case, outcome))

    def cancel(self) -> None:
        """Cancel the running file capture (the case is left as it was)."""
        if self.job is not None:
            self.job.cancel()

    def _closing(self) -> None:
        """The case is closing: whatever capture runs stops now, so the close never waits on
        a long file (the capture's transaction rolls back and frees the case in seconds)."""
        self.cancel()
        self.archives.cancel()
        self.drops.reader.cancel()
        self.drops.forget()

    def _job_done(self, case: Any, outcome: Outcome[Stored]) -> None:
        job, self.job = self.job, None
        if job is not None:
            job.deleteLater()
        result = in_words(outcome)
        self.last_result = result
        if result[0] == "done":
            closing = getattr(self.window.session, "closing", True)  # storing had begun
            self._files_added(case, result[1], result[2], ask=not closing)
        elif result[0] == "error":
            self.window.show_error(result[1])
        else:
            self.window.statusBar().showMessage(result[1], 10_000)

    def _files_added(self, case: Any, capture: Capture, change: Change | None,
                     ask: bool) -> None:  # fmt: skip
        key = ("capture", id(capture))
        if change is not None and case is self.window.case:
            self.window.session.committed(change, key)  # the views refresh, one undo step
            if ask:  # what the files proposed, unless the case is closing
                self._confirm(capture, change, key)
        messages = list(capture.messages)
        target, self._target = self._target, None
        if target is not None and target.kind in TARGET_KINDS and capture.sources:
            what = {"claim": "claim", "relationship": "relationship"}.get(
                target.kind, "person or organisation"
            )
            messages.append(
                f"The files were added as sources, not linked to the {what}: select the "
                f"words that matter in a source and drop them on the {what}."
            )
        for message in messages:
            self.window.statusBar().showMessage(message, 10_000)
        if capture.selection:  # later turns of the event loop: the views refresh first
            kind, ident = capture.selection[0]
            QTimer.singleShot(0, lambda: self._show(kind, ident))

    def _confirm(self, capture: Capture, change: Change, key: object) -> None:
        """Show what the files proposed about themselves; the answer joins the drop's step.
        The sources are the drop's own after images: reading 1,000 new sources back from the
        case (their texts included) held the window ~200 ms under the case lock."""
        found = {rc.ident: rc.after for rc in change.records if isinstance(rc.after, Source)}
        items = [(p, found[p.source]) for p in capture.proposals if p.source in found]
        if items:
            self.proposals = confirm_proposals(
                self.window, items, lambda command: self.window.push(command, key)
            )

    def _show(self, kind: str, ident: str) -> None:
        """Select what was added; a register page not built yet is built in a turn of its
        own (never while the worker stores: reading the case would wait for its commit)."""
        workspace = self.window.workspace
        if workspace is None:
            return
        if kind not in workspace.registers:
            workspace.register(kind)
            QTimer.singleShot(0, lambda: self.window.navigate_to(kind, ident))
            return
        self.window.navigate_to(kind, ident)

    # --- internal drags from the registers ------------------------------------------------

    def _hook_workspace(self) -> None:
        workspace = self.window.workspace
        if workspace is None:
            return
        for view in list(workspace.registers.values()):
            self._hook_register(view)
        for panel in self.window.record_lists():  # the side panels' lists drag rows too
            if panel.kind in DRAGGABLE_KINDS:
                self._drag_rows(panel)
        pages = workspace.pages
        pages.widgetAdded.connect(lambda index: self._hook_register(pages.widget(index)))

    def _hook_register(self, view: QWidget) -> None:
        if not isinstance(view, RegisterView) or id(view) in self._hooked:
            return
        self._hooked.add(id(view))
        if view.kind in DRAGGABLE_KINDS:
            self._drag_rows(view)
        if view.kind == "source" and hasattr(view.editor, "viewer"):
            SelectionDragger(view.editor, lambda: self.window.case)

    def _drag_rows(self, view: Any) -> None:
        """Rows of ``view`` (a register or a side panel's list) can be dragged out."""
        model = view.model
        RowDragger(view.table, view.kind, lambda row: self._drag_ids(view, model, row),
                   lambda: self.window.case)  # fmt: skip

    @staticmethod
    def _drag_ids(view: Any, model: Any, row: int) -> list[str]:
        ident = model.id_at(row)
        selected = view.selected_ids()
        return selected if ident in selected else [ident]


def install(window: Any) -> CaptureController:
    """Give the main window drops, paste and "Add files…" (called by ``casefile.app``)."""
    controller = CaptureController(window)
    window.capture = controller
    return controller


__all__ = ["CaptureController", "install"]
