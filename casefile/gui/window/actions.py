"""What the main window's commands do: open, create, close cases; new, delete, find, about."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog

from casefile import __version__
from casefile.core.errors import CaseError
from casefile.gui.common import dialogs
from casefile.gui.common.session import Session
from casefile.gui.window.search import SearchPanel
from casefile.gui.window.workspace import Workspace

CASE_FILTER = "Case files (*.casefile);;All files (*)"


class CaseActions:
    """Mixed into ``MainWindow``: the actions behind its menus and start page."""

    session: Session | None
    workspace: Workspace | None
    search_panel: SearchPanel | None

    # --- opening and closing ------------------------------------------------------------

    def open_path(self: Any, path: Path) -> bool:
        """Open a case file (closing the current one); errors are shown, never raised."""
        from casefile.gui.window import crypt

        path = Path(path)
        if not path.exists():
            self.show_error(f"{path.name} is not there any more (was it moved or deleted?).")
            self.start_page.refresh()
            return False
        if (
            self.case is not None
            and self.case.path
            and Path(self.case.path).resolve() == path.resolve()
        ):
            return True
        self.close_case()
        case = crypt.open_asking(self, path)  # asks for an encrypted case's passphrase
        if case is None:
            return False
        self.install_case(case)
        self.recent.add(path)
        return True

    def install_case(self: Any, case: Any) -> None:
        """Show an already open case in this window (the window now owns and closes it)."""
        self.close_case()
        self.session = Session(case, self.show_error, self)
        self.undo_group.addStack(self.session.stack)
        self.undo_group.setActiveStack(self.session.stack)
        self.workspace = Workspace(self.session, self.settings, self)
        self.workspace.restore_state(self.settings)
        self.stack.addWidget(self.workspace)
        self.stack.setCurrentWidget(self.workspace)
        self.docks.open(self.session)
        self.workspace.navigator.setFocus()  # the keyboard starts at the parts of the case
        self.search_panel = SearchPanel(self.search_field, self.session, self)
        self.search_panel.opened.connect(self.navigate_to)
        self.session.changed.connect(lambda _change: self._update_title())
        self._set_case_actions(True)
        self._update_title()
        self.case_opened.emit(case)

    def undo(self: Any) -> None:
        if self.session is not None:
            self.session.undo()

    def redo(self: Any) -> None:
        if self.session is not None:
            self.session.redo()

    def close_case(self: Any) -> None:
        """Close the open case (everything is already saved) and show the start page; the
        digest that vouches for the closed file is taken in the background (``closing``)."""
        if self.session is None:
            return
        self.session.stop()  # long work in progress is cancelled and rolled back first
        self.workspace.flush()
        self.workspace.save_state(self.settings)
        self.case_closed.emit()
        self.docks.close()
        session, workspace = self.session, self.workspace
        self.session = None
        self.workspace = None
        if self.search_panel is not None:
            self.search_field.removeEventFilter(self.search_panel)
            self.search_panel.deleteLater()
            self.search_panel = None
        self.search_field.clear()
        self.undo_group.removeStack(session.stack)
        self.stack.removeWidget(workspace)
        workspace.deleteLater()
        self.closings.close(session.case)  # its digest is taken in the background
        session.deleteLater()
        self.stack.setCurrentWidget(self.start_page)
        self.start_page.refresh()
        self._set_case_actions(False)
        self._update_title()

    def new_case(self: Any) -> None:
        from casefile.storage import create_case

        name, _ = QFileDialog.getSaveFileName(self, "New case", str(Path.home()), CASE_FILTER)
        if not name:
            return
        path = Path(name if name.endswith(".casefile") else name + ".casefile")
        choose = getattr(self, "new_case_choice", None)  # set when encryption is installed
        chosen, key = choose(self, path.name) if choose is not None else (True, None)
        if not chosen:
            return
        self.close_case()
        try:
            case = create_case(path, path.stem, passphrase=key)
        except CaseError as err:
            self.show_error(str(err))
            return
        self.install_case(case)
        self.recent.add(path)

    def open_case_dialog(self: Any) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Open case", str(Path.home()), CASE_FILTER)
        if name:
            self.open_path(Path(name))

    def open_sample(self: Any) -> bool:
        """Open a fresh, editable copy of the sample case from the user's data folder."""
        path = self.sample_path
        if self.case is not None and self.case.path and Path(self.case.path) == path:
            self.close_case()
        self.closings.finish(path)  # the file is replaced: not while it is being digested
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            scratch = path.with_name(path.name + ".new")
            _remove_case_file(scratch)
            self.write_sample(scratch)
            _remove_case_file(path)
            shutil.move(str(scratch), str(path))
        except (CaseError, OSError) as err:
            self.show_error(f"The sample case could not be written: {err}")
            return False
        return bool(self.open_path(path))

    def closeEvent(self: Any, event: Any) -> None:
        self.close_case()
        self.closings.finish()  # the window live, "Closing the case…" if it takes a moment
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.sync()
        event.accept()

    # --- commands on the open case ---------------------------------------------------

    def new_item(self: Any) -> None:
        view = self.current_register()
        if view is None:
            self.show_part(1)
            view = self.current_register()
        if view is not None:
            view.create_record()

    def delete_selected(self: Any) -> None:
        view = self.current_register()
        if view is not None:
            view.delete_selected()

    def focus_search(self: Any) -> None:
        self.search_field.setFocus()
        self.search_field.selectAll()

    def show_part(self: Any, row: int) -> None:
        if self.workspace is not None:
            self.workspace.navigator.setCurrentRow(row)

    def about(self: Any) -> None:
        box = dialogs.message_box(
            self,
            "About casefile",
            f"casefile {__version__}\n\nAn offline case-file manager for investigators. "
            "Everything stays on this computer unless you export it.",
        )
        box.exec()

    def _update_title(self: Any) -> None:
        if self.case is None:
            self.setWindowTitle("casefile")
            return
        name = " ".join(self.case.name.split()) or "Untitled case"
        mode = " (read-only)" if self.case.read_only else ""
        self.setWindowTitle(f"{name.replace('[*]', '[*][*]')}{mode} — casefile")


def _remove_case_file(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)
