"""Flowables kept on one page, measured without reportlab's copy of the whole frame."""

from __future__ import annotations

from reportlab.platypus import KeepTogether
from reportlab.platypus.flowables import _listWrapOn


class Together(KeepTogether):  # type: ignore[misc]
    """``KeepTogether`` for the brief's own flowables.

    reportlab deep-copies the current frame each time it measures a KeepTogether, so that
    generated content (``DocAssign``, ``DocExec``) can run during the measurement; the brief
    puts none inside, and a 500-page brief measures some 1,300 of these.
    """

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        dims: list[tuple[float, float]] = []
        width, height = _listWrapOn(self._content, aW, None, dims=dims)
        self._H = height
        self._H0 = dims[0][1] if dims else 0
        self._wrapInfo = aW, aH
        return width, 0xFFFFFF  # as KeepTogether: always asked to split
