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

from casefile.storage.sample import write_sample
from tests.torture.fts_fuzz import run
from tests.torture.torture_util import require_slow

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
