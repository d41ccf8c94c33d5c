"""User text is never markup: hostile names show literally in every label, tooltip and title."""

from __future__ import annotations

from pathlib import Path

from gui_helpers import close, make_window
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListWidget,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItemIterator,
    QWidget,
)

from casefile.core.commands import Create, Edit, LinkEvidence
from casefile.core.model import Claim, Entity, Relationship, Snippet, Source
from casefile.gui.common import dialogs

HOSTILE = "<img src=/etc/passwd> <b>x</b>"


def _tooltip_ok(tip: str) -> bool:
    return HOSTILE not in tip and "<img" not in tip.replace("&lt;img", "")


def _columns(model) -> int:
    try:
        return int(model.columnCount(QModelIndex()))
    except TypeError:  # list models keep columnCount private
        return 1


def _walk(window) -> int:
    """Check every label, tooltip and item view under the window; return how many showed HOSTILE."""
    literal = 0
    for widget in [window, *window.findChildren(QWidget)]:
        assert _tooltip_ok(widget.toolTip()), widget
        if isinstance(widget, QLabel) and "<" in widget.text():
            assert widget.textFormat() == Qt.TextFormat.PlainText, widget.text()
            literal += HOSTILE in widget.text()
        if isinstance(widget, QListWidget):
            for i in range(widget.count()):
                assert _tooltip_ok(widget.item(i).toolTip())
                literal += HOSTILE in widget.item(i).text()
        if isinstance(widget, QTreeWidget):
            it = QTreeWidgetItemIterator(widget)
            while it.value():
                item = it.value()
                for c in range(widget.columnCount()):
                    assert _tooltip_ok(item.toolTip(c))
                    literal += HOSTILE in item.text(c)
                it += 1
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for r in range(min(model.rowCount(QModelIndex()), 50)):
                for c in range(max(1, _columns(model))):
                    index = model.index(r, c)
                    assert _tooltip_ok(str(index.data(Qt.ItemDataRole.ToolTipRole) or ""))
                    literal += HOSTILE in str(index.data() or "")
    return literal


def test_hostile_text_shows_literally_everywhere(qtbot, tmp_path: Path) -> None:
    """A person, source, quote, claim and case titled with markup show exactly those characters."""
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    text = f"Before {HOSTILE} after"
    window.push(Edit("case", "case", {"title": HOSTILE, "summary": HOSTILE}))
    window.push(Create(Entity("h-e", HOSTILE, aliases=(HOSTILE,), description=HOSTILE)))
    window.push(Create(Entity("h-f", "Other")))
    window.push(Create(Relationship("h-r", "h-e", "h-f", HOSTILE, "2020")))
    window.push(Create(Source("h-s", HOSTILE, publisher=HOSTILE, text=text)))
    window.push(
        Create(
            Snippet("h-n", HOSTILE, source="h-s", offset=(7, 7 + len(HOSTILE)), entities=("h-e",))
        )
    )
    window.push(Create(Claim("h-c", HOSTILE, claimant=HOSTILE, subjects=("h-e",))))
    window.push(LinkEvidence("h-c", "h-n", "supports", HOSTILE))
    assert HOSTILE in window.windowTitle()
    seen = _walk(window)
    for kind, ident in (("entity", "h-e"), ("source", "h-s"), ("snippet", "h-n"), ("claim", "h-c")):
        assert window.navigate_to(kind, ident)
        seen += _walk(window)
    window.show_part(0)
    seen += _walk(window)
    assert seen >= 8
    window.search_field.setText("passwd")
    window.search_panel.run()
    seen_hits = _walk(window)
    assert seen_hits >= 1
    close(window)


def test_dialogs_show_user_text_plainly(qtbot, monkeypatch) -> None:
    """Error and confirmation dialogs set plain text, so names with markup stay literal."""
    boxes: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append(box) or 0)
    dialogs.show_error(None, f"{HOSTILE}.casefile cannot be opened")
    dialogs.confirm_delete(None, HOSTILE, {"snippet": 2})
    assert len(boxes) == 2
    for box in boxes:
        assert box.textFormat() == Qt.TextFormat.PlainText
        assert HOSTILE in box.text()
