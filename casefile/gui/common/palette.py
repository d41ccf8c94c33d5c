"""Colours of the link chart, the chronology and the evidence matrix, read from the palette.

The drawings' colours were chosen for a white sheet. On a light palette they are used as
they are, on the palette's own background and text colours; on a dark palette each keeps
its hue and saturation and takes the mirrored lightness (pale fills become deep tints, dark
lines and words become light), so kinds and roles stay told apart by the same hues. Exports
(PNG, SVG) are drawn with ``LIGHT``, whatever the window shows.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QColor, QPalette

VEIL_ALPHA = 190  # the veil over what a selection leaves out


@dataclass(frozen=True)
class Theme:
    """The sheet (the background) and how design colours look on it."""

    dark: bool
    sheet: str  # the background, "#rrggbb"

    @classmethod
    def of(cls, palette: QPalette) -> Theme:
        """The theme of a widget's palette (dark when its base colour is dark)."""
        base = palette.color(QPalette.ColorRole.Base)
        return cls(base.lightness() < 128, base.name())

    def colour(self, design: str) -> QColor:
        """A colour chosen for a white sheet, as it should look on this one."""
        colour = QColor(design)
        if not self.dark:
            return colour
        lightness = 0.1 + 0.82 * (1.0 - colour.lightnessF())
        return QColor.fromHslF(
            colour.hslHueF(), colour.hslSaturationF(), lightness, colour.alphaF()
        )

    @property
    def background(self) -> QColor:
        return QColor(self.sheet)

    @property
    def veil(self) -> QColor:
        veil = QColor(self.sheet)
        veil.setAlpha(VEIL_ALPHA)
        return veil


LIGHT = Theme(False, "#ffffff")


@contextmanager
def themed(scene: Any, theme: Theme) -> Iterator[None]:
    """A drawing's scene coloured for ``theme`` meanwhile (exports: always ``LIGHT``)."""
    set_theme = getattr(scene, "set_theme", None)
    was = getattr(scene, "theme", None)
    if set_theme is None or was is None:
        yield
        return
    set_theme(theme)
    try:
        yield
    finally:
        set_theme(was)
