"""A lazy register table: counts rows in SQL and fetches only the rows that are shown."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from casefile.core.commands import Change
from casefile.core.model import Kind
from casefile.gui.common.session import Session
from casefile.gui.common.text import tooltip
from casefile.storage import queries

PAGE = 128
MAX_PAGES = 24
FULL_LIMIT = 2000
MAX_ROW_SIGNALS = 64
ID_ROLE = Qt.ItemDataRole.UserRole
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_ALIGN = Qt.ItemDataRole.TextAlignmentRole.value
_ID = ID_ROLE.value
_RIGHT = (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
Index = QModelIndex | QPersistentModelIndex
Row = tuple[str, tuple[Any, ...]]


class RegisterModel(QAbstractTableModel):
    """Rows of one register; sorting and filtering happen in SQL.

    A register of up to ``FULL_LIMIT`` rows is read in one query when first shown and then
    kept exactly in step with each change summary: an edited row repaints alone, created,
    deleted and re-sorted rows are inserted and removed where the SQL order puts them.
    A larger register keeps only the pages that were shown (``PAGE`` rows each); edits
    repaint their row, while rows created or deleted there re-count the rows and re-fetch
    only the visible page (a cheap reset), never every row.
    """

    def __init__(self, session: Session, kind: Kind, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.kind = kind
        self.register = queries.REGISTERS[kind]
        self._sort: int | None = None
        self._descending = False
        self._filter = ""
        self._all: list[Row] | None = None
        self._pages: dict[int, list[Row]] = {}
        self._count = self._query_count()
        self.pages_fetched = 0
        session.changed.connect(self.on_change)

    # --- Qt model API -----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.register.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < self.columnCount():
            return self.register.columns[section].header
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        role = getattr(role, "value", role)
        if role not in (_DISPLAY, _TOOLTIP, _ALIGN, _ID) or not index.isValid():
            return None
        row = index.row()
        if not 0 <= row < self._count:
            return None
        if role == _ID:
            return self.id_at(row)
        column = self.register.columns[index.column()]
        if role == _ALIGN:
            return _RIGHT if column.numeric else None
        value = self._row(row)[1][index.column()]
        if role == _TOOLTIP:
            return tooltip(str(value)) if value not in (None, "") and not column.numeric else None
        return "" if value is None else " ".join(str(value).split())

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        sort = column if 0 <= column < self.columnCount() else None
        descending = sort is not None and order == Qt.SortOrder.DescendingOrder
        if (sort, descending) == (self._sort, self._descending):
            return
        persistent = self.persistentIndexList()
        if len(persistent) > MAX_ROW_SIGNALS * 4:
            self._sort, self._descending = sort, descending
            self._reset()
            return
        self.layoutAboutToBeChanged.emit()
        ids = [self.id_at(p.row()) if p.isValid() else None for p in persistent]
        self._sort, self._descending = sort, descending
        self._clear()
        moved = [
            self._index_of(ident, p.column()) for ident, p in zip(ids, persistent, strict=True)
        ]
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def _index_of(self, ident: str | None, column: int) -> QModelIndex:
        row = self.row_of(ident) if ident is not None else -1
        return self.index(row, column) if row >= 0 else QModelIndex()

    # --- register API -----------------------------------------------------------------

    def id_at(self, row: int) -> str:
        return self._row(row)[0]

    def row_of(self, ident: str) -> int:
        """The row of a record, or -1 when it is not shown (filtered out or absent)."""
        row = self._cached_row(ident)
        if row >= 0 or self._all is not None:
            return row
        return self._sql_row(ident)

    def set_filter(self, text: str) -> None:
        """Show only rows containing every word of ``text`` (empty shows all)."""
        if text != self._filter:
            self._filter = text
            self._reset()

    def preload(self) -> None:
        """Read the rows now (a small register whole, a large one's first page) instead of
        when they are first painted."""
        self._row(0)

    def cached_rows(self) -> int:
        """How many rows' values are held in memory (for the benchmark)."""
        if self._all is not None:
            return len(self._all)
        return sum(len(rows) for rows in self._pages.values())

    # --- loading ----------------------------------------------------------------------

    def _query(self, function: Any, *args: Any) -> Any:
        return self.session.query(function, self.kind, *args)

    def _query_count(self) -> int:
        return int(self._query(queries.count, self._filter))

    def _page(self, offset: int, limit: int) -> list[Row]:
        self.pages_fetched += 1
        rows: list[Row] = self._query(
            queries.page, offset, limit, self._sort, self._descending, self._filter, self._count
        )
        return rows

    def _row(self, row: int) -> Row:
        blank: Row = ("", (None,) * self.columnCount())
        if self._count <= FULL_LIMIT:
            if self._all is None:
                if self._waiting():
                    return blank
                self._all = self._page(0, self._count)
            rows, offset = self._all, row
        else:
            number, offset = divmod(row, PAGE)
            rows = self._pages.get(number) or ([] if self._waiting() else self._fetch(number))
        return rows[offset] if offset < len(rows) else blank

    def _waiting(self) -> bool:
        """True while a worker writes the case: a row not held yet is painted blank (the
        window keeps painting instead of waiting for the case) and repainted afterwards."""
        session = self.session
        if not getattr(session, "writing", False):
            return False
        if self._repaint_all not in session.after_writing:
            session.after_writing.append(self._repaint_all)
        return True

    def _repaint_all(self) -> None:
        if self._count:
            last = self.index(self._count - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def _fetch(self, number: int) -> list[Row]:
        if len(self._pages) >= MAX_PAGES:
            self._pages.pop(next(iter(self._pages)))
        rows = self._page(number * PAGE, PAGE)
        self._pages[number] = rows
        return rows

    def _clear(self) -> None:
        self._all = None
        self._pages.clear()

    def _reset(self) -> None:
        self.beginResetModel()
        self._clear()
        self._count = self._query_count()
        self.endResetModel()

    def _cached_row(self, ident: str) -> int:
        if self._all is not None:
            return next((i for i, (found, _v) in enumerate(self._all) if found == ident), -1)
        for number, rows in self._pages.items():
            for offset, (found, _values) in enumerate(rows):
                if found == ident:
                    return number * PAGE + offset
        return -1

    def _sql_row(self, ident: str) -> int:
        where = self._query(queries.position, ident, self._sort, self._descending, self._filter)
        return -1 if where is None else int(where)

    # --- refreshing from changes ------------------------------------------------------

    def on_change(self, change: Change) -> None:
        if self.kind in change.bulk_kinds():  # an import's records, not listed one by one
            self._reset()
            return
        own = [rc for rc in change.records if rc.kind == self.kind]
        created = [rc.ident for rc in own if rc.before is None and rc.after is not None]
        deleted = [rc.ident for rc in own if rc.after is None and rc.before is not None]
        edited = [rc.ident for rc in own if rc.before is not None and rc.after is not None]
        ordered = self._sort is not None or bool(self._filter)
        structural = bool(created or deleted or (ordered and edited))
        if structural and self._all is None:
            self._reset()
            return
        if structural and not self._move_rows(created, deleted, edited if ordered else []):
            self._reset()
            return
        self._repaint(self._affected(change))

    def _move_rows(self, created: list[str], deleted: list[str], edited: list[str]) -> bool:
        """Apply the change to the rows held, one row signal at a time."""
        assert self._all is not None
        if len(created) + len(deleted) + len(edited) > MAX_ROW_SIGNALS:
            return False
        moved = [i for i in dict.fromkeys(edited) if self._cached_row(i) != self._sql_row(i)]
        if moved and not created and not deleted and self._relayout(moved):
            return True
        for ident in [*deleted, *moved]:
            row = self._cached_row(ident)
            if row >= 0:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._all[row]
                self._count -= 1
                self.endRemoveRows()
        incoming = list(dict.fromkeys([*created, *moved]))
        values = self._query(queries.rows, incoming)
        placed = sorted((self._sql_row(i), i) for i in incoming if i in values)
        for row, ident in placed:
            if row >= 0:
                self.beginInsertRows(QModelIndex(), row, row)
                self._all.insert(row, (ident, values[ident]))
                self._count += 1
                self.endInsertRows()
        return self._count == self._query_count()

    def _relayout(self, moved: list[str]) -> bool:
        """Move edited rows to their new places keeping selections (False if one left)."""
        assert self._all is not None
        places = {ident: self._sql_row(ident) for ident in moved}
        if any(row < 0 for row in places.values()):
            return False
        values = self._query(queries.rows, moved)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self._all[p.row()][0] if p.isValid() else None for p in persistent]
        rows = [row for row in self._all if row[0] not in places]
        for row, ident in sorted((r, i) for i, r in places.items()):
            rows.insert(row, (ident, values.get(ident, (None,) * self.columnCount())))
        self._all = rows
        where = {row[0]: number for number, row in enumerate(rows)}
        moved_to = [
            self.index(where[i], p.column()) if i in where else QModelIndex()
            for i, p in zip(ids, persistent, strict=True)
        ]
        self.changePersistentIndexList(persistent, moved_to)
        self.layoutChanged.emit()
        return True

    def _affected(self, change: Change) -> set[str] | None:
        """Ids whose displayed values may have changed (None = possibly any)."""
        ids = change.ids(self.kind)
        for rc in change.records:
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
        if ids is None or len(ids) > MAX_ROW_SIGNALS:
            self._clear()
            if self._count:
                self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, last))
            return
        shown = {ident: row for ident in ids if (row := self._cached_row(ident)) >= 0}
        fresh = self._query(queries.rows, list(shown))
        for ident, row in sorted(shown.items(), key=lambda item: item[1]):
            if ident in fresh:
                self._store(row, (ident, fresh[ident]))
            self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def _store(self, row: int, value: Row) -> None:
        if self._all is not None:
            self._all[row] = value
        else:
            self._pages[row // PAGE][row % PAGE] = value
