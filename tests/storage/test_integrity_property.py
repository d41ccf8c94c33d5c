"""Property test: random cases, packages, merges, deletes, undo and redo keep the case sound."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import run_state_machine_as_test

from casefile.core import immutable
from tests.storage.integrity_machine import IntegrityMachine
from tests.torture.torture_util import require_slow

QUICK = int(os.environ.get("CASEFILE_INTEGRITY_EXAMPLES", "200"))
SLOW = int(os.environ.get("CASEFILE_INTEGRITY_EXAMPLES_SLOW", "3000"))


def _settings(examples: int, shrink: bool = True, derandomize: bool = False) -> settings:
    phases = [Phase.explicit, Phase.reuse, Phase.generate] + ([Phase.shrink] if shrink else [])
    return settings(
        phases=phases,
        report_multiple_bugs=False,
        max_examples=examples,
        stateful_step_count=10,
        deadline=None,
        database=None,
        derandomize=derandomize,
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


def test_the_property_test_catches_a_merge_that_rewrites_a_source(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the evidence guard switched off (a broken merge), the machine finds a failure."""
    # A fixed seed: this test proves the property test can fail, so it must not depend on luck.
    monkeypatch.setattr(immutable, "changed_evidence", lambda before, after: [])
    with pytest.raises(AssertionError, match=r"offsets|problems|prior state|changed the case"):
        run_state_machine_as_test(
            IntegrityMachine, settings=_settings(QUICK, shrink=False, derandomize=True)
        )
