"""The Overview page: the case's title, reference, marking, summary, counts and recent changes."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTreeWidget, QTreeWidgetItem

from casefile.core.commands import NOUNS, Change
from casefile.core.model import CASE_ID
from casefile.gui.common.fields import line_field, text_field
from casefile.gui.common.text import one_line, plain_label, tooltip
from casefile.gui.records.editor_base import RecordEditor, group

COUNTED = (
    ("entity", "people and organisations"),
    ("source", "sources"),
    ("snippet", "snippets"),
    ("claim", "claims"),
    ("relationship", "relationships"),
)


class OverviewPage(RecordEditor):
    """Edits the case details and shows what the case holds and what changed lately."""

    kind = "case"
    related = ("entity", "source", "snippet", "claim", "relationship", "case")

    def build(self) -> None:
        self.add_field("T&itle", line_field("title", QLineEdit(), required=True))
        self.add_field("&Reference", line_field("reference", QLineEdit()))
        self.add_field("&Marking", line_field("marking", QLineEdit()))
        summary = QPlainTextEdit()
        summary.setTabChangesFocus(True)
        summary.setMinimumHeight(100)
        summary.setMaximumHeight(180)
        self.add_field("&Summary", text_field("summary", summary))
        self.counts = plain_label("", wrap=True)
        self.counts.setAccessibleName("What the case holds")
        self.body.addWidget(group("In this case", self.counts))
        self.recent = QTreeWidget()
        self.recent.setAccessibleName("Recent changes")
        self.recent.setHeaderLabels(["When (UTC)", "Change", "What"])
        self.recent.setRootIsDecorated(False)
        self.recent.setMinimumHeight(220)
        self.body.addWidget(group("Recent changes", self.recent))

    def start(self) -> None:
        self.show_record(CASE_ID)

    def title(self, record: Any) -> str:
        return one_line(record.title, 200)

    def load(self, record: Any) -> None:
        case = self.session.case
        parts = [f"{case.count(kind):,} {noun}" for kind, noun in COUNTED]
        self.counts.setText(" · ".join(parts))
        self.recent.clear()
        for entry in case.history(limit=30):
            when = entry.time.replace("T", " ").rstrip("Z")
            item = QTreeWidgetItem([when, entry.action, _what(entry)])
            item.setToolTip(1, tooltip(entry.action))
            self.recent.addTopLevelItem(item)
        for column in range(2):
            self.recent.resizeColumnToContents(column)

    def _on_change(self, change: Change) -> None:
        if self.isVisible():
            super()._on_change(change)
        else:
            self._stale = True

    def showEvent(self, event: Any) -> None:
        if getattr(self, "_stale", False):
            self._stale = False
            self.show_record(self.ident)
        super().showEvent(event)


def _what(entry: Any) -> str:
    """The kind and label of the record a history line is about."""
    noun = NOUNS.get(entry.kind, (entry.kind, ""))[0]
    image = entry.after or entry.before
    try:
        data = json.loads(image) if image else {}
    except ValueError:
        data = {}
    fields = ("name", "title", "statement", "type", "text")
    label = next((data[f] for f in fields if isinstance(data, dict) and data.get(f)), "")
    return f"{noun}: {one_line(str(label), 80)}" if label else noun
