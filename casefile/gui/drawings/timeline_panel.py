"""The chronology page: axis toggle, filters by entity/tag/claim, the drawing, export, live refresh."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile.core import timeline
from casefile.core.commands import Change
from casefile.core.model import Claim, Entity, Kind, Record, Relationship, Snippet, Source
from casefile.gui.common.fields import refill_choices
from casefile.gui.common.panels import Navigate, Runner, SessionLike, read_all, run_directly
from casefile.gui.common.text import one_line
from casefile.gui.drawings.export import ask_export_path, export_or_report
from casefile.gui.drawings.timeline_items import ROLE_STYLE
from casefile.gui.drawings.timeline_view import TimelineScene, TimelineView

KINDS: tuple[Kind, ...] = ("entity", "relationship", "source", "snippet", "claim")
MAX_MARKS = 4000
"""More dated items than this are not drawn one by one; the summary says to filter."""


class TimelinePanel(QWidget):
    """Dated evidence, relationship starts/ends and sources on one chosen date axis."""

    def __init__(
        self,
        session: SessionLike,
        navigate: Navigate,
        run: Runner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.navigate = navigate
        self.run = run or run_directly
        self.scene = TimelineScene(self)
        self.view = TimelineView(self.scene, self)
        self.records: dict[Kind, dict[str, Record]] = {kind: {} for kind in KINDS}
        self.timeline = timeline.Timeline("event")
        self._build()
        self._dirty = self._filters_dirty = False
        self._reread = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.refresh)
        self.view.open_requested.connect(lambda kind, ident: self.navigate(kind, ident))
        session.changed.connect(self._on_change)
        self.load()

    def _build(self) -> None:
        self.axis = QComboBox(self)
        self.axis.setAccessibleName("Date axis")
        for key, words in timeline.AXES.items():
            self.axis.addItem(words, key)
        self.entity = self._combo("Filter by person or organisation")
        self.tag = self._combo("Filter by tag")
        self.claim = self._combo("Filter by claim")
        fit = QPushButton("Fit", self)
        fit.setToolTip("Show the whole period (0)")
        export = QPushButton("Export…", self)
        self.summary = QLabel(self)
        self.summary.setTextFormat(self.summary.textFormat().PlainText)
        bar = QHBoxLayout()
        bar.addWidget(self.axis)
        for combo in (self.entity, self.tag, self.claim):
            bar.addWidget(combo, 1)
        bar.addWidget(fit)
        bar.addWidget(export)
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 6, 6, 6)
        box.addLayout(bar)
        info = QHBoxLayout()
        info.addWidget(self.summary)
        self.legend = QLabel(self)
        self.legend.setTextFormat(Qt.TextFormat.RichText)  # our own fixed words only
        self.legend.setWordWrap(True)  # a narrow page wraps it, never cuts it
        info.addWidget(self.legend, 1, Qt.AlignmentFlag.AlignRight)
        box.addLayout(info)
        box.addWidget(self.view, 1)
        for combo in (self.axis, self.entity, self.tag, self.claim):
            combo.currentIndexChanged.connect(lambda _i: self.rebuild(fit=True))
        fit.clicked.connect(self.view.fit)
        export.clicked.connect(self.export_dialog)

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(name)
        combo.setMinimumContentsLength(14)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        return combo

    # --- data ----------------------------------------------------------------------------

    def load(self) -> None:
        def work() -> dict[Kind, dict[str, Record]]:
            return {kind: {r.id: r for r in read_all(self.session.case, kind)} for kind in KINDS}

        self.records = self.run("Reading dated items…", work)
        self._fill_filters()
        self.rebuild(fit=True)

    def _listed(self, kind: Kind, cls: type) -> list[Any]:
        return [r for r in self.records[kind].values() if isinstance(r, cls)]

    def _fill_filters(self) -> None:
        entities = sorted(self._listed("entity", Entity), key=lambda e: e.name.casefold())
        tags = {t for s in self._listed("snippet", Snippet) for t in s.tags}
        tags.update(t for e in entities for t in e.tags)
        claims = self._listed("claim", Claim)
        refill_choices(self.entity, "Anyone", [(e.id, one_line(e.name, 60)) for e in entities])
        refill_choices(self.tag, "Any tag", [(t, t) for t in sorted(tags, key=str.casefold)])
        refill_choices(self.claim, "Any claim", [(c.id, one_line(c.statement, 70)) for c in claims])

    def current_filter(self) -> timeline.Filter:
        def chosen(combo: QComboBox) -> frozenset[str]:
            value = combo.currentData()
            return frozenset([value]) if value else frozenset()

        return timeline.Filter(chosen(self.entity), chosen(self.tag), chosen(self.claim))

    def rebuild(self, fit: bool = False) -> None:
        """Build the chronology (off the GUI thread for large cases) and draw it."""
        records = timeline.Records(
            self._listed("entity", Entity),
            self._listed("relationship", Relationship),
            self._listed("source", Source),
            self._listed("snippet", Snippet),
            self._listed("claim", Claim),
        )
        axis, flt = self.axis.currentData() or "event", self.current_filter()

        def work() -> tuple[timeline.Timeline, list[timeline.Item]]:
            built = timeline.build(records, axis, flt)
            return built, sorted(built.items, key=lambda i: (i.start, i.end))[:MAX_MARKS]

        self.timeline, shown = self.run("Building the chronology…", work)
        self.scene.set_items(shown, self.timeline.items)
        self._dirty = False
        self._show_summary(len(shown))
        if fit or self.view.auto_fit:
            self.view.fit()

    def _show_summary(self, shown: int) -> None:
        found, undated = len(self.timeline.items), self.timeline.undated
        text = f"{found} dated item{'s' if found != 1 else ''}"
        if shown < found:
            text = f"Showing the earliest {shown} of {found} dated items — filter to narrow"
        if undated:
            text += f"; {undated} without a date on this axis"
        self.summary.setText(text + ".")
        self.legend.setText(legend(self.timeline.axis))

    def shown_keys(self) -> list[tuple[str, str, str]]:
        """(kind, id, role) of every item drawn, in date order."""
        return [(m.item.kind, m.item.ident, m.item.role) for m in self.scene.ordered_marks()]

    # --- changes -------------------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        touched = self._reread = self._reread or bool(change.bulk_kinds() & set(self.records))
        for rc in change.records:
            if rc.kind in self.records:
                touched = True
                self._filters_dirty |= _changes_choices(rc.kind, rc.before, rc.after)
                if rc.after is None:
                    self.records[rc.kind].pop(rc.ident, None)
                else:
                    self.records[rc.kind][rc.ident] = rc.after
        if touched:
            self._dirty = True
            if self.isVisible():
                self._timer.start()

    def refresh(self) -> None:
        if self._reread:  # an import added records it does not list: read them all again
            self._reread = self._dirty = False
            self.load()
            return
        if self._dirty:
            if self._filters_dirty:
                self._fill_filters()
                self._filters_dirty = False
            self.rebuild()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self._timer.start()

    # --- export --------------------------------------------------------------------------

    def export_dialog(self) -> None:
        path = ask_export_path(self, "Export chronology", "chronology.svg")
        if path is not None:
            self.export(path)

    def export(self, path: Path) -> Path | None:
        return export_or_report(self.session, self.scene, path, self.scene.sceneRect())


AXIS_ROLES = {
    "event": ("evidence", "claim", "starts", "ends"),
    "published": ("published",),
    "captured": ("captured",),
}


def legend(axis: str) -> str:
    """Coloured keys for the marks on ``axis`` (fixed words, no user text)."""
    keys = [
        f'<span style="color:{ROLE_STYLE[role][0]}">●</span>&nbsp;{LEGEND_WORDS[role]}'
        for role in AXIS_ROLES.get(axis, ())
    ]
    return "&nbsp;&nbsp;&nbsp;".join([*keys, "▭&nbsp;a partial date covers its month or year"])


LEGEND_WORDS = {
    "evidence": "evidence",
    "claim": "claim",
    "starts": "relationship starts",
    "ends": "relationship ends",
    "published": "source published",
    "captured": "captured",
}


def _changes_choices(kind: str, before: Any, after: Any) -> bool:
    """True when a change alters what the filters offer (people, claims, tags)."""
    if kind in ("entity", "claim"):
        return True
    if kind == "snippet":
        return getattr(before, "tags", ()) != getattr(after, "tags", ())
    return False
