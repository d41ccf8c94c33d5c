"""casefile brief on the command line, the export record in history, gaps and the chronology."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from brief_helpers import DATE, flat, pypdf_pages, render

from casefile.brief.build import build
from casefile.brief.model import BriefOptions, CaseContent
from casefile.cli import main
from casefile.core import gaps
from casefile.core.commands import PutRecords
from casefile.core.model import CaseInfo, Claim, Entity, EvidenceLink, Relationship, Snippet, Source
from casefile.storage import open_case
from casefile.storage.case import memory_case
from casefile.storage.sample import write_sample


def test_cli_writes_the_brief_and_records_its_hash_in_history(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """`casefile brief CASE -o OUT.pdf` writes the PDF and logs its SHA-256 in the case."""
    case_path, out = tmp_path / "s.casefile", tmp_path / "brief.pdf"
    write_sample(case_path)
    args = ["brief", str(case_path), "-o", str(out), "--date", DATE, "--author", "A. N. Analyst",
            "--marking", "TLP:AMBER", "--page-size", "letter"]  # fmt: skip
    assert main(args) == 0
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    assert digest in capsys.readouterr().out
    with open_case(case_path, read_only=True) as case:
        entry = case.history(limit=1)[0]
    assert entry.action == "Export brief"
    assert json.loads(entry.after or "{}")["sha256"] == digest


def test_cli_output_is_identical_for_identical_case_files(tmp_path: Path) -> None:
    """Two exports of byte-identical case files with the same options are byte-identical."""
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    write_sample(tmp_path / "a" / "s.casefile")
    (tmp_path / "b" / "s.casefile").write_bytes((tmp_path / "a" / "s.casefile").read_bytes())
    outs = []
    for name in ("a", "b"):
        out = tmp_path / name / "brief.pdf"
        assert (
            main(["brief", str(tmp_path / name / "s.casefile"), "-o", str(out), "--date", DATE])
            == 0
        )
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_cli_reports_bad_options_plainly(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """A bad section or date is a one-line error, and no file is left behind."""
    case_path, out = tmp_path / "s.casefile", tmp_path / "brief.pdf"
    write_sample(case_path)
    assert main(["brief", str(case_path), "-o", str(out), "--sections", "cover,nope"]) == 1
    assert main(["brief", str(case_path), "-o", str(out), "--date", "2026-02-30"]) == 1
    err = capsys.readouterr().err
    assert "nope" in err and "2026-02-30" in err and "Traceback" not in err
    assert not out.exists()
    assert not list(tmp_path.glob(".brief-*"))


def test_chronology_sorts_partial_dates_and_keeps_dates_apart() -> None:
    """2025 sorts before 2025-04 before 2025-04-17; only event dates order the chronology."""
    info = CaseInfo("C")
    source = Source("s", "Src", published="2020-01-01", retrieved="2026-01-01T00:00:00Z")
    snippets = [Snippet("a", "day", "s", date="2025-04-17"), Snippet("b", "year", "s", date="2025"),
                Snippet("c", "month", "s", date="2025-04"), Snippet("d", "none", "s")]  # fmt: skip
    rel = Relationship("r", "e1", "e2", "owner of", "2024-12")
    ents = (Entity("e1", "One"), Entity("e2", "Two"))
    content = CaseContent(info, ents, (rel,), (source,), tuple(snippets))
    model = build(content, BriefOptions(issue_date=DATE))
    assert [e.date for e in model.chronology] == ["2024-12", "2025", "2025-04", "2025-04-17"]
    assert all(e.date not in ("2020-01-01", "2026-01-01") for e in model.chronology)


def test_gap_checks_find_thin_and_contradictory_claims() -> None:
    """Each gap check finds what it names, and nothing else."""
    src = [Source("s1", "One", reliability="A"), Source("s2", "Two")]
    sn = [Snippet("n1", "a", "s1", credibility=2), Snippet("n2", "b", "s1", credibility=2),
          Snippet("n3", "c", None), Snippet("n4", "d", "s2", credibility=1)]  # fmt: skip
    claims = [
        Claim("c1", "no evidence"),
        Claim("c2", "single", "supported", evidence=(EvidenceLink("n1"), EvidenceLink("n2"),
                                                     EvidenceLink("n4", "refutes"))),
        Claim("c3", "refuted bare", "refuted", evidence=(EvidenceLink("n4", "supports"),)),
    ]  # fmt: skip
    ents = [Entity("e1", "Nobody"), Entity("e2", "Somebody")]
    rels = [Relationship("r1", "e2", "e2", "self")]
    found = {(g.check, g.ident) for g in gaps.find_gaps(ents, rels, src, sn, claims)}
    assert found == {
        ("claim-no-evidence", "c1"),
        ("claim-single-source", "c2"),
        ("claim-single-source", "c3"),
        ("supported-but-refuted", "c2"),
        ("refuted-without-refutation", "c3"),
        ("source-ungraded", "s2"),
        ("snippet-ungraded", "n3"),
        ("snippet-no-source", "n3"),
        ("snippet-unused", "n3"),
        ("entity-unmentioned", "e1"),
        ("relationship-no-evidence", "r1"),
    }


def test_notes_print_only_when_asked() -> None:
    """Notes of claims, evidence, sources and people appear only with include_notes."""
    records = [Entity("e", "Ann", notes="entity note <x>"), Source("s", "Src", notes="source note"),
               Snippet("n", "quote", "s", entities=("e",), notes="snippet note"),
               Claim("c", "Claim", notes="claim note & more", evidence=(EvidenceLink("n"),))]  # fmt: skip
    with memory_case() as case:
        case.execute(PutRecords("x", records))
        without = flat(" ".join(pypdf_pages(render(case))))
        with_notes = flat(" ".join(pypdf_pages(render(case, include_notes=True))))
    notes = ["entity note <x>", "source note", "snippet note", "claim note & more"]
    assert not any(n in without for n in notes)
    assert all(n in with_notes for n in notes)
