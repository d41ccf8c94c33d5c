"""Global search: ranked hits of every kind as you type, fragments highlighted, Enter opens."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QFrame,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from casefile.core.commands import NOUNS
from casefile.core.errors import CaseError
from casefile.gui.common.text import highlighted, one_line, tooltip

HTML_ROLE = Qt.ItemDataRole.UserRole + 1
HIT_ROLE = Qt.ItemDataRole.UserRole
SEARCH_PAUSE_MS = 120
Index = QModelIndex | QPersistentModelIndex


class HitsModel(QAbstractListModel):
    """Search hits; display text is plain, ``HTML_ROLE`` is escaped text with our <b> marks."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hits: list[Any] = []

    def set_hits(self, hits: list[Any]) -> None:
        self.beginResetModel()
        self.hits = list(hits)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.hits):
            return None
        hit = self.hits[index.row()]
        noun = NOUNS[hit.kind][0].capitalize()
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{noun}: {one_line(hit.title, 100)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(hit.fragment.text)
        if role == HTML_ROLE:
            title = one_line(hit.title, 100).replace("&", "&amp;").replace("<", "&lt;")
            title = title.replace(">", "&gt;")
            return f"<small>{noun}</small> {title}<br><small>{highlighted(hit.fragment)}</small>"
        if role == HIT_ROLE:
            return (hit.kind, hit.id)
        return None


class HtmlDelegate(QStyledItemDelegate):
    """Paints ``HTML_ROLE`` (already escaped) so the matching fragment shows in bold."""

    def paint(self, painter: Any, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        doc = self._document(index, opt)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        painter.save()
        painter.translate(opt.rect.topLeft())
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        context.clip = QRectF(0, 0, opt.rect.width(), opt.rect.height())
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        doc = self._document(index, option)
        return QSize(int(doc.idealWidth()), int(doc.size().height()))

    def _document(self, index: Index, option: QStyleOptionViewItem) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setHtml(str(index.data(HTML_ROLE) or ""))
        doc.setTextWidth(max(200, option.rect.width()))
        return doc


class SearchPanel(QFrame):
    """A hits list that drops down under the search field without taking its focus."""

    opened = Signal(str, str)

    def __init__(self, field: QLineEdit, session: Any, parent: QWidget) -> None:
        super().__init__(parent)
        self.field, self.session = field, session
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.model = HitsModel(self)
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setItemDelegate(HtmlDelegate(self.list))
        self.list.setAccessibleName("Search results")
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setUniformItemSizes(False)
        self.list.clicked.connect(self.open_index)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.list)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_PAUSE_MS)
        self._timer.timeout.connect(self.run)
        field.textEdited.connect(lambda _t: self._timer.start())
        field.returnPressed.connect(self.open_current)
        field.installEventFilter(self)
        self.hide()

    def run(self) -> None:
        """Search now for what is typed and show the ranked hits."""
        self._timer.stop()
        text = self.field.text()
        if text.strip() and self.session.case.check_pending:
            self._timer.start()  # the index is read once the case's opening check passed
            return
        try:
            hits = (
                self.session.case.search(text, limit=30, prefix_last=True) if text.strip() else []
            )
        except CaseError as err:
            self.session.show_error(str(err))
            hits = []
        self.model.set_hits(hits)
        if hits:
            self.list.setCurrentIndex(self.model.index(0, 0))
            self._place()
            self.show()
            self.raise_()
        else:
            self.hide()

    def _place(self) -> None:
        parent = self.parentWidget()
        assert parent is not None
        corner = self.field.mapTo(parent, self.field.rect().bottomLeft())
        width = max(self.field.width(), 600)
        left = min(corner.x(), parent.width() - width - 4)
        self.setGeometry(
            max(0, left), corner.y() + 2, width, min(460, parent.height() - corner.y() - 8)
        )

    def open_current(self) -> None:
        if self._timer.isActive():
            self.run()
        self.open_index(self.list.currentIndex())

    def open_index(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        kind, ident = index.data(HIT_ROLE)
        self.hide()
        self.opened.emit(kind, ident)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and self.isVisible():
            key = event.key()  # type: ignore[attr-defined]
            row = self.list.currentIndex().row()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                step = 1 if key == Qt.Key.Key_Down else -1
                row = max(0, min(self.model.rowCount() - 1, row + step))
                self.list.setCurrentIndex(self.model.index(row, 0))
                return True
            if key == Qt.Key.Key_Escape:
                self.hide()
                return True
        if event.type() == QEvent.Type.FocusOut:
            QTimer.singleShot(150, self._hide_if_unfocused)
        return False

    def _hide_if_unfocused(self) -> None:
        if not self.field.hasFocus():
            self.hide()
