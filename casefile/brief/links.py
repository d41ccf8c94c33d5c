"""Links to places in the brief, as reportlab writes them, without its per-link dictionaries.

``canvas.linkRect`` builds a general annotation that is turned into a PDF dictionary of PDF
arrays and strings when the file is written; a brief holds thousands of links (every
citation, every contents line). ``link`` adds the same annotation, formatted in one step.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc


class QuickLink(pdfdoc.LinkAnnotation):  # type: ignore[misc]
    """An invisible link to a named destination: the bytes of reportlab's own annotation."""

    def __init__(self, rect: tuple[float, float, float, float], destination: Any) -> None:
        super().__init__(rect, "", destination, Border="[0 0 0]")
        self.rect_bytes = fp_str(*rect).encode("latin-1")

    def format(self, document: Any) -> bytes:
        dest: bytes = pdfdoc.format(self.Destination, document)
        rect: bytes = self.rect_bytes
        return (
            b"<<\n/Border [ 0 0 0 ] /Contents () /Dest " + dest + b" /Rect [ " + rect
            + b" ] /Subtype /Link /Type /Annot\n>>"
        )  # fmt: skip


def link(canvas: Any, key: str, rect: tuple[float, float, float, float]) -> None:
    """What ``canvas.linkRect("", key, rect, relative=1)`` does, with a ``QuickLink``."""
    destination = canvas._bookmarkReference(key)
    canvas._addAnnotation(QuickLink(canvas._absRect(rect, 1), destination))


__all__ = ["QuickLink", "link"]
