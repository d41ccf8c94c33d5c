"""`casefile brief` with the analysis options: matrix claims, the chart, the timeline drawing."""

from __future__ import annotations

import json
from pathlib import Path

from brief_helpers import DATE, flat, pypdf_pages

from casefile.cli import main
from casefile.storage import open_case
from casefile.storage.sample import write_sample


def test_matrix_claims_and_drawing_flags_reach_the_pdf_and_history(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """--matrix-claim adds the matrix of those claims; --chronology-drawing adds the timeline."""
    case_path, out = tmp_path / "s.casefile", tmp_path / "brief.pdf"
    write_sample(case_path)
    args = ["brief", str(case_path), "-o", str(out), "--date", DATE, "--matrix-claim", "c-knew",
            "--matrix-claim", "C6", "--chronology-drawing"]  # fmt: skip
    assert main(args) == 0
    text = flat("".join(pypdf_pages(out.read_bytes())))
    assert "Claims compared: C4, C6 (as chosen)." in text
    assert "Timeline of event dates" in text and "Link chart" not in text
    with open_case(case_path, read_only=True) as case:
        record = json.loads(case.history(limit=1)[0].after or "{}")
    assert record["matrix_claims"] == ["c-knew", "C6"] and record["chronology_drawing"]
    assert "matrix" in record["sections"]


def test_sections_can_ask_for_the_chart_and_the_matrix(tmp_path: Path) -> None:
    """--sections matrix,chart gives just those two sections, the matrix of every claim."""
    case_path, out = tmp_path / "s.casefile", tmp_path / "brief.pdf"
    write_sample(case_path)
    assert main(["brief", str(case_path), "-o", str(out), "--date", DATE,
                 "--sections", "matrix,chart"]) == 0  # fmt: skip
    pages = pypdf_pages(out.read_bytes())
    assert "Evidence matrix" in pages[0] and "Link chart" in pages[-1]
    assert "every claim in the brief is compared" in flat("".join(pages))


def test_an_unknown_matrix_claim_is_a_plain_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """A claim id that is not in the case is named in one error line; no file is written."""
    case_path, out = tmp_path / "s.casefile", tmp_path / "brief.pdf"
    write_sample(case_path)
    assert main(["brief", str(case_path), "-o", str(out), "--matrix-claim", "C99"]) == 1
    err = capsys.readouterr().err
    assert "'C99'" in err and "Traceback" not in err
    assert not out.exists()
