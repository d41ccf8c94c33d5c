"""File names that are not UTF-8 or carry terminal escapes, and texts with a broken byte."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from casefile.capture import capture_files
from casefile.cli import main
from casefile.core.inert import file_name, inert
from casefile.storage import open_case


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "c.casefile"
    assert main(["new", str(path), "--title", "Names"]) == 0
    return path


def _bytes_named(folder: Path, raw: bytes, data: bytes) -> Path:
    path = os.path.join(os.fsencode(folder), raw)
    with open(path, "wb") as handle:
        handle.write(data)
    return Path(os.fsdecode(path))


def test_latin1_name_is_stored_escaped_with_its_bytes_and_the_batch_goes_on(
    tmp_path: Path, case_file: Path, write, capsys
) -> None:
    """A Latin-1 `résumé.txt` from an old zip is added with the rest, its bytes kept."""
    odd = _bytes_named(tmp_path, b"r\xe9sum\xe9.txt", b"Curriculum of the suspect.")
    good = write("notes.txt", "Other words.")
    capsys.readouterr()
    assert main(["add", str(case_file), str(good), str(odd)]) == 0
    out = capsys.readouterr().out
    assert "added r\\xe9sum\\xe9.txt: 'r\\xe9sum\\xe9.txt' (26 characters)" in out
    assert "not UTF-8" in out and "\udce9" not in out
    with open_case(case_file, read_only=True) as case:
        sources = {s.file_name: s for s in case.store.all("source")}
        assert set(sources) == {"notes.txt", "r\\xe9sum\\xe9.txt"}
        kept = sources["r\\xe9sum\\xe9.txt"]
        assert "72 e9 73 75 6d e9 2e 74 78 74" in (kept.notes or "")
        assert bytes.fromhex(kept.notes.rsplit(": ", 1)[1]) == os.fsencode(odd.name)


def test_escape_of_a_name_is_faithful() -> None:
    """Different raw names never share an escaped name, and the bytes come back exactly."""
    names = [b"r\xe9sum\xe9.txt", b"r\xc3\xa9sum\xc3\xa9.txt", b"\xff\xfe.txt", b"a\x80b"]
    stored = [file_name(os.fsdecode(raw)) for raw in names]
    assert len({s for s, _ in stored}) == len(names)
    assert [raw for _, raw in stored] == [None if b"\xc3" in n else n for n in names]


def test_terminal_escapes_in_a_name_are_never_echoed_raw(case_file: Path, write, capsys) -> None:
    """A name carrying ESC sequences prints them visibly; the stored name is exact."""
    evil = "evil\x1b]0;pwned\x07\x1b[2J\u202egpj.txt"
    path = write(evil, "payload")
    empty = write("\x1b[31mred.txt", b"")
    capsys.readouterr()
    assert main(["add", str(case_file), str(path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "evil\\x1b]0;pwned\\x07\\x1b[2J\\u202egpj.txt" in out
    assert main(["add", str(case_file), str(empty)]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\\x1b[31mred.txt is empty" in err
    with open_case(case_file, read_only=True) as case:
        assert [s.file_name for s in case.store.all("source")] == [evil]


def test_inert_leaves_ordinary_text_alone() -> None:
    """Accents, scripts and emoji pass through; only controls and overrides are spelt out."""
    text = "Société Générale — 中国稀土 — مرحبا — 😀"
    assert inert(text) == text
    assert inert("a\tb\nc", keep_lines=True) == "a\tb\nc"
    assert inert("a\tb\nc\x9b") == "a\\x09b\\x0ac\\x9b"


def test_utf8_with_one_bad_byte_is_taken_with_a_note(write, case) -> None:
    """A UTF-8 text with one stray byte is captured, the byte shown as U+FFFD and said so."""
    data = "Привет, это показания свидетеля.".encode() + b"\xff" + " Конец.".encode()
    capture = capture_files([write("statement.txt", data)], case)
    case.execute(capture.command)
    source = next(case.store.all("source"))
    assert source.text == "Привет, это показания свидетеля.\ufffd Конец."
    assert "One byte sequence could not be read as UTF-8" in (source.notes or "")
    assert any("could not be read as UTF-8" in m for m in capture.messages)
    assert case.store.original(source.sha256).data == data


def test_utf16_with_an_odd_trailing_byte_is_taken_with_a_note(write, case) -> None:
    """A UTF-16 text cut one byte short (BOM or not) is captured with a note, bytes kept."""
    for number, data in enumerate(
        [
            "\ufeffZeugenaussage über den Vorfall".encode("utf-16-le") + b"\x00",
            "Witness statement about the incident".encode("utf-16-le") + b"!",
        ]
    ):
        capture = capture_files([write(f"u{number}.txt", data)], case)
        case.execute(capture.command)
        source = next(s for s in case.store.all("source") if s.file_name == f"u{number}.txt")
        assert source.text is not None and source.text.endswith("\ufffd")
        assert "could not be read as UTF-16" in (source.notes or "")
        assert case.store.original(source.sha256).data == data


def test_latin1_text_is_not_mistaken_for_broken_utf8(write, case) -> None:
    """A Latin-1 text still reads as Latin-1, without replacement characters or a note."""
    capture = capture_files([write("l.txt", "Café crème à la gare.".encode("latin-1"))], case)
    case.execute(capture.command)
    source = next(case.store.all("source"))
    assert source.text == "Café crème à la gare." and source.notes is None


def test_broken_characters_from_a_reader_do_not_fail_the_drop(write, case, monkeypatch) -> None:
    """A reader returning lone surrogates (bad UTF-16 in a PDF's metadata) fails nothing:
    they become U+FFFD and the other files of the drop are stored with it."""
    from casefile.capture import files
    from casefile.capture.formats import FileText

    monkeypatch.setitem(
        files._EXTRACTORS,
        ".md",
        lambda data, name: FileText("text \ud800 here", title="Report \udc00", author="\udfff"),
    )
    capture = capture_files([write("odd.md", "x"), write("fine.txt", "fine")], case)
    case.execute(capture.command)
    stored = {s.file_name: s for s in case.store.all("source")}
    assert set(stored) == {"odd.md", "fine.txt"}
    assert stored["odd.md"].title == "Report \ufffd" and stored["odd.md"].author == "\ufffd"
    assert stored["odd.md"].text == "text \ufffd here"
