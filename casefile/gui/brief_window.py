"""Installs File → Export brief… in the main window (reportlab loads only when it is used)."""

from __future__ import annotations

from typing import Any


def install(window: Any) -> None:
    """Add the menu item; the dialog module is imported when the user asks for it."""

    def export_brief() -> None:
        from casefile.gui.brief_dialog import BriefDialog

        if window.case is None:
            window.show_error("Open a case first.")
            return
        dialog = BriefDialog(window.case, window.settings, window)
        window.brief_dialog = dialog
        dialog.open()

    action = window.add_action("file", "Export &brief…", export_brief, "Ctrl+Shift+B")
    action.setToolTip("Write the PDF brief of this case")
