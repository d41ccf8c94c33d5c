"""Possible duplicate people and organisations: review the groups, merge in one step, split."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from casefile.core.commands import Change
from casefile.core.errors import CaseError
from casefile.core.merge import MergeEntities, MergePreview, listed, preview_merge
from casefile.core.names import fold
from casefile.gui.analysis.duplicates_groups import Group, Member
from casefile.gui.analysis.duplicates_job import Found, Pair, count_links, find, start_finding
from casefile.gui.analysis.duplicates_model import DuplicatesModel
from casefile.gui.common.background import BackgroundOp
from casefile.gui.common.panels import Navigate, Runner, SessionLike
from casefile.gui.common.text import plain_label
from casefile.gui.records.alias_split import split_alias

Confirm = Callable[[str, str], bool]
EXPAND_UP_TO = 60  # groups opened on arrival; more stay closed so a large case lists quickly


def ask(parent: QWidget, title: str, text: str) -> bool:
    """A plain-text Yes/Cancel question (names are never read as markup)."""
    box = QMessageBox(parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    box.button(QMessageBox.StandardButton.Yes).setText("&Merge")
    return bool(box.exec() == QMessageBox.StandardButton.Yes)


def merge_text(group: Group, preview: MergePreview) -> str:
    """The confirmation: who is kept, who merges in, and what moves."""
    kept = group.member(preview.survivor)
    others = [m.entity.name for m in group.members if m.included and m is not kept]
    name = kept.entity.name if kept else preview.survivor
    lines = [
        f"Keep “{name}” and merge {len(others)} "
        f"{'entry' if len(others) == 1 else 'entries'} into it: {listed(others)}.",
        "",
        *preview.lines(),
        "",
        "The merged entries are deleted; their names become aliases of the one kept. "
        "Undo (Ctrl+Z) reverses the whole merge, and Split alias out takes one name back out.",
    ]
    return "\n".join(lines)


def _mentions(member: Member, wanted: str) -> bool:
    entity = member.entity
    return any(wanted in fold(name) for name in (entity.name, *entity.aliases))


class DuplicatesDialog(QDialog):
    """Groups of likely duplicates with their reasons; merge, keep apart, split an alias out."""

    BACKGROUND_FROM = 1000  # entities; a smaller case is checked on the spot (under ~0.1 s)
    MOVES_IN_BACKGROUND = 300  # records a merge changes before it gets a progress dialog

    def __init__(
        self,
        session: SessionLike,
        navigate: Navigate,
        parent: QWidget | None = None,
        dismissed: set[Pair] | None = None,
        confirm: Confirm | None = None,
        run: Runner | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Possible duplicates")
        self.session, self.navigate = session, navigate
        self.dismissed: set[Pair] = dismissed if dismissed is not None else set()
        self.confirm = confirm or (lambda title, text: ask(self, title, text))
        self.run = run
        self.model = DuplicatesModel(self, lambda ids: count_links(session.case, ids))
        self.tree = QTreeView(self)
        self.tree.setAccessibleName("Groups of possible duplicates")
        self.summary = plain_label("", self, wrap=True)
        self.finder = QLineEdit(self)
        self.progress = QProgressBar(self)
        self.job: BackgroundOp[Found] | None = None
        self._pending: list[Change] = []
        self.found: Found | None = None
        self._make_buttons()
        self._build()
        session.changed.connect(self._on_change)
        self.check_again()

    def _make_buttons(self) -> None:
        def button(text: str, tip: str, slot: Callable[[], Any]) -> QPushButton:
            made = QPushButton(text, self)
            made.setToolTip(tip)
            made.setAutoDefault(False)
            made.clicked.connect(slot)
            return made

        self.keep_button = button(
            "&Keep this name", "The selected entry survives; the others merge into it", self.keep
        )
        self.merge_button = button(
            "&Merge…", "Merge the ticked entries of the group into the one kept", self.merge
        )
        self.dismiss_button = button(
            "&Not duplicates", "Hide this group: its entries are different", self.dismiss
        )
        self.split_button = button(
            "&Split alias out",
            "Make the selected alias its own person or organisation",
            self.split,
        )
        self.check_button = button("Check &again", "Look for duplicates again", self.check_again)
        self.close_button = button("Close", "", self.accept)

    def _build(self) -> None:
        tree = self.tree
        tree.setModel(self.model)
        tree.setUniformRowHeights(True)
        tree.setAlternatingRowColors(True)
        tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        tree.setExpandsOnDoubleClick(False)
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tree.customContextMenuRequested.connect(self._menu)
        tree.activated.connect(self._activated)
        tree.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        self.model.dataChanged.connect(lambda *_: self._update_buttons())
        header = tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 300)
        header.resizeSection(1, tree.fontMetrics().horizontalAdvance("becomes an alias") + 24)
        for column, widest in ((3, "Score"), (4, "Linked")):  # measuring every row is slow
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, tree.fontMetrics().horizontalAdvance(widest) + 24)
        self.progress.setTextVisible(False)
        self.progress.hide()
        buttons = QHBoxLayout()
        for widget in (self.keep_button, self.merge_button, self.dismiss_button):
            buttons.addWidget(widget)
        buttons.addWidget(self.split_button)
        buttons.addStretch(1)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        self.finder.setPlaceholderText("Find a name in the groups (Enter: next)…")
        self.finder.setAccessibleName("Find a name")
        self.finder.setClearButtonEnabled(True)
        self.finder.textEdited.connect(lambda _text: self.find_name(again=False))
        self.finder.returnPressed.connect(lambda: self.find_name(again=True))
        layout.addWidget(self.summary)
        layout.addWidget(self.finder)
        layout.addWidget(self.progress)
        layout.addWidget(tree, 1)
        layout.addLayout(buttons)
        self.resize(1040, 560)
        self._update_buttons()

    # --- finding ---------------------------------------------------------------------------

    def check_again(self) -> None:
        """Look for duplicates across the whole case (in the background on large cases)."""
        self._stop_job()
        case = self.session.case
        if case.count("entity") < self.BACKGROUND_FROM:
            self._show(find(case, self.dismissed))
            return
        self._pending = []
        self.summary.setText("Looking for duplicates…")
        self.progress.setRange(0, 0)
        self.progress.show()
        self.check_button.setEnabled(False)
        self.job = start_finding(self, case, self.dismissed, self._show, self._on_progress)

    def busy(self) -> bool:
        return self.job is not None and self.job.running

    def _stop_job(self) -> None:
        if self.job is not None:
            self.job.abandon()
            self.job = None

    def _on_progress(self, what: str, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        share = f" ({100 * done // total}%)" if total else ""
        self.summary.setText(f"Looking for duplicates… {what}{share}")

    def _show(self, found: Found) -> None:
        self.job = None
        self.progress.hide()
        self.check_button.setEnabled(True)
        self.found = found
        self.model.set_clusters(found.clusters, found.entities, found.links)
        for change in self._pending:
            self.model.apply_change(change)
        self._pending = []
        for row in range(min(EXPAND_UP_TO, self.model.rowCount())):
            self.tree.expand(self.model.index(row, 0))
        if self.model.rowCount():
            self.tree.setCurrentIndex(self.model.index(0, 0))
        self.summary.setText(found.error or self._summary(found))

    def _summary(self, found: Found) -> str:
        groups = len(found.clusters)
        if not groups:
            return (
                f"No likely duplicates among {found.entity_count} people and organisations "
                f"(checked in {found.seconds:.1f} s)."
            )
        return (
            f"{groups} group{'' if groups == 1 else 's'} of possible duplicates "
            f"({found.pair_count} matching pairs) among {found.entity_count} people and "
            f"organisations, found in {found.seconds:.1f} s. Tick the entries to merge, choose "
            "the one whose name is kept, then Merge. Undo reverses a merge."
        )

    # --- acting ----------------------------------------------------------------------------

    def find_name(self, again: bool) -> bool:
        """Go to the next group with a name or alias containing the typed text."""
        wanted = fold(self.finder.text().strip())
        groups = self.model.groups
        if not wanted or not groups:
            return False
        here = self.current_group()
        start = groups.index(here) + (1 if again else 0) if here in groups else 0
        for step in range(len(groups)):
            group = groups[(start + step) % len(groups)]
            member = next((m for m in group.members if _mentions(m, wanted)), None)
            if member is not None:
                self._select(member)
                return True
        return False

    def current_group(self) -> Group | None:
        return self.model.group_of(self.tree.currentIndex())

    def current_member(self) -> Member | None:
        node = self.model.node(self.tree.currentIndex())
        return node if isinstance(node, Member) else None

    def keep(self) -> None:
        """The selected entry survives a merge of its group."""
        member = self.current_member()
        if member is not None and not member.group.merged:
            self.model.set_survivor(member)

    def merge(self) -> Change | None:
        """Merge the ticked entries of the current group into the kept one, after asking."""
        group = self.current_group()
        if group is None or group.merged:
            return None
        survivor, others = group.merge_plan()
        if not others:
            self._error("Tick at least one other entry of the group to merge.")
            return None
        case = self.session.case
        try:
            with case.lock:
                preview = preview_merge(case.store, survivor, others)
        except CaseError as err:
            self._error(str(err))
            return None
        if not self.confirm(f"Merge {len(others) + 1} entries", merge_text(group, preview)):
            return None
        group.merged_into, group.merged_away = survivor, set(others)
        group.merged_names = set(preview.aliases)
        change = self._push(MergeEntities(survivor, others), preview)
        if change is None:
            group.merged_into, group.merged_away = None, set()
            return None
        self._select(group.member(survivor), expand=True)
        return change

    def _push(self, command: MergeEntities, preview: MergePreview) -> Change | None:
        """Push the merge; a large one runs off the GUI thread with a progress dialog."""
        moves = preview.relationships_moved + preview.mentions_moved + preview.claims_moved
        push_long = getattr(self.session, "push_long", None)
        if self.run is None or push_long is None or moves < self.MOVES_IN_BACKGROUND:
            return self.session.push(command)
        change: Change | None = push_long(command, "Merging…")
        return change

    def _error(self, message: str) -> None:
        show = getattr(self.session, "show_error", None)
        if show is not None:
            show(message)

    def dismiss(self) -> None:
        """Hide the current group; its pairs stay hidden until the case is closed."""
        group = self.current_group()
        if group is None:
            return
        ids = group.ids()
        self.dismissed.update(frozenset((a, b)) for a in ids for b in ids if a != b)
        row = self.model.index_of(group).row()
        self.model.dismiss(group)
        if self.model.rowCount():
            self.tree.setCurrentIndex(self.model.index(min(row, self.model.rowCount() - 1), 0))
        self._update_buttons()

    def split(self) -> str | None:
        """Make the selected alias its own entry; it joins the group, not ticked."""
        found = self.model.alias_at(self.tree.currentIndex())
        if found is None:
            return None
        member, alias = found
        group = member.group
        new = split_alias(self.session, member.entity.id, alias)
        entity = self.session.case.get("entity", new) if new else None
        if entity is None:
            return None
        self._select(self.model.add_member(group, entity, included=False))
        return new

    def _select(self, member: Member | None, expand: bool = False) -> None:
        if member is None:
            return
        index = self.model.index_of(member)
        self.tree.expand(index.parent())
        if expand:
            self.tree.expand(index)
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)

    def _activated(self, index: QModelIndex) -> None:
        ident = index.data(Qt.ItemDataRole.UserRole)
        if self.model.node(index) is not self.model.group_of(index) and ident:
            self.navigate("entity", ident)
        else:
            self.tree.setExpanded(index.siblingAtColumn(0), not self.tree.isExpanded(index))

    def _update_buttons(self) -> None:
        group, member = self.current_group(), self.current_member()
        live = group is not None and not group.merged
        self.keep_button.setEnabled(live and member is not None)
        self.merge_button.setEnabled(live and bool(group and group.merge_plan()[1]))
        self.dismiss_button.setEnabled(group is not None)
        self.dismiss_button.setText("&Hide" if group and group.merged else "&Not duplicates")
        self.split_button.setEnabled(self.model.alias_at(self.tree.currentIndex()) is not None)

    def _menu(self, point: QPoint) -> None:
        index = self.tree.indexAt(point)
        if not index.isValid():
            return
        self.tree.setCurrentIndex(index)
        menu = QMenu(self)
        for button in (self.keep_button, self.merge_button, self.dismiss_button):
            if button.isEnabled():
                menu.addAction(button.text().replace("&", ""), button.click)
        if self.split_button.isEnabled():
            menu.addAction("Split into its own entity", self.split)
        if isinstance(self.model.node(index), Member):
            menu.addAction("Open", lambda: self._activated(index))
        menu.exec(self.tree.viewport().mapToGlobal(point))

    def _on_change(self, change: Change) -> None:
        if "entity" in change.bulk_kinds() and not self.busy():
            self.check_again()  # an import's new people, not listed one by one
        elif self.busy():
            self._pending.append(change)
        else:
            self.model.apply_change(change)
            self._update_buttons()

    def done(self, result: int) -> None:
        self._stop_job()
        super().done(result)
