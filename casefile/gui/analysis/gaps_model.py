"""The gaps list's model: checks' rows in order, more read as the list is scrolled to its end."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer

from casefile.core import gaps
from casefile.gui.analysis.gaps_records import GapGroup, GapResult
from casefile.gui.common.text import tooltip

Index = QModelIndex | QPersistentModelIndex
KIND_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1
HEADERS = ("Check", "Item", "Kind")
KIND_WORDS = {
    "claim": "Claim",
    "source": "Source",
    "snippet": "Evidence",
    "entity": "Person or organisation",
    "relationship": "Relationship",
}
WAITING = "…"
"""An item's label while the case is busy with the checks (it is read again right after)."""


class GapsModel(QAbstractTableModel):
    """Rows of gaps (check, item, kind), optionally restricted to one check.

    A check's rows follow the previous check's once all of those are read: scrolling to
    the end reads the next page (``fetchMore``), so only rows the user reaches are read.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.result: GapResult | None = None
        self.check: str | None = None
        self._shown: list[GapGroup] = []
        self._rows = 0
        self._stale = False  # a label was left waiting: repaint once the case is free
        self._resetting = False
        self._wanted = False  # the view asked for more while the case was busy

    def set_gaps(self, result: GapResult) -> None:
        self._reset(result, self.check)

    def set_check(self, check: str | None) -> None:
        self._reset(self.result, check)

    def _reset(self, result: GapResult | None, check: str | None) -> None:
        self._resetting = True
        self.beginResetModel()
        self.result, self.check = result, check
        self._layout()
        self.endResetModel()
        self._resetting = False

    def arrived(self) -> None:
        """Show the rows of checks that arrived since (the checks run in the background)."""
        groups = self._visible()
        rows = sum(len(group.ids) for group in groups)
        if rows > self._rows:
            self.beginInsertRows(QModelIndex(), self._rows, rows - 1)
            self._shown, self._rows = groups, rows
            self.endInsertRows()
        else:
            self._shown = groups
        if self._stale and self._rows:
            self._stale = False
            self.dataChanged.emit(self.index(0, 1), self.index(self._rows - 1, 1))
        if self._wanted:
            self._wanted = False
            self.fetchMore(QModelIndex())  # (it comes back here once it has read)

    def _visible(self) -> list[GapGroup]:
        """The groups whose rows are listed: up to the first one not read to its end."""
        groups = list(self.result.groups) if self.result is not None else []
        out: list[GapGroup] = []
        for group in groups:
            if self.check is None or group.check == self.check:
                out.append(group)
                if not group.complete:
                    break
        return out

    def _layout(self) -> None:
        self._shown = self._visible()
        self._rows = sum(len(group.ids) for group in self._shown)

    def counts(self) -> dict[str, int | None]:
        """Each check's number of gaps (None: not counted yet)."""
        out: dict[str, int | None] = dict.fromkeys(gaps.CHECKS)
        for group in self.result.groups if self.result is not None else []:
            out[group.check] = group.count
        return out

    def total(self) -> int:
        return self.result.total() if self.result is not None else 0

    def shown(self) -> dict[str, int | None]:
        """How many rows of each listed check are read, None for all of them (a fresh read
        reads as many again, so the user's place is still listed)."""
        return {g.check: None if g.complete else len(g.ids) for g in self._shown}

    def _locate(self, row: int) -> tuple[GapGroup, int]:
        for group in self._shown:
            if row < len(group.ids):
                return group, row
            row -= len(group.ids)
        raise IndexError(row)

    def gap_at(self, row: int) -> gaps.Gap:
        group, offset = self._locate(row)
        return gaps.Gap(group.check, group.kind, group.ids[offset])

    def row_of(self, kind: str | None, ident: str | None) -> int:
        """The first row about this record, or -1."""
        base = 0
        for group in self._shown:
            if group.kind == kind and ident in group.ids:
                return base + group.ids.index(ident)
            base += len(group.ids)
        return -1

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and bool(self._shown) and not self._shown[-1].complete

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        """Read the next page of the last listed check (later, if the case is busy)."""
        if not self.canFetchMore(parent) or self.result is None:
            return
        if self._resetting:  # asked while views hear of the reset: rows may come right after
            QTimer.singleShot(0, self, self._fetch_later)
            return
        if not self.result.read_more(self._shown[-1], wait=False):
            self._wanted = True  # read at the next arrival, once the case is free
            return
        self.arrived()

    def _fetch_later(self) -> None:
        self.fetchMore(QModelIndex())

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._rows:
            return None
        gap = self.gap_at(index.row())
        if role == KIND_ROLE:
            return gap.kind
        if role == ID_ROLE:
            return gap.ident
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        text = ""
        if self.result is not None and index.column() == 1:
            found = self.result.label(gap, wait=False)
            if found is None:
                self._stale, found = True, WAITING
            text = found
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(text) if index.column() == 1 and text != WAITING else None
        return (gap.title, text, KIND_WORDS.get(gap.kind, gap.kind))[index.column()]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
