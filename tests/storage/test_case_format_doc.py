"""docs/case-format.md is the contract: the sample case's export validates against its tables."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from casefile.storage.case import memory_case
from casefile.storage.package import dump_package
from casefile.storage.sample import fill_sample

DOC = Path(__file__).resolve().parents[2] / "docs" / "case-format.md"
SECTIONS = {"entities": "entity", "relationships": "relationship", "sources": "source",
            "snippets": "snippet", "claims": "claim", "narrative": "section"}  # fmt: skip
CITED = {"E": "snippet", "C": "claim", "P": "entity", "S": "source"}
UNIQUE = {"tags", "entities", "subjects"}


def documented() -> dict[str, dict[str, tuple[str, bool]]]:
    """{section: {field: (type, required)}} read from the tables of the format document."""
    spec: dict[str, dict[str, tuple[str, bool]]] = {}
    section = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^### (\w+)$", line)
        if heading:
            section = heading.group(1)
            spec[section] = {}
            continue
        row = re.match(r"^\| `(\w+)` \| ([^|]+) \| (yes|no) \|", line)
        if section and row:
            spec[section][row.group(1)] = (row.group(2).strip(), row.group(3) == "yes")
    return spec


def _problems(value: Any, kind: str, ids: dict[str, set[str]], field: str) -> list[str]:
    """Why ``value`` is not of the documented type ``kind`` (empty: it is)."""

    def whole(v: Any) -> bool:
        return isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 2**63

    if kind.startswith("one of: "):
        return [] if value in kind[len("one of: ") :].split(", ") else [f"{value!r} not in {kind}"]
    if kind.startswith("list of ids of "):
        target = ids[kind[len("list of ids of ") :]]
        ok = isinstance(value, list) and all(v in target for v in value)
        return [] if ok and len(set(value)) == len(value) else [f"bad ids {value!r}"]
    if kind.startswith("id of "):
        return [] if value in ids[kind[len("id of ") :]] else [f"unknown {kind} {value!r}"]
    checks = {
        "text": lambda v: isinstance(v, str),
        "id": lambda v: isinstance(v, str) and v != "",
        "whole number": whole,
        "partial date": lambda v: isinstance(v, str) and _partial(v),
        "UTC timestamp": lambda v: isinstance(v, str) and _timestamp(v),
        "sha256": lambda v: isinstance(v, str) and re.fullmatch(r"[0-9a-f]{64}", v) is not None,
        "list of texts": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v)
        and (field not in UNIQUE or len(set(v)) == len(v)),
        "list of whole numbers": lambda v: isinstance(v, list) and all(whole(x) for x in v),
        "point": lambda v: isinstance(v, list) and len(v) == 2
        and all(isinstance(x, float | int) and math.isfinite(x) for x in v),
        "range": lambda v: isinstance(v, list) and len(v) == 2 and all(whole(x) for x in v)
        and v[0] <= v[1],
        "file object": lambda v: isinstance(v, dict) and set(v) == {"name", "media_type",
                                                                    "data_base64"}
        and base64.b64decode(v["data_base64"], validate=True) is not None,
        "OCR words object": lambda v: isinstance(v, dict) and set(v) == {"engine", "pages",
                                                                         "words"}
        and isinstance(v["engine"], str) and all(isinstance(p, list) and len(p) == 2
                                                 and all(whole(x) for x in p) for p in v["pages"])
        and all(isinstance(w, list) and len(w) == 7 and all(whole(x) for x in w)
                for w in v["words"]),
        "list of evidence links": lambda v: isinstance(v, list) and all(
            isinstance(x, dict) and x.get("snippet") in ids["snippet"]
            and x.get("stance") in ("supports", "refutes", "context")
            and (x.get("note") is None or isinstance(x["note"], str)) for x in v),
        "list of citations": lambda v: isinstance(v, list) and all(
            isinstance(x, dict) and set(x) == {"key", "kind", "target", "status"}
            and re.fullmatch(r"[ECPS][1-9][0-9]*", x["key"]) is not None
            and CITED[x["key"][0]] == x["kind"] and isinstance(x["target"], str)
            and x["status"] in (None, "unverified", "supported", "disputed", "refuted")
            for x in v) and len({x["key"] for x in v}) == len(v),
    }  # fmt: skip
    if kind not in checks:
        return [f"the document names a type this test does not know: {kind}"]
    return [] if checks[kind](value) else [f"{value!r} is not {kind}"]


def _partial(text: str) -> bool:
    parts = text.split("-")
    try:
        dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1,
                int(parts[2]) if len(parts) > 2 else 1)  # fmt: skip
    except (ValueError, IndexError):
        return False
    return re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text) is not None


def _timestamp(text: str) -> bool:
    try:
        dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return False
    return True


def validate(package: dict[str, Any]) -> list[str]:
    """Every way ``package`` departs from the format document."""
    spec = documented()
    out = []
    if package.get("format") != "casefile-package" or type(package.get("version")) is not int:
        out.append("format/version")
    ids = {kind: {r["id"] for r in package.get(section, [])} for section, kind in SECTIONS.items()}
    records = [("case", "case", package["case"])] + [
        (section, f"{kind} {r.get('id')}", r)
        for section, kind in SECTIONS.items()
        for r in package.get(section, [])
    ]
    for section, where, record in records:
        fields = spec[section]
        out += [f"{where}: '{k}' is not documented" for k in record if k not in fields]
        for name, (kind, required) in fields.items():
            value = record.get(name)
            if value is None or value == []:
                if required:
                    out.append(f"{where}: '{name}' is required")
                continue
            out += [f"{where}: {name}: {p}" for p in _problems(value, kind, ids, name)]
    texts = {s["id"]: s.get("text") for s in package.get("sources", [])}
    for snippet in package.get("snippets", []):
        if snippet.get("offset"):
            start, end = snippet["offset"]
            if (texts.get(snippet.get("source")) or "")[start:end] != snippet["text"]:
                out.append(f"snippet {snippet['id']}: offset does not select its text")
    return out


def test_the_document_has_a_table_for_every_part_of_a_package() -> None:
    """Every kind has its table, and the fields the exporter writes are all in them."""
    from casefile.core.serial import FIELDS

    spec = documented()
    assert set(spec) == {"case", *SECTIONS}
    for section, kind in [("case", "case"), *SECTIONS.items()]:
        assert set(FIELDS[kind]) <= set(spec[section]), section  # type: ignore[index]


def test_the_sample_case_export_validates_against_the_document() -> None:
    """The built-in sample case, exported, follows every table and rule of case-format.md."""
    with memory_case() as case:
        fill_sample(case)
        out = io.StringIO()
        dump_package(case, out)
    package = json.loads(out.getvalue())
    assert package["entities"] and package["snippets"] and package["claims"]
    assert package["narrative"]
    assert validate(package) == []
    assert all("position" not in e or e["position"] is not None for e in package["entities"])


@pytest.mark.parametrize(
    ("section", "change"),
    [("entities", {"tags": ["a", "a"]}), ("snippets", {"offset": [0, 1]}),
     ("sources", {"retrieved": "yesterday"}), ("claims", {"status": "proven"}),
     ("entities", {"colour": "red"})],
)  # fmt: skip
def test_the_validator_can_fail(section: str, change: dict[str, Any]) -> None:
    """The document-driven validator rejects packages that break what the document says."""
    with memory_case() as case:
        fill_sample(case)
        out = io.StringIO()
        dump_package(case, out)
    package = json.loads(out.getvalue())
    package[section][0].update(change)
    assert validate(package) != []
