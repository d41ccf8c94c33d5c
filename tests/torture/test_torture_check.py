"""`casefile check` and verify_originals: altered evidence, bad offsets, dangling links, stale index."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from casefile.core.commands import Create
from casefile.core.model import Claim, Entity, EvidenceLink, Original, Snippet, Source
from casefile.storage import create_case, open_case
from casefile.storage.check import check_case, verify_originals
from casefile.storage.engine import sqlite3

ROOT = Path(__file__).resolve().parents[2]
DATA = b"%PDF-1.4 the original evidence bytes"


@pytest.fixture
def sound_case(case_path: Path) -> Path:
    sha = hashlib.sha256(DATA).hexdigest()
    with create_case(case_path, "Check me") as case:
        source = Source("s1", "Leaked memo", "file", text="The director signed it.",
                        sha256=sha, size=len(DATA), media_type="application/pdf")  # fmt: skip
        case.execute(Create(source, [Original(sha, "application/pdf", DATA)]))
        case.execute(Create(Source("s2", "Text only", text="no file", sha256="a" * 64)))
        case.execute(Create(Entity("e1", "The Director")))
        case.execute(
            Create(Snippet("n1", "director signed", "s1", offset=(4, 19), entities=("e1",)))
        )
        case.execute(Create(Claim("c1", "He signed", evidence=(EvidenceLink("n1"),))))
    return case_path


def _tamper(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def _cli_check(path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "casefile", "check", str(path)],
                          capture_output=True, text=True, env=env)  # fmt: skip


def test_sound_case_checks_clean(sound_case: Path) -> None:
    """A case nobody tampered with passes every check (text-only sources included)."""
    with open_case(sound_case) as case:
        assert check_case(case) == []
        assert verify_originals(case) == []
    run = _cli_check(sound_case)
    assert run.returncode == 0 and run.stdout.strip().endswith(": ok")


def test_altered_evidence_bytes_are_flagged_per_source(sound_case: Path) -> None:
    """Evidence bytes changed after capture are reported for their source, though SQLite is fine."""
    altered = DATA.replace(b"original", b"ORIGINAL")
    _tamper(sound_case, f"UPDATE originals SET data = x'{altered.hex()}'")
    with open_case(sound_case) as case:  # SQLite's own checks pass: the file opens
        problems = verify_originals(case)
    assert [(p.source_id, p.title) for p in problems] == [("s1", "Leaked memo")]
    assert "altered" in problems[0].message
    run = _cli_check(sound_case)
    assert run.returncode == 1
    assert "Leaked memo" in run.stdout and "altered" in run.stdout
    assert run.stderr.startswith("casefile: error: 1 problem")


def test_truncated_and_missing_originals_are_flagged(sound_case: Path) -> None:
    """A shortened original and a missing one are both reported."""
    _tamper(sound_case, "UPDATE originals SET data = substr(data, 1, 5)")
    with open_case(sound_case, read_only=True) as case:
        assert "altered" in verify_originals(case)[0].message
    _tamper(sound_case, "DELETE FROM originals")
    with open_case(sound_case, read_only=True) as case:
        assert "missing" in verify_originals(case)[0].message


def test_an_altered_original_whose_title_holds_broken_text_is_reported_in_words(
    sound_case: Path,
) -> None:
    """A source title with broken UTF-8 (damage) still gets its clear per-source message."""
    altered = DATA.replace(b"original", b"ORIGINAL")
    _tamper(
        sound_case,
        f"UPDATE originals SET data = x'{altered.hex()}'",
        "UPDATE sources SET title = CAST(x'4c65616b6564d8206d656d6f' AS TEXT) WHERE id = 's1'",
    )
    for read_only in (True, False):
        with open_case(sound_case, read_only=read_only) as case:
            problems = verify_originals(case)
        assert [p.source_id for p in problems] == ["s1"]
        assert problems[0].message.startswith("source 'Leaked\ufffd memo' (s1): the stored")
        assert "altered" in problems[0].message


def test_offsets_and_dangling_links_are_reported_and_a_stale_index_is_not_used(
    sound_case: Path,
) -> None:
    """Broken offsets and links to deleted records are named; a tampered index is rebuilt."""
    _tamper(
        sound_case,
        "UPDATE snippets SET start = 0 WHERE id = 'n1'",
        "DELETE FROM entities WHERE id = 'e1'",
        "INSERT INTO search_index (rowid, title, body) SELECT min(rowid), '', 'stale' "
        "FROM search_index",
    )
    with open_case(sound_case, read_only=True) as case:
        problems = check_case(case)
        assert case.search("stale") == []
    text = "\n".join(problems)
    assert "snippet n1: its offsets [0, 19)" in text
    assert "dangling reference: a snippet mentions a missing person or organisation" in text
    assert "search index" not in text  # rebuilt from the records on a scratch copy


def test_damaged_full_text_index_is_never_read(sound_case: Path) -> None:
    """A file whose index blocks were zeroed is checked and searched on a rebuilt index."""
    _tamper(
        sound_case, "UPDATE search_index_data SET block = zeroblob(length(block)) WHERE id > 10"
    )
    for read_only in (True, False):
        with open_case(sound_case, read_only=read_only) as case:
            assert not any("search index" in p for p in check_case(case))
            word = case.conn.execute("SELECT name FROM entities LIMIT 1").fetchone()[0]
            assert case.search(word.split()[0])


KILLED_WRITER = """
import os, signal, sys
from casefile.core.commands import Create
from casefile.core.model import Entity
from casefile.storage import open_case
case = open_case(sys.argv[1])
case.execute(Create(Entity("after-crash", "Written just before the crash")))
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_check_and_read_only_work_on_a_crashed_case(sound_case: Path) -> None:
    """After a crash (log left beside the file) `casefile check` reads it without changing it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(sound_case)], env=env)
    assert run.returncode == -9
    wal = sound_case.with_name(sound_case.name + "-wal")
    assert wal.exists()
    before = (sound_case.read_bytes(), wal.read_bytes())
    check = _cli_check(sound_case)
    assert check.returncode == 0, check.stdout + check.stderr
    with open_case(sound_case, read_only=True) as case:
        assert case.get("entity", "after-crash") is not None
    assert (sound_case.read_bytes(), wal.read_bytes()) == before
    with open_case(sound_case) as case:  # writable: recovers and tidies up
        assert case.get("entity", "after-crash") is not None
    assert not wal.exists()
