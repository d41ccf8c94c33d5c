"""Item views that take dropped records say which record lies under a point (a drop spot).

A view in any room (a relationship list, the evidence matrix) offers ``drop_spot(point)``;
the window's drop handling asks it, so a room need not know who handles drops.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QPoint, QRect


@dataclass(frozen=True)
class DropSpot:
    """The record a drop at a point would go to, and the area (viewport coordinates) to mark."""

    kind: str
    ident: str
    area: QRect


@runtime_checkable
class HasDropSpots(Protocol):
    """An item view whose rows or cells stand for records that drops can link to."""

    def drop_spot(self, point: QPoint) -> DropSpot | None:
        """The record under ``point`` (viewport coordinates), or None."""
        ...


__all__ = ["DropSpot", "HasDropSpots"]
