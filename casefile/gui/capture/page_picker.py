"""Choosing which pages of a web archive become sources, before the capture job starts.

A WARC/WACZ of a crawl can hold thousands of pages; the investigator usually wants a few.
The picker lists every HTML page (address, title, capture date, size) with a check box, a
filter box, and buttons that check or clear the pages the filter shows.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casefile.capture.archive_pages import ArchivedPage, PageListing
from casefile.capture.limits import human_size
from casefile.capture.parts import MAX_PARTS, PageChoice
from casefile.gui.common.text import one_line, plain_label, tooltip

PICK_ABOVE = 10  # an archive with at most this many pages is taken whole, without asking
CHECK_ALL_UP_TO = 100  # up to this many pages start checked; past it, none (filter, then check)
HEADERS = ("Address", "Title", "Captured", "Size")
Index = QModelIndex | QPersistentModelIndex


class PageListModel(QAbstractTableModel):
    """The archive's pages, one row each; column 0 carries the check box."""

    def __init__(self, pages: tuple[ArchivedPage, ...], parent: Any = None) -> None:
        super().__init__(parent)
        self.pages = pages
        self.checked = [len(pages) <= CHECK_ALL_UP_TO] * len(pages)
        self.count = sum(self.checked)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.pages)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # fmt: skip
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        page, column = self.pages[index.row()], index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            on = self.checked[index.row()]
            return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (page.url, page.title or "", _when(page.captured), human_size(page.size))
            if role == Qt.ItemDataRole.ToolTipRole:
                return tooltip(values[column]) if values[column] else None
            return one_line(values[column], 200)
        if role == Qt.ItemDataRole.UserRole:  # what the filter box searches
            return f"{page.url}\n{page.title or ''}"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == 0:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole or index.column():
            return False
        self.set_rows([index.row()], _is_checked(value))
        return True

    def set_rows(self, rows: list[int], on: bool) -> None:
        """Check (or clear) these rows, telling the views once per contiguous run."""
        changed = [row for row in rows if self.checked[row] != on]
        for row in changed:
            self.checked[row] = on
        self.count += len(changed) if on else -len(changed)
        if changed:
            first, last = min(changed), max(changed)
            self.dataChanged.emit(self.index(first, 0), self.index(last, 0),
                                  [Qt.ItemDataRole.CheckStateRole])  # fmt: skip

    def chosen(self) -> frozenset[int]:
        """The archive's page numbers of the checked rows."""
        return frozenset(p.index for p, on in zip(self.pages, self.checked, strict=True) if on)


class PagePicker(QDialog):
    """Asks which pages of one archive to add; ``choice()`` after it is accepted."""

    def __init__(self, parent: QWidget | None, listing: PageListing) -> None:
        super().__init__(parent)
        self.listing = listing
        self.setWindowTitle(f"Pages to add from {one_line(listing.name, 80)}")
        self.model = PageListModel(listing.pages, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(Qt.ItemDataRole.UserRole)
        self.proxy.setFilterKeyColumn(0)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        layout = QVBoxLayout(self)
        held = f"more than {len(listing.pages):,}" if listing.more else f"{len(listing.pages):,}"
        intro = (f"{listing.name} holds {held} web pages. Check the pages that should become "
                 "sources; the others are left out.")  # fmt: skip
        if listing.more:
            intro += (f" Only the first {len(listing.pages):,} are listed here; to add later "
                      "ones, split the archive or use “casefile add --pages PATTERN”.")  # fmt: skip
        layout.addWidget(plain_label(intro, wrap=True))
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter by address or title")
        self.filter.setAccessibleName("Filter pages")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        layout.addWidget(self.filter)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Archived pages")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.all_button = QPushButton("&Check all shown", self)
        self.none_button = QPushButton("Check &none shown", self)
        self.all_button.clicked.connect(lambda: self._check_shown(True))
        self.none_button.clicked.connect(lambda: self._check_shown(False))
        row.addWidget(self.all_button)
        row.addWidget(self.none_button)
        row.addStretch(1)
        self.count_label = plain_label("")
        row.addWidget(self.count_label)
        layout.addLayout(row)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Add chosen pages")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.model.dataChanged.connect(self._counted)
        self._counted()
        self.resize(860, 520)

    def _check_shown(self, on: bool) -> None:
        rows = [self.proxy.mapToSource(self.proxy.index(r, 0)).row()
                for r in range(self.proxy.rowCount())]  # fmt: skip
        self.model.set_rows(rows, on)

    def _counted(self, *_args: Any) -> None:
        count, total = self.model.count, len(self.listing.pages)
        text = f"{count:,} of {total:,} pages chosen"
        if count > MAX_PARTS:
            text += f" — at most {MAX_PARTS:,} can be added at once"
        self.count_label.setText(text)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(0 < count <= MAX_PARTS)

    def choice(self) -> PageChoice:
        """The chosen pages, bound to the bytes that were listed."""
        return PageChoice(indexes=self.model.chosen(), sha256=self.listing.sha256)


def _is_checked(value: Any) -> bool:
    if isinstance(value, Qt.CheckState):
        return value == Qt.CheckState.Checked
    return bool(value == Qt.CheckState.Checked.value or value is True)


def _when(captured: str | None) -> str:
    return captured.replace("T", " ").removesuffix("Z") + " UTC" if captured else ""


__all__ = ["CHECK_ALL_UP_TO", "PICK_ABOVE", "PageListModel", "PagePicker"]
