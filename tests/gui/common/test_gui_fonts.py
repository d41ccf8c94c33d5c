"""Quotes in scripts the desktop may have no font for are drawn with the shipped fonts."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QTextLayout
from PySide6.QtWidgets import QApplication

from casefile.app import make_application

QUOTES = {
    "Chinese": "华鑫稀土贸易有限公司",
    "Korean": "한국해운",
    "Arabic": "قال الشاهد إن الشحنة",
    "Hebrew": "הספינה יצאה מהנמל",
}


def _missing_glyphs(text: str) -> int:
    """How many characters of ``text`` the application's font and its fallbacks draw as a box."""
    layout = QTextLayout(text, QApplication.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return sum(list(run.glyphIndexes()).count(0) for run in layout.glyphRuns())


@pytest.mark.parametrize("script", sorted(QUOTES))
def test_a_quote_in_any_script_is_drawn_with_real_glyphs(qapp: Any, script: str) -> None:
    """A Chinese, Korean, Arabic or Hebrew quote shows its letters, not empty boxes, on a
    desktop without fonts for that script (the window uses the fonts casefile ships)."""
    make_application()
    assert _missing_glyphs(QUOTES[script]) == 0
