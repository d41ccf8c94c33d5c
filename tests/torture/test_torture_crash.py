"""Crash harness: a child applies random commands and is SIGKILLed; nothing acknowledged is lost.

Quick setting: 50 rounds of the storage child and 6 of the window child
(``CASEFILE_CRASH_ROUNDS``, ``CASEFILE_GUI_CRASH_ROUNDS`` override). Long setting: ``-m slow``
runs 500 and 60 (``CASEFILE_CRASH_ROUNDS_SLOW``, ``CASEFILE_GUI_CRASH_ROUNDS_SLOW``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from crash_harness import Harness, run_gui_rounds, run_rounds
from torture_util import require_slow

from casefile.storage.engine import sqlite3

QUICK = int(os.environ.get("CASEFILE_CRASH_ROUNDS", "50"))
LONG = int(os.environ.get("CASEFILE_CRASH_ROUNDS_SLOW", "500"))
GUI_QUICK = int(os.environ.get("CASEFILE_GUI_CRASH_ROUNDS", "6"))
GUI_LONG = int(os.environ.get("CASEFILE_GUI_CRASH_ROUNDS_SLOW", "60"))


def _report(stats) -> None:  # type: ignore[no-untyped-def]
    print("\ncrash harness:", stats.summary())
    assert stats.problems == [], "\n".join(stats.problems[:20])
    assert stats.acknowledged > stats.rounds, "the child must get real work done"
    assert stats.kills >= stats.rounds // 2


@pytest.mark.timeout(600)
def test_sigkill_loses_no_acknowledged_change(tmp_path: Path) -> None:
    """Killing casefile at any moment loses no saved change and leaves no half-saved one."""
    _report(run_rounds(tmp_path, QUICK, seed=20250417))


@pytest.mark.timeout(600)
def test_sigkill_loses_nothing_on_an_encrypted_case(tmp_path: Path) -> None:
    """The same kills against an encrypted case (SQLCipher) lose nothing either."""
    _report(run_rounds(tmp_path, QUICK, seed=20251215, passphrase="crash 'test' pass"))


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_sigkill_loses_nothing_long_encrypted(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """The long setting on an encrypted case."""
    require_slow(request)
    _report(run_rounds(tmp_path, LONG, seed=8, passphrase="long crash pass"))


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_sigkill_loses_nothing_long(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """The long setting: hundreds of kills in a row against one growing case."""
    require_slow(request)
    _report(run_rounds(tmp_path, LONG, seed=7))


def _report_gui(stats) -> None:  # type: ignore[no-untyped-def]
    print("\nGUI crash harness:", stats.summary())
    assert stats.problems == [], "\n".join(stats.problems[:20])
    assert stats.acknowledged >= stats.rounds, "the window must get real work done"


@pytest.mark.timeout(600)
def test_killing_the_window_while_editing_loses_nothing(tmp_path: Path) -> None:
    """The real window, killed while someone types and clicks, loses no saved change."""
    _report_gui(run_gui_rounds(tmp_path, GUI_QUICK, seed=11))


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_killing_the_window_long(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """The long setting of the window variant."""
    require_slow(request)
    _report_gui(run_gui_rounds(tmp_path, GUI_LONG, seed=12))


def _harness_after_rounds(tmp_path: Path, rounds: int) -> Harness:
    harness = Harness(tmp_path / "crash.casefile", seed=3)
    for number in range(rounds):
        harness.round(number)
    assert harness.stats.problems == []
    return harness


def test_harness_notices_a_lost_record(tmp_path: Path) -> None:
    """The checker is not blind: a record removed behind its back is reported as lost."""
    harness = _harness_after_rounds(tmp_path, 2)
    conn = sqlite3.connect(harness.path)
    victim = conn.execute("SELECT id FROM entities LIMIT 1").fetchone()
    assert victim is not None, "the rounds created people or organisations"
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM entities WHERE id = ?", victim)
    conn.commit()
    conn.close()
    harness.verify(99, [], clean=True)
    assert any(f"entity {victim[0]} lost" in p for p in harness.stats.problems)


def test_harness_notices_a_half_applied_change(tmp_path: Path) -> None:
    """A change whose records are only partly in the file is reported as half applied."""
    harness = _harness_after_rounds(tmp_path, 1)
    images = [["entity", "half-1", '{"id":"half-1"}'], ["entity", "half-2", '{"id":"half-2"}']]
    lines = ["PENDING 1 " + __import__("json").dumps(images)]
    harness.verify(98, lines, clean=False)
    assert any("half applied" in p or "history" in p for p in harness.stats.problems) is False
    assert harness.stats.in_flight_absent >= 1  # nothing of it is there: a clean "absent"
    conn = sqlite3.connect(harness.path)
    conn.execute("INSERT INTO entities (id, kind, name) VALUES ('half-1', 'person', 'x')")
    conn.commit()
    conn.close()
    harness.verify(97, lines, clean=False)
    assert any("half applied" in p for p in harness.stats.problems)
