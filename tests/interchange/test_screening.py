"""Screening against a FollowTheMoney list: planted matches found, near misses kept out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casefile.core.model import Entity
from casefile.interchange.screening import ScreeningError, screen
from casefile.interchange.screening_accept import AcceptMatch, entry_text
from casefile.storage.case import memory_case

CASE = (
    Entity("viktor", "Viktor Petrov", "person", notes="Birth date: 1961-02-03\nNationality: ru"),
    Entity("li", "Li Wei", "person", ("李伟",)),
    Entity("rare", "中国稀土集团", "organisation"),
    Entity("anja", "Anja Petrović", "person"),
    Entity("kestrel", "Kestrel Shipping Ltd", "organisation"),
    Entity("maria", "Maria Garcia", "person", notes="Born: 1980"),
    Entity("john", "John Smith", "person"),
)

# (list id, schema, properties, the case entity it truly is or None for a near miss)
LIST = [
    ("T1", "Person", {"name": ["PETROV, Viktor"], "birthDate": ["1961-02-03"],
                      "nationality": ["ru"]}, "viktor"),
    ("T2", "Person", {"name": ["Виктор Петров"], "birthDate": ["1961"]}, "viktor"),
    ("T3", "Person", {"name": ["Wei LI"]}, "li"),
    ("T4", "Company", {"name": ["Zhongguo Xitu Jituan"], "jurisdiction": ["cn"]}, "rare"),
    ("T5", "Person", {"name": ["Anja Petrovic"]}, "anja"),
    ("T6", "Company", {"name": ["Kestrel Shipping Limited"]}, "kestrel"),
    ("T7", "Person", {"name": ["Garcia, Maria"], "birthDate": ["1980-05-06"]}, "maria"),
    ("T8", "Person", {"name": ["Sergei Ivanov"], "alias": ["Li Wei"]}, "li"),
    ("N1", "Person", {"name": ["Viktor Petrov"], "birthDate": ["1975-01-01"]}, None),
    ("N2", "Person", {"name": ["Li Wen"]}, None),
    ("N3", "Company", {"name": ["Anja Petrovic"]}, None),
    ("N4", "Person", {"name": ["Maria Garcia"], "birthDate": ["1955"]}, None),
    ("N5", "Person", {"name": ["Kestrel Shipping Ltd"]}, None),
    ("N6", "Person", {"name": ["Viktoria Petrova"], "nationality": ["ua"]}, None),
    ("N7", "Person", {"name": ["John Smithson"]}, None),
    ("N8", "Person", {"name": ["John"], "weakAlias": ["Smith"]}, None),
    ("N9", "Vessel", {"name": ["Li Wei"]}, None),
    ("N10", "Person", {"name": ["Viktor Petrov 2"]}, None),
]  # fmt: skip


@pytest.fixture
def list_file(tmp_path: Path) -> Path:
    path = tmp_path / "sanctions.ftm.json"
    lines = [
        json.dumps({"id": i, "schema": s, "properties": p, "datasets": ["test_list"]})
        for i, s, p, _ in LIST
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_planted_matches_found_and_near_misses_kept_out(list_file: Path) -> None:
    """Every planted true match is found and no near miss reaches the threshold (precision 1)."""
    found = screen(CASE, list_file)
    pairs = {(c.list_id, c.entity) for c in found}
    truth = {(i, e) for i, _, _, e in LIST if e is not None}
    true_positives = pairs & truth
    precision = len(true_positives) / len(pairs)
    recall = len(true_positives) / len(truth)
    print(f"screening fixture: precision {precision:.2f}, recall {recall:.2f}")
    assert pairs == truth
    assert precision == recall == 1.0


def test_fields_that_matched_are_named(list_file: Path) -> None:
    """A candidate says which name met which, and which facts agreed."""
    by_id = {c.list_id: c for c in screen(CASE, list_file)}
    t1 = by_id["T1"]
    assert t1.score == 100 and t1.entity_name == "Viktor Petrov"
    assert t1.matched == (
        "name “PETROV, Viktor” ~ name “Viktor Petrov”", "birth date 1961-02-03", "country ru",
    )  # fmt: skip
    assert by_id["T8"].matched[0] == "alias “Li Wei” ~ name “Li Wei”"
    assert by_id["T4"].datasets == ("test_list",)


def test_threshold_lowers_to_show_near_misses(list_file: Path) -> None:
    """A lower threshold lets the clashing birth date through, marked as differing."""
    by_id = {c.list_id: c for c in screen(CASE, list_file, threshold=70)}
    assert "birth date differs (1961-02-03 / 1975-01-01)" in by_id["N1"].matched
    assert by_id["N1"].score == 75


def test_accept_adds_source_and_snippet_undoably(list_file: Path) -> None:
    """Accepting stores the entry as a source and a snippet naming the person; undo removes them."""
    candidate = next(c for c in screen(CASE, list_file) if c.list_id == "T1")
    with memory_case() as case:
        from casefile.core.commands import PutRecords

        case.execute(PutRecords("Add", list(CASE)))
        change = case.execute(AcceptMatch(candidate, "sanctions.ftm.json"))
        assert [rc.kind for rc in change.records] == ["source", "snippet"]
        source = case.get("source", change.records[0].ident)
        snippet = case.get("snippet", change.records[1].ident)
        assert source.text == entry_text(candidate) == snippet.text
        assert "Birth date: 1961-02-03" in source.text and "Datasets: test_list" in source.text
        assert snippet.entities == ("viktor",) and snippet.offset == (0, len(source.text))
        assert case.get("entity", "viktor") == CASE[0]  # nothing merged
        from casefile.core.errors import CaseError

        with pytest.raises(CaseError, match="already accepted"):
            case.execute(AcceptMatch(candidate, "sanctions.ftm.json"))
        case.revert(change)
        assert case.count("source") == case.count("snippet") == 0


def test_broken_list_line_is_named(tmp_path: Path) -> None:
    """A damaged list stops with the line number, in words."""
    path = tmp_path / "l.ftm.json"
    path.write_text('{"id": "a", "schema": "Person", "properties": {}}\n{oops\n')
    with pytest.raises(ScreeningError, match="line 2"):
        screen(CASE, path)
    with pytest.raises(ScreeningError, match="cannot be read"):
        screen(CASE, tmp_path / "missing.json")


def test_parts_read_in_parallel_give_the_same_candidates(
    list_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A list split across two processes yields exactly what one process finds."""
    from casefile.interchange import screening

    serial = screen(CASE, list_file, workers=1)
    monkeypatch.setattr(screening, "PARALLEL_BYTES", 10)
    done: list[int] = []
    parallel = screen(CASE, list_file, workers=2, progress=done.append)
    assert parallel == serial and len(serial) == 8
    assert done[-1] == list_file.stat().st_size
