"""Installs the File menu's exports and FtM import (its Export ▸ and Import ▸) and the Tools menu's screening and library."""

from __future__ import annotations

from typing import Any


def install(window: Any) -> None:
    """Add the menu items; the work modules load when the user asks for them."""
    from casefile.gui.interchange.exports import FORMATS, export_action

    def importing() -> None:
        from casefile.gui.interchange.import_dialog import import_action

        import_action(window)

    def screening() -> None:
        from casefile.gui.interchange.screening_dialog import screening_action

        screening_action(window)

    def library() -> None:
        from casefile.gui.interchange.library_dialog import library_action

        library_action(window)

    for fmt in FORMATS:
        window.add_action("export", fmt.menu, export_action(window, fmt))
    window.add_action("import", "&Import FollowTheMoney…", importing)
    action = window.add_action("tools", "&Screen against a list…", screening)
    action.setToolTip("Match the case's people and organisations against a sanctions or PEP list")
    window.add_action("tools", "Case &library…", library, needs_case=False)
