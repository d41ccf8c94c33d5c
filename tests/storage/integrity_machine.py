"""A Hypothesis state machine: random packages, merges, deletes, undo and redo on one case.

After every step the case passes its own check, a refused step changed nothing, and undo
(or redo) returns exactly the state before (or after) the step. Packages reuse a small pool
of ids, so they collide with what the case holds, refer to records that are not there, and
change texts and offsets of stored evidence.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from casefile.core.commands import Change, DeleteRecords, Edit
from casefile.core.errors import CaseError
from casefile.core.immutable import EvidenceChangeError
from casefile.core.merge import MergeEntities
from casefile.core.model import KINDS, Record
from casefile.storage.case import Case, memory_case
from casefile.storage.check import check_case
from casefile.storage.package import PackageError, import_package, parse_package

TEXTS = ("Anja Petrović signed the invoice.", "The harbour master was paid twice.", "稀土 bought")
ENTITY_IDS = ("e1", "e2", "e3")
SOURCE_IDS = ("s1", "s2")
SNIPPET_IDS = ("n1", "n2", "n3")
CLAIM_IDS = ("c1", "c2")


def _maybe(draw: st.DrawFn, key: str, value: Any, out: dict[str, Any]) -> None:
    """Give the field, give it as null, or leave it out."""
    choice = draw(st.sampled_from(("give", "give", "null", "absent")))
    if choice == "give":
        out[key] = value
    elif choice == "null":
        out[key] = None


def _some(draw: st.DrawFn, pool: list[str], stray: tuple[str, ...]) -> list[str]:
    """Ids mostly from the package's own records, now and then one it does not hold."""
    choices = pool + list(stray) if draw(st.integers(0, 9)) == 0 else pool
    if not choices:
        return []
    return draw(st.lists(st.sampled_from(choices), unique=True, max_size=2))


@st.composite
def packages(draw: st.DrawFn) -> dict[str, Any]:
    """A package over the small id pools: colliding, dangling, with changed evidence."""
    entities = [
        {"id": e, "name": draw(st.sampled_from(("Anja", "A. Petrović", "Harbour Ltd")))}
        for e in draw(st.lists(st.sampled_from(ENTITY_IDS), unique=True, max_size=3))
    ]
    entity_ids = [e["id"] for e in entities]
    sources, texts = [], {}
    for ident in draw(st.lists(st.sampled_from(SOURCE_IDS), unique=True, max_size=2)):
        record: dict[str, Any] = {"id": ident, "title": draw(st.sampled_from(("Log", "Memo")))}
        _maybe(draw, "text", draw(st.sampled_from((*TEXTS, TEXTS[0], None))), record)
        if record.get("text") is not None:
            texts[ident] = record["text"]
            if draw(st.booleans()):
                record["sha256"] = hashlib.sha256(record["text"].encode()).hexdigest()
        sources.append(record)
    snippets = []
    for ident in draw(st.lists(st.sampled_from(SNIPPET_IDS), unique=True, max_size=3)):
        source = draw(st.sampled_from((*texts, *texts, *SOURCE_IDS, None, "s-missing")))
        text = texts.get(source or "") or draw(st.sampled_from(TEXTS))
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        snippet: dict[str, Any] = {"id": ident, "source": source, "text": text[start:end]}
        if draw(st.integers(0, 3)) > 0:
            snippet["offset"] = [start, end]
        _maybe(draw, "entities", _some(draw, entity_ids, ENTITY_IDS), snippet)
        snippets.append(snippet)
    snippet_ids = [s["id"] for s in snippets]
    claims = []
    for ident in draw(st.lists(st.sampled_from(CLAIM_IDS), unique=True, max_size=2)):
        claim: dict[str, Any] = {"id": ident, "statement": "She was paid."}
        links = _some(draw, snippet_ids, SNIPPET_IDS)
        _maybe(draw, "evidence", [{"snippet": s, "stance": "supports"} for s in links], claim)
        _maybe(draw, "subjects", _some(draw, entity_ids, ENTITY_IDS), claim)
        claims.append(claim)
    relationships = []
    if len(entity_ids) >= 2 and draw(st.booleans()):
        ends = draw(st.lists(st.sampled_from(entity_ids), unique=True, min_size=2, max_size=2))
        evidence = _some(draw, snippet_ids, SNIPPET_IDS)
        relationships.append(
            {"id": "r1", "source": ends[0], "target": ends[1], "type": "knows",
             "evidence": evidence}
        )  # fmt: skip
    return {
        "format": "casefile-package",
        "version": 1,
        "case": {"title": "Generated"},
        "entities": entities,
        "sources": sources,
        "snippets": snippets,
        "claims": claims,
        "relationships": relationships,
    }


State = dict[str, dict[str, Record]]


def state(case: Case) -> State:
    """Every record of the case by kind and id."""
    return {kind: {r.id: r for r in case.store.all(kind)} for kind in KINDS}


class IntegrityMachine(RuleBasedStateMachine):
    """One case under random imports, merges, deletes, evidence edits, undo and redo."""

    def __init__(self) -> None:
        super().__init__()
        self.case = memory_case("Property")
        self.changes: list[Change] = []
        self.case.subscribe(self.changes.append)
        self.undo: list[tuple[Change, State]] = []
        self.redo: list[tuple[Change, State]] = []

    def teardown(self) -> None:
        self.case.close()

    # Ids are drawn in storage order, never sorted: ids made by --as-new are random UUIDs,
    # and a sorted order would make Hypothesis's draws differ between replays.

    def _run(self, action: Any) -> None:
        """Do one user step: recorded for undo when it changed something, else a no-op."""
        before, history = state(self.case), self.case.history(limit=1)
        self.changes.clear()
        try:
            action()
        except (PackageError, EvidenceChangeError, CaseError):
            assert state(self.case) == before, "a refused step changed the case"
            assert self.case.history(limit=1) == history, "a refused step wrote history"
            return
        if self.changes:
            (change,) = self.changes
            self.undo.append((change, before))
            self.redo.clear()
        else:
            assert state(self.case) == before, "a step that reported nothing changed the case"

    @rule(data=st.data(), package=packages(), as_new=st.booleans())
    def import_package(self, data: st.DataObject, package: dict[str, Any], as_new: bool) -> None:
        raw = json.dumps(package).encode()
        self._run(lambda: import_package(self.case, parse_package(raw), as_new=as_new))

    @rule(data=st.data())
    def merge_people(self, data: st.DataObject) -> None:
        ids = self.case.store.ids("entity")
        if len(ids) < 2:
            return
        pair = data.draw(st.lists(st.sampled_from(ids), unique=True, min_size=2, max_size=2))
        self._run(lambda: self.case.execute(MergeEntities(pair[0], pair[1:])))

    @rule(data=st.data(), kind=st.sampled_from(("entity", "source", "snippet", "claim")))
    def delete(self, data: st.DataObject, kind: Any) -> None:
        ids = self.case.store.ids(kind)
        if ids:
            ident = data.draw(st.sampled_from(ids))
            self._run(lambda: self.case.execute(DeleteRecords(kind, [ident])))

    @rule(data=st.data())
    def edit_evidence(self, data: st.DataObject) -> None:
        """Editing the words of a stored source or quote is refused (or allowed on a note)."""
        kind = data.draw(st.sampled_from(("source", "snippet")))
        ids = self.case.store.ids(kind)
        if ids:
            ident = data.draw(st.sampled_from(ids))
            self._run(lambda: self.case.execute(Edit(kind, ident, {"text": "Rewritten."})))

    @precondition(lambda self: bool(self.undo))
    @rule()
    def undo_last(self) -> None:
        change, before = self.undo.pop()
        after = state(self.case)
        self.case.revert(change)
        assert state(self.case) == before, "undo did not return the exact prior state"
        self.redo.append((change, after))

    @precondition(lambda self: bool(self.redo))
    @rule()
    def redo_last(self) -> None:
        change, after = self.redo.pop()
        before = state(self.case)
        self.case.replay(change)
        assert state(self.case) == after, "redo did not return the exact state after the step"
        self.undo.append((change, before))

    @invariant()
    def passes_its_own_check(self) -> None:
        problems = check_case(self.case)
        assert problems == [], problems
