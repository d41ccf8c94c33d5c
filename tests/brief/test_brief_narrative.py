"""The assessment in the PDF brief: after the cover and contents, every sentence (Latin, CJK,
Arabic) with its citations turned into the brief's numbers, every cited quote word for word,
broken citations in Gaps, and ``casefile verify`` checking the citations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from brief_helpers import content_of, flat, pypdf_pages, render
from proof_helpers import change_attachment

from casefile.brief.attach import MANIFEST
from casefile.brief.build import build
from casefile.brief.model import BriefOptions
from casefile.cli import main
from casefile.core.commands import DeleteRecords, Edit, PutRecords
from casefile.core.model import Citation, Claim, EvidenceLink, Section, Snippet, Source
from casefile.storage import create_case
from casefile.storage.case import Case, memory_case

TEXT = (
    "Port log, 9 March: the Kestrel left Keldby at dawn with 3,100 t declared as ilmenite. "
    "海关记录：货物含有独居石。 "
    "قال الشاهد إن الشحنة لم تكن رملا عاديا."
)
QUOTES = {
    "n-latin": "the Kestrel left Keldby at dawn with 3,100 t declared as ilmenite",
    "n-cjk": "海关记录：货物含有独居石。",
    "n-arabic": "قال الشاهد إن الشحنة لم تكن رملا عاديا.",
}
SENTENCES = {
    "n-latin": "The Kestrel sailed with a cargo declared as ilmenite",
    "n-cjk": "海关认为货物并非钛铁矿",
    "n-arabic": "يرجح أن الشحنة كانت مركز العناصر النادرة",
}
KEYS = {"n-latin": "E1", "n-cjk": "E2", "n-arabic": "E3"}
HEBREW = "העד אמר שהמטען לא היה חול רגיל"


def _records() -> list[object]:
    records: list[object] = [Source("s-log", "Keldby port log", text=TEXT)]
    for ident, quote in QUOTES.items():
        start = TEXT.index(quote)
        records.append(Snippet(ident, quote, "s-log", offset=(start, start + len(quote)),
                               credibility=2))  # fmt: skip
    records.append(Claim("c-cargo", "The cargo was not ilmenite.", "supported",
                         evidence=(EvidenceLink("n-latin"),)))  # fmt: skip
    cites = tuple(Citation(KEYS[i], "snippet", i) for i in QUOTES)
    bottom = f"**Bottom line.** {SENTENCES['n-latin']} [E1]; the claim stands [C1]."
    body = (f"## Customs\n\n{SENTENCES['n-cjk']} [E2]。\n\n"
            f"## Witness\n\n{SENTENCES['n-arabic']} [E3].\n\n{HEBREW} [E3].")  # fmt: skip
    records += [
        Section("a-1", "Bottom line", bottom, 0,
                (cites[0], Citation("C1", "claim", "c-cargo", "supported"))),
        Section("a-2", "Assessment", body, 1, cites[1:]),
    ]  # fmt: skip
    return records


def _case(case: Case) -> Case:
    case.execute(PutRecords("narrative", _records()))  # type: ignore[arg-type]
    return case


def test_the_pdf_carries_the_narrative_and_every_quote_word_for_word() -> None:
    """Each sentence reads back with its citation as the brief's E-number; each quote too."""
    with memory_case() as case:
        _case(case)
        model = build(content_of(case), BriefOptions(issue_date="2026-12-04"))
        data = render(case)
    assert model.narrative is not None
    numbers = {ev.snippet.id: ev.number for ev in model.narrative.evidence}
    assert set(numbers) == set(QUOTES)
    pages = pypdf_pages(data)
    text = flat("\n".join(pages))
    for ident, sentence in SENTENCES.items():
        assert f"{sentence} [E{numbers[ident]}]" in text, sentence
    for quote in QUOTES.values():
        assert quote in text, quote
    assert "the claim stands [C1]" in text
    assert f"{HEBREW} [E{numbers['n-arabic']}]" in text
    assessment = next(i for i, page in enumerate(pages) if "Bottom line." in page)
    judgements = next(i for i, page in enumerate(pages) if "Shaded rows are" in page)
    assert 1 < assessment < judgements  # after the cover and contents, before judgements


def test_a_deleted_snippet_prints_as_a_broken_citation_and_is_in_gaps() -> None:
    """A citation of deleted evidence prints what is wrong in place and is listed in Gaps."""
    with memory_case() as case:
        _case(case)
        case.execute(DeleteRecords("snippet", ["n-cjk"]))
        text = flat("\n".join(pypdf_pages(render(case))))
    assert f"{SENTENCES['n-cjk']} [deleted evidence]" in text
    assert "Citations in the assessment that are broken or out of date (1)" in text
    assert "Assessment: [deleted evidence] (written [E2] in the case)." in text


def test_a_tag_filtered_brief_lists_citations_it_leaves_out() -> None:
    """Evidence left out by the brief's tags is not cited silently: it says so and is a gap."""
    with memory_case() as case:
        _case(case)
        case.execute(Edit("snippet", "n-cjk", {"tags": ("customs",)}))
        model = build(content_of(case), BriefOptions(issue_date="2026-12-04",
                                                     tags=frozenset({"customs"})))  # fmt: skip
    lines = [g.line for g in model.gaps["narrative-citation"]]
    assert lines == ["Bottom line: [evidence not in this brief] (written [E1] in the case).",
                     "Bottom line: [claim not in this brief] (written [C1] in the case).",
                     "Assessment: [evidence not in this brief] (written [E3] in the case)."]  # fmt: skip


@pytest.mark.parametrize("delete", [False, True])
def test_verify_checks_the_narratives_citations(tmp_path: Path, delete: bool,
                                                capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    """`casefile verify` checks each evidence citation of the assessment against its quote."""
    path = tmp_path / "n.casefile"
    with create_case(path, "Narrative") as case:
        _case(case)
        if delete:
            case.execute(DeleteRecords("snippet", ["n-arabic"]))
    out = tmp_path / "n.pdf"
    assert main(["brief", str(path), "-o", str(out), "--date", "2026-12-04"]) == 0
    capsys.readouterr()
    assert main(["verify", str(out)]) == 0
    report = capsys.readouterr().out
    lines = [line for line in report.splitlines() if "assessment citation" in line]
    assert len(lines) == (2 if delete else 3)
    assert all(line.startswith("OK") for line in lines)
    assert "Result: verified" in report


def test_verify_fails_when_an_assessment_citation_is_pointed_at_another_quote(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A brief whose assessment citation was re-pointed at another quote fails verify."""
    path = tmp_path / "n.casefile"
    with create_case(path, "Narrative") as case:
        _case(case)
    out = tmp_path / "n.pdf"
    assert main(["brief", str(path), "-o", str(out), "--date", "2026-12-04"]) == 0

    def swap(raw: bytes) -> bytes:
        manifest = json.loads(raw)
        first, second = manifest["narrative_citations"][:2]
        first["snippet"], second["snippet"] = second["snippet"], first["snippet"]
        return json.dumps(manifest).encode()

    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(change_attachment(out.read_bytes(), MANIFEST, swap))
    capsys.readouterr()
    assert main(["verify", str(tampered)]) != 0
    report = capsys.readouterr().out
    failed = [line for line in report.splitlines() if "assessment citation" in line
              and not line.startswith("OK")]  # fmt: skip
    assert len(failed) == 2 and all("is not the quote the assessment cites" in f for f in failed)
    assert "Result: verified" not in report
