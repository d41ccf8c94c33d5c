"""The evidence matrix model: chosen claims as columns, their evidence as rows, paged in."""

from __future__ import annotations

import textwrap
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from casefile.core import ach
from casefile.core.commands import Change
from casefile.core.model import Claim, Snippet, Source
from casefile.gui.common.palette import LIGHT, Theme
from casefile.gui.common.text import one_line, tooltip

Index = QModelIndex | QPersistentModelIndex
FIXED = 2  # the Evidence and Grade columns before the claims
PAGE = 200
SNIPPET_ROLE = Qt.ItemDataRole.UserRole
CLAIM_ROLE = Qt.ItemDataRole.UserRole + 1
STANCE_ROLE = Qt.ItemDataRole.UserRole + 2
WORDS = {"supports": "Supports", "refutes": "Refutes", "context": "Context", None: "·"}
COLOURS = {"supports": "#d9efd9", "refutes": "#f6d5d5", "context": "#e8e8ee"}  # on white
DULL = "#777777"  # the words of non-diagnostic evidence, on white
RANK = {"supports": 0, "refutes": 1, "context": 2, None: 3}
NON_DIAGNOSTIC = "≡"


def _header_lines(statement: str, width: int = 26) -> str:
    """A claim's statement in at most two short lines for a column header."""
    lines = textwrap.wrap(one_line(statement, 400), width) or [""]
    if len(lines) > 2:
        lines = [lines[0], one_line(" ".join(lines[1:]), width)]
    return "\n".join(lines)


class MatrixModel(QAbstractTableModel):
    """Reads claims, snippets and sources through the case; refreshes from change summaries."""

    def __init__(self, case: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.case = case
        self.chosen: list[str] = []
        self.order = "chosen"
        self.filter = ach.EvidenceFilter()
        self.hide_non_diagnostic = False
        self._sort: tuple[int, bool] | None = None
        self._claims: dict[str, Claim] = {}
        self._universe: list[str] = []  # every row once linked, kept while claims stay chosen
        self._evidence: dict[str, ach.Evidence] = {}
        self.columns: list[Claim] = []
        self.scores: dict[str, ach.ClaimScore] = {}
        self.rows: list[str] = []
        self.non_diagnostic: set[str] = set()
        self._maps: dict[str, dict[str, str]] = {}
        self._shown = 0
        self.theme = LIGHT  # the stance colours follow the view's palette (set_theme)

    def set_theme(self, theme: Theme) -> None:
        """Colour the stances for a light or dark palette (pale tints or deep ones)."""
        if theme == self.theme:
            return
        self.theme = theme
        if self.rowCount() and self.columnCount():
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            roles = [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole]
            self.dataChanged.emit(self.index(0, 0), last, roles)

    # --- choosing and filtering -------------------------------------------------------

    def set_claims(self, ids: list[str]) -> None:
        self.chosen = list(ids)
        self._claims = self._read("claim", self.chosen)
        self._universe = []
        self._evidence = {}
        self._absorb_links()
        self._rebuild(force_reset=True)

    def set_filter(self, evidence_filter: ach.EvidenceFilter) -> None:
        self.filter = evidence_filter
        self._rebuild(force_reset=True)

    def set_hide_non_diagnostic(self, hide: bool) -> None:
        self.hide_non_diagnostic = hide
        self._rebuild(force_reset=True)

    def set_order(self, how: str) -> None:
        self.order = how
        self._rebuild(force_reset=True)

    def universe(self) -> list[ach.Evidence]:
        """Every evidence row before filters (for the filter choices)."""
        return [self._evidence[s] for s in self._universe if s in self._evidence]

    def stance(self, claim: str, snippet: str) -> str | None:
        return self._maps.get(claim, {}).get(snippet)

    def claim_at(self, column: int) -> Claim | None:
        index = column - FIXED
        return self.columns[index] if 0 <= index < len(self.columns) else None

    # --- refresh ----------------------------------------------------------------------

    def on_change(self, change: Change) -> None:
        claims = change.ids("claim") & set(self.chosen)
        snippets = change.ids("snippet") & set(self._universe)
        sources = change.ids("source")
        if sources:
            snippets |= {s for s, e in self._evidence.items() if e.source in sources}
        if not (claims or snippets):
            return
        if claims:
            found = self._read("claim", sorted(claims))
            for ident in claims:
                if ident in found:
                    self._claims[ident] = found[ident]
                else:
                    self._claims.pop(ident, None)
        if snippets:
            for ident in snippets:
                self._evidence.pop(ident, None)
            self._load_evidence(sorted(snippets))
            self._universe = [s for s in self._universe if s in self._evidence]
        self._absorb_links()
        self._rebuild()

    def _absorb_links(self) -> None:
        present = [self._claims[c] for c in self.chosen if c in self._claims]
        new = [s for s in ach.linked_snippets(present) if s not in set(self._universe)]
        self._universe += new
        self._load_evidence([s for s in new if s not in self._evidence])

    def _load_evidence(self, ids: list[str]) -> None:
        snippets = [s for s in self._read("snippet", ids).values() if isinstance(s, Snippet)]
        source_ids = sorted({s.source for s in snippets if s.source})
        sources = {
            k: v for k, v in self._read("source", source_ids).items() if isinstance(v, Source)
        }
        for row in ach.evidence_rows(snippets, sources):
            self._evidence[row.snippet] = row

    def _read(self, kind: Any, ids: list[str]) -> dict[str, Any]:
        with self.case.lock:
            return dict(self.case.store.get_many(kind, ids))

    def _rebuild(self, force_reset: bool = False) -> None:
        present = [self._claims[c] for c in self.chosen if c in self._claims]
        weights = {s: e.weight for s, e in self._evidence.items() if self.filter.accepts(e)}
        self.scores = {c.id: ach.score(c, weights) for c in present}
        columns = ach.order_claims(present, self.scores, self.order)
        self._maps = {c.id: ach.stances(c) for c in present}
        rows, hidden = self._visible_rows(columns, weights)
        same_shape = [c.id for c in columns] == [c.id for c in self.columns] and rows == self.rows
        if same_shape and not force_reset:
            self.non_diagnostic = hidden
            self.columns = columns
            if self.rows and self.columns:
                last = self.index(self._shown - 1, self.columnCount() - 1)
                self.dataChanged.emit(self.index(0, 0), last)
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
            return
        self.beginResetModel()
        self.columns, self.rows, self.non_diagnostic = columns, rows, hidden
        self._shown = min(len(rows), max(PAGE, self._shown))
        self.endResetModel()

    def _visible_rows(
        self, claims: list[Claim], weights: dict[str, float]
    ) -> tuple[list[str], set[str]]:
        maps = [self._maps[c.id] for c in claims]
        non_diagnostic = {s for s in weights if not ach.is_diagnostic([m.get(s) for m in maps])}
        rows = [s for s in self._universe if s in weights]
        if self.hide_non_diagnostic:
            rows = [s for s in rows if s not in non_diagnostic]
        if self._sort is not None:
            rows.sort(key=self._sort_key(self._sort[0], claims), reverse=self._sort[1])
        return rows, non_diagnostic

    def _sort_key(self, column: int, claims: list[Claim]) -> Any:
        if column == 0:
            return lambda s: self._evidence[s].text.casefold()
        if column == 1:
            return lambda s: -self._evidence[s].weight
        index = column - FIXED
        links = self._maps[claims[index].id] if 0 <= index < len(claims) else {}
        return lambda s: RANK[links.get(s)]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order == Qt.SortOrder.DescendingOrder)
        self._rebuild(force_reset=True)

    # --- paging -----------------------------------------------------------------------

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._shown < len(self.rows)

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid():
            return
        more = min(PAGE, len(self.rows) - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    # --- Qt model API -----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else FIXED + len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        claim = self.claim_at(section)
        if role == CLAIM_ROLE:
            return claim.id if claim else None
        if role == Qt.ItemDataRole.DisplayRole:
            if claim is None:
                return ("Evidence", "Grade")[section]
            s = self.scores[claim.id]
            return (
                f"{_header_lines(claim.statement)}\n"
                f"{s.supports} for · {s.refutes} against · score {s.inconsistency:.2f}"
            )
        if role == Qt.ItemDataRole.ToolTipRole and claim is not None:
            s = self.scores[claim.id]
            return tooltip(
                f"{claim.statement}\nStatus: {claim.status}. Inconsistency {s.inconsistency:.2f} "
                "(refuting evidence weighted by grade). Double-click to open the claim."
            )
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._shown:
            return None
        snippet = self.rows[index.row()]
        if role == SNIPPET_ROLE:
            return snippet
        claim = self.claim_at(index.column())
        if claim is None:
            return self._fixed_data(snippet, index.column(), role)
        stance = self._maps[claim.id].get(snippet)
        return self._cell_data(claim, stance, role)

    def _fixed_data(self, snippet: str, column: int, role: int) -> Any:
        row = self._evidence[snippet]
        dull = snippet in self.non_diagnostic
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return one_line(row.text, 160)
            return f"{row.grade or '–'}{'  ' + NON_DIAGNOSTIC if dull else ''}"
        if role == Qt.ItemDataRole.ToolTipRole:
            where = f"\n— {row.source_title}" if row.source_title else ""
            note = "\nNon-diagnostic: bears the same way on every chosen claim." if dull else ""
            return tooltip(
                f"{row.text}{where}\nGrade {row.grade or 'none'}, weight {row.weight:.2f}{note}"
            )
        if role == Qt.ItemDataRole.ForegroundRole and dull:
            return self.theme.colour(DULL)
        if role == Qt.ItemDataRole.FontRole and dull:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def _cell_data(self, claim: Claim, stance: str | None, role: int) -> Any:
        if role == CLAIM_ROLE:
            return claim.id
        if role == STANCE_ROLE:
            return stance
        if role == Qt.ItemDataRole.DisplayRole:
            return WORDS[stance]
        if role == Qt.ItemDataRole.BackgroundRole and stance is not None:
            return self.theme.colour(COLOURS[stance])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(
                f"{WORDS[stance] if stance else 'Not linked'}: {claim.statement}\n"
                "Click to change; keys S, R, C or Delete."
            )
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
