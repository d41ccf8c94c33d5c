"""A lazy register table: holds the ordered ids, fetches visible rows in pages from SQL."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from casefile.core.commands import Change
from casefile.core.model import Kind
from casefile.gui.session import Session
from casefile.gui.text import tooltip
from casefile.storage import queries

PAGE = 128
MAX_CACHED_ROWS = 4096
MAX_RUNS = 200
ID_ROLE = Qt.ItemDataRole.UserRole
Index = QModelIndex | QPersistentModelIndex


class RegisterModel(QAbstractTableModel):
    """Rows of one register; sorting and filtering happen in SQL, rows load a page at a time.

    Refreshes from each change summary: edited rows repaint alone; created or deleted rows
    are inserted or removed where the SQL order puts them; nothing reloads every row.
    """

    def __init__(self, session: Session, kind: Kind, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.kind = kind
        self.register = queries.REGISTERS[kind]
        self._sort: int | None = None
        self._descending = False
        self._filter = ""
        self._ids: list[str] = self._query_ids()
        self._rows: dict[str, tuple[Any, ...]] = {}
        self.pages_fetched = 0
        session.changed.connect(self.on_change)

    # --- Qt model API -----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.register.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < self.columnCount():
            return self.register.columns[section].header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        column = self.register.columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.numeric:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        value = self._row(index.row())[index.column()]
        text = "" if value is None else " ".join(str(value).split())
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(str(value)) if value not in (None, "") and not column.numeric else None
        return text

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = column if 0 <= column < self.columnCount() else None
        self._descending = order == Qt.SortOrder.DescendingOrder
        self._apply_ids(self._query_ids())

    # --- register API -----------------------------------------------------------------

    def id_at(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, ident: str) -> int:
        """The row of a record, or -1 when it is not shown (filtered out or absent)."""
        try:
            return self._ids.index(ident)
        except ValueError:
            return -1

    def set_filter(self, text: str) -> None:
        """Show only rows containing every word of ``text`` (empty shows all)."""
        if text == self._filter:
            return
        self._filter = text
        self.beginResetModel()
        self._ids = self._query_ids()
        self._rows.clear()
        self.endResetModel()

    def cached_rows(self) -> int:
        """How many rows' values are held in memory (for the benchmark)."""
        return len(self._rows)

    # --- loading ----------------------------------------------------------------------

    def _query_ids(self) -> list[str]:
        result: list[str] = self.session.query(
            queries.ordered_ids, self.kind, self._sort, self._descending, self._filter
        )
        return result

    def _row(self, row: int) -> tuple[Any, ...]:
        ident = self._ids[row]
        found = self._rows.get(ident)
        if found is None:
            self._fetch_page(row // PAGE)
            found = self._rows.get(ident, (None,) * self.columnCount())
        return found

    def _fetch_page(self, page: int) -> None:
        if len(self._rows) > MAX_CACHED_ROWS:
            self._rows.clear()
        ids = self._ids[page * PAGE : (page + 1) * PAGE]
        self._rows.update(self.session.query(queries.rows, self.kind, ids))
        self.pages_fetched += 1

    # --- refreshing from changes ------------------------------------------------------

    def on_change(self, change: Change) -> None:
        own = [rc for rc in change.records if rc.kind == self.kind]
        structural = any(rc.before is None or rc.after is None for rc in own)
        if structural or (own and (self._sort is not None or self._filter)):
            self._rows.clear()
            self._apply_ids(self._query_ids())
            self._repaint(None)
            return
        self._repaint(self._affected(change))

    def _affected(self, change: Change) -> set[str] | None:
        """Ids whose displayed values may have changed (None = possibly any)."""
        ids = change.ids(self.kind)
        for rc in change.records:
            if rc.kind == self.kind:
                continue
            if self.kind == "entity" and rc.kind == "snippet":
                for image in (rc.before, rc.after):
                    ids.update(getattr(image, "entities", ()))
            elif self.kind == "snippet" and rc.kind == "source":
                return None
            elif self.kind == "snippet" and rc.kind == "claim":
                for image in (rc.before, rc.after):
                    ids.update(link.snippet for link in getattr(image, "evidence", ()))
        return ids

    def _repaint(self, ids: set[str] | None) -> None:
        last = self.columnCount() - 1
        if ids is None or len(ids) > 64:
            self._rows.clear()
            if self._ids:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, last))
            return
        for ident in ids:
            self._rows.pop(ident, None)
            row = self.row_of(ident)
            if row >= 0:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def _apply_ids(self, new: list[str]) -> None:
        """Move from the current ids to ``new`` with minimal remove/move/insert signals."""
        if new == self._ids:
            return
        new_set = set(new)
        removals = _runs([i for i, x in enumerate(self._ids) if x not in new_set])
        current = set(self._ids)
        inserts = [i for i, x in enumerate(new) if x not in current]
        if len(removals) + len(_runs(inserts)) > MAX_RUNS:
            self.beginResetModel()
            self._ids = new
            self._rows.clear()
            self.endResetModel()
            return
        for start, end in reversed(removals):
            self.beginRemoveRows(QModelIndex(), start, end)
            del self._ids[start : end + 1]
            self.endRemoveRows()
        kept = set(self._ids)
        self._relayout([x for x in new if x in kept])
        for start, end in _runs(inserts):
            self.beginInsertRows(QModelIndex(), start, end)
            self._ids[start:start] = new[start : end + 1]
            self.endInsertRows()

    def _relayout(self, order: list[str]) -> None:
        if order == self._ids:
            return
        self.layoutAboutToBeChanged.emit()
        new_rows = {x: i for i, x in enumerate(order)}
        persistent = self.persistentIndexList()
        moved = [
            self.index(new_rows[self._ids[p.row()]], p.column()) if p.isValid() else QModelIndex()
            for p in persistent
        ]
        self._ids = order
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()


def _runs(positions: list[int]) -> list[tuple[int, int]]:
    """Consecutive positions grouped as (first, last) runs."""
    runs: list[tuple[int, int]] = []
    for pos in positions:
        if runs and runs[-1][1] == pos - 1:
            runs[-1] = (runs[-1][0], pos)
        else:
            runs.append((pos, pos))
    return runs
