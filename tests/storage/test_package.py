"""Case packages: deterministic export, exact round trips, refused bad packages."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from casefile.storage import create_case, open_case
from casefile.storage.package import PackageError, import_package, parse_package, write_package

HOSTILE = 'Suspect <John> & AT&T said "x<y" <b>bold</b> &amp; 🕵️‍♀️ مرحبا שלום 中国稀土集团'


def full_package() -> dict[str, Any]:
    """A package that uses every field, with CJK, RTL, emoji and markup-like text."""
    data = b"original bytes \x00\xff of the report"
    text = "Intro. 中国稀土集团 bought <b>shares</b> & more. مرحبا بالعالم"
    start = text.index("中国稀土集团")
    return {
        "format": "casefile-package",
        "version": 1,
        "case": {"title": HOSTILE, "reference": "HL-1", "summary": "S & <s>", "marking": "TLP:AMBER"},
        "entities": [
            {"id": "e1", "kind": "person", "name": "Liao Chunsheng", "aliases": ["廖春生"],
             "description": HOSTILE, "notes": "n", "tags": ["a", "b"], "position": [12.5, -3.0]},
            {"id": "e2", "kind": "organisation", "name": "AT&T <Holdings>", "aliases": [],
             "description": None, "notes": None, "tags": []},
        ],
        "relationships": [
            {"id": "r1", "source": "e1", "target": "e2", "type": "director of", "start": "2025",
             "end": "2025-04-17", "notes": "x<y", "evidence": ["n1"]},
        ],
        "sources": [
            {"id": "s1", "kind": "document", "title": "Report שלום", "url": "https://example.org/a?b=1&c=2",
             "author": "A", "publisher": "P", "published": "2025-04", "retrieved": "2025-04-17T09:30:00Z",
             "reliability": "B", "text": text, "sha256": hashlib.sha256(data).hexdigest(),
             "file": {"name": "report.bin", "media_type": "application/octet-stream",
                      "data_base64": base64.b64encode(data).decode()},
             "notes": "🕵️"},
        ],
        "snippets": [
            {"id": "n1", "source": "s1", "text": "中国稀土集团", "location": "p. 4",
             "offset": [start, start + 6], "credibility": 2, "date": "2025-04-17",
             "entities": ["e1"], "tags": ["t"], "notes": HOSTILE, "captured": "2025-04-18T10:00:00Z"},
            {"id": "n2", "source": None, "text": HOSTILE, "credibility": 6},
        ],
        "claims": [
            {"id": "c1", "statement": HOSTILE, "status": "disputed", "likelihood": "roughly even chance",
             "claimant": "X", "subjects": ["e1", "e2"],
             "evidence": [{"snippet": "n1", "stance": "supports", "note": "<i>"},
                          {"snippet": "n2", "stance": "refutes", "note": None}],
             "notes": "n", "tags": ["q"]},
        ],
    }  # fmt: skip


def _write(tmp_path: Path, data: Any, name: str = "p.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_round_trip_is_byte_identical(tmp_path: Path) -> None:
    """Export → import into a new case → export gives the same JSON, every field included."""
    package = parse_package(json.dumps(full_package()).encode())
    with create_case(tmp_path / "a.casefile", package.case.title) as case:
        import_package(case, package)
        write_package(case, tmp_path / "a.json")
    first = (tmp_path / "a.json").read_bytes()
    with create_case(tmp_path / "b.casefile", "x") as case:
        import_package(case, parse_package(first))
        write_package(case, tmp_path / "b.json")
    assert (tmp_path / "b.json").read_bytes() == first
    exported = json.loads(first)
    assert exported["case"]["title"] == HOSTILE
    assert exported["snippets"][1]["text"] == HOSTILE
    original = full_package()["sources"][0]["file"]["data_base64"]
    assert exported["sources"][0]["file"]["data_base64"] == original


def test_reimport_of_an_unchanged_package_writes_nothing(new_case: Any) -> None:
    """Importing the same package twice merges by id: nothing duplicated, nothing logged."""
    raw = json.dumps(full_package()).encode()
    import_package(new_case, parse_package(raw))
    history = new_case.history(limit=1000)
    report = import_package(new_case, parse_package(raw))
    assert sum(report.added.values()) == 0 and sum(report.updated.values()) == 0
    assert report.unchanged == 7 and report.summary().startswith("nothing to import")
    assert new_case.history(limit=1000) == history
    assert new_case.count("snippet") == 2 and new_case.count("entity") == 2


def test_unknown_fields_are_reported_not_lost_silently() -> None:
    """Fields this version does not know are listed as ignored."""
    data = full_package()
    data["entities"][0]["colour"] = "red"
    data["extra"] = 1
    package = parse_package(json.dumps(data).encode())
    assert "entity e1: colour" in package.ignored and "package: extra" in package.ignored


def _broken(change: str) -> dict[str, Any]:
    data = full_package()
    if change == "dangling":
        data["snippets"][0]["entities"] = ["ghost"]
    elif change == "enum":
        data["claims"][0]["status"] = "proven"
    elif change == "offset":
        data["snippets"][0]["offset"] = [0, 6]
    elif change == "hash":
        data["sources"][0]["sha256"] = "0" * 64
    elif change == "type":
        data["snippets"][0]["credibility"] = "high"
    elif change == "duplicate":
        data["entities"].append(dict(data["entities"][0]))
    elif change == "format":
        data["format"] = "something-else"
    elif change == "version":
        data["version"] = 2
    elif change == "date":
        data["relationships"][0]["start"] = "2025-13"
    return data


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ("dangling", "snippet n1: 'entities' refers to unknown entity ghost"),
        ("enum", "'proven' is not a valid status"),
        ("offset", "snippet n1"),
        ("hash", "source s1: the file does not match its sha256"),
        ("type", "snippet n1: field 'credibility' must be a whole number"),
        ("duplicate", "entity e1: the id is used twice"),
        ("format", "not a case package"),
        ("version", "version 2"),
        ("date", "2025-13"),
    ],
)
def test_bad_packages_are_refused_and_the_case_is_unchanged(
    new_case: Any, tmp_path: Path, change: str, words: str
) -> None:
    """A package with any bad part is refused naming the problem; the case stays as it was."""
    before = new_case.history(limit=1000)
    with pytest.raises(PackageError) as info:
        package = parse_package(json.dumps(_broken(change)).encode())
        import_package(new_case, package)
    assert words in str(info.value)
    assert new_case.history(limit=1000) == before
    assert new_case.count("entity") == 0


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"{not json", "not valid JSON"),
        (b'{"format": "casefile-package", "version": 1, "case": "\xff"}', "not UTF-8"),
        (b"[" * 100000 + b"]" * 100000, "nested too deeply"),
        (b'"just a string"', "not a case package"),
    ],
)
def test_malformed_files_are_refused_in_plain_words(raw: bytes, words: str) -> None:
    """Malformed JSON, bad UTF-8 and deep nesting give a clear message, not a traceback."""
    with pytest.raises(PackageError, match=words):
        parse_package(raw)


def test_import_command_leaves_existing_case_unchanged_on_error(tmp_path: Path) -> None:
    """A refused import into an existing case file leaves the file's content as it was."""
    path = tmp_path / "c.casefile"
    with create_case(path, "Keep") as case:
        import_package(case, parse_package(json.dumps(full_package()).encode()))
        write_package(case, tmp_path / "before.json")
    with open_case(path) as case, pytest.raises(PackageError):
        import_package(case, parse_package(json.dumps(_broken("dangling")).encode()))
    with open_case(path) as case:
        write_package(case, tmp_path / "after.json")
    assert (tmp_path / "after.json").read_bytes() == (tmp_path / "before.json").read_bytes()
