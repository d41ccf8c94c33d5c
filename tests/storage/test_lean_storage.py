"""Lean storage: an import is one history entry, the search index keeps no copy of texts."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from casefile.core import commands
from casefile.core.serial import to_json
from casefile.storage import open_case, search_docs
from casefile.storage.case import Case
from casefile.storage.check import check_case
from casefile.storage.package import import_package, parse_package

MARK = "Quorvexin"  # a word that appears nowhere else


def _package(text: str = "Shipment cleared by Quorvexin at the port.") -> bytes:
    data = {
        "format": "casefile-package",
        "version": 1,
        "entities": [{"id": f"e{i}", "kind": "person", "name": f"Person {i}"} for i in range(50)],
        "sources": [{"id": "s1", "kind": "document", "title": "Port log", "text": text}],
        "snippets": [
            {"id": "n1", "source": "s1", "text": text[:8], "offset": [0, 8], "entities": ["e1"]},
        ],
    }
    return json.dumps(data).encode()


def _import(case: Case, raw: bytes) -> None:
    import_package(case, parse_package(raw, "leak.json"))


def test_an_import_is_one_history_entry_naming_its_package(new_case: Case) -> None:
    """Importing 52 records logs one entry with the package's SHA-256, not 52 after images."""
    raw = _package()
    before = new_case.conn.execute("SELECT count(*) FROM history").fetchone()[0]
    _import(new_case, raw)
    rows = new_case.conn.execute(
        "SELECT kind, object_id, before, after FROM history WHERE seq > (SELECT max(seq) - 5 "
        "FROM history)"
    ).fetchall()
    assert new_case.conn.execute("SELECT count(*) FROM history").fetchone()[0] - before <= 2
    package_row = next(r for r in rows if r[0] == "package")
    summary = json.loads(package_row[3])
    assert package_row[1] == summary["sha256"] == hashlib.sha256(raw).hexdigest()
    assert summary["name"] == "leak.json"
    assert summary["added"] == {"entity": 50, "snippet": 1, "source": 1}
    assert new_case.history(limit=1)[0].action == "Import case package"


def test_each_imported_record_still_has_its_who_when_what(new_case: Case) -> None:
    """Asked about one record, the history names the import and the record as it left it."""
    _import(new_case, _package())
    added = new_case.history(object_id="n1")
    assert [e.action for e in added] == ["Import case package"]
    assert added[0].before is None and added[0].after == to_json(new_case.get("snippet", "n1"))
    imported = to_json(new_case.get("entity", "e1"))
    new_case.execute(commands.Edit("entity", "e1", {"notes": "Seen at the port"}))
    edit, imported_entry = new_case.history(object_id="e1")
    assert imported_entry.after == imported == edit.before  # the state the import left
    assert json.loads(edit.after or "{}")["notes"] == "Seen at the port"


def test_undo_and_redo_of_an_import_stay_answerable(new_case: Case) -> None:
    """Undoing an import logs what it removed in full; redoing it is lean again."""
    raw = _package()
    package = parse_package(raw, "leak.json")
    from casefile.storage.package import import_command

    command, _ = import_command(new_case, package)
    assert command is not None
    change = new_case.execute(command)
    imported = to_json(new_case.get("entity", "e7"))
    new_case.revert(change)
    assert new_case.get("entity", "e7") is None
    undo, first = new_case.history(object_id="e7")
    assert undo.before == imported and undo.after is None
    assert first.after == imported  # the import's state, read from the undo's before image
    new_case.replay(change)
    redo = new_case.history(object_id="e7")[0]
    assert redo.action == "Import case package" and redo.after == imported
    assert "package" in {e.kind for e in new_case.history(limit=3)}


def test_updates_by_an_import_keep_before_and_after_images(new_case: Case) -> None:
    """A record an import changes is logged with what it was and what it became."""
    _import(new_case, _package())
    data = json.loads(_package())
    data["entities"][3]["name"] = "Person three, renamed"
    data["entities"] = data["entities"][3:4]
    data["sources"] = data["snippets"] = []
    _import(new_case, json.dumps(data).encode())
    latest = new_case.history(object_id="e3")[0]
    assert json.loads(latest.before or "{}")["name"] == "Person 3"
    assert json.loads(latest.after or "{}")["name"] == "Person three, renamed"


def test_the_search_index_keeps_no_second_copy_of_a_long_text(case_path: Path) -> None:
    """A book-length source's words are stored once in the file, and still found."""
    from casefile.storage import create_case

    text = ("The harbour ledger lists cargo. " * 400) + MARK + " signed the manifest."
    with create_case(case_path, "Lean") as case:
        _import(case, _package(text))
        assert [h.id for h in case.search(MARK)] == ["s1"]
        assert "Quorvexin" in case.search(MARK)[0].fragment.text
    raw = case_path.read_bytes()
    assert raw.count(MARK.encode()) == 1  # sources.text only: no index or history copy


def test_check_finds_words_indexed_for_a_record_that_no_longer_has_them(new_case: Case) -> None:
    """The full check still notices an index entry that does not match its record."""
    _import(new_case, _package())
    assert check_case(new_case) == []
    docid = new_case.conn.execute(
        "SELECT docid FROM search_docs WHERE kind = 'entity' AND object_id = 'e4'"
    ).fetchone()[0]
    title = search_docs.index_text("Person 4")
    new_case.conn.execute(
        "INSERT INTO search_index (search_index, rowid, title, body) VALUES ('delete', ?, ?, '')",
        (docid, title),
    )
    new_case.conn.execute(
        "INSERT INTO search_index (rowid, title, body) VALUES (?, 'Someone else', '')", (docid,)
    )
    problems = check_case(new_case)
    assert any("entity e4" in p or "differ" in p for p in problems), problems


def test_a_migrated_case_has_no_copy_of_texts_in_its_index(tmp_path: Path) -> None:
    """A case from the previous schema loses the index's copy of every text when migrated."""
    import shutil

    path = tmp_path / "old.casefile"
    shutil.copyfile(Path(__file__).parent.parent / "data" / "golden" / "schema5.casefile", path)
    with open_case(path, backup_dir=tmp_path / "b") as case:
        names = {r[0] for r in case.conn.execute("SELECT name FROM sqlite_master")}
        assert "search_index_content" not in names
        assert case.search("Ganzhou")
