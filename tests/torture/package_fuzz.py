"""Malformed case packages made from a valid one: wrong types, huge and broken text, bad refs."""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable, Iterator
from typing import Any

Mutation = Callable[[dict[str, Any], random.Random], bytes]
SECTIONS = ("entities", "relationships", "sources", "snippets", "claims")
ODD_VALUES: list[Any] = [
    None, True, 0, -1, 2**63, 1e308, 3.5, "", "x", [], [1], {}, {"a": 1}, [[[]]],
    "\ud800", "<b>x</b>", "\x00", "A" * 100_000,
]  # fmt: skip


def _dump(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass")


def _items(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(s, item) for s in SECTIONS for item in data.get(s) or [] if isinstance(item, dict)]


def wrong_type(data: dict[str, Any], rng: random.Random) -> bytes:
    _section, item = rng.choice(_items(data))
    item[rng.choice(sorted(item))] = copy.deepcopy(rng.choice(ODD_VALUES))
    return _dump(data)


def wrong_top_level(data: dict[str, Any], rng: random.Random) -> bytes:
    key = rng.choice(["format", "version", "case", *SECTIONS])
    data[key] = copy.deepcopy(rng.choice(ODD_VALUES))
    return _dump(data)


def huge_string(data: dict[str, Any], rng: random.Random) -> bytes:
    _section, item = rng.choice(_items(data))
    field = rng.choice([k for k in sorted(item) if k != "id"] or ["id"])
    item[field] = rng.choice(["x", "稀土", "😀", "<"]) * rng.choice(
        (60_000_000, 1_000_000, 1_000_000, 1_000_000)
    )
    return _dump(data)


def deep_nesting(data: dict[str, Any], rng: random.Random) -> bytes:
    depth = rng.choice((1_000, 100_000))
    opener, closer = rng.choice((("[", "]"), ('{"a":', "}")))
    nested = opener * depth + "1" + closer * depth
    raw = _dump(data).decode("utf-8", "surrogatepass")
    where = rng.choice(('"notes": null', '"entities": ['))
    if where in raw:
        return raw.replace(
            where, where.split(":")[0] + ": " + nested + ("," if "[" in where else ""), 1
        ).encode()
    return ("[" * depth + "]" * depth).encode()


def duplicate_ids(data: dict[str, Any], rng: random.Random) -> bytes:
    section = rng.choice([s for s in SECTIONS if data.get(s)])
    items = data[section]
    items.append(copy.deepcopy(rng.choice(items)))
    return _dump(data)


def dangling_reference(data: dict[str, Any], rng: random.Random) -> bytes:
    refs = [
        ("snippets", "source"), ("snippets", "entities"), ("claims", "subjects"),
        ("claims", "evidence"), ("relationships", "source"), ("relationships", "target"),
        ("relationships", "evidence"),
    ]  # fmt: skip
    section, field = rng.choice([r for r in refs if data.get(r[0])])
    item = rng.choice(data[section])
    missing = f"missing-{rng.randrange(10**6)}"
    if field == "evidence" and section == "claims":
        item[field] = [*item.get(field, []), {"snippet": missing, "stance": "supports"}]
    elif isinstance(item.get(field), list) or field in ("entities", "subjects", "evidence"):
        item[field] = [*item.get(field, []), missing]
    else:
        item[field] = missing
    return _dump(data)


def bad_enum_or_offset(data: dict[str, Any], rng: random.Random) -> bytes:
    choices = [
        ("entities", "kind", "martian"), ("claims", "status", "maybe"),
        ("claims", "likelihood", "sure"), ("sources", "reliability", "Z"),
        ("snippets", "credibility", 9), ("snippets", "offset", [5, 2]),
        ("snippets", "offset", [0, 10**9]), ("snippets", "date", "2025-13-45"),
        ("sources", "sha256", "0" * 64), ("sources", "retrieved", "yesterday"),
    ]  # fmt: skip
    section, field, value = rng.choice([c for c in choices if data.get(c[0])])
    rng.choice(data[section])[field] = value
    return _dump(data)


def broken_file(data: dict[str, Any], rng: random.Random) -> bytes:
    sources = [s for s in data.get("sources") or [] if isinstance(s, dict)]
    source = rng.choice(sources)
    source["file"] = rng.choice([
        {"name": "x.pdf", "media_type": "application/pdf", "data_base64": "!!not base64!!"},
        {"name": "x.pdf", "media_type": "application/pdf", "data_base64": "aGVsbG8="},
        {"name": 5, "data_base64": "aGVsbG8="}, "not an object", {"data_base64": None},
    ])  # fmt: skip
    if isinstance(source["file"], dict) and source["file"].get("data_base64") == "aGVsbG8=":
        source["sha256"] = "1" * 64
    return _dump(data)


def byte_damage(data: dict[str, Any], rng: random.Random) -> bytes:
    raw = bytearray(_dump(data))
    how = rng.choice(("flip", "truncate", "invalid_utf8", "bom", "utf16", "nan", "lone_escape"))
    if how == "flip":
        for _ in range(rng.randint(1, 8)):
            raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
    elif how == "truncate":
        del raw[rng.randrange(len(raw)) :]
    elif how == "invalid_utf8":
        pos = rng.randrange(len(raw))
        raw[pos:pos] = rng.choice((b"\xff", b"\xc0\x80", b"\xed\xa0\x80", b"\xe2\x82"))
    elif how == "bom":
        raw[0:0] = b"\xef\xbb\xbf"
    elif how == "utf16":
        return bytes(raw).decode("utf-8", "surrogatepass").encode("utf-16", "surrogatepass")
    elif how == "nan":
        return bytes(raw).replace(b'"credibility": 2', b'"credibility": NaN', 1)
    else:
        return bytes(raw).replace(b'"name": "', b'"name": "\\udc80', 1)
    return bytes(raw)


def not_a_package(data: dict[str, Any], rng: random.Random) -> bytes:
    return rng.choice([b"", b"null", b"[]", b'"x"', b"42", b"{}", b"<html></html>", b"\x00" * 100,
                       b'{"format": "casefile-package"}', b'{"format": "other", "version": 1}'])  # fmt: skip


MUTATIONS: list[tuple[str, Mutation, int]] = [
    ("wrong_type", wrong_type, 6), ("wrong_top_level", wrong_top_level, 2),
    ("huge_string", huge_string, 1), ("deep_nesting", deep_nesting, 1),
    ("duplicate_ids", duplicate_ids, 2), ("dangling_reference", dangling_reference, 3),
    ("bad_enum_or_offset", bad_enum_or_offset, 3), ("broken_file", broken_file, 1),
    ("byte_damage", byte_damage, 5), ("not_a_package", not_a_package, 1),
]  # fmt: skip


def variants(base: dict[str, Any], count: int, seed: int = 1) -> Iterator[tuple[str, bytes]]:
    """``count`` malformed packages (name, bytes), deterministic for a seed."""
    rng = random.Random(seed)
    names = [m[0] for m in MUTATIONS]
    weights = [m[2] for m in MUTATIONS]
    functions = {m[0]: m[1] for m in MUTATIONS}
    for number in range(count):
        name = rng.choices(names, weights)[0]
        yield f"{name}_{number}", functions[name](copy.deepcopy(base), rng)
