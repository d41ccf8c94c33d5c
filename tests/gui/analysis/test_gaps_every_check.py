"""Every gap check the issue asks for is listed, opens its item and updates after an edit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from casefile.core import gaps
from casefile.core.commands import Create, Edit, LinkEvidence
from casefile.core.model import Claim, EvidenceLink, Relationship, Snippet, Source
from casefile.gui.analysis.gaps import GapsModel, GapsPanel, compute_gaps
from casefile.gui.common.session import Session
from casefile.storage.case import memory_case
from casefile.storage.sample import fill_sample

ISSUE_CHECKS = {
    "claim-no-evidence": ("claim", "c-empty"),
    "claim-single-source": ("claim", "c-single"),
    "supported-but-refuted": ("claim", "c-contested"),
    "refuted-without-refutation": ("claim", "c-refuted"),
    "source-ungraded": ("source", "s-ungraded"),
    "snippet-ungraded": ("snippet", "n-loose"),
    "snippet-no-source": ("snippet", "n-loose"),
    "entity-unmentioned": ("entity", "e-lonely"),
    "relationship-no-evidence": ("relationship", "r-bare"),
}


@pytest.fixture
def session(qtbot: Any) -> Iterator[Session]:
    """The sample case plus one record for each gap the issue lists."""
    from casefile.core.model import Entity

    case = memory_case("Sample")
    fill_sample(case)
    for record in (
        Entity("e-lonely", "<b>Nobody</b> Mentioned"),
        Source("s-ungraded", "An ungraded <i>leak</i>"),
        Snippet("n-graded", "Graded quote.", source="s-ungraded", credibility=2),
        Snippet("n-loose", "A loose quote with no source."),
        Relationship("r-bare", "e-liao", "e-huaxin", "knows"),
        Claim("c-empty", "A claim with nothing behind it."),
        Claim("c-single", "One source only.", evidence=(EvidenceLink("n-graded"),)),
        Claim(
            "c-contested",
            "Supported, yet refuted.",
            status="supported",
            evidence=(EvidenceLink("n-loose", "refutes"),),
        ),
        Claim("c-refuted", "Refuted on no evidence.", status="refuted"),
    ):
        case.execute(Create(record))
    yield Session(case, show_error=pytest.fail)
    case.close()


def _panel(session: Session, qtbot: Any) -> tuple[GapsPanel, list[tuple[str, str]]]:
    opened: list[tuple[str, str]] = []
    panel = GapsPanel(session, lambda kind, ident: opened.append((kind, ident)))
    qtbot.addWidget(panel)
    return panel, opened


def _found(panel: GapsPanel) -> set[tuple[str, str, str]]:
    model = panel.model
    return {
        (model.gap_at(r).check, model.gap_at(r).kind, model.gap_at(r).ident)
        for r in range(model.rowCount())
    }


def test_every_check_of_the_issue_is_listed(session: Session, qtbot: Any) -> None:
    """Each check the issue names finds its planted record, with a plain-text label."""
    assert set(ISSUE_CHECKS) <= set(gaps.CHECKS)
    panel, _opened = _panel(session, qtbot)
    found = _found(panel)
    for check, (kind, ident) in ISSUE_CHECKS.items():
        assert (check, kind, ident) in found, check
    labels = [panel.model.index(r, 1).data() for r in range(panel.model.rowCount())]
    assert "<b>Nobody</b> Mentioned" in labels and "An ungraded <i>leak</i>" in labels
    for check in ISSUE_CHECKS:
        assert panel.checks.findData(check) >= 0


def test_each_row_opens_its_item(session: Session, qtbot: Any) -> None:
    """Enter on a row of every kind opens that record."""
    panel, opened = _panel(session, qtbot)
    panel.table.setFocus()
    wanted = {(kind, ident) for kind, ident in ISSUE_CHECKS.values()}
    for row in range(panel.model.rowCount()):
        index = panel.model.index(row, 0)
        if (index.data(Qt.ItemDataRole.UserRole), index.data(Qt.ItemDataRole.UserRole + 1)) in (
            wanted
        ):
            panel.table.setCurrentIndex(index)
            qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert wanted <= set(opened)


def test_rows_follow_edits_and_keep_the_selection(session: Session, qtbot: Any) -> None:
    """Grading a source removes its row soon after; the selected row stays selected."""
    panel, _opened = _panel(session, qtbot)
    model = panel.model
    single = model.row_of("claim", "c-single")
    panel.table.setCurrentIndex(model.index(single, 1))
    session.push(Edit("source", "s-ungraded", {"reliability": "B"}))
    qtbot.waitUntil(lambda: ("source-ungraded", "source", "s-ungraded") not in _found(panel))
    current = panel.table.currentIndex()
    assert (current.data(Qt.ItemDataRole.UserRole + 1), current.column()) == ("c-single", 1)
    session.push(LinkEvidence("c-refuted", "n-loose", "refutes"))
    qtbot.waitUntil(
        lambda: ("refuted-without-refutation", "claim", "c-refuted") not in _found(panel)
    )
    session.stack.undo()
    qtbot.waitUntil(lambda: ("refuted-without-refutation", "claim", "c-refuted") in _found(panel))


def test_models_pass_the_model_tester(session: Session, qtmodeltester: Any) -> None:
    """The gaps model of this case behaves as Qt views expect, filtered or not."""
    model = GapsModel()
    model.set_gaps(compute_gaps(session.case))
    qtmodeltester.check(model)
    model.set_check("snippet-no-source")
    qtmodeltester.check(model)


def test_a_change_during_the_first_background_read_is_not_lost(
    session: Session, qtbot: Any
) -> None:
    """On a large case the first read runs in the background; edits meanwhile still show."""
    GapsPanel.BACKGROUND_FROM = 0
    try:
        panel, _opened = _panel(session, qtbot)
        assert panel.busy()
        session.push(Create(Claim("c-late", "Added while the case was being read.")))
        qtbot.waitUntil(
            lambda: ("claim-no-evidence", "claim", "c-late") in _found(panel) and not panel.busy(),
            timeout=5000,
        )
        session.stack.undo()
        qtbot.waitUntil(
            lambda: ("claim-no-evidence", "claim", "c-late") not in _found(panel), timeout=5000
        )
    finally:
        GapsPanel.BACKGROUND_FROM = 5000
