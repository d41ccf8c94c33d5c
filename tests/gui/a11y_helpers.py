"""Accessibility checks shared by the tests: unnamed controls, clashing Alt keys."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGraphicsView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QTabBar,
    QTextEdit,
    QWidget,
)

INTERACTIVE = (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGraphicsView,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QTabBar,
    QTextEdit,
)


def _is_qt_internal(widget: QWidget) -> bool:
    """Parts Qt builds inside a control, named through the control itself."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractSpinBox | QComboBox | QLineEdit | QAbstractItemView):
            return True  # a spin box's field, a combo's list, a clear button, a header
        parent = parent.parentWidget()
    return widget.objectName().startswith("qt_")


def unnamed(root: QWidget) -> list[str]:
    """Shown interactive widgets under ``root`` with no accessible name, label buddy or text."""
    buddies = set()
    for label in root.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None and label.text().replace("&", "").strip():
            buddies.add(buddy)
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or _is_qt_internal(widget):
            continue
        if not widget.isVisibleTo(root):  # checked when its page or section is shown
            continue
        own = isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip()
        proxy = widget.focusProxy()
        if widget.accessibleName().strip() or own or widget in buddies or proxy in buddies:
            continue
        holder = widget.parentWidget()
        missing.append(
            f"{type(widget).__name__} in {type(holder).__name__ if holder else None} "
            f"of {type(root).__name__} ({root.windowTitle() or root.objectName()})"
        )
    return missing


def clashing_mnemonics(root: QWidget, also: tuple[str, ...] = ()) -> list[str]:
    """Alt+letter keys that two shown controls under ``root`` (or the texts ``also``, e.g. the
    menu bar's) claim: Qt then only moves the focus between them, the second is never pressed."""
    owners: dict[str, list[str]] = {}
    texts = list(also)
    texts += [b.text() for b in root.findChildren(QAbstractButton) if b.isVisibleTo(root)]
    texts += [
        label.text()
        for label in root.findChildren(QLabel)
        if label.buddy() is not None and label.isVisibleTo(root)
    ]
    for text in texts:
        key = QKeySequence.mnemonic(text).toString()
        if key:
            owners.setdefault(key, []).append(text)
    return [f"{key}: {' / '.join(names)}" for key, names in owners.items() if len(names) > 1]
