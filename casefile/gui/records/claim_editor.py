"""The editor of a claim: statement, status, likelihood, subjects and evidence by stance."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from casefile.core import grading
from casefile.core.commands import AddToList, Edit, LinkEvidence, RemoveFromList, UnlinkEvidence
from casefile.core.model import Claim, EvidenceLink, Snippet, Source, new_id
from casefile.gui.common.dialogs import PickerDialog
from casefile.gui.common.fields import (
    choice_combo,
    combo_field,
    likelihood_choices,
    line_field,
    status_choices,
    tags_field,
    text_field,
)
from casefile.gui.common.text import one_line, plain_label, tooltip
from casefile.gui.records.editor_base import LinkList, RecordEditor, group, pairs, short_text
from casefile.storage import queries

LINK_ROLE = Qt.ItemDataRole.UserRole
STANCE_TITLES = {"supports": "Supporting", "refutes": "Refuting", "context": "Context"}


class LinkOptions(QWidget):
    """Stance and note of an evidence link."""

    def __init__(self, stance: str = "supports", note: str | None = None) -> None:
        super().__init__()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.stance = choice_combo([(s, s) for s in grading.STANCES])
        self.stance.setCurrentIndex(max(0, self.stance.findData(stance)))
        self.stance.setAccessibleName("Stance")
        self.note = QLineEdit(note or "")
        self.note.setAccessibleName("Note")
        for text, widget in (("&Stance", self.stance), ("&Note", self.note)):
            label = plain_label(text)
            label.setBuddy(widget)
            form.addRow(label, widget)

    def values(self) -> tuple[str, str | None]:
        return str(self.stance.currentData()), self.note.text().strip() or None


class ClaimEditor(RecordEditor):
    """Edits a claim and weighs its evidence, grouped by stance."""

    kind = "claim"
    related = ("claim", "snippet", "source", "entity")

    def build(self) -> None:
        self.add_field("&Statement", text_field("statement", short_text()))
        self.add_field("St&atus", combo_field("status", choice_combo(status_choices())))
        self.add_field("&Likelihood", combo_field("likelihood", choice_combo(likelihood_choices())))
        self.add_field("&Claimant", line_field("claimant", QLineEdit()))
        self.add_field("Ta&gs", tags_field("tags", QLineEdit()))
        self.add_field("N&otes", text_field("notes", short_text()))
        self.subjects = LinkList(self.session, "Subjects")
        buttons = _buttons(
            ("Add su&bject…", self.pick_subjects), ("Remove subject", self._remove_subjects)
        )
        self.body.addWidget(group("Subjects", self.subjects, buttons))
        self.evidence = QTreeWidget()
        self.evidence.setAccessibleName("Evidence by stance")
        self.evidence.setHeaderLabels(["Quote", "Source", "Grade", "Note"])
        self.evidence.setMinimumHeight(200)
        self.evidence.itemActivated.connect(self._go_to_snippet)
        buttons = _buttons(
            ("Lin&k evidence…", self.link_evidence),
            ("Stance and note…", self.edit_link),
            ("Remove link", self.remove_link),
        )
        self.body.addWidget(group("Evidence", self.evidence, buttons))

    def title(self, record: Any) -> str:
        return one_line(record.statement, 200)

    def load(self, record: Any) -> None:
        assert isinstance(record, Claim)
        self.subjects.set_links("entity", pairs(self.session, "entity", list(record.subjects)))
        store = self.session.case.store
        snippets = store.get_many("snippet", [link.snippet for link in record.evidence])
        source_ids = {s.source for s in snippets.values() if isinstance(s, Snippet) and s.source}
        sources = store.get_many("source", sorted(source_ids))
        self.evidence.clear()
        for stance in grading.STANCES:
            links = [link for link in record.evidence if link.stance == stance]
            stance_item = QTreeWidgetItem([f"{STANCE_TITLES[stance]} ({len(links)})"])
            stance_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.evidence.addTopLevelItem(stance_item)
            for link in links:
                stance_item.addChild(_link_item(link, snippets.get(link.snippet), sources))
            stance_item.setExpanded(True)
        self.evidence.setColumnWidth(0, 210)
        self.evidence.setColumnWidth(1, 110)
        self.evidence.setColumnWidth(2, 56)

    def _selected_link(self) -> EvidenceLink | None:
        item = self.evidence.currentItem()
        if item is None or self.record is None:
            return None
        snippet = item.data(0, LINK_ROLE)
        return next((lk for lk in self.record.evidence if lk.snippet == snippet), None)

    def link_evidence(self) -> None:
        """Pick snippets and link them with a stance and note."""
        if self.record is None:
            return
        options = LinkOptions()
        dialog = PickerDialog(
            self,
            "Link evidence to this claim",
            lambda text: self.session.query(queries.pick, "snippet", text),
            options,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        stance, note = options.values()
        for snippet in dialog.chosen():
            self.session.push(LinkEvidence(self.record.id, snippet, stance, note))

    def edit_link(self) -> None:
        link = self._selected_link()
        if link is None or self.record is None:
            return
        options = LinkOptions(link.stance, link.note)
        dialog = QDialog(self)
        dialog.setWindowTitle("Stance and note")
        form = QFormLayout(dialog)
        form.addRow(options)
        form.addRow(_buttons(("OK", dialog.accept), ("Cancel", dialog.reject)))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            stance, note = options.values()
            links = tuple(
                EvidenceLink(lk.snippet, stance, note) if lk.snippet == link.snippet else lk
                for lk in self.record.evidence
            )
            self.session.push(
                Edit("claim", self.record.id, {"evidence": links}, "Change evidence link")
            )

    def remove_link(self) -> None:
        link = self._selected_link()
        if link is not None and self.record is not None:
            self.session.push(UnlinkEvidence(self.record.id, link.snippet))

    def pick_subjects(self) -> None:
        if self.record is None:
            return
        dialog = PickerDialog(
            self, "Add subjects", lambda text: self.session.query(queries.pick, "entity", text)
        )
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen():
            self.session.push(
                AddToList("claim", self.record.id, "subjects", dialog.chosen(), "Add subject")
            )

    def _remove_subjects(self) -> None:
        chosen = self.subjects.selected_ids()
        if self.record is not None and chosen:
            self.session.push(
                RemoveFromList("claim", self.record.id, "subjects", chosen, "Remove subject")
            )

    def _go_to_snippet(self, item: QTreeWidgetItem) -> None:
        snippet = item.data(0, LINK_ROLE)
        if snippet:
            self.session.navigate.emit("snippet", snippet)


def _link_item(link: EvidenceLink, snippet: Any, sources: dict[str, Any]) -> QTreeWidgetItem:
    quote = one_line(snippet.text, 200) if isinstance(snippet, Snippet) else "(missing)"
    source = (
        sources.get(snippet.source) if isinstance(snippet, Snippet) and snippet.source else None
    )
    title = one_line(source.title, 60) if isinstance(source, Source) else ""
    reliability = source.reliability if isinstance(source, Source) else None
    credibility = snippet.credibility if isinstance(snippet, Snippet) else None
    item = QTreeWidgetItem([quote, title, grading.grade(reliability, credibility), link.note or ""])
    item.setData(0, LINK_ROLE, link.snippet)
    item.setToolTip(0, tooltip(snippet.text if isinstance(snippet, Snippet) else ""))
    return item


def _buttons(*specs: tuple[str, Any]) -> QHBoxLayout:
    row = QHBoxLayout()
    for text, slot in specs:
        button = QPushButton(text)
        button.clicked.connect(slot)
        row.addWidget(button)
    row.addStretch(1)
    return row


def new_claim() -> Claim:
    return Claim(new_id(), "New claim")
