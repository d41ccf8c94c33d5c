"""Reading whole records (with their child rows) from the case file, in chunks of ids.

Field by field as core/fields.py lists them, stored where storage/record_layout.py says."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from casefile.core.fields import SPEC
from casefile.core.model import RECORD_TYPES, Citation, EvidenceLink, Kind, Record
from casefile.storage.engine import sqlite3
from casefile.storage.record_layout import POSITIONS, RENAMED, TABLES, list_fields, row_fields

CHUNK = 500
"""Ids per ``IN (...)`` query (well under SQLite's limit on bound parameters)."""


def read_many(conn: sqlite3.Connection, kind: Kind, idents: Sequence[str]) -> dict[str, Record]:
    """The records of ``kind`` with these ids that exist, by id."""
    out: dict[str, Record] = {}
    for start in range(0, len(idents), CHUNK):
        out.update(_read(conn, kind, list(idents[start : start + CHUNK])))
    return out


def ids_of(conn: sqlite3.Connection, kind: Kind) -> list[str]:
    """Every id of a kind, in the order records were first stored."""
    rows = conn.execute(f"SELECT id FROM {TABLES[kind]} ORDER BY rowid")
    return [str(row[0]) for row in rows]


def field_values(conn: sqlite3.Connection, kind: Kind, name: str) -> dict[str, Any]:
    """One text or number field of every record of a kind, by id, in storage order (a list
    of claims' statements or people's names without reading whole records)."""
    spec = next((f for f in row_fields(kind) if f.name == name and f.shape != "offset"), None)
    if spec is None:
        raise ValueError(f"{kind} has no single-column field {name!r}")
    column = RENAMED.get((kind, name), name)
    rows = conn.execute(f"SELECT id, {column} FROM {TABLES[kind]} ORDER BY rowid")
    return {str(row[0]): row[1] for row in rows}


def read_all(conn: sqlite3.Connection, kind: Kind) -> Iterator[Record]:
    """Every record of a kind, in storage order, read in chunks."""
    ids = ids_of(conn, kind)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found = read_many(conn, kind, chunk)
        for ident in chunk:
            yield found[ident]


def marks(ids: Sequence[str]) -> str:
    return ",".join("?" * len(ids))


def _rows(conn: sqlite3.Connection, sql: str, ids: Sequence[str]) -> list[sqlite3.Row]:
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql.format(marks=marks(ids)), list(ids)).fetchall()
    finally:
        conn.row_factory = None


def _found(
    conn: sqlite3.Connection, table: str, ids: Sequence[str]
) -> tuple[list[sqlite3.Row], list[str]]:
    """The rows of the ids that exist, and those ids (child rows are read only for them)."""
    rows = _rows(conn, f"SELECT * FROM {table} WHERE id IN ({{marks}})", ids)
    return rows, [r["id"] for r in rows]


def _children(
    conn: sqlite3.Connection, table: str, key: str, value: str, ids: Sequence[str]
) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = {}
    if not ids:
        return grouped
    sql = f"SELECT {key}, {value} FROM {table} WHERE {key} IN ({{marks}}) ORDER BY {key}, position"
    for row in _rows(conn, sql, ids):
        grouped.setdefault(row[0], []).append(row[1] if value.count(",") == 0 else tuple(row)[1:])
    return grouped


def _read(conn: sqlite3.Connection, kind: Kind, ids: Sequence[str]) -> dict[str, Record]:
    """The records of these ids that exist, every field read from its column or table."""
    try:
        rows, ids = _found(conn, TABLES[kind], ids)
    except sqlite3.OperationalError as err:  # a kind added by a later migration (migrating)
        if f"no such table: {TABLES[kind]}" not in str(err):
            raise
        return {}
    lists = {
        spec.name: _children(conn, child.table, child.key, ", ".join(child.columns), ids)
        for spec, child in list_fields(kind)
    }
    places = _positions(conn, kind, ids) if kind in POSITIONS else {}
    make = RECORD_TYPES[kind]
    out: dict[str, Record] = {}
    for row in rows:
        ident = row["id"]
        values: dict[str, Any] = {}
        for spec in SPEC[kind]:
            name, shape = spec.name, spec.shape
            if shape == "text" or shape == "int":
                values[name] = row[RENAMED.get((kind, name), name)]
            elif shape == "texts":
                values[name] = tuple(lists[name].get(ident, ()))
            elif shape == "links":
                values[name] = tuple(EvidenceLink(*link) for link in lists[name].get(ident, ()))
            elif shape == "citations":
                values[name] = tuple(Citation(*cited) for cited in lists[name].get(ident, ()))
            elif shape == "offset":
                values[name] = (row["start"], row["end"]) if row["start"] is not None else None
            elif shape == "ints":
                values[name] = tuple(json.loads(row[name])) if row[name] else ()
            else:  # point
                values[name] = places.get(ident)
        out[ident] = make(**values)
    return out


def _positions(
    conn: sqlite3.Connection, kind: Kind, ids: Sequence[str]
) -> dict[str, tuple[float, float]]:
    """Link-chart positions of the records that have one (none before the migrations that
    added them: 0003_layout for entities, 0004_claim_layout for claims)."""
    if not ids:
        return {}
    table, key = POSITIONS[kind]
    sql = f"SELECT {key}, x, y FROM {table} WHERE {key} IN ({{marks}})"
    try:
        return {r[0]: (r[1], r[2]) for r in _rows(conn, sql, ids)}
    except sqlite3.OperationalError as err:  # an older schema (migrating)
        if table not in str(err):
            raise
        return {}
