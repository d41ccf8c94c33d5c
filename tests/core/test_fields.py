"""One field spec per kind (core/fields.py): the records, the package form and the modules
that go field by field all follow it, and no module spells a kind's field list again."""

from __future__ import annotations

import ast
import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from casefile.core import fields, serial
from casefile.core.model import KINDS, RECORD_TYPES, Citation, EvidenceLink, Kind, Record

ROOT = Path(__file__).resolve().parents[2]
_ANNOTATIONS = {
    "text": ("str", "str | None"),
    "int": ("int", "int | None"),
    "texts": ("tuple[str, ...]",),
    "ints": ("tuple[int, ...]",),
    "offset": ("tuple[int, int] | None",),
    "point": ("tuple[float, float] | None",),
    "links": ("tuple[EvidenceLink, ...]",),
    "citations": ("tuple[Citation, ...]",),
}


def full_record(kind: Kind, salt: str = "") -> Record:
    """A record of ``kind`` with every field of the spec set to a value that is not its
    default (so a field a module forgets shows up as a difference)."""
    values: dict[str, Any] = {}
    for number, spec in enumerate(fields.SPEC[kind]):
        word = f"{spec.name}-{salt}{number}"
        values[spec.name] = {
            "text": word,
            "int": 1000 + number,
            "texts": (f"{word}-a", f"{word}-b"),
            "ints": (0, 10 + number),
            "offset": (3, 9 + number),
            "point": (1.5, -2.25 - number),
            "links": (EvidenceLink(f"{word}-s1", "refutes", "why"), EvidenceLink(f"{word}-s2")),
            "citations": (
                Citation("E1", "snippet", f"{word}-s"),
                Citation("C1", "claim", word, "supported"),
            ),
        }[spec.shape]
    return RECORD_TYPES[kind](**values)  # type: ignore[no-any-return]


@pytest.mark.parametrize("kind", KINDS)
def test_spec_lists_exactly_the_fields_each_record_has(kind: Kind) -> None:
    """Every attribute of a record is in the spec, with a shape that matches its type, and
    nothing else is (the case's fixed id aside)."""
    record_fields = {f.name: str(f.type) for f in dataclasses.fields(RECORD_TYPES[kind])}
    if kind == "case":
        del record_fields["id"]
    assert set(record_fields) == set(fields.NAMES[kind])
    for spec in fields.SPEC[kind]:
        assert record_fields[spec.name] in _ANNOTATIONS[spec.shape], spec
        assert spec.label and spec.label[0].isupper(), spec
    labels = [spec.label for spec in fields.SPEC[kind]]
    assert len(set(labels)) == len(labels), labels


@pytest.mark.parametrize("kind", KINDS)
def test_package_form_carries_every_field(kind: Kind) -> None:
    """A record with every field set comes back equal from its package form and history JSON."""
    record = full_record(kind)
    data = serial.to_dict(record)
    assert list(data) == list(fields.NAMES[kind])
    assert serial.from_dict(kind, data) == record
    assert json.loads(serial.to_json(record) or "") == json.loads(json.dumps(data))


def _spelled_lists(path: Path, base: Path = ROOT) -> list[str]:
    """Literals in ``path`` that list two thirds or more of a kind's fields: strings
    (``("id", "kind", "title", …)``) or one object's attributes (``(s.id, s.kind, …)``)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            continue
        names = [e.value for e in node.elts if isinstance(e, ast.Constant)]
        attributes = [
            e.attr
            for e in node.elts
            if isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name)
        ]
        for kind, known in fields.NAMES.items():
            for listed in (names, attributes):
                hits = {n for n in listed if n in known}
                if len(hits) >= 4 and len(hits) * 3 >= len(known) * 2:
                    found.append(f"{path.relative_to(base)}:{node.lineno} lists {kind} fields")
    return found


def test_no_module_spells_a_kinds_field_list_again() -> None:
    """Field lists live only in core/fields.py: a module that writes out (two thirds or more
    of) a kind's fields again, as names or as one record's attributes, fails here."""
    spec_home = ROOT / "casefile" / "core" / "fields.py"
    spelled = [
        hit
        for path in sorted((ROOT / "casefile").rglob("*.py"))
        if path != spec_home
        for hit in _spelled_lists(path)
    ]
    assert spelled == []


def test_the_field_list_check_can_fail(tmp_path: Path) -> None:
    """The check finds the column list storage/record_writes.py used to spell out, and a
    row built from a record's attributes."""
    spelled = tmp_path / "spelled.py"
    spelled.write_text(
        'COLS = ("id", "kind", "title", "url", "author", "publisher", "published", "retrieved",\n'
        '        "reliability", "text", "sha256", "file_name", "media_type", "size", "pages")\n'
        "def row(s):\n    return (s.id, s.name, s.kind, s.aliases, s.description, s.notes)\n",
        encoding="utf-8",
    )
    found = _spelled_lists(spelled, tmp_path)
    assert [hit.split(" lists ")[1] for hit in found] == ["source fields", "entity fields"]
