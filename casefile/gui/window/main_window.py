"""The main window: start page or open case, menus, undo, search — and the extension points.

Extension points for other gui modules (capture, brief, backup, analysis helpers). They get
the ``MainWindow`` from ``casefile.app`` (``install(window)`` hooks) and use only these:

- ``window.add_action(menu, text, slot, shortcut=None, needs_case=True) -> QAction``: add a
  menu item; ``menu`` is ``"file"`` (above Close/Quit), ``"import"`` / ``"export"`` (the File
  menu's Import ▸ and Export ▸), ``"edit"``, ``"view"`` or ``"tools"``.
  Actions with ``needs_case`` are enabled only while a case is open.
- ``window.case_opened`` / ``window.case_closed`` signals; ``window.session`` (None when no
  case is open), ``window.case`` (the open ``storage.Case`` or None).
- ``window.push(command, merge_key=None) -> Change | None``: the ONE write path — executes a
  core command as one undoable step (errors are shown to the user and give None).
- ``window.navigate_to(kind, id) -> bool``: show a record in its register and select it.
- ``window.register(kind) -> RegisterView`` (``.table``, ``.model``, ``.editor``,
  ``.selected_ids()``), ``window.current_register()``, ``window.selected()`` -> (kind, ids).
- ``window.record_lists()``: the side panels' ``RecordList``s (``.kind``, ``.table``,
  ``.model``, ``.selected_ids()``), filled while a case is open.
- ``window.add_page(title, widget)``: add a page (e.g. an analysis view) to the navigator.
- ``window.show_error(message)`` and ``window.run_with_progress(label, work)`` for long work.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QLineEdit,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from casefile.core.commands import Change, Command
from casefile.core.errors import CaseError
from casefile.core.model import Kind
from casefile.gui.common import dialogs
from casefile.gui.records.register_view import RegisterView
from casefile.gui.window.actions import CaseActions
from casefile.gui.window.closing import Closings
from casefile.gui.window.docks import CaseDocks
from casefile.gui.window.recent import RecentCases
from casefile.gui.window.start_page import StartPage
from casefile.gui.window.workspace import PARTS


class MainWindow(CaseActions, QMainWindow):
    """One window; shows the start page until a case is opened."""

    case_opened = Signal(object)
    case_closed = Signal()

    def __init__(
        self,
        settings: QSettings,
        sample_path: Path,
        write_sample: Callable[[Path], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.settings = settings
        self.sample_path = sample_path
        self.write_sample = write_sample
        self.recent = RecentCases(settings)
        self.session = None
        self.workspace = None
        self.undo_group = QUndoGroup(self)
        self.closings = Closings(self)  # closed cases' digests, taken in the background
        self._case_actions: list[QAction] = []
        self.stack = QStackedWidget(self)
        self.start_page = StartPage(self.recent, self)
        self.stack.addWidget(self.start_page)
        self.setCentralWidget(self.stack)
        self._connect_start_page()
        self._build_menus()
        self._build_toolbar()
        self._update_title()
        self._set_case_actions(False)
        self.resize(1280, 800)
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    # --- extension points -------------------------------------------------------------

    @property
    def case(self) -> Any:
        return self.session.case if self.session else None

    def add_action(
        self,
        menu: str,
        text: str,
        slot: Callable[[], Any],
        shortcut: str | QKeySequence | QKeySequence.StandardKey | None = None,
        needs_case: bool = True,
    ) -> QAction:
        """Add a menu item and return its action; ``menu`` is file, edit, view or tools, or
        import / export for the File menu's Import ▸ and Export ▸ submenus."""
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcuts(key_bindings(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        target = self.menus[menu]
        if menu == "file":
            target.insertAction(self._file_extension_anchor, action)
        else:
            target.addAction(action)
        target.menuAction().setVisible(True)
        if needs_case:
            self._case_actions.append(action)
            action.setEnabled(self.session is not None)
        return action

    def push(self, command: Command, merge_key: object = None) -> Change | None:
        """Execute a command as one undoable step (the only write path)."""
        if self.session is None:
            self.show_error("Open a case first.")
            return None
        return self.session.push(command, merge_key)

    def navigate_to(self, kind: str, ident: str) -> bool:
        return self.workspace.navigate_to(kind, ident) if self.workspace else False

    def register(self, kind: Kind) -> RegisterView:
        if self.workspace is None:
            raise CaseError("No case is open.")
        return self.workspace.register(kind)

    def current_register(self) -> RegisterView | None:
        return self.workspace.current_register() if self.workspace else None

    def selected(self) -> tuple[Kind | None, list[str]]:
        view = self.current_register()
        return (view.kind, view.selected_ids()) if view else (None, [])

    def record_lists(self) -> list[Any]:
        """The record lists of the side panels (Evidence, Claims, People) while a case is open."""
        return self.docks.record_lists()

    def add_page(self, title: str, widget: QWidget) -> None:
        """Add a page to the navigator (shown after the registers)."""
        if self.workspace is not None:
            self.workspace.add_page(title, widget)

    def show_error(self, message: str) -> None:
        dialogs.show_error(self, message)

    def run_with_progress(self, label: str, work: Callable[[], Any]) -> Any:
        return dialogs.run_with_progress(self, label, work)

    # --- menus ------------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menus: dict[str, QMenu] = {}
        for key, title in (
            ("file", "&File"),
            ("edit", "&Edit"),
            ("view", "&View"),
            ("tools", "&Tools"),
            ("help", "&Help"),
        ):
            self.menus[key] = bar.addMenu(title)
        file = self.menus["file"]
        self._action(file, "&New case…", self.new_case, QKeySequence.StandardKey.New, False)
        self._action(
            file, "&Open case…", self.open_case_dialog, QKeySequence.StandardKey.Open, False
        )
        self._action(file, "Open &sample case", self.open_sample, None, False)
        self.recent_menu = file.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file.addSeparator()
        self.menus["import"] = file.addMenu("I&mport")
        self.menus["export"] = file.addMenu("E&xport")
        for key in ("import", "export"):
            self.menus[key].menuAction().setVisible(False)  # shown once a feature adds to it
        self._file_extension_anchor = file.addSeparator()
        self._action(file, "&Close case", self.close_case, QKeySequence.StandardKey.Close)
        file.addSeparator()
        self._action(file, "&Quit", self.close, QKeySequence.StandardKey.Quit, False)
        edit = self.menus["edit"]
        edit.aboutToShow.connect(self._flush_typing)
        self.undo_action = self.undo_group.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(key_bindings(QKeySequence.StandardKey.Undo))
        self.redo_action = self.undo_group.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action, step in ((self.undo_action, self.undo), (self.redo_action, self.redo)):
            action.triggered.disconnect()  # the session runs a large step in a worker
            action.triggered.connect(step)
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addSeparator()
        self._action(edit, "&New item", self.new_item, "Ctrl+Shift+N")
        self.delete_action = self._action(edit, "&Delete", self.delete_selected, None)
        self.delete_action.setShortcuts(key_bindings(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        edit.addSeparator()
        find = self._action(edit, "&Find…", self.focus_search, QKeySequence.StandardKey.Find)
        find.setShortcuts([*key_bindings(QKeySequence.StandardKey.Find), QKeySequence("Ctrl+K")])
        view = self.menus["view"]
        for number, (title, _kind) in enumerate(PARTS, start=1):
            self._action(view, title, _part_opener(self, number - 1), f"Ctrl+{number}")
        self.docks = CaseDocks(self, self.settings, view)
        self.menus["tools"].menuAction().setVisible(False)
        self._action(self.menus["help"], "&About casefile", self.about, None, False)

    def _action(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[[], Any],
        shortcut: Any,
        needs_case: bool = True,
    ) -> QAction:
        action = menu.addAction(text)
        if shortcut is not None:
            action.setShortcuts(key_bindings(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        if needs_case:
            self._case_actions.append(action)
        return action

    def _build_toolbar(self) -> None:
        bar = QToolBar("Search", self)
        bar.setObjectName("searchToolbar")
        bar.setMovable(False)
        spacer = QWidget(bar)
        spacer.setSizePolicy(
            spacer.sizePolicy().horizontalPolicy().Expanding,
            spacer.sizePolicy().verticalPolicy().Preferred,
        )
        bar.addWidget(spacer)
        self.search_field = QLineEdit(bar)
        self.search_field.setPlaceholderText("Search the case (Ctrl+K)")
        self.search_field.setAccessibleName("Search the case")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setFixedWidth(380)
        bar.addWidget(self.search_field)
        self.addToolBar(bar)
        self.search_bar = bar
        self.search_panel = None

    def _flush_typing(self) -> None:
        """Commit what is being typed, so Undo in the menu sees it as the last step."""
        if self.workspace is not None:
            self.workspace.flush()

    def _set_case_actions(self, enabled: bool) -> None:
        for action in self._case_actions:
            action.setEnabled(enabled)
        self.search_field.setEnabled(enabled)
        self.search_bar.setVisible(enabled)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.recent.paths():
            action = self.recent_menu.addAction(str(path).replace("&", "&&"))
            action.setEnabled(path.exists())
            action.triggered.connect(lambda _c=False, p=path: self.open_path(p))

    def _connect_start_page(self) -> None:
        self.start_page.new_requested.connect(self.new_case)
        self.start_page.open_requested.connect(self.open_case_dialog)
        self.start_page.sample_requested.connect(self.open_sample)
        self.start_page.recent_chosen.connect(self.open_path)


def key_bindings(shortcut: Any) -> list[QKeySequence]:
    """Every key of ``shortcut``: all bindings of a standard key (Ctrl+F4 *and* Ctrl+W for
    Close, Ctrl+V *and* Shift+Ins for Paste), not only the first that ``QKeySequence`` keeps."""
    if isinstance(shortcut, QKeySequence.StandardKey):
        return QKeySequence.keyBindings(shortcut)
    return [QKeySequence(shortcut)]


def _part_opener(window: MainWindow, row: int) -> Callable[[], None]:
    return lambda: window.show_part(row)
