"""The history logs a long source text once: after images name it, ``expand`` restores it."""

from __future__ import annotations

import json

from casefile.core import commands
from casefile.core.model import Source
from casefile.core.serial import to_json
from casefile.storage.case import Case
from casefile.storage.history import ELIDE_AT, TEXT_REF

LONG = "Zoë Müller signed the façade invoice 稀土 😀.\n" * (ELIDE_AT // 30)


def _source(ident: str = "s1", text: str = LONG) -> Source:
    return Source(id=ident, title="Harbour log", kind="file", text=text, sha256="ab" * 32)


def _entries(case: Case, ident: str) -> list:  # type: ignore[type-arg]
    return list(reversed(case.history(limit=100, object_id=ident)))


def test_a_long_text_is_named_not_repeated_in_the_after_image(new_case: Case) -> None:
    """Adding a book-length source does not write its words a second time into the history."""
    record = _source()
    new_case.execute(commands.Create(record))
    entry = _entries(new_case, "s1")[0]
    data = json.loads(entry.after or "")
    assert "text" not in data and data[TEXT_REF]["chars"] == len(LONG)
    assert len(entry.after or "") < 1_000
    assert new_case.expand(entry).after == to_json(record)


def test_the_text_is_restored_exactly_after_later_edits_and_deletion(new_case: Case) -> None:
    """Each logged state of a source still reads back word for word after it changed or went."""
    first = _source()
    new_case.execute(commands.Create(first))
    new_case.execute(commands.Edit("source", "s1", {"title": "Harbour log, second copy"}))
    second = new_case.get("source", "s1")
    change = new_case.execute(commands.DeleteRecords("source", ["s1"]))
    created, edited, deleted = _entries(new_case, "s1")
    assert new_case.expand(created).after == to_json(first)
    assert new_case.expand(edited).after == to_json(second)
    assert edited.before == to_json(first) and deleted.before == to_json(second)
    new_case.revert(change)  # undo is exact: it never reads the history
    assert new_case.get("source", "s1") == second
    assert new_case.expand(_entries(new_case, "s1")[-1]).after == to_json(second)


def test_short_texts_and_other_records_stay_whole(new_case: Case) -> None:
    """A short source text is still written in full, so the history reads on its own."""
    record = _source(text="A short note.")
    new_case.execute(commands.Create(record))
    entry = _entries(new_case, "s1")[0]
    assert entry.after == to_json(record) and new_case.expand(entry) == entry


def test_a_text_that_no_longer_matches_is_left_named(new_case: Case) -> None:
    """A damaged file never makes the history show words other than those logged."""
    new_case.execute(commands.Create(_source()))
    new_case.conn.execute("UPDATE sources SET text = 'tampered' WHERE id = 's1'")
    entry = _entries(new_case, "s1")[0]
    assert new_case.expand(entry) == entry


def test_a_captured_file_is_logged_without_its_words_twice(new_case: Case, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A dropped text file's words are stored once in the source, not again in the history."""
    from casefile.capture.stream import FileStream

    path = tmp_path / "harbour.txt"
    path.write_text(LONG, encoding="utf-8")
    stream = FileStream([path], new_case)
    try:
        new_case.execute(stream.command())
    finally:
        stream.close()
    (source_id,) = new_case.store.ids("source")
    entry = _entries(new_case, source_id)[0]
    assert len(entry.after or "") < 1_000
    assert new_case.expand(entry).after == to_json(new_case.get("source", source_id))
