"""File → Verify a brief…: check a brief PDF with nothing but the PDF, and show the report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class VerifyDialog(QDialog):
    """The verify report of one brief: a verdict in words, then every check on its line."""

    def __init__(self, report: Any, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(f"Verify {path.name}")
        failed = len(report.failures)
        verdict = (
            "Verified: every check passed."
            if report.ok
            else f"NOT verified: {failed} check(s) failed. See the lines marked FAILED."
        )
        self.verdict = QLabel(verdict)
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        self.verdict.setStyleSheet("font-weight: bold;" + ("" if report.ok else "color: #a00;"))
        self.text = QPlainTextEdit(report.text())
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(860, 520)


def verify_brief(window: Any, path: Path | None = None) -> VerifyDialog | None:
    """Ask for a brief (unless given), check it and show the report (None if none chosen)."""
    from PySide6.QtWidgets import QFileDialog

    from casefile.brief.verify import verify
    from casefile.core.errors import CaseError

    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(window, "Verify a brief", "", "PDF (*.pdf)")
        if not chosen:
            return None
        path = Path(chosen)
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        report = verify(path)
    except CaseError as err:
        window.show_error(str(err))
        return None
    except OSError as err:
        window.show_error(f"{path.name} could not be read: {err.strerror or err}.")
        return None
    finally:
        QApplication.restoreOverrideCursor()
    dialog = VerifyDialog(report, path, window)
    window.verify_dialog = dialog
    dialog.open()
    return dialog
