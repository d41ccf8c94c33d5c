"""OCR words travel in the JSON case package: exported, imported back, and checked on import."""

from __future__ import annotations

import copy
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from test_case_format_doc import validate

from casefile.capture.locations import location_of
from casefile.core.commands import Create
from casefile.core.model import OCR_LAYER, Original, Source
from casefile.core.ocrlayer import OcrLayer, Word
from casefile.storage.case import memory_case
from casefile.storage.package import PackageError, dump_package, import_package, parse_package

TEXT = "Cover page.\n\nDirector: Jana Kovářová"
SCAN = Original(hashlib.sha256(b"%PDF- a scan").hexdigest(), "application/pdf", b"%PDF- a scan")
LAYER = OcrLayer(
    "Tesseract 5.3.0",
    ((0, 0), (1000, 400)),
    (Word(13, 22, 2, (10, 10, 90, 30)), Word(23, 27, 2, (100, 10, 150, 30)),
     Word(28, 36, 2, (160, 12, 260, 31))),
)  # fmt: skip


def _exported() -> dict[str, Any]:
    with memory_case() as case:
        source = Source("s1", "extract.pdf", text=TEXT, sha256=SCAN.sha256, media_type=SCAN.media_type,
                        pages=(0, 13))  # fmt: skip
        layer = Original(SCAN.sha256, OCR_LAYER, LAYER.to_json())
        case.execute(Create(source, originals=[SCAN, layer]))
        out = io.StringIO()
        dump_package(case, out)
    return json.loads(out.getvalue())


def test_ocr_words_round_trip_through_a_package() -> None:
    """Exported OCR words follow case-format.md, and an import into another case restores
    them exactly, so a quote there still cites its page and region."""
    package = _exported()
    (source,) = package["sources"]
    assert source["ocr"]["words"][1] == [23, 27, 2, 100, 10, 150, 30]
    assert validate(package) == []
    with memory_case() as other:
        import_package(other, parse_package(json.dumps(package).encode()))
        stored = other.store.ocr_layer(SCAN.sha256)
        assert stored is not None and OcrLayer.from_json(stored) == LAYER
        record = other.get("source", "s1")
        assert location_of(record, 23, 36, stored) == "p. 2, OCR region 100,10–260,31"


def test_ocr_words_of_a_case_that_has_the_file_are_added() -> None:
    """A case holding the file but not its OCR words gets the words from the package."""
    package = _exported()
    with memory_case() as other:
        source = Source("s1", "extract.pdf", text=TEXT, sha256=SCAN.sha256, media_type=SCAN.media_type,
                        pages=(0, 13))  # fmt: skip
        other.execute(Create(source, originals=[SCAN]))
        assert other.store.ocr_layer(SCAN.sha256) is None
        import_package(other, parse_package(json.dumps(package).encode()))
        assert other.store.ocr_layer(SCAN.sha256) is not None


HOSTILE = [
    ("not an object", "x", "'ocr' must have exactly 'engine', 'pages', 'words'"),
    ("extra key", {"engine": "t", "pages": [[1, 1]], "words": [], "x": 1}, "exactly"),
    ("no pages", {"engine": "t", "pages": [], "words": []}, "'ocr.pages' must list 1 to"),
    ("huge page", {"engine": "t", "pages": [[10**9, 5]], "words": []}, "0 to 100,000"),
    ("page as text", {"engine": "t", "pages": [["1", 2]], "words": []}, "[width, height]"),
    (
        "bool word",
        {"engine": "t", "pages": [[9, 9]], "words": [[True, 2, 1, 0, 0, 1, 1]]},
        "whole numbers",
    ),
    (
        "past the text",
        {"engine": "t", "pages": [[999, 999]], "words": [[30, 99, 1, 0, 0, 1, 1]]},
        "not a range of the text",
    ),
    (
        "backwards",
        {
            "engine": "t",
            "pages": [[999, 999]],
            "words": [[20, 25, 1, 0, 0, 1, 1], [13, 19, 1, 0, 0, 1, 1]],
        },
        "not a range of the text after the word before it",
    ),
    (
        "no such page",
        {"engine": "t", "pages": [[999, 999]], "words": [[13, 22, 3, 0, 0, 1, 1]]},
        "is on no page",
    ),
    (
        "box outside",
        {"engine": "t", "pages": [[100, 40]], "words": [[13, 22, 1, 10, 10, 900, 30]]},
        "lies outside its page",
    ),
    (
        "negative box",
        {"engine": "t", "pages": [[100, 40]], "words": [[13, 22, 1, -5, 0, 9, 9]]},
        "cannot be",
    ),
    (
        "empty range",
        {"engine": "t", "pages": [[100, 40]], "words": [[13, 13, 1, 0, 0, 9, 9]]},
        "cannot be",
    ),
    (
        "word count",
        {"engine": "t", "pages": [[9, 9]], "words": [[0, 1, 1, 0, 0, 1, 1]] * 99},
        "more words than the text has letters",
    ),
]


@pytest.mark.parametrize(("what", "ocr", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_ocr_words_are_refused_with_a_clear_message(what, ocr, message) -> None:
    """A package with OCR words that are not a true description of the text is refused,
    naming the source and what is wrong; the case is unchanged."""
    package = copy.deepcopy(_exported())
    package["sources"][0]["ocr"] = ocr
    if what == "word count":
        package["sources"][0]["text"] = "short"
        package["sources"][0].pop("pages", None)
    with pytest.raises(PackageError, match="source s1") as refused:
        parse_package(json.dumps(package).encode())
    assert message in str(refused.value)
    assert "Traceback" not in str(refused.value)


def test_ocr_words_without_a_file_hash_are_refused() -> None:
    """OCR words for a source without a file (no sha256) cannot be kept, and say why."""
    package = _exported()
    source = package["sources"][0]
    source.pop("file", None)
    source.pop("sha256")
    with pytest.raises(PackageError, match="'ocr' needs the file's sha256"):
        parse_package(json.dumps(package).encode())


def test_a_layer_in_a_case_file_on_disk_survives_export_import(tmp_path: Path) -> None:
    """write_package / read_package (files on disk) carry the OCR words too."""
    from casefile.storage import create_case
    from casefile.storage.package import read_package, write_package

    case = create_case(tmp_path / "a.casefile", "A")
    source = Source("s1", "extract.pdf", text=TEXT, sha256=SCAN.sha256, media_type=SCAN.media_type,
                    pages=(0, 13))  # fmt: skip
    case.execute(
        Create(source, originals=[SCAN, Original(SCAN.sha256, OCR_LAYER, LAYER.to_json())])
    )
    write_package(case, tmp_path / "a.json")
    case.close()
    other = create_case(tmp_path / "b.casefile", "B")
    import_package(other, read_package(tmp_path / "a.json"))
    assert OcrLayer.from_json(other.store.ocr_layer(SCAN.sha256) or b"") == LAYER
    other.close()
