"""The gap list at scale: each check counted first, rows read a page at a time as the list
is scrolled, and on a large case each check listed as soon as it is counted."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt

from casefile.core import gaps
from casefile.core.commands import Create, PutRecords
from casefile.core.model import Claim, EvidenceLink, Snippet, Source
from casefile.gui.analysis import gaps_records
from casefile.gui.analysis.gaps import GapsPanel
from casefile.gui.analysis.gaps_model import ID_ROLE, WAITING
from casefile.gui.common.session import Session
from casefile.storage import gap_queries
from casefile.storage.case import Case, memory_case


@pytest.fixture
def session(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Session]:
    """A case with dozens of gaps of several checks, read seven rows at a time."""
    monkeypatch.setattr(gaps_records, "PAGE", 7)
    monkeypatch.setattr(gaps_records, "WHOLE_UP_TO", 5)
    monkeypatch.setattr(gaps_records, "LABELS_AHEAD", 2)
    case = memory_case("Many gaps")
    sources = [Source(f"s{i}", f"Source {i}", reliability=None if i % 3 else "B") for i in range(9)]
    snippets = [
        Snippet(f"n{i:02}", f"Quote {i}.", source=f"s{i % 9}" if i % 4 else None,
                credibility=None if i % 5 == 0 else 2)
        for i in range(60)
    ]  # fmt: skip
    claims = [
        Claim(f"c{i:02}", f"Claim <b>{i}</b>.",
              evidence=tuple(EvidenceLink(f"n{j % 60:02}") for j in range(i % 3 * i, i % 3 * i + i % 3)))
        for i in range(40)
    ]  # fmt: skip
    case.execute(PutRecords("Records", [*sources, *snippets, *claims]))
    yield Session(case, show_error=pytest.fail)
    case.close()


def _python_gaps(case: Case) -> list[gaps.Gap]:
    """What the record-by-record checks find, in storage order."""
    kinds = ("entity", "relationship", "source", "snippet", "claim")
    entities, relationships, sources, snippets, claims = (list(case.store.all(k)) for k in kinds)
    return gaps.find_gaps(entities, relationships, sources, snippets, claims)  # type: ignore[arg-type]


def _shown_panel(session: Session, qtbot: Any) -> GapsPanel:
    panel = GapsPanel(session, lambda kind, ident: None)
    qtbot.addWidget(panel)
    panel.resize(800, 300)
    panel.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    panel.show()
    return panel


def _scroll_to_the_end(panel: GapsPanel, qtbot: Any) -> list[gaps.Gap]:
    """Scroll down as a user would until nothing more is read; the rows listed."""
    model = panel.model

    def at_the_end() -> bool:
        panel.table.scrollToBottom()
        return not model.canFetchMore(QModelIndex())

    qtbot.waitUntil(at_the_end, timeout=5000)
    return [model.gap_at(row) for row in range(model.rowCount())]


def test_scrolling_to_the_end_lists_every_gap_in_order(session: Session, qtbot: Any) -> None:
    """Only the first pages are read at first; scrolled to its end the list holds exactly the
    gaps the record checks find, in the same order, and the count was right from the start."""
    panel = _shown_panel(session, qtbot)
    expected = _python_gaps(session.case)  # type: ignore[arg-type]
    assert panel.model.total() == len(expected)
    assert 0 < panel.model.rowCount() < len(expected)
    assert panel.summary.text().startswith(f"{len(expected)} gaps found.")
    assert _scroll_to_the_end(panel, qtbot) == expected
    unused = [gap for gap in expected if gap.check == "snippet-unused"]
    panel.checks.setCurrentIndex(panel.checks.findData("snippet-unused"))
    assert panel.checks.currentText() == f"{gaps.CHECKS['snippet-unused']} ({len(unused)})"
    assert _scroll_to_the_end(panel, qtbot) == unused


def test_the_model_tester_passes_while_pages_are_read(session: Session, qtmodeltester: Any) -> None:
    """The paged model behaves as Qt views expect, whole list and one check."""
    panel = GapsPanel(session, lambda kind, ident: None)
    qtmodeltester.check(panel.model)
    panel.model.set_check("snippet-ungraded")
    qtmodeltester.check(panel.model)


def test_a_refresh_keeps_the_place_deep_in_the_list(session: Session, qtbot: Any) -> None:
    """The selected row several pages down stays selected after an edit reads the list again."""
    panel = _shown_panel(session, qtbot)
    rows = _scroll_to_the_end(panel, qtbot)
    deep = max(row for row, gap in enumerate(rows) if gap.check == "snippet-unused")
    panel.table.setCurrentIndex(panel.model.index(deep, 1))
    ident = rows[deep].ident
    before = panel.model.total()
    session.push(Create(Claim("c-new", "A new claim with nothing behind it.")))
    qtbot.waitUntil(lambda: panel.model.total() == before + 1, timeout=3000)
    assert panel.table.currentIndex().data(ID_ROLE) == ident


def test_the_first_read_lists_each_check_as_soon_as_it_is_counted(
    session: Session, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a large case the rows of the checks counted so far show while a slow check still
    runs (the first rows with their labels; others wait for it without freezing the window),
    then everything shows."""
    monkeypatch.setattr(GapsPanel, "BACKGROUND_FROM", 0)
    release = threading.Event()
    count = gap_queries.count

    def slow_count(conn: Any, check: str) -> int:
        if check == "snippet-unused":
            assert release.wait(10), "the window waited for the checks"
        return count(conn, check)

    monkeypatch.setattr(gap_queries, "count", slow_count)
    panel = _shown_panel(session, qtbot)
    model = panel.model
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=5000)
    assert panel.busy() and "found so far" in panel.summary.text()
    assert {model.gap_at(row).check for row in range(model.rowCount())} == {"claim-no-evidence"}
    assert model.index(0, 1).data() == "Claim <b>0</b>."  # read with the count
    assert model.index(3, 1).data() == WAITING  # the slow check holds the case
    assert panel.checks.itemText(panel.checks.findData("snippet-unused")).endswith("(…)")
    release.set()
    qtbot.waitUntil(lambda: not panel.busy(), timeout=5000)
    qtbot.waitUntil(lambda: model.index(3, 1).data() == "Claim <b>9</b>.", timeout=3000)
    assert _scroll_to_the_end(panel, qtbot) == _python_gaps(session.case)  # type: ignore[arg-type]


def test_a_hidden_panel_checks_again_only_once_shown(session: Session, qtbot: Any) -> None:
    """Edits made while another page hides the panel are not checked until it shows again,
    and then they are."""
    panel = _shown_panel(session, qtbot)
    before = panel.model.total()
    panel.hide()
    session.push(Create(Claim("c-hidden", "Added while the panel was hidden.")))
    qtbot.wait(panel.DELAY_MS * 3)
    assert panel.model.total() == before and not panel.busy()
    panel.show()
    qtbot.waitUntil(lambda: panel.model.total() == before + 1, timeout=3000)
