"""Writing whole records (with their child rows) to the case file; the caller owns the
transaction and the search index.

Field by field as core/fields.py lists them, stored where storage/record_layout.py says."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from casefile.core.fields import Field
from casefile.core.model import Claim, Entity, Kind, Record
from casefile.storage.engine import sqlite3
from casefile.storage.record_layout import POSITIONS, TABLES, columns, list_fields, row_fields
from casefile.storage.record_reads import CHUNK, marks


def write_many(conn: sqlite3.Connection, records: Sequence[Record], fresh: bool = False) -> None:
    """Create or replace records of one kind, child rows and chart positions included;
    ``fresh``: none of them is in the case (nothing to replace: plain inserts)."""
    if not records:
        return
    kind = records[0].KIND
    _upsert(conn, TABLES[kind], columns(kind), [_row(kind, r) for r in records], fresh)
    ids = [r.id for r in records]
    for spec, child in list_fields(kind):
        rows = [
            numbered
            for r in records
            for numbered in _numbered(r.id, _list_values(spec, getattr(r, spec.name)))
        ]
        _replace_children(conn, child.table, child.key, child.columns, ids, rows, fresh)
    if kind in POSITIONS:
        table, key = POSITIONS[kind]
        _write_positions(conn, records, table, key, fresh)  # type: ignore[arg-type]


def _row(kind: Kind, record: Record) -> tuple[Any, ...]:
    """A record's row, in the order of ``record_layout.columns(kind)``."""
    out: list[Any] = [record.id] if kind == "case" else []
    for spec in row_fields(kind):
        value = getattr(record, spec.name)
        if spec.shape == "offset":
            out.extend(value if value else (None, None))
        elif spec.shape == "ints":
            out.append(json.dumps(list(value)) if value else None)
        else:
            out.append(value)
    return tuple(out)


def _list_values(spec: Field, values: tuple[Any, ...]) -> list[Any]:
    """A list field's child rows: ids and tags as they are, evidence links and citations as
    their parts."""
    if spec.shape == "links":
        return [(link.snippet, link.stance, link.note) for link in values]
    if spec.shape == "citations":
        return [(c.key, c.kind, c.target, c.status) for c in values]
    return list(values)


def _upsert(
    conn: sqlite3.Connection,
    table: str,
    columns: Sequence[str],
    rows: list[tuple[Any, ...]],
    fresh: bool = False,
) -> None:
    names = ", ".join(columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks(columns)})"
    if not fresh:  # a fresh id already stored fails loudly instead of being written over
        sql += f" ON CONFLICT(id) DO UPDATE SET {updates}"
    conn.executemany(sql, rows)


def _replace_children(
    conn: sqlite3.Connection,
    table: str,
    key: str,
    columns: Sequence[str],
    owners: Sequence[str],
    rows: list[tuple[Any, ...]],
    fresh: bool = False,
) -> None:
    if not fresh:
        for start in range(0, len(owners), CHUNK):
            chunk = owners[start : start + CHUNK]
            conn.execute(f"DELETE FROM {table} WHERE {key} IN ({marks(chunk)})", list(chunk))
    if rows:
        names = ", ".join((key, "position", *columns))
        conn.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({marks((key, 'position', *columns))})", rows
        )


def _numbered(owner: str, values: Sequence[Any]) -> list[tuple[Any, ...]]:
    return [(owner, i, *(v if isinstance(v, tuple) else (v,))) for i, v in enumerate(values)]


def _write_positions(
    conn: sqlite3.Connection,
    placeable: Sequence[Entity | Claim],
    table: str = "entity_positions",
    key: str = "entity_id",
    fresh: bool = False,
) -> None:
    """Link-chart positions: stored beside the record, removed when it has none."""
    placed = [(e.id, e.position[0], e.position[1]) for e in placeable if e.position is not None]
    unplaced = [(e.id,) for e in placeable if e.position is None]
    if placed:
        conn.executemany(
            f"INSERT INTO {table} ({key}, x, y) VALUES (?, ?, ?) "
            f"ON CONFLICT({key}) DO UPDATE SET x = excluded.x, y = excluded.y",
            placed,
        )
    if unplaced and not fresh:
        conn.executemany(f"DELETE FROM {table} WHERE {key} = ?", unplaced)
