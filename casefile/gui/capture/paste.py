"""Ctrl+V / Shift+Ins: paste as evidence, linked to the selected claim or person, in place.

With one claim selected the paste offers to weigh the new snippet for it (the stance menu at
the claim's row, the last stance highlighted: Enter takes it); with one person or
organisation selected it offers to mention them (Enter). Either way the window stays on the
page it shows; the status bar says what was added and Ctrl+J shows it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import QMenu, QWidget

from casefile.core.model import Claim, Entity
from casefile.gui.capture.dialogs import STANCES
from casefile.gui.capture.drop import TARGET_KINDS, DropHandler, Target
from casefile.gui.capture.mime import payload_of
from casefile.gui.common.text import one_line

NO_LINK = ""
SHOW_LAST = "Ctrl+J"


class Paster:
    """The paste action of one window (``window.capture.paster``)."""

    def __init__(self, window: Any, drops: DropHandler) -> None:
        self.window = window
        self.drops = drops
        self.choose_link = link_menu
        self.last: tuple[str, str] | None = None
        drops.stayed = self._stayed

    def paste(self) -> None:
        """Ctrl+V: the clipboard goes the way of a drop, linked to the selected record if the
        user says so; the window stays where it is."""
        mime = QGuiApplication.clipboard().mimeData()
        data = payload_of(mime) if mime is not None else {}
        if not data or self.window.case is None:
            self.drops.handle(data, None, QCursor.pos())
            return
        target = self.selected_target()
        files = mime is not None and mime.hasUrls() and all(u.isLocalFile() for u in mime.urls())
        if target is None or files:  # a whole file is a source, not a quote to link
            page = Target("page", "", self.window, QRect(), stay=True)
            self.drops.handle(data, page, QCursor.pos())
            return
        record = self.window.case.get(target.kind, target.ident)
        answer = self.choose_link(self.window, target.widget.mapToGlobal(target.area.center()),
                                  record, self.drops.memory.stance)  # fmt: skip
        if answer is None:
            return
        if answer == NO_LINK:
            target = Target("page", "", self.window, QRect(), stay=True)
        elif target.kind == "claim":
            self.drops.memory.stance = answer
            target = Target(target.kind, target.ident, target.widget, target.area, answer, True)
        self.drops.handle(data, target, QCursor.pos())

    def selected_target(self) -> Target | None:
        """The one claim or person/organisation selected on the page shown, if any."""
        view = self.window.current_register()
        if view is None or view.kind not in TARGET_KINDS:
            return None
        ids = view.selected_ids()
        if len(ids) != 1:
            return None
        row = view.model.row_of(ids[0])
        viewport = view.table.viewport()
        cell = view.table.visualRect(view.model.index(max(row, 0), 0))
        area = QRect(0, cell.top(), viewport.width(), cell.height())
        return Target(view.kind, ids[0], viewport, area, stay=True)

    def show_last(self) -> None:
        """Ctrl+J: show the last pasted snippet (or source) in its register."""
        if self.last is not None:
            self.window.navigate_to(*self.last)

    def _stayed(self, added: tuple[str, str], target: Target) -> None:
        self.last = added
        record = self.window.case.get(*added) if self.window.case is not None else None
        what = "snippet" if added[0] == "snippet" else "source"
        words = one_line(getattr(record, "text", None) or getattr(record, "title", ""), 50)
        linked = ""
        if target.kind == "claim":
            linked = f", weighed for the claim ({target.stance})"
        elif target.kind == "entity":
            linked = ", mentioning the selected person or organisation"
        self.window.statusBar().showMessage(
            f"Pasted as a {what}: “{words}”{linked}. {SHOW_LAST} shows it.", 15_000
        )


def link_menu(parent: QWidget, point: QPoint, record: Any, last: str | None) -> str | None:
    """Ask whether to link the pasted words to ``record``: a stance for a claim, a mention
    for a person; the default (the last stance, or linking) is highlighted. None: Esc."""
    menu = link_choices(parent, record, last)
    chosen = menu.exec(point, menu.activeAction())
    menu.deleteLater()
    return str(chosen.data()) if chosen is not None else None


def link_choices(parent: QWidget, record: Any, last: str | None) -> QMenu:
    menu = QMenu(parent)
    menu.setToolTipsVisible(False)
    if isinstance(record, Claim):
        menu.setAccessibleName("Link the pasted words to the claim")
        header = menu.addAction(f"For “{one_line(record.statement, 50)}”:")
        header.setEnabled(False)
        for stance, text in STANCES:
            action = menu.addAction(text)
            action.setData(stance)
            if stance == (last or "supports"):
                menu.setActiveAction(action)
    elif isinstance(record, Entity):
        menu.setAccessibleName("Link the pasted words to the person or organisation")
        action = menu.addAction(f"&Mention {one_line(record.name, 50)}")
        action.setData("mention")
        menu.setActiveAction(action)
    menu.addSeparator()
    menu.addAction("Paste &without linking").setData(NO_LINK)
    return menu


__all__ = ["NO_LINK", "SHOW_LAST", "Paster", "link_choices", "link_menu"]
