"""Damaged and hostile case files: a clear refusal or a safe opening, never a crash or hang.

Quick setting: every hostile recipe plus a sample of damaged files, 400
(``CASEFILE_CORPUS_FILES`` overrides). Long setting (``-m slow``): the whole corpus.
"""

from __future__ import annotations

import os
import random
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from corpus import Entry, build, corpus_entries, make_bases
from corpus_pool import run_pool
from torture_util import require_slow

QUICK = int(os.environ.get("CASEFILE_CORPUS_FILES", "400"))
SECONDS = 5.0


def _select(count: int) -> list[Entry]:
    entries = corpus_entries()
    must = [e for e in entries if e.expect == "refuse" or not e.name[-1].isdigit()]
    rest = [e for e in entries if e not in must]
    random.Random(11).shuffle(rest)
    return must + rest[: max(0, count - len(must))]


def _problems(entry: Entry, result: dict[str, Any]) -> list[str]:
    name = entry.name
    if result.get("hang"):
        return [f"{name}: no answer within the time limit (hang)"]
    if result.get("died"):
        return [f"{name}: the process died"]
    out = []
    for mode in ("ro", "rw"):
        step = result[mode]
        outcome = step["outcome"]
        if outcome == "crash" or "read_crash" in step:
            out.append(f"{name} ({mode}): crashed: {step.get('message') or step['read_crash']}")
        if step.get("seconds", 0) > SECONDS:
            out.append(f"{name} ({mode}): took {step['seconds']:.1f}s")
        if outcome == "refused" and not _clear(step["message"]):
            out.append(f"{name} ({mode}): unclear refusal {step['message']!r}")
        if entry.expect == "refuse" and outcome != "refused":
            out.append(f"{name} ({mode}): was {outcome}, must be refused")
    if result["ro_modified"] or result.get("rw_modified"):
        out.append(f"{name}: the file was modified by an opening that did not open it writable")
    if result["trap_calls"]:
        out.append(f"{name}: schema-defined code ran: {result['trap_calls'][:3]}")
    return out


def _clear(message: str) -> bool:
    return bool(message.strip()) and "\n" not in message and "Traceback" not in message


def _run(tmp_path: Path, entries: list[Entry]) -> None:
    started = time.monotonic()
    bases = make_bases(tmp_path / "bases")
    built = build(entries, tmp_path / "corpus", bases)
    made = time.monotonic() - started
    results = run_pool([path for _, path in built], workers=2, timeout=SECONDS * 3)
    problems: list[str] = []
    outcomes: Counter[str] = Counter()
    for entry, path in built:
        result = results[str(path)]
        problems += _problems(entry, result)
        if "ro" in result:
            outcomes[f"{result['ro']['outcome']}/{result['rw']['outcome']}"] += 1
    print(
        f"\nhostile corpus: {len(built)} files (made in {made:.1f}s), outcomes (read-only/"
        f"writable) {dict(outcomes)}, {len(problems)} problems, {time.monotonic() - started:.1f}s"
    )
    assert not problems, "\n".join(problems[:30])


@pytest.mark.timeout(600)
def test_hostile_and_damaged_files_are_refused_or_opened_safely(tmp_path: Path) -> None:
    """Opening a damaged or hostile file never crashes, hangs, runs its code or alters it."""
    _run(tmp_path, _select(QUICK))


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_whole_hostile_corpus(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """The long setting: every one of the 1,000+ corpus files."""
    require_slow(request)
    entries = corpus_entries()
    assert len(entries) >= 1000
    _run(tmp_path, entries)


def test_corpus_is_large_and_varied() -> None:
    """The generator makes more than 1,000 files of every kind of damage the issue names."""
    entries = corpus_entries()
    assert len(entries) >= 1000
    names = " ".join(e.name for e in entries)
    for kind in ("bitflip", "truncated", "zeroed_page", "app_id", "future_version",
                 "trigger", "view", "oversized", "pragma_", "other_app", "not_sqlite"):  # fmt: skip
        assert kind in names
