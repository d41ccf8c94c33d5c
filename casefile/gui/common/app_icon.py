"""casefile's icon for windows, dialogs and the task bar, from the installed resources."""

from __future__ import annotations

from importlib import resources

from PySide6.QtGui import QIcon, QPixmap

from casefile import APP_ID


def app_icon() -> QIcon:
    """The icon in every shipped size (the SVG's PNG renderings), so no size is blurred."""
    icon = QIcon()
    sizes = resources.files("casefile.resources") / "icons" / "hicolor"
    for folder in sizes.iterdir():
        png = folder / "apps" / f"{APP_ID}.png"
        if png.is_file():
            pixmap = QPixmap()
            if pixmap.loadFromData(png.read_bytes()):
                icon.addPixmap(pixmap)
    return icon
