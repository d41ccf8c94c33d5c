"""Captured evidence is immutable: every write path refuses to change it, the rest stays editable."""

from __future__ import annotations

import pytest

from casefile.core import commands
from casefile.core.commands import Create, DeleteRecords, Edit, LinkEvidence
from casefile.core.immutable import EvidenceChangeError, changed_evidence
from casefile.core.merge import MergeEntities
from casefile.core.model import Claim, Entity, Snippet, Source
from casefile.storage.case import Case, memory_case

TEXT = "The harbour master signed the invoice on 17 April."


def _case() -> Case:
    case = memory_case()
    case.execute(Create(Source("s1", "Harbour log", text=TEXT, sha256="ab" * 32)))
    case.execute(Create(Entity("e1", "Anja")))
    case.execute(Create(Entity("e2", "A. Petrović")))
    case.execute(Create(Snippet("n1", "harbour master", "s1", offset=(4, 18), entities=("e2",))))
    case.execute(Create(Snippet("note", "Typed by hand")))
    case.execute(Create(Claim("c1", "She signed it.")))
    case.execute(LinkEvidence("c1", "n1", "supports"))
    return case


def _state(case: Case) -> dict[str, dict[str, object]]:
    kinds = ("entity", "source", "snippet", "claim", "relationship")
    return {k: {r.id: r for r in case.store.all(k)} for k in kinds}


@pytest.mark.parametrize(
    ("kind", "ident", "changes", "words"),
    [
        ("source", "s1", {"text": "Another text."}, "extracted text of source s1"),
        ("source", "s1", {"text": None}, "extracted text"),
        ("source", "s1", {"sha256": "cd" * 32}, "SHA-256"),
        ("snippet", "n1", {"text": "harbour"}, "quoted text of snippet n1"),
        ("snippet", "n1", {"offset": (0, 3), "text": "The"}, "offsets"),
        ("snippet", "n1", {"source": None}, "source"),
    ],
)
def test_an_edit_of_evidence_is_refused_and_changes_nothing(
    kind: str, ident: str, changes: dict[str, object], words: str
) -> None:
    """Editing a source's text or hash, or a quote's words, source or offsets, is refused."""
    case = _case()
    before = _state(case)
    history = case.history(limit=100)
    with pytest.raises(EvidenceChangeError, match=words):
        case.execute(Edit(kind, ident, changes))  # type: ignore[arg-type]
    assert _state(case) == before and case.history(limit=100) == history


def test_what_is_not_evidence_stays_editable() -> None:
    """Titles, grades, notes and tags of sources and quotes, and a hand-typed note's words."""
    case = _case()
    case.execute(Edit("source", "s1", {"title": "Harbour log 2025", "reliability": "B"}))
    case.execute(Edit("snippet", "n1", {"credibility": 2, "tags": ("signature",)}))
    case.execute(Edit("snippet", "note", {"text": "Typed by hand, corrected"}))
    note = case.get("snippet", "note")
    assert isinstance(note, Snippet) and note.text == "Typed by hand, corrected"


def test_an_empty_evidence_field_can_be_filled_once() -> None:
    """A source without its original's details receives them; after that they are fixed."""
    case = _case()
    case.execute(Edit("source", "s1", {"media_type": "text/plain", "size": 51}))
    with pytest.raises(EvidenceChangeError, match="media type"):
        case.execute(Edit("source", "s1", {"media_type": "text/html"}))


def test_deleting_a_source_deletes_its_quotes_and_undo_restores_all() -> None:
    """A quote never loses its source: it goes with it (claims' links too), and comes back."""
    case = _case()
    before = _state(case)
    impact = commands.deletion_impact(case.store, "source", ["s1"])
    assert impact == {"snippet": 1, "claim": 1}
    change = case.execute(DeleteRecords("source", ["s1"]))
    assert case.get("snippet", "n1") is None and case.get("snippet", "note") is not None
    claim = case.get("claim", "c1")
    assert isinstance(claim, Claim) and claim.evidence == ()
    case.revert(change)
    assert _state(case) == before


def test_a_stale_redo_cannot_write_over_other_evidence() -> None:
    """Redo of an old step whose id now holds different evidence is refused."""
    case = memory_case()
    first = case.execute(Create(Source("s1", "First", text="First text.")))
    case.revert(first)
    case.execute(Create(Source("s1", "Second", text="Second text.")))
    with pytest.raises(EvidenceChangeError):
        case.replay(first)
    source = case.get("source", "s1")
    assert isinstance(source, Source) and source.text == "Second text."


def test_merging_people_leaves_every_quote_as_it_was() -> None:
    """Merging two people moves mentions but never touches a quote's words or offsets."""
    case = _case()
    quote = case.get("snippet", "n1")
    case.execute(MergeEntities("e1", ["e2"]))
    merged = case.get("snippet", "n1")
    assert isinstance(merged, Snippet) and merged.entities == ("e1",)
    assert changed_evidence(quote, merged) == []
