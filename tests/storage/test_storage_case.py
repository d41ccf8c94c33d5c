"""The case file: create, commands with undo/redo, history, opening rules and bad files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from casefile.core import commands
from casefile.core.errors import CaseError, ValidationError
from casefile.core.model import Claim, Entity, EvidenceLink, Relationship, Snippet, Source
from casefile.storage import create_case, open_case
from casefile.storage.case import Case, ReadOnlyError
from casefile.storage.connection import AlreadyOpenError, CaseFileError
from casefile.storage.engine import sqlite3


def _populate(case: Case) -> dict[str, str]:
    case.execute(commands.Create(Entity("e1", "Anja Petrović", aliases=("Anja Petrovic",))))
    case.execute(commands.Create(Entity("e2", "Dovecote Holdings", "organisation")))
    case.execute(commands.Create(Source("s1", "Register", "record", text="Dovecote holds 74%.")))
    case.execute(
        commands.Create(Snippet("n1", "holds 74%", "s1", offset=(9, 18), entities=("e2",)))
    )
    rel = Relationship("r1", "e1", "e2", "director of", "2019-03", evidence=("n1",))
    case.execute(commands.Create(rel))
    claim = Claim("c1", "Dovecote owns Meridian", subjects=("e2",), evidence=(EvidenceLink("n1"),))
    case.execute(commands.Create(claim))
    return {"entity": "e2", "snippet": "n1"}


def test_created_case_reopens_with_everything_in_it(case_path: Path) -> None:
    """Records written through commands are all there after close and reopen, in one file."""
    with create_case(case_path, "Harbour", reference="HL-1", marking="TLP:AMBER") as case:
        _populate(case)
    assert sorted(os.listdir(case_path.parent)) == [case_path.name]
    with open_case(case_path) as case:
        info = case.info()
        assert (info.title, info.reference, info.marking) == ("Harbour", "HL-1", "TLP:AMBER")
        snippet = case.get("snippet", "n1")
        assert isinstance(snippet, Snippet) and snippet.entities == ("e2",)
        assert case.count("claim") == 1


def test_delete_detaches_referrers_and_undo_restores_exactly(new_case: Case) -> None:
    """Deleting an entity removes its mentions/subjects/relationships; undo brings all back."""
    _populate(new_case)
    before = {
        k: list(new_case.store.all(k)) for k in ("entity", "snippet", "claim", "relationship")
    }
    impact = commands.deletion_impact(new_case.store, "entity", ["e2"])
    assert impact == {"snippet": 1, "claim": 1, "relationship": 1}
    change = new_case.execute(commands.DeleteRecords("entity", ["e2"]))
    assert new_case.get("relationship", "r1") is None
    claim = new_case.get("claim", "c1")
    assert isinstance(claim, Claim) and claim.subjects == ()
    new_case.revert(change)
    after = {k: list(new_case.store.all(k)) for k in before}
    assert after == before
    new_case.replay(change)
    assert new_case.get("entity", "e2") is None


def test_every_change_is_in_the_append_only_history(new_case: Case) -> None:
    """Each command is logged with before/after, and the history cannot be rewritten."""
    _populate(new_case)
    new_case.execute(commands.Edit("entity", "e1", {"name": "Anja P."}))
    latest = new_case.history(limit=1)[0]
    assert latest.action.startswith("Edit") and '"Anja Petrović"' in (latest.before or "")
    assert '"Anja P."' in (latest.after or "")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        new_case.conn.execute("DELETE FROM history")


def test_bad_commands_change_nothing(new_case: Case) -> None:
    """A command that breaks a rule or refers to a missing record leaves the case unchanged."""
    _populate(new_case)
    count = len(new_case.history(limit=1000))
    with pytest.raises(ValidationError, match="not in the case"):
        new_case.execute(commands.Create(Snippet("n2", "x", entities=("nobody",))))
    with pytest.raises(ValidationError, match="offsets"):
        new_case.execute(commands.Create(Snippet("n3", "wrong", "s1", offset=(0, 5))))
    with pytest.raises(ValidationError):
        new_case.execute(commands.Edit("claim", "c1", {"status": "proven"}))
    assert len(new_case.history(limit=1000)) == count
    assert new_case.count("snippet") == 1


def test_second_process_gets_already_open(new_case: Case, case_path: Path) -> None:
    """A second program opening the same case is told it is already open."""
    code = (
        "import sys\nfrom casefile.storage import open_case\n"
        "try:\n    open_case(sys.argv[1])\nexcept Exception as e:\n    print(type(e).__name__, e)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(case_path)], capture_output=True, text=True
    )
    assert out.stdout.startswith("AlreadyOpenError") and "already open" in out.stdout


def test_case_reopens_after_a_crash_without_a_stale_lock(case_path: Path) -> None:
    """After a killed process, the case opens again with every committed change."""
    code = (
        "import os, sys\nfrom casefile.storage import create_case\n"
        "from casefile.core import commands\nfrom casefile.core.model import Entity\n"
        "case = create_case(sys.argv[1], 'T')\n"
        "for i in range(20):\n    case.execute(commands.Create(Entity(f'e{i}', f'E{i}')))\n"
        "os._exit(9)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(case_path)], check=False)
    with open_case(case_path) as case:
        assert case.count("entity") == 20


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"hello, this is plain text" * 10, "not a SQLite"),
        (b"SQLite format 3\x00" + b"\x00" * 84, "another application"),
    ],
)
def test_files_that_are_not_cases_are_refused_unchanged(
    tmp_path: Path, content: bytes, message: str
) -> None:
    """Opening a file that is not a case gives a one-line reason and leaves it untouched."""
    path = tmp_path / "x.casefile"
    path.write_bytes(content)
    with pytest.raises(CaseFileError, match=message):
        open_case(path)
    assert path.read_bytes() == content


def test_other_applications_databases_and_newer_versions_are_refused(tmp_path: Path) -> None:
    """A foreign SQLite file and a case from a newer casefile are refused with clear words."""
    foreign = tmp_path / "other.casefile"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(CaseFileError, match="another application"):
        open_case(foreign)
    newer = tmp_path / "newer.casefile"
    create_case(newer, "T").close()
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    data = newer.read_bytes()
    with pytest.raises(CaseFileError, match="newer version"):
        open_case(newer)
    assert newer.read_bytes() == data


def test_foreign_triggers_and_views_are_refused(case_path: Path) -> None:
    """A case carrying a trigger or view casefile did not create is not opened."""
    create_case(case_path, "T").close()
    conn = sqlite3.connect(case_path)
    conn.execute("CREATE VIEW evil AS SELECT load_extension('x')")
    conn.commit()
    conn.close()
    data = case_path.read_bytes()
    with pytest.raises(CaseFileError, match="did not create"):
        open_case(case_path)
    assert case_path.read_bytes() == data


def test_truncated_case_is_refused(case_path: Path) -> None:
    """A truncated case file is reported as damaged, not opened half-way."""
    with create_case(case_path, "T") as case:
        for i in range(300):
            case.execute(commands.Create(Entity(f"e{i}", f"Entity number {i} " * 20)))
    data = case_path.read_bytes()
    case_path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CaseError):
        open_case(case_path)


def test_read_only_file_opens_read_only(case_path: Path) -> None:
    """A case without write permission opens for reading, and changes are refused plainly."""
    create_case(case_path, "T").close()
    case_path.chmod(0o444)
    try:
        if os.access(case_path, os.W_OK):
            pytest.skip("running as a user who can write read-only files")
        with open_case(case_path) as case:
            assert case.read_only
            with pytest.raises(ReadOnlyError):
                case.execute(commands.Create(Entity("e", "X")))
    finally:
        case_path.chmod(0o644)


def test_read_only_open_as_requested(case_path: Path) -> None:
    """Opening with read_only=True reads everything and refuses changes."""
    create_case(case_path, "T").close()
    with open_case(case_path, read_only=True) as case:
        assert case.info().title == "T"
        with pytest.raises(ReadOnlyError):
            case.execute(commands.Create(Entity("e", "X")))


def test_existing_file_is_not_overwritten_by_new(case_path: Path) -> None:
    """Creating a case where a file exists is refused."""
    case_path.write_text("keep me")
    with pytest.raises(CaseFileError, match="already exists"):
        create_case(case_path, "T")
    assert case_path.read_text() == "keep me"


def test_already_open_is_a_case_error() -> None:
    """The 'already open' error is shown to users like any other case error."""
    assert issubclass(AlreadyOpenError, CaseError)


def test_large_cases_get_more_time_for_the_checks_on_opening(tmp_path: Path) -> None:
    """A big, healthy case is not refused as unreadable just because checking it takes time."""
    from casefile.storage.connection import CHECK_SECONDS, check_limit

    small = tmp_path / "small.casefile"
    small.write_bytes(b"x" * 1000)
    big = tmp_path / "big.casefile"
    with big.open("wb") as handle:
        handle.truncate(700_000_000)  # sparse: no disk space used
    assert check_limit(small) < CHECK_SECONDS + 0.01
    assert check_limit(big) >= CHECK_SECONDS + 14
