"""The package merge rules: absent keeps, null clears, evidence conflicts, fresh ids, reports."""

from __future__ import annotations

import json
from typing import Any

import pytest

from casefile.core.merge_report import conflict_message, preview_lines
from casefile.core.model import Claim, Entity, Snippet, Source
from casefile.storage.case import Case, memory_case
from casefile.storage.package import PackageError, import_package, parse_package, plan_import

TEXT = "Anja Petrović signed the harbour invoice."


def _package(**sections: list[dict[str, Any]]) -> bytes:
    data: dict[str, Any] = {"format": "casefile-package", "version": 1, "case": {"title": "T"}}
    data.update(sections)
    return json.dumps(data).encode()


def _case() -> Case:
    case = memory_case()
    import_package(
        case,
        parse_package(
            _package(
                entities=[
                    {
                        "id": "e1",
                        "name": "Anja",
                        "tags": ["a"],
                        "notes": "met 2024",
                        "position": [1.0, 2.0],
                    }
                ],
                sources=[{"id": "s1", "title": "Invoice", "text": TEXT, "sha256": "ab" * 32}],
                snippets=[{"id": "n1", "source": "s1", "text": "Anja Petrović", "offset": [0, 13]}],
                claims=[
                    {
                        "id": "c1",
                        "statement": "She signed.",
                        "evidence": [{"snippet": "n1", "stance": "supports"}],
                    }
                ],
            )
        ),
    )
    return case


def test_an_absent_field_keeps_the_stored_value_and_null_clears() -> None:
    """A package giving only a name keeps tags and chart place; an explicit null clears notes."""
    case = _case()
    report = import_package(
        case, parse_package(_package(entities=[{"id": "e1", "name": "Anja P.", "notes": None}]))
    )
    entity = case.get("entity", "e1")
    assert isinstance(entity, Entity)
    assert (entity.name, entity.notes, entity.tags) == ("Anja P.", None, ("a",))
    assert entity.position == (1.0, 2.0)
    assert report.updated["entity"] == 1


def test_a_source_with_other_text_under_the_same_id_is_a_conflict() -> None:
    """Different text or hash under a stored source's id is refused whole, nothing written."""
    case = _case()
    history = case.history(limit=100)
    raw = _package(
        entities=[{"id": "e9", "name": "New person"}],
        sources=[{"id": "s1", "title": "Other", "text": "Other words.", "sha256": "cd" * 32}],
    )
    with pytest.raises(PackageError, match=r"source s1: text, sha256 differ"):
        import_package(case, parse_package(raw))
    assert case.history(limit=100) == history and case.get("entity", "e9") is None


def test_as_new_renames_the_conflicts_and_every_reference_follows() -> None:
    """A clashing source and the quotes of it in the package get fresh ids; links follow."""
    case = _case()
    raw = _package(
        sources=[{"id": "s1", "title": "Other", "text": "Other words here.", "sha256": None}],
        snippets=[{"id": "n1", "source": "s1", "text": "words", "offset": [6, 11]}],
        claims=[{"id": "c2", "statement": "Other claim.",
                 "evidence": [{"snippet": "n1", "stance": "refutes"}]}],
    )  # fmt: skip
    plan = plan_import(case, parse_package(raw), as_new=True)
    assert {key for key in plan.renamed} == {("source", "s1"), ("snippet", "n1")}
    import_package(case, parse_package(raw), as_new=True)
    claim = case.get("claim", "c2")
    assert isinstance(claim, Claim)
    quote = case.get("snippet", claim.evidence[0].snippet)
    assert isinstance(quote, Snippet) and quote.text == "words" and quote.id != "n1"
    source = case.get("source", quote.source or "")
    assert isinstance(source, Source) and source.text == "Other words here."
    kept = case.get("source", "s1")
    assert isinstance(kept, Source) and kept.text == TEXT
    assert case.count("source") == 2 and case.count("snippet") == 2


def test_a_source_receives_its_file_from_a_later_package() -> None:
    """Filling in an original's details the case lacked is an update, not a conflict."""
    case = _case()
    raw = _package(sources=[{"id": "s1", "title": "Invoice", "media_type": "text/plain"}])
    report = import_package(case, parse_package(raw))
    assert report.updated["source"] == 1


def test_the_conflict_report_lists_twenty_then_counts() -> None:
    """25 conflicting quotes: the first 20 are named, the other 5 counted."""
    case = memory_case()
    snippets = [
        {"id": f"n{i:02}", "source": "s1", "text": "Anja", "offset": [0, 4]} for i in range(25)
    ]
    sources = [{"id": "s1", "title": "Invoice", "text": TEXT}]
    import_package(case, parse_package(_package(sources=sources, snippets=snippets)))
    changed = [dict(s, text="Petrović", offset=[5, 13]) for s in snippets]
    plan = plan_import(case, parse_package(_package(snippets=changed)))
    message = conflict_message("p.json", plan)
    assert "25 records" in message and "snippet n19:" in message
    assert "snippet n20:" not in message and "and 5 more" in message
    lines = preview_lines(plan)
    assert "conflicts: 25 (the import would be refused)" in lines
    assert "  … and 5 more" in lines
