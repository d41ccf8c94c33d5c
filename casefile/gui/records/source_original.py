"""Getting a source's captured original out of the case: save a copy, or open a copy.

Nothing captured is ever opened by casefile on its own. Opening is an explicit action that
first saves a read-only copy in a private temporary folder and opens that copy, so the
program that shows it can never change the evidence kept in the case.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from casefile.core.model import Original, Source

Opener = Callable[[Path], None]
_open_copies: list[Path] = []  # folders of copies handed to other programs, removed at close
Confirm = Callable[[QWidget, str], bool]


def system_open(path: Path) -> None:
    """Open a file with the program the system uses for its type."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def ask_first(parent: QWidget, message: str) -> bool:
    """Ask before handing a copy of evidence to another program."""
    buttons = QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel
    box = QMessageBox(QMessageBox.Icon.Question, "Open a copy of the original", "", buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # the file name is the user's text
    box.setText(message)
    return bool(box.exec() == QMessageBox.StandardButton.Open)


def safe_name(source: Source) -> str:
    """A plain file name for the copy (no folders, no hidden-file dot)."""
    name = Path(source.file_name or "original").name.lstrip(".") or "original"
    return name.replace("/", "_").replace("\\", "_")[:120]


class OriginalActions:
    """Save or open the captured original of the source shown in an editor."""

    def __init__(self, parent: QWidget, session: Any) -> None:
        self.parent = parent
        self.session = session
        self.opener: Opener = system_open
        self.confirm: Confirm = ask_first

    def original(self, source: Source) -> Original | None:
        """The stored bytes, checked against the source's SHA-256 (None, with a message)."""
        if not source.sha256:
            self.session.show_error("This source has no captured file.")
            return None
        with self.session.case.lock:
            found: Original | None = self.session.case.store.original(source.sha256)
        if found is None:
            self.session.show_error("The captured file of this source is not in the case.")
            return None
        if hashlib.sha256(found.data).hexdigest() != source.sha256:
            self.session.show_error(
                "The stored original no longer matches the SHA-256 recorded when it was "
                "captured; it was not handed out. Run 'casefile check' on the case."
            )
            return None
        return found

    def save(self, source: Source, path: Path | None = None) -> Path | None:
        """Write a copy of the original where the user chooses."""
        original = self.original(source)
        if original is None:
            return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self.parent, "Save a copy of the original",
                                                    safe_name(source))  # fmt: skip
            if not chosen:
                return None
            path = Path(chosen)
        try:
            path.write_bytes(original.data)
        except OSError as err:
            self.session.show_error(f"The copy could not be saved: {err.strerror or err}.")
            return None
        return path

    def open(self, source: Source) -> Path | None:
        """After the user agrees, save a read-only copy in a private folder and open it."""
        original = self.original(source)
        if original is None:
            return None
        name = safe_name(source)
        message = (
            f"casefile will save a read-only copy of “{name}” in a private temporary folder "
            "and open that copy with the program your system uses for this kind of file. "
            "The evidence kept in the case is not touched. The copy is removed when the case "
            "is closed."
        )
        if self.session.case.encrypted:
            message += (
                "\n\nThis case is encrypted, but the copy is not: while the case is open, "
                "anyone who can read your temporary folder can read it."
            )
        if not self.confirm(self.parent, message):
            return None
        folder = Path(tempfile.mkdtemp(prefix="casefile-original-"))
        _open_copies.append(folder)
        path = folder / name
        try:
            path.write_bytes(original.data)
            path.chmod(0o400)
        except OSError as err:
            self.session.show_error(f"The copy could not be saved: {err.strerror or err}.")
            return None
        self.opener(path)
        return path


def remove_open_copies() -> None:
    """Remove the copies of originals handed to other programs (called when a case closes)."""
    while _open_copies:
        shutil.rmtree(_open_copies.pop(), ignore_errors=True)
