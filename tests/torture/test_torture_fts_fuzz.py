"""A case whose full-text index was damaged or crafted is refused in words or works: no crash.

Each variant damages one shadow table of the search index (bytes overwritten, blocks cut,
extended or emptied, page numbers and the format version changed); the recipient then
opens it read-only, checks it, searches it, opens it for writing and edits a record, in a
child process so that a crash is seen as one. The index of a file from elsewhere is never
read: it is rebuilt from the records (storage.foreign).
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from casefile.core.errors import CaseError
from casefile.storage import open_case, trust
from casefile.storage.check import check_case
from casefile.storage.engine import sqlite3
from casefile.storage.sample import write_sample
from tests.torture.fts_fuzz import mutate, run
from tests.torture.torture_util import require_slow

PINNED = (602, 1012)  # their damaged structure record made SQLite report "out of memory"
QUICK = int(os.environ.get("CASEFILE_FTS_VARIANTS", "200"))
SLOW = int(os.environ.get("CASEFILE_FTS_VARIANTS_SLOW", "3000"))


def _fuzz(tmp_path: Path, variants: int) -> Counter[str]:
    source = tmp_path / "sample.casefile"
    write_sample(source)
    work = tmp_path / "variants"
    work.mkdir()
    outcomes = run(source, work, range(variants))
    assert len(outcomes) == variants
    bad = {s: o for s, o in outcomes.items() if o.startswith(("crash", "unexpected"))}
    assert not bad, f"{len(bad)} variants crashed or ended in an unexpected error: {bad}"
    return Counter(o.split(":")[0].split(" (")[0] for o in outcomes.values())


def test_damaged_search_indexes_never_crash(tmp_path: Path) -> None:
    """A few hundred damaged indexes: each a clear refusal or a working case, never a crash."""
    kinds = _fuzz(tmp_path, QUICK)
    assert kinds["ok"] > 0, kinds  # the rebuilt index makes most variants work


@pytest.mark.slow
def test_damaged_search_indexes_never_crash_long(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Thousands of damaged indexes (-m slow)."""
    require_slow(request)
    _fuzz(tmp_path, SLOW)


def _unreadable_index(tmp_path: Path, seed: int) -> Path:
    """The sample case damaged as variant ``seed``: reading its index is "out of memory"."""
    source = tmp_path / "sample.casefile"
    if not source.exists():
        write_sample(source)
    target = tmp_path / f"variant-{seed}.casefile"
    mutate(source, target, seed)
    raw = sqlite3.connect(target)
    try:
        with pytest.raises(MemoryError):  # the damage these variants pin still does this
            raw.execute("SELECT rowid FROM search_index").fetchall()
    finally:
        raw.close()
    return target


@pytest.mark.parametrize("seed", PINNED)
def test_index_that_reads_as_out_of_memory_is_rebuilt_on_opening(tmp_path: Path, seed: int) -> None:
    """Variants 602 and 1012 (a damaged structure record) open, check, search and edit."""
    _unreadable_index(tmp_path, seed)
    work = tmp_path / "variants"
    work.mkdir()
    (outcome,) = run(tmp_path / "sample.casefile", work, range(seed, seed + 1)).values()
    assert outcome.startswith("ok (0 problems"), outcome


@pytest.mark.parametrize("seed", PINNED)
def test_damaged_index_of_a_trusted_case_is_refused_in_words_then_rebuilt(
    tmp_path: Path, seed: int
) -> None:
    """A vouched-for case whose index cannot be read: the search and the check say so in
    words, and the next opening builds the index again from the records."""
    target = _unreadable_index(tmp_path, seed)
    trust.remember(target)  # as if it was damaged while this program had it
    with open_case(target, read_only=True) as case:
        with pytest.raises(CaseError, match=r"search index of .* is damaged"):
            case.search("harbour")
        assert check_case(case) == [
            "search index damaged: its structure cannot be read (it is built again from "
            "the records when the case is next opened)"
        ]
        entities = case.count("entity")
    with open_case(target) as case:
        assert case.search("harbour")
        assert case.count("entity") == entities
        assert check_case(case) == []
