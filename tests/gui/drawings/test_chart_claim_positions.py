"""Claim nodes on the link chart keep where the user dragged them: saved, undoable, reopened."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from gui_helpers import drag_node, settle
from PySide6.QtCore import QPoint, QPointF

from casefile.gui.common.session import Session
from casefile.gui.drawings.chart_panel import ChartPanel
from casefile.storage import open_case
from casefile.storage.sample import write_sample

CLAIM = "c-funding"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "sample.casefile"
    write_sample(path)
    return path


def claims_panel(qtbot: Any, case: Any) -> tuple[ChartPanel, Session]:
    """A shown chart panel with claims drawn as nodes."""
    session = Session(case, print)
    panel = ChartPanel(session, lambda kind, ident: None)
    qtbot.addWidget(panel)
    panel.claims.setChecked(True)
    panel.resize(1000, 700)
    panel.show()
    settle()
    panel.view.fit()
    return panel, session


def test_a_dragged_claim_stays_put_after_reopening(qtbot: Any, sample: Path) -> None:
    """Dragging a claim node saves its place in the case; reopened, the chart shows it there."""
    case = open_case(sample)
    panel, session = claims_panel(qtbot, case)
    assert panel.scene.nodes[CLAIM].record_kind == "claim"
    drag_node(panel, CLAIM, QPoint(70, -50))
    moved = panel.scene.nodes[CLAIM].pos()
    saved = session.case.get("claim", CLAIM).position
    assert saved == pytest.approx((moved.x(), moved.y()), abs=0.1)
    assert session.stack.undoText().startswith("Move ")
    panel.close()
    case.close()
    reopened = open_case(sample)
    assert reopened.get("claim", CLAIM).position == saved
    again, _session = claims_panel(qtbot, reopened)
    assert again.scene.nodes[CLAIM].pos() == QPointF(*saved)
    again.close()
    reopened.close()


def test_undo_and_redo_move_the_claim_back_and_forth(qtbot: Any, sample: Path) -> None:
    """Undo puts a dragged claim back where it was (and forgets the saved place); redo moves it."""
    case = open_case(sample)
    panel, session = claims_panel(qtbot, case)
    before = panel.scene.nodes[CLAIM].pos()
    drag_node(panel, CLAIM, QPoint(-60, 40))
    after = panel.scene.nodes[CLAIM].pos()
    assert after != before
    session.stack.undo()
    settle()
    assert session.case.get("claim", CLAIM).position is None
    assert panel.scene.nodes[CLAIM].pos() == before
    session.stack.redo()
    settle()
    assert panel.scene.nodes[CLAIM].pos() == QPointF(round(after.x(), 1), round(after.y(), 1))
    panel.close()
    case.close()


def test_lay_out_again_forgets_claim_places_too(qtbot: Any, sample: Path) -> None:
    """Lay out again clears a claim's saved place in the same undoable step as the entities'."""
    case = open_case(sample)
    panel, session = claims_panel(qtbot, case)
    drag_node(panel, CLAIM, QPoint(40, 40))
    assert session.case.get("claim", CLAIM).position is not None
    panel.arrange()
    assert session.case.get("claim", CLAIM).position is None
    session.stack.undo()
    assert session.case.get("claim", CLAIM).position is not None
    panel.close()
    case.close()
