"""Fonts: the application font at a given size, and fallback fonts resolved ahead of need."""

from __future__ import annotations

import functools

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication


@functools.cache
def font(points: float) -> QFont:
    """The application's font at ``points`` (made once the application exists)."""
    made = QFont(QApplication.font())
    made.setPointSizeF(points)
    return made


# The scripts a case holds that a desktop may have no font for (a minimal Linux install, the
# bundle on a bare machine): the shipped fallback faces the brief embeds serve the window too.
FALLBACK_FACES = (
    "DroidSansFallbackFull.ttf",  # Chinese, Japanese
    "NanumSquareR.ttf",  # Korean
    "NotoSansArabic-Regular.ttf",
    "NotoSansHebrew-Regular.ttf",
    "NotoSansSymbols-Regular.ttf",
    "NotoSansSymbols2-Regular.ttf",
)
_installed: list[bool] = []


def install_shipped_fonts() -> None:
    """Make the shipped fallback fonts available to every widget (once, after the app exists).

    Without them a desktop lacking CJK, Arabic or Hebrew fonts draws a quote in those scripts
    as empty boxes. Registered fonts join Qt's fallback chain; the interface font is unchanged.
    """
    if _installed:
        return
    _installed.append(True)
    import importlib.resources

    from PySide6.QtGui import QFontDatabase

    try:
        folder = importlib.resources.files("casefile.resources") / "fonts"
    except ModuleNotFoundError:  # an editable install made before resources/ moved out
        return
    for name in FALLBACK_FACES:
        with importlib.resources.as_file(folder / name) as path:
            if path.is_file():
                QFontDatabase.addApplicationFont(str(path))


_WARM = "华鑫稀土贸易 廖春生 Лиао Ч. عربي Ελληνικά ÄÖÜ ß 🚢"
_warmed: list[bool] = []


def warm_up_fonts() -> None:
    """Resolve fallback fonts for common scripts once, while the user waits anyway.

    The first CJK or Cyrillic glyph a process draws makes fontconfig search for fallback
    fonts (about 0.2 s here); doing it during the start page or while a case opens keeps
    it out of the first screen of a register.
    """
    if _warmed:
        return
    _warmed.append(True)
    from PySide6.QtGui import QImage, QPainter

    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    painter.drawText(0, 8, _WARM)
    painter.end()
