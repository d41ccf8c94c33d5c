"""The package reader streams: same records and the same refusals as decoding it whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casefile.core.serial import DuplicateKeyError, parse_int, unique_keys
from casefile.storage import package_stream
from casefile.storage.package import PackageError, parse_package, read_package

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "golden" / "golden_package.json"


def _whole_file_message(raw: bytes, name: str) -> str | None:
    """The message the reader gave when it decoded the whole file at once (None: valid)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return f"{name} is not UTF-8 text (bad byte at position {err.start})."
    try:
        json.loads(text, parse_int=parse_int, object_pairs_hook=unique_keys)
    except DuplicateKeyError as err:
        return f"{name} was not imported, the case is unchanged: {err}"
    except json.JSONDecodeError as err:
        return f"{name} is not valid JSON (line {err.lineno}, column {err.colno}: {err.msg})."
    return None


@pytest.fixture(params=[3, 64, 1 << 20], ids=["3-byte", "64-byte", "1-MB"])
def chunk(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Read the file in pieces this small, so records and characters straddle them."""
    monkeypatch.setattr(package_stream, "CHUNK", request.param)
    return int(request.param)


def test_records_read_in_small_pieces_are_the_same(chunk: int) -> None:
    """Whatever the piece size, every record, text and CJK character reads back exactly."""
    raw = GOLDEN.read_bytes()
    package = parse_package(raw, "golden.json")
    data = json.loads(raw)
    assert [r.id for r in package.records("snippet")] == [s["id"] for s in data["snippets"]]
    assert next(package.records("source")).text == data["sources"][0]["text"]  # type: ignore[attr-defined]
    assert package.case.title == "Golden case"


def test_the_package_hash_is_of_its_bytes(tmp_path: Path, chunk: int) -> None:
    """The SHA-256 named in the history is that of the file as it is on disk."""
    import hashlib

    raw = GOLDEN.read_bytes()
    path = tmp_path / "p.json"
    path.write_bytes(raw)
    assert read_package(path).sha256 == hashlib.sha256(raw).hexdigest()


def _variants() -> list[bytes]:
    raw = GOLDEN.read_bytes()
    middle = raw.index("中国稀土集团".encode())
    return [
        raw[:-40],  # cut off
        raw[: len(raw) // 2],
        raw.replace(b'"id": "n2"', b'"id": "n2", "id": "n9"'),  # a key twice in a record
        raw.replace(b'"claims"', b'"entities"'),  # a section twice
        raw.replace(b"],\n", b"]\n", 1),  # a comma missing
        raw.replace(b'"text"', b"'text'", 1),
        raw + b"\n{}",  # extra data
        raw[:middle] + b"\xff" + raw[middle:],  # bad UTF-8 deep inside
        raw[: middle + 1] + raw[middle + 2 :],  # a character cut in half
        raw.replace(b'"credibility": 1', b'"credibility": 1.', 1),
        raw.replace(b'"credibility": 1', b'"credibility": ' + b"9" * 5000, 1),
        raw.replace(b"[\n", b"[,\n", 1),
        raw.replace(b"\n ]", b",\n ]", 1),  # a trailing comma
        b"",
        b"   ",
        b"[1, 2]",
        b'"just text"',
        b"{",
        b'{"format": "casefile-package", "version": 1,}',
        b'{"format": "casefile-package" "version": 1}',
        b"{" * 100_000,
    ]


@pytest.mark.parametrize("index", range(len(_variants())))
def test_refusals_are_the_same_as_reading_the_whole_file(index: int, chunk: int) -> None:
    """Broken JSON, bad bytes and doubled keys get the very message they got before."""
    raw = _variants()[index]
    expected = _whole_file_message(raw, "p.json")
    try:
        parse_package(raw, "p.json")
    except PackageError as err:
        message: str | None = str(err)
    else:
        message = None
    if expected is None:  # valid JSON: refused (or not) by the same checks as before
        assert message is None or "not valid JSON" not in message
    elif "nested too deeply" in (message or ""):
        assert "{" * 100 in raw.decode(errors="replace")
    else:
        assert message == expected
