"""Records to and from plain dicts in the case package's shape (also used by the history)."""

from __future__ import annotations

import json
import math
from typing import Any

from casefile.core import fields
from casefile.core.errors import ValidationError
from casefile.core.model import RECORD_TYPES, Citation, Claim, EvidenceLink, Kind, Record, Section

FIELDS: dict[Kind, tuple[str, ...]] = fields.NAMES
"""Fields each kind knows, in package order (core/fields.py). Other keys are reported as
ignored."""
OMITTED_WHEN_NONE: dict[Kind, frozenset[str]] = {
    "entity": frozenset({"position"}),
    "claim": frozenset({"position"}),
}
"""Fields left out when empty: link-chart places were added after version 1 was published,
and an absent field keeps the stored value on import, so a package without places never
clears the places a case has."""


def to_dict(record: Record) -> dict[str, Any]:
    """The package form of a record (lists for tuples, evidence links as objects)."""
    out: dict[str, Any] = {}
    omitted = OMITTED_WHEN_NONE.get(record.KIND, frozenset())
    for name in FIELDS[record.KIND]:
        value = getattr(record, name)
        if value is None and name in omitted:
            continue
        if name == "evidence" and isinstance(record, Claim):
            value = [
                {"snippet": link.snippet, "stance": link.stance, "note": link.note}
                for link in record.evidence
            ]
        elif name == "citations" and isinstance(record, Section):
            value = [_citation_dict(c) for c in record.citations]
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return out


def to_json(record: Record | None) -> str | None:
    """Compact, key-stable JSON of a record, for the history.

    The same text as ``json.dumps(to_dict(record), sort_keys=True, ...)``, built with the
    keys already in order and one encoder: it runs for every record a bulk import writes.
    """
    if record is None:
        return None
    out: dict[str, Any] = {}
    omitted = OMITTED_WHEN_NONE.get(record.KIND, frozenset())
    for name in _SORTED_FIELDS[record.KIND]:
        value = getattr(record, name)
        if value is None and name in omitted:
            continue
        if name == "evidence" and isinstance(record, Claim):
            value = [
                {"note": link.note, "snippet": link.snippet, "stance": link.stance}
                for link in record.evidence
            ]
        elif name == "citations" and isinstance(record, Section):
            value = [_citation_dict(c) for c in record.citations]  # keys already sorted
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return _HISTORY_JSON.encode(out)


def _citation_dict(citation: Citation) -> dict[str, Any]:
    """A citation in the package (keys in sorted order, as the history wants them)."""
    return {
        "key": citation.key,
        "kind": citation.kind,
        "status": citation.status,
        "target": citation.target,
    }


_SORTED_FIELDS: dict[Kind, tuple[str, ...]] = {k: tuple(sorted(v)) for k, v in FIELDS.items()}
_HISTORY_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def from_dict(kind: Kind, data: dict[str, Any]) -> Record:
    """Build a record from its package form; raise ``ValidationError`` naming a bad field."""
    if not isinstance(data, dict):
        raise ValidationError(f"a {kind} must be a JSON object")
    reader = _Reader(kind, data)
    values = {spec.name: reader.value(spec) for spec in fields.SPEC[kind]}
    record: Record = RECORD_TYPES[kind](**values)
    return record


def ignored_fields(kind: Kind, data: dict[str, Any]) -> list[str]:
    """The keys of ``data`` this version does not know for ``kind``."""
    known = set(FIELDS[kind]) | ({"file", "ocr"} if kind == "source" else set())
    return sorted(key for key in data if key not in known)


class TooLarge:
    """A JSON whole number too long to be read as one; every field refuses it by name."""

    __slots__ = ("digits",)

    def __init__(self, digits: str) -> None:
        self.digits = len(digits)

    def __repr__(self) -> str:
        return f"a {self.digits:,}-digit number"


MAX_DIGITS = 19  # 2^63 has 19 digits: anything longer cannot be stored


def parse_int(digits: str) -> int | TooLarge:
    """``json.loads``'s ``parse_int``: a short whole number, or a marker the readers refuse.

    Python refuses to convert more than 4,300 digits at all, and the case file stores at
    most 2^63 - 1; longer numbers are refused by the field that holds them, by name.
    """
    return int(digits) if len(digits.lstrip("-")) <= MAX_DIGITS else TooLarge(digits)


class DuplicateKeyError(ValueError):
    """One JSON object gives the same key twice (only one would be kept: refused)."""


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``json.loads``'s ``object_pairs_hook``: refuse an object that gives a key twice."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            ident = out.get("id", value if key == "id" else None)
            where = (
                f"the record with id '{ident}'"
                if isinstance(ident, str)
                else ("the package itself" if "format" in out else "an object")
            )
            raise DuplicateKeyError(f"{where} gives the key '{key}' twice")
        out[key] = value
    return out


class _Reader:
    """Typed access to one JSON object, with errors that name kind, id and field."""

    def __init__(self, kind: Kind, data: dict[str, Any]) -> None:
        self.kind = kind
        self.data = data
        ident = data.get("id")
        self.where = f"{kind} {ident}" if isinstance(ident, str) else kind

    def value(self, spec: fields.Field) -> Any:
        """The field's value read by its shape; its default when absent (or empty)."""
        name = spec.name
        if spec.shape == "text":
            text = self.text(name, required=spec.required)
            return text or spec.default if spec.default is not None else text
        if spec.shape == "int":
            number = self.integer(name)
            return number if number is not None or spec.default is None else spec.default
        if spec.shape == "texts":
            return self.texts(name)
        if spec.shape == "ints":
            return tuple(self.integers(name))
        if spec.shape == "offset":
            offset = self.integers(name)
            if offset and len(offset) != 2:
                raise ValidationError(f"{self.where}: {name} must be [start, end]")
            return (offset[0], offset[1]) if offset else None
        if spec.shape == "point":
            return self.point(name)
        if spec.shape == "citations":
            return self.citations(name)
        return self.links(name)

    def fail(self, name: str, expected: str) -> ValidationError:
        return ValidationError(f"{self.where}: field '{name}' must be {expected}")

    def text(self, name: str, required: bool = False) -> str | None:
        value = self.data.get(name)
        if value is None:
            if required:
                raise ValidationError(f"{self.where}: field '{name}' is missing")
            return None
        if not isinstance(value, str):
            raise self.fail(name, "a string")
        return value

    def integer(self, name: str) -> int | None:
        value = self.data.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(name, "a whole number from 0 to 2^63 - 1")
        if not 0 <= value < 2**63:
            raise self.fail(name, "a whole number from 0 to 2^63 - 1")
        return value

    def texts(self, name: str) -> tuple[str, ...]:
        value = self.data.get(name)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(name, "a list of strings")
        return tuple(value)

    def point(self, name: str) -> tuple[float, float] | None:
        value = self.data.get(name)
        if value is None:
            return None
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
            or not all(math.isfinite(v) for v in value)
        ):
            raise self.fail(name, "a pair of numbers [x, y]")
        return (float(value[0]), float(value[1]))

    def integers(self, name: str) -> list[int]:
        value = self.data.get(name)
        if value is None:
            return []
        if not isinstance(value, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 2**63 for v in value
        ):
            raise self.fail(name, "a list of whole numbers from 0 to 2^63 - 1")
        return value

    def citations(self, name: str) -> tuple[Citation, ...]:
        value = self.data.get(name)
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.fail(name, "a list of citations")
        out = []
        for item in value:
            if not isinstance(item, dict):
                raise self.fail(name, "a list of objects with a key, a kind and a target id")
            key, kind, target = item.get("key"), item.get("kind"), item.get("target")
            status = item.get("status")
            if not (isinstance(key, str) and isinstance(target, str)):
                raise self.fail(name, "a list of objects with a key, a kind and a target id")
            if kind not in ("snippet", "claim", "entity", "source"):
                raise self.fail(name, "citations of a snippet, claim, entity or source")
            if not (status is None or isinstance(status, str)):
                raise self.fail(name, "citations with a text status")
            out.append(Citation(key, kind, target, status))
        return tuple(out)

    def links(self, name: str) -> tuple[EvidenceLink, ...]:
        value = self.data.get(name)
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.fail(name, "a list of evidence links")
        links = []
        for item in value:
            if not isinstance(item, dict) or not isinstance(item.get("snippet"), str):
                raise self.fail(name, "a list of objects with a 'snippet' id")
            stance = item.get("stance", "supports")
            note = item.get("note")
            if not isinstance(stance, str) or not (note is None or isinstance(note, str)):
                raise self.fail(name, "links with a text stance and note")
            links.append(EvidenceLink(item["snippet"], stance, note))
        return tuple(links)
