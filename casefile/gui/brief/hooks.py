"""Installs File → Export brief… in the main window (reportlab loads only when it is used)."""

from __future__ import annotations

from typing import Any


def install(window: Any) -> None:
    """Add the menu items; the dialog module is imported when the user asks for it."""

    def export_brief(matrix_claims: list[str] | None = None) -> None:
        from casefile.gui.brief.dialog import BriefDialog

        if window.case is None:
            window.show_error("Open a case first.")
            return
        dialog = BriefDialog(window.case, window.settings, window, matrix_claims=matrix_claims)
        window.brief_dialog = dialog
        dialog.open()

    def matrix_in_brief() -> None:
        export_brief(matrix_view_claims(window))

    action = window.add_action("export", "Export &brief…", export_brief, "Ctrl+Shift+B")
    action.setToolTip("Write the brief of this case: PDF, Word or Markdown")

    def verify() -> None:
        from casefile.gui.brief.verify_dialog import verify_brief

        verify_brief(window)

    action = window.add_action("file", "&Verify a brief…", verify, needs_case=False)
    action.setToolTip("Check a brief PDF against the evidence it embeds (no case needed)")
    action = window.add_action("tools", "Evidence matrix in a &brief…", matrix_in_brief)
    action.setToolTip("Export a brief with the evidence matrix of the claims compared now")
    from casefile.gui.brief.narrative_dock import install_dock

    install_dock(window)


def matrix_view_claims(window: Any) -> list[str]:
    """The claims the evidence matrix view compares (none if it was not opened yet)."""
    from casefile.gui.analysis.matrix import MatrixPanel

    panel = window.findChild(MatrixPanel)
    return panel.chosen_claims() if panel is not None else []
