"""The assessment narrative in the case file: stored, undone, logged, exported and merged."""

from __future__ import annotations

import io
import json

from casefile.core import commands, narrative
from casefile.core.model import Citation, Section, Snippet, Source
from casefile.storage.case import memory_case
from casefile.storage.package import dump_package, import_package, parse_package
from casefile.storage.sample import fill_sample

BODY = "Ownership is clear [E1]. 华鑫稀土 [E2] — ملكية الشركة [C1]."
CITES = (
    Citation("E1", "snippet", "n-n02"),
    Citation("E2", "snippet", "n-n18"),
    Citation("C1", "claim", "c-owner", "supported"),
)


def test_a_section_round_trips_through_the_case_file_with_undo_and_history() -> None:
    """A written section is read back exactly, undo removes it, and the history logs it."""
    with memory_case() as case:
        fill_sample(case)
        section = Section("s9", "Outlook", BODY, 5, CITES)
        change = case.execute(commands.Create(section))
        assert case.get("section", "s9") == section
        edited = case.execute(
            commands.Edit("section", "s9", {"body": "Shorter [E1].", "citations": CITES[:1]})
        )
        assert case.get("section", "s9") == Section("s9", "Outlook", "Shorter [E1].", 5,
                                                    CITES[:1])  # fmt: skip
        case.revert(edited)
        assert case.get("section", "s9") == section
        case.revert(change)
        assert case.get("section", "s9") is None
        logged = json.loads(case.history(object_id="s9")[-1].after or "null")
        assert logged["body"] == BODY and logged["citations"][2]["status"] == "supported"


def test_deleting_a_cited_snippet_keeps_the_citation_and_undo_restores_the_snippet() -> None:
    """A citation is not a reference that deletion detaches: the token stays, broken."""
    with memory_case() as case:
        fill_sample(case)
        before = case.get("section", "a-assessment")
        change = case.execute(commands.DeleteRecords("snippet", ["n-n18"]))
        assert case.get("section", "a-assessment") == before
        assert case.get("snippet", "n-n18") is None
        case.revert(change)
        assert isinstance(case.get("snippet", "n-n18"), Snippet)


def test_the_narrative_is_exported_and_imported_into_an_empty_case_unchanged() -> None:
    """Export -> import into an empty case -> export gives the same bytes, narrative included."""
    with memory_case() as case:
        fill_sample(case)
        out = io.StringIO()
        dump_package(case, out)
    text = out.getvalue()
    titles = {s["id"]: s["title"] for s in json.loads(text)["narrative"]}
    assert titles == {"a-bottom-line": "Bottom line", "a-assessment": "Assessment"}
    with memory_case() as other:
        import_package(other, parse_package(text.encode()))
        again = io.StringIO()
        dump_package(other, again)
        assert other.get("section", "a-bottom-line") is not None
    assert again.getvalue() == text


def test_an_import_merges_sections_by_id_field_by_field() -> None:
    """A package section with a known id updates only the fields it gives; a new id is added."""
    with memory_case() as case:
        fill_sample(case)
        package = {
            "format": "casefile-package",
            "version": 1,
            "narrative": [
                {"id": "a-bottom-line", "title": "Summary"},
                {"id": "a-new", "title": "Sources", "body": "See [S1].",
                 "citations": [{"key": "S1", "kind": "source", "target": "s-article",
                                "status": None}]},
            ],
        }  # fmt: skip
        import_package(case, parse_package(json.dumps(package).encode()))
        merged = case.get("section", "a-bottom-line")
        assert isinstance(merged, Section)
        assert merged.title == "Summary" and "[C1]" in merged.body and len(merged.citations) == 4
        added = case.get("section", "a-new")
        assert isinstance(added, Section) and added.citations[0].target == "s-article"
        assert isinstance(case.get("source", "s-article"), Source)


def test_a_citation_of_the_wrong_kind_is_refused_naming_the_field() -> None:
    """An E key citing a claim is refused with words, and nothing is imported."""
    with memory_case() as case:
        package = {"format": "casefile-package", "version": 1, "narrative": [
            {"id": "x", "title": "T", "citations": [{"key": "E1", "kind": "claim",
                                                      "target": "c", "status": None}]}]}  # fmt: skip
        try:
            import_package(case, parse_package(json.dumps(package).encode()))
        except Exception as err:
            assert "E1" in str(err) and "claim" in str(err)
        else:
            raise AssertionError("a wrong citation key was imported")
        assert case.get("section", "x") is None


def test_the_history_names_the_section_that_was_written() -> None:
    """Writing a section is logged under the section's own title, not a generic name."""
    with memory_case() as case:
        fill_sample(case)
        case.execute(commands.Create(Section("s9", "Outlook", "", 5, ())))
        change = case.execute(narrative.WriteSection("s9", "Shorter [E1].", {"E1": CITES[0]}))
        assert change.action == "Write Outlook"
        assert case.history(object_id="s9")[0].action == "Write Outlook"  # newest first
