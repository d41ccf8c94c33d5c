"""Every malformed package gets a validation message naming record and field, never a crash."""

from __future__ import annotations

import json
from typing import Any

import pytest

from casefile.storage.case import memory_case
from casefile.storage.package import PackageError, import_package, parse_package

TEXT = "Anja Petrović signed the invoice."


def _package() -> dict[str, Any]:
    return {
        "format": "casefile-package",
        "version": 1,
        "case": {"title": "T"},
        "entities": [{"id": "e1", "name": "Anja", "tags": ["a"]}, {"id": "e2", "name": "B"}],
        "relationships": [
            {"id": "r1", "source": "e1", "target": "e2", "type": "knows", "evidence": ["n1"]}
        ],
        "sources": [{"id": "s1", "title": "Invoice", "text": TEXT, "retrieved": None}],
        "snippets": [
            {
                "id": "n1",
                "source": "s1",
                "text": "Anja",
                "offset": [0, 4],
                "entities": ["e1"],
                "credibility": 2,
            }
        ],
        "claims": [
            {
                "id": "c1",
                "statement": "Signed.",
                "subjects": ["e1"],
                "evidence": [{"snippet": "n1", "stance": "supports", "note": None}],
            }
        ],
    }


def _set(path: str, value: Any) -> bytes:
    data = _package()
    section, index, field = path.split(".")
    data[section][int(index)][field] = value
    return json.dumps(data).encode()


BIG = "9" * 5000


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (_set("snippets.0.credibility", 7).replace(b": 7", f": {BIG}".encode()),
         "snippet n1: field 'credibility' must be a whole number"),
        (_set("sources.0.size", 2**63), "source s1: field 'size' must be a whole number"),
        (_set("snippets.0.offset", [0, 2**64]), "snippet n1: field 'offset' must be a list"),
        (_set("sources.0.size", -1), "source s1: field 'size'"),
        (_set("sources.0.retrieved", "0001-01-01T00:00:00+01:00"),
         "source s1: The retrieved time: '0001-01-01T00:00:00+01:00' lies outside"),
        (_set("sources.0.retrieved", "9999-12-31T23:00:00-02:00"),
         "source s1: The retrieved time: '9999-12-31T23:00:00-02:00' lies outside"),
        (_set("entities.0.tags", ["a", "a"]), "entity e1: 'a' is listed twice in tags"),
        (_set("claims.0.subjects", ["e1", "e1"]), "claim c1: 'e1' is listed twice in subjects"),
        (_set("snippets.0.entities", ["e1", "e1"]), "snippet n1: 'e1' is listed twice in entities"),
        (_set("relationships.0.evidence", ["n1", "n1"]),
         "relationship r1: 'n1' is listed twice in evidence"),
        (_set("claims.0.evidence", [{"snippet": "n1"}, {"snippet": "n1"}]),
         "claim c1: A snippet can be linked to a claim only once"),
        (_set("entities.0.name", "\ud800"), "entity e1: The name contains broken characters"),
        (_set("entities.0.tags", ["ok", "\udfff"]), "entity e1: The tags list contains broken"),
        (_set("claims.0.evidence", [{"snippet": "n1", "note": "\ud800"}]),
         "claim c1: The evidence list contains broken"),
        (_set("sources.0.pages", [0, 500]), "source s1: A page starts beyond the end"),
        (_set("sources.0.pages", {"a": 1}), "source s1: field 'pages' must be a list"),
        (b'{"format": "casefile-package", "version": 1, "entities": [], "entities": []}',
         "the package itself gives the key 'entities' twice"),
        (b'{"format": "casefile-package", "version": 1, "entities": '
         b'[{"id": "e1", "name": "A", "name": "B"}]}',
         "the record with id 'e1' gives the key 'name' twice"),
        (b'{"format": "casefile-package", "version": true}', "reads version 1"),
        (b'{"format": "casefile-package", "version": 1.0}', "reads version 1"),
        (b'{"format": "casefile-package", "version": "1"}', "reads version 1"),
        (f'{{"format": "casefile-package", "version": {BIG}}}'.encode(), "5,000-digit number"),
    ],
)  # fmt: skip
def test_malformed_input_is_refused_naming_record_and_field(raw: bytes, words: str) -> None:
    """Each malformed input is a PackageError naming the record and field; the case is unchanged."""
    case = memory_case()
    history = case.history(limit=10)
    with pytest.raises(PackageError) as info:
        import_package(case, parse_package(raw, "p.json"))
    assert words in str(info.value)
    assert case.history(limit=10) == history and case.count("entity") == 0
