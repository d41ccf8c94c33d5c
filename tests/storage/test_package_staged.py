"""A package import that holds no records in memory: staged on disk, undone from the history."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest

from casefile.core import commands
from casefile.core.model import Source
from casefile.storage import open_case
from casefile.storage.case import Case
from casefile.storage.engine import ENCRYPTION
from casefile.storage.package import (
    PackageError,
    import_command,
    import_package,
    parse_package,
    read_package,
)
from casefile.storage.package_stage import BATCH


def _package(people: int = 3, **extra: Any) -> dict[str, Any]:
    return {
        "format": "casefile-package",
        "version": 1,
        "entities": [{"id": f"e{i}", "kind": "person", "name": f"P {i}"} for i in range(people)],
        "sources": [{"id": "s1", "title": "Port log", "text": "Cleared at the port by P 1."}],
        "snippets": [
            {"id": "n1", "source": "s1", "text": "Cleared", "offset": [0, 7], "entities": ["e1"]}
        ],
        **extra,
    }


def _state(case: Case) -> dict[str, list[str]]:
    """Every record of the case, as JSON, by kind."""
    kinds = ("case", "entity", "source", "snippet", "relationship", "claim", "section")
    return {k: sorted(json.dumps(vars(r), default=str) for r in case.store.all(k)) for k in kinds}


def _scratch() -> set[str]:
    return {n for n in os.listdir(tempfile.gettempdir()) if n.startswith("casefile-package-")}


def test_an_imports_undo_step_holds_no_added_record(new_case: Case, case_path: Path) -> None:
    """The undo step of a large import lists no added record; a reopened case undoes and
    redoes it exactly from the history alone."""
    new_case.execute(commands.Create(Source(id="s0", title="Kept", text="Already here.")))
    before = _state(new_case)
    raw = json.dumps(_package(people=2 * BATCH + 7)).encode()
    command, _ = import_command(new_case, parse_package(raw, "big.json"))
    assert command is not None
    change = new_case.execute(command)
    after = _state(new_case)
    assert len(after["entity"]) == 2 * BATCH + 7
    assert change.records == () and change.bulk is not None  # nothing held but counts
    assert len(json.dumps(repr(change))) < 1_000
    new_case.close()
    with open_case(case_path) as fresh:  # nothing of the first session's memory is left
        fresh.revert(change)
        assert _state(fresh) == before
        fresh.replay(change)
        assert _state(fresh) == after
        fresh.revert(change)
        assert _state(fresh) == before


def test_redo_puts_back_what_the_undo_removed_not_an_older_record(new_case: Case) -> None:
    """A record deleted, brought back by an import, undone twice and redone twice is each
    time exactly what it was at that step (the undo's own log is read, not an older one)."""
    create = new_case.execute(commands.Create(Source(id="s1", title="Old", text="Old words.")))
    assert create is not None
    delete = new_case.execute(commands.DeleteRecords("source", ["s1"]))
    deleted = _state(new_case)
    command, _ = import_command(new_case, parse_package(json.dumps(_package()).encode()))
    assert command is not None
    imported = new_case.execute(command)
    after_import = _state(new_case)
    new_case.revert(imported)
    new_case.revert(delete)
    assert new_case.get("source", "s1").title == "Old"  # type: ignore[union-attr]
    new_case.replay(delete)
    assert _state(new_case) == deleted
    new_case.replay(imported)
    assert _state(new_case) == after_import
    assert new_case.get("source", "s1").title == "Port log"  # type: ignore[union-attr]


def test_references_may_point_forward_across_batches(new_case: Case) -> None:
    """Quotes listed before their sources, past one batch of records, import whole."""
    sources = [{"id": f"s{i}", "title": f"Doc {i}", "text": "Words here."} for i in range(BATCH)]
    data = {
        "format": "casefile-package",
        "version": 1,
        "snippets": [
            {"id": f"n{i}", "source": f"s{BATCH - 1 - i}", "text": "Words", "offset": [0, 5]}
            for i in range(BATCH)
        ],
        "sources": sources,
    }
    report = import_package(new_case, parse_package(json.dumps(data).encode()))
    assert report.added["snippet"] == BATCH and new_case.count("source") == BATCH


def test_a_dangling_reference_past_the_first_batch_is_named(new_case: Case) -> None:
    """A quote far down the package citing a source that is nowhere is refused by name."""
    data = _package(people=BATCH * 2)
    data["snippets"].append({"id": "n-late", "source": "s-missing", "text": "x"})
    data["entities"].reverse()
    with pytest.raises(PackageError, match="snippet n-late: 'source' refers to unknown source"):
        import_package(new_case, parse_package(json.dumps(data).encode(), "late.json"))
    assert new_case.count("entity") == 0


def test_the_scratch_file_goes_with_the_package(tmp_path: Path) -> None:
    """A read package's scratch file is removed when it is closed, and a refused read
    leaves none behind."""
    before = _scratch()
    path = tmp_path / "p.json"
    path.write_text(json.dumps(_package()), encoding="utf-8")
    package = read_package(path)
    assert _scratch() - before
    package.close()
    assert _scratch() == before
    path.write_text(json.dumps(_package(snippets=[{"id": "n1", "text": 5}])), encoding="utf-8")
    with pytest.raises(PackageError):
        read_package(path)
    assert _scratch() == before


@pytest.mark.skipif(not ENCRYPTION, reason="SQLCipher is not installed")
def test_a_staged_package_is_unreadable_in_the_temp_folder(tmp_path: Path) -> None:
    """While a package waits to be imported, its words are nowhere in clear in the temp
    folder (it may be on its way into an encrypted case)."""
    marker = "Kestrelmarkerword 稀土标记"
    path = tmp_path / "p.json"
    data = _package()
    data["sources"][0]["title"] = marker
    path.write_text(json.dumps(data), encoding="utf-8")
    before = _scratch()
    package = read_package(path)
    try:
        (folder,) = _scratch() - before
        root = Path(tempfile.gettempdir()) / folder
        files = [p for p in root.rglob("*") if p.is_file()]
        assert files
        for file in files:
            raw = file.read_bytes()
            assert b"Kestrelmarkerword" not in raw
            assert "稀土标记".encode() not in raw
            assert b"SQLite format 3" not in raw
        assert [s.title for s in package.records("source")] == [marker]
    finally:
        package.close()


def test_an_import_finds_records_whose_ids_had_a_stale_index_entry(new_case: Case) -> None:
    """A record an import adds is found by search even when its id had a leftover index
    entry (its index entry is then looked up, not numbered afresh)."""
    with new_case.lock:
        new_case.conn.execute("INSERT INTO search_docs (kind, object_id) VALUES ('entity', 'e1')")
    import_package(new_case, parse_package(json.dumps(_package(people=3)).encode(), "p.json"))
    assert [(h.kind, h.id) for h in new_case.search("P 1")[:1]] == [("entity", "e1")]
    assert {h.id for h in new_case.search("port")} == {"s1"}
