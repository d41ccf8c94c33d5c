"""The gap checks panel: lists gaps of the case, updates after edits and opens the item."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from casefile.core.commands import Create, Edit
from casefile.core.model import Claim
from casefile.gui.analysis.gaps import GapsModel, GapsPanel, compute_gaps
from casefile.gui.common.session import Session
from casefile.storage.case import memory_case
from casefile.storage.sample import fill_sample


@pytest.fixture
def session(qtbot: Any) -> Iterator[Session]:
    """A GUI session over the sample case, in memory."""
    case = memory_case("Sample")
    fill_sample(case)
    yield Session(case, show_error=pytest.fail)
    case.close()


def _rows(panel: GapsPanel) -> list[tuple[str, str]]:
    model = panel.model
    return [(model.index(r, 0).data(), model.index(r, 1).data()) for r in range(model.rowCount())]


def test_model_passes_the_model_tester(session: Session, qtmodeltester: Any) -> None:
    """The gaps model behaves as Qt views expect."""
    model = GapsModel()
    model.set_gaps(compute_gaps(session.case))
    qtmodeltester.check(model)
    model.set_check("claim-single-source")
    qtmodeltester.check(model)


def test_panel_lists_gaps_and_updates_after_an_edit(session: Session, qtbot: Any) -> None:
    """A new claim without evidence shows up as a gap, and leaves once the claim is deleted."""
    opened: list[tuple[str, str]] = []
    panel = GapsPanel(session, lambda kind, ident: opened.append((kind, ident)))
    qtbot.addWidget(panel)
    before = panel.model.total()
    assert (
        "Relationships without evidence",
        "Liao Chunsheng — chairman of — Huaxin Rare Earth Trading Co.",
    ) in _rows(panel)
    session.push(Create(Claim("c-new", "Meridian <b>owns</b> a fifth vessel.")))
    qtbot.waitUntil(lambda: panel.model.total() == before + 1, timeout=2000)
    assert ("Claims with no evidence", "Meridian <b>owns</b> a fifth vessel.") in _rows(panel)
    session.stack.undo()
    qtbot.waitUntil(lambda: panel.model.total() == before, timeout=2000)
    assert "No gaps" not in panel.summary.text()


def test_choosing_a_check_filters_and_enter_opens_the_item(session: Session, qtbot: Any) -> None:
    """Picking a check shows only its rows; Enter on a row opens that record."""
    opened: list[tuple[str, str]] = []
    panel = GapsPanel(session, lambda kind, ident: opened.append((kind, ident)))
    qtbot.addWidget(panel)
    panel.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    panel.show()
    panel.checks.setCurrentIndex(panel.checks.findData("relationship-no-evidence"))
    rows = _rows(panel)
    assert rows and all(check == "Relationships without evidence" for check, _ in rows)
    panel.table.setFocus()
    panel.table.setCurrentIndex(panel.model.index(0, 1))
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert opened and opened[0][0] == "relationship"
    session.push(Edit("relationship", opened[0][1], {"evidence": ("n-n14",)}))
    panel.refresh()
    assert panel.checks.currentData() == "relationship-no-evidence"
    assert len(_rows(panel)) == len(rows) - 1


def test_screenshot_of_the_sample_case(session: Session, qtbot: Any, tmp_path: Path) -> None:
    """The panel renders the sample case's gaps (screenshot kept for review)."""
    panel = GapsPanel(session, lambda kind, ident: None)
    qtbot.addWidget(panel)
    panel.resize(900, 520)
    panel.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    panel.show()
    target = Path("/tmp/casefile-shots")
    target.mkdir(exist_ok=True)
    assert panel.grab().save(str(target / "gaps.png"))


def test_large_cases_are_checked_in_the_background(session: Session, qtbot: Any) -> None:
    """On a large case the checks run off the GUI thread and the rows arrive afterwards."""
    panel = GapsPanel(session, lambda kind, ident: None)
    qtbot.addWidget(panel)
    before = panel.model.total()
    panel.BACKGROUND_FROM = 0
    session.push(Create(Claim("c-bg", "Checked in the background.")))
    qtbot.waitUntil(lambda: panel.model.total() == before + 1, timeout=3000)
    qtbot.waitUntil(lambda: not panel.busy(), timeout=3000)
    assert panel.summary.text().startswith(f"{before + 1} gaps found.")
