"""The evidence matrix: claims as columns, evidence as rows, edited in place with undo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from casefile.core.commands import Create, Edit
from casefile.core.model import Claim, EvidenceLink
from casefile.gui.analysis.matrix import MatrixPanel
from casefile.gui.analysis.matrix_model import FIXED, SNIPPET_ROLE, STANCE_ROLE, MatrixModel
from casefile.gui.common.session import Session
from casefile.storage.case import memory_case
from casefile.storage.sample import fill_sample


@pytest.fixture
def session(qtbot: Any) -> Iterator[Session]:
    """A GUI session over the sample case plus a competing claim about the funding."""
    case = memory_case("Sample")
    fill_sample(case)
    rival = Claim(
        "c-rival",
        "Dovecote paid for Meridian from its own funds.",
        evidence=(
            EvidenceLink("n-n19", "refutes"),
            EvidenceLink("n-n18", "supports"),
            EvidenceLink("n-n17", "context"),
        ),
    )
    case.execute(Create(rival))
    yield Session(case, show_error=pytest.fail)
    case.close()


@pytest.fixture
def panel(session: Session, qtbot: Any) -> MatrixPanel:
    """A shown matrix comparing the two funding claims."""
    opened: list[tuple[str, str]] = []
    panel = MatrixPanel(session, lambda kind, ident: opened.append((kind, ident)))
    panel.opened = opened  # type: ignore[attr-defined]
    qtbot.addWidget(panel)
    panel.resize(1100, 500)
    panel.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    panel.show()
    panel.choose_claims(["c-funding", "c-rival"])
    return panel


def _cell(panel: MatrixPanel, snippet: str, claim: str) -> QModelIndex:
    model = panel.model
    row = model.rows.index(snippet)
    column = FIXED + [c.id for c in model.columns].index(claim)
    return model.index(row, column)


def test_model_passes_the_model_tester(session: Session, qtmodeltester: Any) -> None:
    """The matrix model behaves as Qt views expect, with filters and hiding."""
    model = MatrixModel(session.case)
    model.set_claims(["c-funding", "c-rival", "c-cargo"])
    qtmodeltester.check(model)
    model.set_hide_non_diagnostic(True)
    model.sort(2, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_click_cycles_a_cell_and_undo_restores_it(
    panel: MatrixPanel, session: Session, qtbot: Any
) -> None:
    """A click moves refutes → context; undo puts the refuting link back."""
    index = _cell(panel, "n-n18", "c-funding")
    assert index.data() == "Refutes"
    rect = panel.table.visualRect(index)
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert _cell(panel, "n-n18", "c-funding").data(STANCE_ROLE) == "context"
    assert session.case.get("claim", "c-funding").evidence[1].stance == "context"
    session.stack.undo()
    assert _cell(panel, "n-n18", "c-funding").data() == "Refutes"
    assert session.case.get("claim", "c-funding").evidence[1] == EvidenceLink("n-n18", "refutes")


def test_keys_set_and_clear_a_stance_with_undo(
    panel: MatrixPanel, session: Session, qtbot: Any
) -> None:
    """S, R and C set the stance of the current cell, Delete unlinks; the row stays put."""
    table = panel.table
    table.setFocus()
    table.setCurrentIndex(_cell(panel, "n-n17", "c-funding"))
    qtbot.keyClick(table, Qt.Key.Key_R)
    assert _cell(panel, "n-n17", "c-funding").data(STANCE_ROLE) == "refutes"
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert _cell(panel, "n-n17", "c-funding").data(STANCE_ROLE) is None
    assert table.currentIndex() == _cell(panel, "n-n17", "c-funding")
    qtbot.keyClick(table, Qt.Key.Key_S)
    claim = session.case.get("claim", "c-funding")
    assert EvidenceLink("n-n17", "supports") in claim.evidence
    for _ in range(3):
        session.stack.undo()
    assert session.case.get("claim", "c-funding").evidence[2] == EvidenceLink("n-n17", "context")
    assert _cell(panel, "n-n17", "c-funding").data() == "Context"


def test_scores_weigh_refutation_by_grade_and_order_claims(panel: MatrixPanel) -> None:
    """Each claim shows counts and a grade-weighted score; claims can be ordered by it."""
    header = panel.model.headerData
    funding = header(FIXED, Qt.Orientation.Horizontal)
    assert "1 for · 1 against" in funding
    scores = panel.model.scores
    # n18 (B3: 0.8 × 0.6) refutes the funding claim, n19 (B3) refutes the rival.
    assert scores["c-funding"].inconsistency == pytest.approx(0.48)
    assert scores["c-rival"].inconsistency == pytest.approx(0.48)
    panel.table.setCurrentIndex(_cell(panel, "n-n17", "c-rival"))
    panel.set_stance(panel.table.currentIndex(), "refutes")
    panel.order.setCurrentIndex(panel.order.findData("least"))
    assert [c.id for c in panel.model.columns] == ["c-funding", "c-rival"]
    panel.order.setCurrentIndex(panel.order.findData("most"))
    assert [c.id for c in panel.model.columns] == ["c-rival", "c-funding"]
    assert panel.model.scores["c-rival"].inconsistency == pytest.approx(0.48 + 0.64)


def test_non_diagnostic_rows_are_marked_and_can_be_hidden(
    panel: MatrixPanel, session: Session
) -> None:
    """Evidence bearing the same way on every chosen claim is marked and can be hidden."""
    session.push(
        Edit(
            "claim",
            "c-rival",
            {
                "evidence": (
                    EvidenceLink("n-n19", "refutes"),
                    EvidenceLink("n-n18", "supports"),
                    EvidenceLink("n-n17", "context"),
                )
            },
        )
    )  # unchanged: n17 is context for both
    model = panel.model
    assert model.non_diagnostic == {"n-n17"}
    row = model.rows.index("n-n17")
    assert "≡" in model.index(row, 1).data()
    panel.hide_box.setChecked(True)
    assert "n-n17" not in model.rows and len(model.rows) == 2
    panel.hide_box.setChecked(False)
    assert "n-n17" in model.rows


def test_choosing_claims_and_filters_change_rows(panel: MatrixPanel) -> None:
    """Adding a claim adds its evidence; tag, source and grade filters narrow the rows."""
    panel.choose_claims(["c-funding", "c-rival", "c-cargo"])
    assert len(panel.model.columns) == 3 and "n-n07" in panel.model.rows
    panel.tag.setCurrentIndex(panel.tag.findData("cargo"))
    assert set(panel.model.rows) == {"n-n06", "n-n07", "n-n08", "n-n13"}
    panel.tag.setCurrentIndex(0)
    panel.source.setCurrentIndex(panel.source.findData("s-interview"))
    assert panel.model.rows == ["n-n13"]
    panel.source.setCurrentIndex(0)
    panel.grade.setCurrentIndex(panel.grade.findText("Credibility 1–2"))
    assert set(panel.model.rows) == {"n-n17", "n-n06", "n-n07", "n-n08"}


def test_rows_sort_and_open_their_evidence(panel: MatrixPanel, qtbot: Any) -> None:
    """Clicking a header sorts the rows; Enter on the evidence opens the snippet."""
    panel.table.horizontalHeader().sectionClicked.emit(1)
    grades = [panel.model.index(r, 1).data() for r in range(panel.model.rowCount())]
    assert grades[0].startswith("B2")
    panel.table.setFocus()
    panel.table.setCurrentIndex(panel.model.index(0, 0))
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert panel.opened == [("snippet", panel.model.index(0, 0).data(SNIPPET_ROLE))]  # type: ignore[attr-defined]


def test_large_matrix_pages_its_rows(session: Session) -> None:
    """A claim with thousands of evidence links shows rows a page at a time."""
    from casefile.core.commands import PutRecords
    from casefile.core.model import Snippet

    snippets = [Snippet(f"x{i}", f"Payment {i}", credibility=1 + i % 6) for i in range(1500)]
    links = tuple(
        EvidenceLink(s.id, ("supports", "refutes", "context")[i % 3])
        for i, s in enumerate(snippets)
    )
    session.case.execute(PutRecords("Bulk", [*snippets]))
    session.case.execute(PutRecords("Bulk claim", [Claim("c-big", "Big claim.", evidence=links)]))
    model = MatrixModel(session.case)
    model.set_claims(["c-big", "c-rival"])
    assert len(model.rows) == 1503 and model.rowCount() == 200
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 400


def test_screenshot_of_the_sample_case(session: Session, qtbot: Any) -> None:
    """The matrix renders the sample case's claims (screenshot kept for review)."""
    panel = MatrixPanel(session, lambda kind, ident: None)
    qtbot.addWidget(panel)
    panel.resize(1300, 640)
    panel.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    panel.show()
    target = Path("/tmp/casefile-shots")
    target.mkdir(exist_ok=True)
    assert panel.grab().save(str(target / "matrix.png"))


def test_claim_list_filters_and_follows_new_and_deleted_claims(
    panel: MatrixPanel, session: Session
) -> None:
    """Typing narrows the claims offered; a deleted chosen claim leaves the matrix, undo restores it."""
    from casefile.core.commands import DeleteRecords

    chooser = panel.chooser
    chooser.filter.setText("keldby")
    listed = [
        chooser.list.item(r).data(Qt.ItemDataRole.UserRole) for r in range(chooser.list.count())
    ]
    assert listed[:2] == ["c-funding", "c-rival"]
    assert set(listed[2:]) == {"c-cargo", "c-knew", "c-visit"}
    item = chooser.list.item(listed.index("c-visit"))
    item.setCheckState(Qt.CheckState.Checked)
    assert [c.id for c in panel.model.columns] == ["c-funding", "c-rival", "c-visit"]
    session.push(DeleteRecords("claim", ["c-rival"]))
    assert [c.id for c in panel.model.columns] == ["c-funding", "c-visit"]
    session.stack.undo()
    assert "c-rival" in chooser.statements
    session.push(Create(Claim("c-new", "A brand new Keldby claim.")))
    listed = [
        chooser.list.item(r).data(Qt.ItemDataRole.UserRole) for r in range(chooser.list.count())
    ]
    assert "c-new" in listed


def _dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.WindowText, "#e6e6e6"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.AlternateBase, "#262626"),
        (QPalette.ColorRole.Text, "#e6e6e6"),
        (QPalette.ColorRole.Button, "#333333"),
        (QPalette.ColorRole.ButtonText, "#e6e6e6"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


def _stance_pixel(panel: MatrixPanel, index: QModelIndex) -> QColor:
    """The colour drawn in a stance cell, left of its centred word."""
    rect = panel.table.visualRect(index)
    image = panel.table.viewport().grab().toImage()
    return image.pixelColor(rect.left() + 4, rect.center().y())


def test_stance_colours_are_readable_on_a_dark_palette_and_back(
    panel: MatrixPanel, tmp_path: Path
) -> None:
    """On a dark palette the stances are deep tints under light words (still green, red
    and grey); back on a light palette they are the pale tints under dark words."""
    cells = {s: _cell(panel, "n-n18", c) for s, c in (("supports", "c-rival"),
                                                      ("refutes", "c-funding"))}  # fmt: skip
    light = {s: _stance_pixel(panel, i) for s, i in cells.items()}
    assert all(c.lightness() > 190 for c in light.values()), light
    panel.table.grab().save(str(tmp_path / "matrix-light.png"))
    panel.setPalette(_dark_palette())
    QApplication.processEvents()
    words = panel.table.palette().color(QPalette.ColorRole.Text)
    dark = {s: _stance_pixel(panel, i) for s, i in cells.items()}
    panel.table.grab().save(str(tmp_path / "matrix-dark.png"))
    assert words.lightness() > 170
    assert all(c.lightness() < 80 for c in dark.values()), dark  # light words stay readable
    assert dark["supports"].hslHue() == pytest.approx(light["supports"].hslHue(), abs=4)
    assert dark["refutes"].hslHue() == pytest.approx(light["refutes"].hslHue(), abs=4)
    panel.setPalette(QPalette(QColor("#efefef"), QColor("#ffffff")))
    QApplication.processEvents()
    assert _stance_pixel(panel, cells["supports"]) == light["supports"]
