"""Writing whole records (with their child rows) to the case file; the caller owns the
transaction and the search index."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from casefile.core.model import (
    Claim,
    Entity,
    Record,
    Relationship,
    Section,
    Snippet,
    Source,
)
from casefile.storage.engine import sqlite3
from casefile.storage.record_reads import CHUNK, marks


def write_many(conn: sqlite3.Connection, records: Sequence[Record]) -> None:
    """Create or replace records of one kind, child rows and chart positions included."""
    if records:
        _WRITERS[records[0].KIND](conn, records)


def _upsert(
    conn: sqlite3.Connection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    names = ", ".join(columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
    sql = (
        f"INSERT INTO {table} ({names}) VALUES ({marks(columns)}) "
        f"ON CONFLICT(id) DO UPDATE SET {updates}"
    )
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


def _write_case(conn: sqlite3.Connection, records: Sequence[Record]) -> None:
    rows = [(r.id, r.title, r.reference, r.summary, r.marking) for r in records]  # type: ignore[union-attr]
    _upsert(conn, "case_info", ("id", "title", "reference", "summary", "marking"), rows)


def _write_entities(conn: sqlite3.Connection, records: Sequence[Record]) -> None:
    ents = [r for r in records if isinstance(r, Entity)]
    cols = ("id", "kind", "name", "description", "notes")
    _upsert(conn, "entities", cols, [(e.id, e.kind, e.name, e.description, e.notes) for e in ents])
    ids = [e.id for e in ents]
    _replace_children(
        conn,
        "aliases",
        "entity_id",
        ("alias",),
        ids,
        [row for e in ents for row in _numbered(e.id, e.aliases)],
    )
    _replace_children(
        conn,
        "entity_tags",
        "entity_id",
        ("tag",),
        ids,
        [row for e in ents for row in _numbered(e.id, e.tags)],
    )
    _write_positions(conn, ents)


def _write_positions(
    conn: sqlite3.Connection,
    placeable: Sequence[Entity | Claim],
    table: str = "entity_positions",
    key: str = "entity_id",
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
    if unplaced:
        conn.executemany(f"DELETE FROM {table} WHERE {key} = ?", unplaced)


def _write_relationships(conn: sqlite3.Connection, records: Sequence[Record]) -> None:
    rels = [r for r in records if isinstance(r, Relationship)]
    cols = ("id", "source_id", "target_id", "type", "start", "end", "notes")
    _upsert(
        conn,
        "relationships",
        cols,
        [(r.id, r.source, r.target, r.type, r.start, r.end, r.notes) for r in rels],
    )
    _replace_children(
        conn,
        "relationship_evidence",
        "relationship_id",
        ("snippet_id",),
        [r.id for r in rels],
        [row for r in rels for row in _numbered(r.id, r.evidence)],
    )


def _write_sources(conn: sqlite3.Connection, records: Sequence[Record]) -> None:
    cols = (
        "id",
        "kind",
        "title",
        "url",
        "author",
        "publisher",
        "published",
        "retrieved",
        "reliability",
        "text",
        "sha256",
        "file_name",
        "media_type",
        "size",
        "pages",
        "notes",
    )
    rows = [
        (
            s.id,
            s.kind,
            s.title,
            s.url,
            s.author,
            s.publisher,
            s.published,
            s.retrieved,
            s.reliability,
            s.text,
            s.sha256,
            s.file_name,
            s.media_type,
            s.size,
            json.dumps(list(s.pages)) if s.pages else None,
            s.notes,
        )
        for s in records
        if isinstance(s, Source)
    ]
    _upsert(conn, "sources", cols, rows)


def _write_snippets(conn: sqlite3.Connection, records: Sequence[Record]) -> None:
    snips = [r for r in records if isinstance(r, Snippet)]
    cols = (
        "id",
        "source_id",
        "text",
        "location",
        "start",
        "end",
        "credibility",
        "date",
        "notes",
        "captured",
    )
    rows = [
        (
            s.id,
            s.source,
            s.text,
            s.location,
            s.offset[0] if s.offset else None,
            s.offset[1] if s.offset else None,
            s.credibility,
            s.date,
            s.notes,
            s.captured,
        )
        for s in snips
    ]
    _upsert(conn, "snippets", cols, rows)
    ids = [s.id for s in snips]
    _replace_children(
        conn,
        "snippet_entities",
        "snippet_id",
        ("entity_id",),
        ids,
        [row for s in snips for row in _numbered(s.id, s.entities)],
    )
    _replace_children(
        conn,
        "snippet_tags",
        "snippet_id",
        ("tag",),
        ids,
        [row for s in snips for row in _numbered(s.id, s.tags)],
    )


def _write_claims(conn: sqlite3.Connection, records: Sequence[Record]) -> None:
    claims = [r for r in records if isinstance(r, Claim)]
    cols = ("id", "statement", "status", "likelihood", "claimant", "notes")
    _upsert(
        conn,
        "claims",
        cols,
        [(c.id, c.statement, c.status, c.likelihood, c.claimant, c.notes) for c in claims],
    )
    ids = [c.id for c in claims]
    _replace_children(
        conn,
        "claim_subjects",
        "claim_id",
        ("entity_id",),
        ids,
        [row for c in claims for row in _numbered(c.id, c.subjects)],
    )
    _replace_children(
        conn,
        "claim_tags",
        "claim_id",
        ("tag",),
        ids,
        [row for c in claims for row in _numbered(c.id, c.tags)],
    )
    links = [
        row
        for c in claims
        for row in _numbered(c.id, [(e.snippet, e.stance, e.note) for e in c.evidence])
    ]
    _replace_children(conn, "evidence", "claim_id", ("snippet_id", "stance", "note"), ids, links)
    _write_positions(conn, claims, "claim_positions", "claim_id")


def _write_sections(conn: sqlite3.Connection, records: Sequence[Record]) -> None:
    sections = [r for r in records if isinstance(r, Section)]
    rows = [(s.id, s.title, s.body, s.position) for s in sections]
    _upsert(conn, "sections", ("id", "title", "body", "position"), rows)
    cited = [
        row
        for s in sections
        for row in _numbered(s.id, [(c.key, c.kind, c.target, c.status) for c in s.citations])
    ]
    columns = ("key", "kind", "target", "status")
    ids = [s.id for s in sections]
    _replace_children(conn, "section_citations", "section_id", columns, ids, cited)


_WRITERS = {
    "case": _write_case,
    "entity": _write_entities,
    "relationship": _write_relationships,
    "source": _write_sources,
    "snippet": _write_snippets,
    "claim": _write_claims,
    "section": _write_sections,
}
