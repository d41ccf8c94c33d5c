"""The editor of a person or organisation: fields, aliases, relationships, mentions, claims."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
)

from casefile.core import dates, grading
from casefile.core.commands import Create, DeleteRecords, Edit
from casefile.core.fields import NAMES
from casefile.core.model import Entity, Relationship
from casefile.gui.common.drop_spots import DropSpot
from casefile.gui.common.fields import choice_combo, combo_field, line_field, tags_field, text_field
from casefile.gui.common.list_field import TextListEdit, text_list_field
from casefile.gui.common.text import one_line, tooltip
from casefile.gui.records.alias_split import split_alias
from casefile.gui.records.editor_base import LinkList, RecordEditor, group, pairs, short_text
from casefile.gui.records.relationship_dialog import RelationshipDialog
from casefile.storage import queries

REL_ROLE = Qt.ItemDataRole.UserRole


class RelationshipTree(QTreeWidget):
    """The relationships of an entity; a quote dropped on one becomes its evidence."""

    def drop_spot(self, point: QPoint) -> DropSpot | None:
        item = self.itemAt(point)
        if item is None:
            return None
        row = self.visualItemRect(item)
        area = QRect(0, row.top(), self.viewport().width(), row.height())
        return DropSpot("relationship", str(item.data(0, REL_ROLE)), area)


class EntityEditor(RecordEditor):
    """Edits every field of an entity and shows what links to it."""

    kind = "entity"
    related = ("relationship", "snippet", "claim", "entity")

    def build(self) -> None:
        self.add_field("Na&me", line_field("name", QLineEdit(), required=True))
        kinds = [(k, k) for k in grading.ENTITY_KINDS]
        self.add_field("&Kind", combo_field("kind", choice_combo(kinds)))
        self.aliases = TextListEdit("alias")
        self.add_field("&Aliases", text_list_field("aliases", self.aliases))
        self.split_action = self.aliases.add_item_action(
            "Split into its own entity",
            "Split out",
            "Make the selected alias a person or organisation of its own (undoable)",
            self.split_alias,
        )
        self.add_field("&Description", text_field("description", short_text()))
        self.add_field("N&otes", text_field("notes", short_text()))
        self.add_field("Ta&gs", tags_field("tags", QLineEdit()))
        self._build_relationships()
        self.mentions = LinkList(self.session, "Snippets that mention this")
        self.claims = LinkList(self.session, "Claims about this")
        self.body.addWidget(group("Mentioned in evidence", self.mentions))
        self.body.addWidget(group("Subject of claims", self.claims))
        from casefile.gui.records.where_else import WhereElse

        self.where_else = WhereElse(self.session)
        self.body.addWidget(group("Other cases", self.where_else))

    def _build_relationships(self) -> None:
        self.relationships = RelationshipTree()
        self.relationships.setAccessibleName("Relationships")
        self.relationships.setHeaderLabels(["Relationship", "Start", "End", "Evidence"])
        self.relationships.setRootIsDecorated(False)
        self.relationships.setMaximumHeight(160)
        self.relationships.itemActivated.connect(self._go_to_other)
        self.add_rel = QPushButton("Add &relationship…")
        self.edit_rel = QPushButton("Edit…")
        self.remove_rel = QPushButton("Remove")
        self.edit_rel.setToolTip("Edit the selected relationship")
        self.remove_rel.setToolTip("Remove the selected relationship")
        self.add_rel.clicked.connect(lambda: self.edit_relationship(None))
        self.edit_rel.clicked.connect(lambda: self.edit_relationship(self._selected_rel()))
        self.remove_rel.clicked.connect(self.remove_relationship)
        row = QHBoxLayout()
        for button in (self.add_rel, self.edit_rel, self.remove_rel):
            row.addWidget(button)
        row.addStretch(1)
        self.body.addWidget(group("Relationships", self.relationships, row))

    def load(self, record: Any) -> None:
        session, ident = self.session, record.id
        rel_ids = session.query(queries.relationships_of, ident)
        rels = session.case.store.get_many("relationship", rel_ids)
        others = {r.target if r.source == ident else r.source for r in rels.values()}
        names = session.query(queries.labels, "entity", sorted(others | {ident}))
        self.relationships.clear()
        for rel_id in rel_ids:
            rel = rels[rel_id]
            text = _describe(rel, ident, names)
            cells = [text, dates.display(rel.start), dates.display(rel.end), str(len(rel.evidence))]
            item = QTreeWidgetItem(cells)
            item.setData(0, REL_ROLE, rel_id)
            item.setToolTip(0, tooltip(text))
            self.relationships.addTopLevelItem(item)
        self.relationships.resizeColumnToContents(0)
        snippet_ids = session.query(queries.mentions_of, ident)
        self.mentions.set_links("snippet", pairs(session, "snippet", snippet_ids))
        claim_ids = session.query(queries.claims_about, ident)
        self.claims.set_links("claim", pairs(session, "claim", claim_ids))
        self.where_else.set_entity(record if isinstance(record, Entity) else None)

    def split_alias(self, alias: str) -> str | None:
        """Turn one alias into its own entry and open it; Undo puts the alias back."""
        self.flush()
        record = self.session.get("entity", self.ident) if self.ident else None
        if not isinstance(record, Entity):
            return None
        if alias not in record.aliases:
            self.session.show_error(f"“{alias}” is not a saved alias of {record.name}.")
            return None
        new = split_alias(self.session, record.id, alias)
        if new is not None:
            self.session.navigate.emit("entity", new)
        return new

    def _selected_rel(self) -> Relationship | None:
        item = self.relationships.currentItem()
        if item is None:
            return None
        rel = self.session.get("relationship", item.data(0, REL_ROLE))
        return rel if isinstance(rel, Relationship) else None

    def edit_relationship(self, existing: Relationship | None) -> None:
        """Open the relationship dialog; push Create or Edit when accepted."""
        if self.record is None:
            return
        others = self.session.query(queries.pick, "entity", "", 5000)
        if existing is not None:  # the current other party must be choosable, however many
            ends = [existing.source, existing.target]
            known = {ident for ident, _name in others}
            names = self.session.query(queries.labels, "entity", ends)
            others += [(i, names.get(i, i)) for i in ends if i not in known]
        evidence = list(existing.evidence) if existing else []
        dialog = RelationshipDialog(
            self,
            self.record.id,
            self.record.name,
            others,
            existing,
            lambda text: self.session.query(queries.pick, "snippet", text),
            self.session.query(queries.labels, "snippet", evidence),
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        rel = dialog.relationship()
        if existing is None:
            self.session.push(Create(rel))
            return
        changes = {f: getattr(rel, f) for f in NAMES["relationship"] if f != "id"}
        self.session.push(Edit("relationship", rel.id, changes, name="Edit relationship"))

    def remove_relationship(self) -> None:
        rel = self._selected_rel()
        if rel is not None:
            self.session.push(DeleteRecords("relationship", [rel.id]))

    def _go_to_other(self, item: QTreeWidgetItem) -> None:
        rel = self.session.get("relationship", item.data(0, REL_ROLE))
        if isinstance(rel, Relationship) and self.record is not None:
            other = rel.target if rel.source == self.record.id else rel.source
            self.session.navigate.emit("entity", other)


def new_entity() -> Entity:
    from casefile.core.model import new_id

    return Entity(new_id(), "New person or organisation")


def _describe(rel: Relationship, ident: str, names: dict[str, str]) -> str:
    if rel.source == ident:
        return f"{rel.type} → {one_line(names.get(rel.target, '?'), 60)}"
    return f"{one_line(names.get(rel.source, '?'), 60)} → {rel.type} (this)"
