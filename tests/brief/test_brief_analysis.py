"""The brief's analysis parts: evidence matrix, link chart and chronology drawing, built and printed."""

from __future__ import annotations

import io
import time
from typing import Any

import pytest
from brief_helpers import DATE, content_of, flat, pypdf_pages, render, sample_case, squash

from casefile.brief import analysis_build
from casefile.brief.build import build
from casefile.brief.model import DEFAULT_SECTIONS, BriefOptions, CaseContent, Custody
from casefile.brief.render import BriefRenderer
from casefile.core.commands import PutRecords
from casefile.core.errors import CaseError
from casefile.core.model import CaseInfo, Claim, Entity, EvidenceLink, Relationship, Snippet, Source
from casefile.storage.case import memory_case

ALL_NEW = ("cover", "contents", "claims", "matrix", "cast", "chart", "chronology", "sources")


def page_of(pages: list[str], heading: str, after: int = 2) -> int:
    """The index of the first page after the contents with ``heading`` on a line of its own."""
    return next(
        i
        for i, p in enumerate(pages)
        if i >= after and heading in [ln.strip() for ln in p.splitlines()]
    )


def small_matrix_case() -> CaseContent:
    """Two competing claims: one shared item bears the same way on both, one tells them apart."""
    src = Source("s", "Harbour log", reliability="A")
    snippets = [
        Snippet("x", "Both ships were in port.", "s", credibility=1, date="2024-03-01"),
        Snippet("y", "The crane logs show 3,100 t lifted.", "s", credibility=2, date="2024-03"),
    ]
    claims = [
        Claim("a", "The cargo was ilmenite.", "unverified",
              evidence=(EvidenceLink("x", "supports"), EvidenceLink("y", "supports"))),
        Claim("b", "The cargo was rare-earth concentrate.", "disputed",
              evidence=(EvidenceLink("x", "supports"), EvidenceLink("y", "refutes"))),
    ]  # fmt: skip
    return CaseContent(CaseInfo("Matrix"), (), (), (src,), tuple(snippets), tuple(claims))


def render_content(content: CaseContent, **options: object) -> bytes:
    model = build(content, BriefOptions(issue_date=DATE, **options), Custody(version="t"))  # type: ignore[arg-type]
    out = io.BytesIO()
    BriefRenderer(model).render(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def sample_pages() -> tuple[bytes, list[str], CaseContent]:
    with sample_case() as case:
        content = content_of(case)
    data = render_content(content, sections=ALL_NEW, chronology_drawing=True)
    return data, pypdf_pages(data), content


def test_matrix_prints_every_compared_claim_with_stances_and_scores(sample_pages) -> None:  # type: ignore[no-untyped-def]
    """The matrix section names each claim in full, its evidence by E-number, stances and scores."""
    _, pages, content = sample_pages
    start, end = page_of(pages, "Evidence matrix"), page_of(pages, "People and organisations")
    text = squash("".join(pages[start:end]))
    for claim in content.claims:
        assert squash(claim.statement) in text
    assert all(word in text for word in ("Supports", "Refutes", "Context", "E1", "Score"))
    assert squash("Inconsistency score (lower is less contradicted)") in text
    model = build(content, BriefOptions(issue_date=DATE, sections=("matrix",)))
    assert model.matrix is not None
    scores = {c.label: c.inconsistency for c in model.matrix.claims}
    assert scores["C5"] > scores["C2"] > 0 and scores["C1"] == 0
    assert squash(f"{scores['C5']:.2f}") in text


def test_matrix_marks_evidence_that_does_not_tell_the_claims_apart() -> None:
    """Evidence bearing the same way on every compared claim is marked non-diagnostic."""
    content = small_matrix_case()
    model = build(content, BriefOptions(issue_date=DATE, sections=("matrix",)))
    assert model.matrix is not None
    assert [(r.evidence.snippet.id, r.diagnostic) for r in model.matrix.rows] == [
        ("x", False),
        ("y", True),
    ]
    text = flat("".join(pypdf_pages(render_content(content, sections=("matrix",)))))
    assert text.count("non-diagnostic") == 2  # the note and the one row
    assert "Both ships were in port." in text
    assert "[1] Harbour log" in text


def test_matrix_claims_are_chosen_by_id_or_brief_number() -> None:
    """The matrix compares the claims chosen, in that order, given as ids or as C-numbers."""
    content = small_matrix_case()
    model = build(content, BriefOptions(issue_date=DATE, sections=("matrix",),
                                        matrix_claims=("C2",)))  # fmt: skip
    assert model.matrix is not None
    assert [c.ident for c in model.matrix.claims] == ["b"]
    assert all(r.diagnostic for r in model.matrix.rows)  # one claim: nothing to tell apart
    model = build(content, BriefOptions(issue_date=DATE, sections=("matrix",),
                                        matrix_claims=("b", "a", "c1")))  # fmt: skip
    assert model.matrix is not None and model.matrix.chosen
    assert [c.ident for c in model.matrix.claims] == ["b", "a"]


def test_unknown_or_tagged_out_matrix_claims_are_explained() -> None:
    """A claim that is not in the brief is refused with a message naming it."""
    content = small_matrix_case()
    with pytest.raises(CaseError, match=r"'nope'.*C3"):
        build(content, BriefOptions(issue_date=DATE, sections=("matrix",),
                                    matrix_claims=("nope",)))  # fmt: skip
    tagged = CaseContent(content.info, (), (), content.sources,
                         (Snippet("x", "Tagged quote.", "s", tags=("keep",)),), content.claims)  # fmt: skip
    with pytest.raises(CaseError, match=r"rare-earth concentrate.*left out by the tags"):
        build(tagged, BriefOptions(issue_date=DATE, sections=("matrix",), tags=frozenset({"zzz"}),
                                   matrix_claims=("b",)))  # fmt: skip


def test_many_claims_are_split_into_tables_and_limited_with_a_note() -> None:
    """Over six claims the matrix splits into several tables; past the limit it says so."""
    snippets = tuple(Snippet(f"n{i}", f"Quote {i}.", date="2024-01-02") for i in range(30))
    claims = tuple(
        Claim(f"c{i}", f"Claim number {i}.",
              evidence=(EvidenceLink(f"n{i}", "supports"), EvidenceLink(f"n{(i + 1) % 30}", "refutes")))
        for i in range(30)
    )  # fmt: skip
    content = CaseContent(CaseInfo("Many"), (), (), (), snippets, claims)
    text = flat("".join(pypdf_pages(render_content(content, sections=("matrix",)))))
    limit = analysis_build.MAX_MATRIX_CLAIMS
    assert f"{30 - limit} more claims were in the brief" in text
    assert "Evidence and claims C1–C6" in text and f"C{limit - 5}–C{limit}" in text
    assert f"Claim number {limit}." not in text  # the 25th claim is left out


def test_chart_names_every_person_and_relationship(sample_pages) -> None:  # type: ignore[no-untyped-def]
    """The link chart prints each entity's name and each relationship's wording as text."""
    _, pages, content = sample_pages
    start = page_of(pages, "Link chart")
    text = squash(pages[start])
    for entity in content.entities:
        assert squash(entity.name) in text
    for rel in content.relationships:
        assert squash(rel.type) in text
    assert "C1" in pages[start] and "layout is automatic" in flat(pages[start])


def test_chart_uses_positions_saved_in_the_case() -> None:
    """A node placed by the user in the link chart keeps that place in the brief."""
    with sample_case() as case:
        content = content_of(case)
    first = content.entities[0]
    moved = (Entity(first.id, first.name, first.kind, position=(-900.0, 40.0)),
             *content.entities[1:])  # fmt: skip
    content = CaseContent(content.info, moved, *[getattr(content, k) for k in
                          ("relationships", "sources", "snippets", "claims")])  # fmt: skip
    model = build(content, BriefOptions(issue_date=DATE, sections=("chart",)))
    assert model.chart is not None
    node = next(n for n in model.chart.nodes if n.ident == first.id)
    assert (node.x, node.y, node.saved) == (-900.0, 40.0, True)
    text = flat("".join(pypdf_pages(render_content(content, sections=("chart",)))))
    assert "keep their place (1 of 15)" in text


def big_content(entities: int, relationships: int, snippets: int) -> CaseContent:
    ents = tuple(Entity(f"e{i}", f"Person {i}", "person" if i % 3 else "organisation")
                 for i in range(entities))  # fmt: skip
    rels = tuple(Relationship(f"r{i}", f"e{i % entities}", f"e{(i * 7 + 1) % entities}",
                              "director of", f"20{10 + i % 14}") for i in range(relationships))  # fmt: skip
    snips = tuple(Snippet(f"n{i}", f"Quote {i}.", date=f"2024-{1 + i % 12:02d}-{1 + i % 27:02d}",
                          entities=(f"e{i % entities}",)) for i in range(snippets))  # fmt: skip
    claims = tuple(Claim(f"c{i}", f"Claim {i}.", subjects=(f"e{i}",),
                         evidence=(EvidenceLink(f"n{i}", "supports"),)) for i in range(40))  # fmt: skip
    return CaseContent(CaseInfo("Big"), ents, rels, (), snips, claims)


def test_a_big_chart_stays_one_page_and_says_what_is_left_out() -> None:
    """2,000 entities and 10,000 relationships: the most connected nodes on one page, quickly."""
    content = big_content(2000, 10000, 0)
    start = time.process_time()
    pages = pypdf_pages(render_content(content, sections=("chart",)))
    assert time.process_time() - start < 20
    assert len(pages) == 1
    text = flat(pages[0])
    assert f"{analysis_build.MAX_CHART_NODES} of the most connected nodes" in text
    assert "left out" in text


def test_a_crowded_timeline_is_bounded_and_counts_what_it_leaves_out() -> None:
    """4,000 dated items: the drawing keeps its rows bounded and says how many are not drawn."""
    content = big_content(50, 0, 4000)
    model = build(content, BriefOptions(issue_date=DATE, sections=("chronology",),
                                        chronology_drawing=True))  # fmt: skip
    assert model.timeline is not None
    from casefile.brief.analysis_story import frame_size
    from casefile.brief.timeline_drawing import MAX_LANES, timeline_drawing

    drawing, hidden = timeline_drawing(model.timeline, frame_size(model)[0])
    assert 0 < hidden < 4000
    assert drawing.height < (MAX_LANES + 10) * 11
    text = flat("".join(pypdf_pages(render_content(content, sections=("chronology",),
                                                   chronology_drawing=True))[:1]))  # fmt: skip
    assert f"{hidden:,} more on crowded dates are not drawn" in text


def test_timeline_drawing_says_its_axis_and_draws_labels(sample_pages) -> None:  # type: ignore[no-untyped-def]
    """The chronology starts with the drawing, captioned as event dates, items labelled."""
    _, pages, _ = sample_pages
    text = flat(pages[page_of(pages, "Chronology")])
    assert "Timeline of event dates" in text and "never publication or capture" in text
    assert "Liao Chunsheng — chairman of" in text and "E18" in text
    assert text.index("Timeline of event dates") < text.index("What happened")


def test_no_drawing_unless_asked() -> None:
    """Without the option the chronology is only the table, and new sections are off by default."""
    assert "matrix" not in DEFAULT_SECTIONS and "chart" not in DEFAULT_SECTIONS
    with sample_case() as case:
        text = flat("".join(pypdf_pages(render(case, sections=("chronology",)))))
    assert "Timeline of event dates" not in text


def test_contents_lists_the_new_sections_on_their_pages(sample_pages) -> None:  # type: ignore[no-untyped-def]
    """The contents give the right page for the matrix and the chart."""
    from pypdf import PdfReader

    data, pages, _ = sample_pages
    contents = PdfReader(io.BytesIO(data)).pages[1].extract_text(extraction_mode="layout")
    for heading in ("Evidence matrix", "Link chart"):
        line = next(ln for ln in contents.splitlines() if heading in ln)
        assert int(line.split()[-1]) == page_of(pages, heading) + 1


def test_hostile_and_multiscript_names_print_in_the_drawings() -> None:
    """Names with markup characters, CJK, Cyrillic and accents print exactly in the chart."""
    names = ['Suspect <John> & AT&T "x<y"', "中国稀土集团有限公司", "Газпром Нефть", "Café Łódź 😀"]
    case = memory_case()
    ents = [Entity(f"e{i}", n, "person") for i, n in enumerate(names)]
    rels = [Relationship("r", "e0", "e1", "paid <b>", "2024-03")]
    case.execute(PutRecords("t", [CaseInfo("H"), *ents, *rels]))
    text = "".join(pypdf_pages(render(case, sections=("chart", "chronology"),
                                      chronology_drawing=True)))  # fmt: skip
    for name in names:
        assert squash(name) in squash(text)
    assert "paid <b>" in text


def test_same_options_same_bytes() -> None:
    """The same case, options and date give a byte-identical PDF with the new parts."""
    with sample_case() as case:
        content = content_of(case)
    options = {"sections": ALL_NEW, "chronology_drawing": True, "matrix_claims": ("C2", "C5")}
    assert render_content(content, **options) == render_content(content, **options)


def test_options_validate_and_keep_the_new_fields() -> None:
    """Empty matrix claims are refused, repeats dropped, and the issue date default keeps all."""
    with pytest.raises(CaseError, match="empty"):
        BriefOptions(matrix_claims=("C1", " "))
    options = BriefOptions(matrix_claims=("C1", "C1 ", "c-x"), chronology_drawing=True)
    assert options.matrix_claims == ("C1", "c-x")
    filled = options.with_defaults()
    assert filled.issue_date and filled.matrix_claims == ("C1", "c-x")
    assert filled.chronology_drawing
    with pytest.raises(CaseError, match="matrixx"):
        BriefOptions(sections=("matrixx",))


def strings_of(node: Any) -> list[Any]:
    """Every String inside a drawing or group."""
    from reportlab.graphics.shapes import String

    if isinstance(node, String):
        return [node]
    return [s for child in getattr(node, "contents", []) for s in strings_of(child)]


def assert_inside(drawing: Any) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    assert strings_of(drawing)
    for s in strings_of(drawing):
        width = stringWidth(s.text, s.fontName, s.fontSize)
        assert s.x >= -0.5 and s.x + width <= drawing.width + 0.5, s.text
        assert s.y >= 0 and s.y + s.fontSize <= drawing.height + 0.5, s.text


def test_no_text_runs_off_the_drawings() -> None:
    """Every name and label of the chart and the timeline lies inside its drawing."""
    from casefile.brief.chart_drawing import chart_drawing
    from casefile.brief.timeline_drawing import timeline_drawing

    with sample_case() as case:
        sample = content_of(case)
    for content in (sample, big_content(300, 900, 600)):
        model = build(content, BriefOptions(issue_date=DATE, sections=("chart", "chronology"),
                                            chronology_drawing=True))  # fmt: skip
        assert model.chart is not None and model.timeline is not None
        assert_inside(chart_drawing(model.chart, 482, 600)[0])
        assert_inside(timeline_drawing(model.timeline, 482)[0])


def test_time_axis_ticks_suit_the_span() -> None:
    """The axis is marked in years, months or days, at most nine round dates."""
    import datetime as dt

    from casefile.brief.timeline_drawing import ticks

    years = ticks(dt.date(1849, 6, 1), dt.date(2024, 3, 1))
    assert [t for _, t in years] == [str(y) for y in range(1860, 2021, 20)]
    months = ticks(dt.date(2024, 1, 15), dt.date(2024, 9, 2))
    assert [t for _, t in months][:3] == ["Feb 2024", "Mar 2024", "Apr 2024"]
    days = ticks(dt.date(2024, 3, 1), dt.date(2024, 3, 20))
    assert days[0] == (dt.date(2024, 3, 2), "2 Mar") and len(days) <= 9
