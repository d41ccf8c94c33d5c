"""Property test: random cases, packages, merges, deletes, undo and redo keep the case sound."""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import run_state_machine_as_test

from casefile.core import immutable
from tests.storage.integrity_machine import TEXTS, IntegrityMachine
from tests.torture.torture_util import require_slow

QUICK = int(os.environ.get("CASEFILE_INTEGRITY_EXAMPLES", "200"))
SLOW = int(os.environ.get("CASEFILE_INTEGRITY_EXAMPLES_SLOW", "3000"))


def _settings(examples: int, shrink: bool = True) -> settings:
    phases = [Phase.explicit, Phase.reuse, Phase.generate] + ([Phase.shrink] if shrink else [])
    return settings(
        phases=phases,
        report_multiple_bugs=False,
        max_examples=examples,
        stateful_step_count=10,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


def test_every_step_leaves_a_case_that_passes_its_own_check() -> None:
    """After each import, merge, delete, edit, undo and redo: check clean, undo exact."""
    run_state_machine_as_test(IntegrityMachine, settings=_settings(QUICK))


@pytest.mark.slow
def test_every_step_leaves_a_case_that_passes_its_own_check_long(
    request: pytest.FixtureRequest,
) -> None:
    """The same, with thousands of random runs."""
    require_slow(request)
    run_state_machine_as_test(IntegrityMachine, settings=_settings(SLOW))


def _package(text: str, quote: bool) -> dict[str, Any]:
    """A package with source ``s1`` holding ``text`` (and, if ``quote``, a quote of it)."""
    quotes = [{"id": "n1", "source": "s1", "text": text[:4], "offset": [0, 4]}] if quote else []
    return {"format": "casefile-package", "version": 1, "case": {"title": "Generated"},
            "sources": [{"id": "s1", "title": "Log", "text": text}], "snippets": quotes}  # fmt: skip


def test_the_machine_catches_a_merge_that_rewrites_a_source(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the evidence guard off, the machine's own steps and check catch a rewritten source."""
    monkeypatch.setattr(immutable, "changed_evidence", lambda before, after: [])
    machine = IntegrityMachine()
    try:
        machine.import_package(None, _package(TEXTS[0], quote=True), as_new=False)  # type: ignore[arg-type]
        machine.passes_its_own_check()
        machine.import_package(None, _package(TEXTS[1], quote=False), as_new=False)  # type: ignore[arg-type]
        with pytest.raises(AssertionError, match=r"offset|problem"):
            machine.passes_its_own_check()
    finally:
        machine.teardown()


@pytest.mark.slow
def test_the_random_search_catches_a_merge_that_rewrites_a_source(
    monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """With the evidence guard off, the random search finds a failure by itself (ids made by
    --as-new are random UUIDs, so the path differs between runs: many examples, slow only)."""
    require_slow(request)
    monkeypatch.setattr(immutable, "changed_evidence", lambda before, after: [])
    with pytest.raises(AssertionError, match=r"offsets|problems|prior state|changed the case"):
        run_state_machine_as_test(IntegrityMachine, settings=_settings(SLOW, shrink=False))
