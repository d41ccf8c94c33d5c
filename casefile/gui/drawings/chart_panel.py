"""The link chart page: options, the chart, saving dragged positions, live refresh from changes."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile.core import linkchart
from casefile.core.commands import Change, Composite, Edit
from casefile.core.linkchart_layout import layout
from casefile.core.model import Claim, Entity, Relationship, Snippet
from casefile.gui.common.panels import Navigate, Runner, SessionLike, read_all, run_directly
from casefile.gui.common.text import one_line
from casefile.gui.drawings.chart_view import ChartScene, ChartView, Positions
from casefile.gui.drawings.export import ask_export_path, export_or_report

MAX_SHOWN_NODES = 600
"""Nodes drawn at most: 20,000 took 4.7 s to draw on the window's thread, and no one can read
them; the most connected part is shown and the summary says how much more there is."""

PLACEABLE = ("entity", "claim")  # record kinds whose chart position is saved in the case


class ChartPanel(QWidget):
    """People and organisations with their relationships; drags are saved as undoable moves."""

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
        self.graph = linkchart.Graph((), ())
        self.whole = 0  # nodes in the case's whole graph (more than the chart shows when large)
        self.auto: Positions = {}
        self.scene = ChartScene(self)
        self.view = ChartView(self.scene, self)
        self._build()
        self._dirty = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refresh)
        self.view.nodes_moved.connect(self.save_moves)
        self.view.open_requested.connect(lambda kind, ident: self.navigate(kind, ident))
        session.changed.connect(self._on_change)
        self.reload(fresh=True)

    def _build(self) -> None:
        self.co_mentions = QCheckBox("Co-mentions", self)
        self.co_mentions.setToolTip("Light edges between people named in the same evidence")
        self.claims = QCheckBox("Claims", self)
        self.claims.setToolTip("Show claims as nodes linked to their subjects")
        fit = QPushButton("Fit", self)
        fit.setToolTip("Show the whole chart (0)")
        arrange = QPushButton("Lay out again", self)
        arrange.setToolTip("Forget moved positions and arrange every node automatically")
        export = QPushButton("Export…", self)
        self.summary = QLabel(self)
        self.summary.setTextFormat(self.summary.textFormat().PlainText)
        bar = QHBoxLayout()
        for widget in (self.co_mentions, self.claims, fit, arrange, export):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.summary)
        legend = QLabel(
            "○ person   ▢ organisation   ◇ claim   hexagon: other   — relationship   ┄ co-mention"
        )
        legend.setTextFormat(legend.textFormat().PlainText)
        legend.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted, light or dark
        legend.setWordWrap(True)  # a narrow page (side panels open) wraps it, never cuts it
        layout_ = QVBoxLayout(self)
        layout_.setContentsMargins(6, 6, 6, 6)
        layout_.addLayout(bar)
        layout_.addWidget(legend)
        layout_.addWidget(self.view, 1)
        self.co_mentions.toggled.connect(lambda _on: self.reload(fresh=True))
        self.claims.toggled.connect(lambda _on: self.reload(fresh=True))
        fit.clicked.connect(self.view.fit)
        arrange.clicked.connect(self.arrange)
        export.clicked.connect(self.export_dialog)

    # --- loading -------------------------------------------------------------------------

    def _read_graph(self, co: bool, claims: bool) -> linkchart.Graph:
        """The graph from the case (runs off the GUI thread: no widgets touched here)."""
        case = self.session.case
        return linkchart.build_graph(
            [r for r in read_all(case, "entity") if isinstance(r, Entity)],
            [r for r in read_all(case, "relationship") if isinstance(r, Relationship)],
            [r for r in read_all(case, "snippet") if isinstance(r, Snippet)] if co else (),
            [r for r in read_all(case, "claim") if isinstance(r, Claim)] if claims else (),
            co_mentions=co,
            show_claims=claims,
        )

    def reload(self, fresh: bool = False) -> None:
        """Read the case and draw it; existing nodes keep their place unless ``fresh``."""
        kept = {} if fresh else self.scene.positions()
        co, claims = self.co_mentions.isChecked(), self.claims.isChecked()

        def work() -> tuple[linkchart.Graph, int, Positions]:
            graph = self._read_graph(co, claims)
            whole = len(graph.nodes)
            if whole > MAX_SHOWN_NODES:  # the connected core, as the brief's chart draws it
                graph = _core(graph, MAX_SHOWN_NODES)
            return graph, whole, (layout(graph) if fresh or not self.auto else {})

        graph, self.whole, auto = self.run("Drawing the link chart…", work)
        self.graph = graph
        if auto:
            self.auto = auto
        self.scene.populate(graph, self._placement(graph, kept))
        self._dirty = False
        self._show_summary()
        if fresh:
            self.view.fit()

    def _placement(self, graph: linkchart.Graph, kept: Positions) -> Positions:
        """Saved positions first, then where nodes are now, then the automatic layout."""
        placed: Positions = {}
        pending = []
        for node in graph.nodes:
            where = node.saved or kept.get(node.id) or self.auto.get(node.id)
            if where is None:
                pending.append(node.id)
            else:
                placed[node.id] = (float(where[0]), float(where[1]))
        for node_id in pending:
            placed[node_id] = self._near_neighbours(graph, node_id, placed)
        return placed

    def _near_neighbours(
        self, graph: linkchart.Graph, node_id: str, placed: Positions
    ) -> tuple[float, float]:
        around = [placed[n] for n in graph.neighbours(node_id) if n in placed]
        if around:
            x = sum(p[0] for p in around) / len(around)
            y = sum(p[1] for p in around) / len(around)
            return (x + 60.0, y + 60.0)
        rect = self.scene.content_rect()
        return (rect.right() + 120.0, rect.top())

    def _show_summary(self) -> None:
        counts = linkchart.edge_counts(self.graph)
        shown = len(self.graph.nodes)
        nodes = (f"the {shown:,} most connected of {self.whole:,} nodes"
                 if self.whole > shown else f"{shown:,} nodes")  # fmt: skip
        parts = [nodes, f"{counts.get('relationship', 0):,} links"]
        if counts.get("co-mention"):
            parts.append(f"{counts['co-mention']:,} co-mention pairs")
        self.summary.setText(", ".join(parts))
        self.summary.setToolTip(
            f"A chart of more than {MAX_SHOWN_NODES:,} nodes cannot be read (or drawn quickly): "
            "it shows the most connected part of the case. Each person's relationships are "
            "listed in full in their editor."
            if self.whole > shown
            else ""
        )

    # --- changes -------------------------------------------------------------------------

    def save_moves(self, moved: list[tuple[str, str, float, float]]) -> None:
        """One drag is one undoable step that saves the nodes' (entities', claims') places."""
        edits = [
            Edit(kind, ident, {"position": (round(x, 1), round(y, 1))})  # type: ignore[arg-type]
            for ident, kind, x, y in moved
            if kind in PLACEABLE
        ]
        if not edits:
            return
        first = self.scene.nodes[moved[0][0]].text
        name = f"Move {one_line(first, 40)}" if len(edits) == 1 else f"Move {len(edits)} nodes"
        command = edits[0] if len(edits) == 1 else Composite(name, edits)
        command.name = name
        if self.session.push(command) is None:  # refused (e.g. read-only): put them back
            for ident, kind, _x, _y in moved:
                if kind in PLACEABLE:
                    self._apply_position(ident, self.session.case.get(kind, ident))

    def arrange(self) -> None:
        """Forget saved positions (one undoable step) and lay everything out afresh."""
        saved = self._saved_places()
        if saved:
            edits = [Edit(kind, ident, {"position": None}) for kind, ident in saved]  # type: ignore[arg-type]
            self.session.push(Composite("Lay out the link chart again", edits))
        self.reload(fresh=True)

    def _saved_places(self) -> list[tuple[str, str]]:
        """(kind, id) of the chart's nodes that have a position saved in the case now."""
        found = []
        for kind in PLACEABLE:
            ids = [n.id for n in self.graph.nodes if n.record_kind == kind]
            with self.session.case.lock:
                records = self.session.case.store.get_many(kind, ids) if ids else {}
            found += [(kind, i) for i in ids if getattr(records.get(i), "position", None)]
        return found

    def _on_change(self, change: Change) -> None:
        structural = bool(change.bulk_kinds() & self._watched())
        for rc in change.records:
            if rc.kind in PLACEABLE and _only_moved(rc.before, rc.after):
                self._apply_position(rc.ident, rc.after)
            elif rc.kind in self._watched():
                structural = True
        if structural:
            self._dirty = True
            if self.isVisible():
                self._timer.start()

    def _watched(self) -> set[str]:
        kinds = {"entity", "relationship"}
        if self.co_mentions.isChecked():
            kinds.add("snippet")
        if self.claims.isChecked():
            kinds.add("claim")
        return kinds

    def _apply_position(self, ident: str, entity: Any) -> None:
        where = getattr(entity, "position", None) or self.auto.get(ident)
        if where is not None:
            self.scene.move_node(ident, float(where[0]), float(where[1]))

    def refresh(self) -> None:
        if self._dirty:
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self._timer.start()

    # --- export --------------------------------------------------------------------------

    def export_dialog(self) -> None:
        path = ask_export_path(self, "Export link chart", "link-chart.svg")
        if path is not None:
            self.export(path)

    def export(self, path: Path) -> Path | None:
        with self.scene.full_detail():
            return export_or_report(self.session, self.scene, path, self.scene.content_rect())


def _core(graph: linkchart.Graph, limit: int) -> linkchart.Graph:
    """The ``limit`` most connected nodes grown from the best connected one, and their edges."""
    from casefile.brief.analysis_build import most_connected

    keep = most_connected(graph, limit)
    return linkchart.Graph(
        tuple(n for n in graph.nodes if n.id in keep),
        tuple(e for e in graph.edges if e.source in keep and e.target in keep),
    )


def _only_moved(before: Any, after: Any) -> bool:
    """True when an entity or claim changed nothing but its chart position."""
    if not isinstance(before, Entity | Claim) or type(before) is not type(after):
        return False
    return dataclasses.replace(before, position=None) == dataclasses.replace(after, position=None)
