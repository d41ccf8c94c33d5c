"""Reading whole records (with their child rows) from the case file, in chunks of ids."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from casefile.core.model import (
    CaseInfo,
    Citation,
    Claim,
    Entity,
    EvidenceLink,
    Kind,
    Record,
    Relationship,
    Section,
    Snippet,
    Source,
)
from casefile.storage.engine import sqlite3

TABLES: dict[Kind, str] = {
    "case": "case_info",
    "entity": "entities",
    "relationship": "relationships",
    "source": "sources",
    "snippet": "snippets",
    "claim": "claims",
    "section": "sections",
}
CHUNK = 500
"""Ids per ``IN (...)`` query (well under SQLite's limit on bound parameters)."""


def read_many(conn: sqlite3.Connection, kind: Kind, idents: Sequence[str]) -> dict[str, Record]:
    """The records of ``kind`` with these ids that exist, by id."""
    out: dict[str, Record] = {}
    for start in range(0, len(idents), CHUNK):
        out.update(_READERS[kind](conn, list(idents[start : start + CHUNK])))
    return out


def ids_of(conn: sqlite3.Connection, kind: Kind) -> list[str]:
    """Every id of a kind, in the order records were first stored."""
    rows = conn.execute(f"SELECT id FROM {TABLES[kind]} ORDER BY rowid")
    return [str(row[0]) for row in rows]


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


def _read_case(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, Record]:
    rows = _rows(conn, "SELECT * FROM case_info WHERE id IN ({marks})", ids)
    return {r["id"]: CaseInfo(r["title"], r["reference"], r["summary"], r["marking"]) for r in rows}


def _read_entities(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, Record]:
    try:
        rows = _rows(
            conn,
            "SELECT e.*, p.x, p.y FROM entities e LEFT JOIN entity_positions p "
            "ON p.entity_id = e.id WHERE e.id IN ({marks})",
            ids,
        )
    except sqlite3.OperationalError as err:  # a schema before 0003_layout (migrating)
        if "entity_positions" not in str(err):
            raise
        rows = _rows(
            conn, "SELECT *, NULL AS x, NULL AS y FROM entities WHERE id IN ({marks})", ids
        )
    ids = [r["id"] for r in rows]
    aliases = _children(conn, "aliases", "entity_id", "alias", ids)
    tags = _children(conn, "entity_tags", "entity_id", "tag", ids)
    return {
        r["id"]: Entity(
            id=r["id"],
            name=r["name"],
            kind=r["kind"],
            aliases=tuple(aliases.get(r["id"], ())),
            description=r["description"],
            notes=r["notes"],
            tags=tuple(tags.get(r["id"], ())),
            position=(r["x"], r["y"]) if r["x"] is not None else None,
        )
        for r in rows
    }


def _read_relationships(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, Record]:
    rows, ids = _found(conn, "relationships", ids)
    evidence = _children(conn, "relationship_evidence", "relationship_id", "snippet_id", ids)
    return {
        r["id"]: Relationship(
            id=r["id"],
            source=r["source_id"],
            target=r["target_id"],
            type=r["type"],
            start=r["start"],
            end=r["end"],
            notes=r["notes"],
            evidence=tuple(evidence.get(r["id"], ())),
        )
        for r in rows
    }


def _read_sources(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, Record]:
    return {
        r["id"]: Source(
            id=r["id"],
            title=r["title"],
            kind=r["kind"],
            url=r["url"],
            author=r["author"],
            publisher=r["publisher"],
            published=r["published"],
            retrieved=r["retrieved"],
            reliability=r["reliability"],
            text=r["text"],
            sha256=r["sha256"],
            file_name=r["file_name"],
            media_type=r["media_type"],
            size=r["size"],
            pages=tuple(json.loads(r["pages"])) if r["pages"] else (),
            notes=r["notes"],
        )
        for r in _rows(conn, "SELECT * FROM sources WHERE id IN ({marks})", ids)
    }


def _read_snippets(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, Record]:
    rows, ids = _found(conn, "snippets", ids)
    entities = _children(conn, "snippet_entities", "snippet_id", "entity_id", ids)
    tags = _children(conn, "snippet_tags", "snippet_id", "tag", ids)
    return {
        r["id"]: Snippet(
            id=r["id"],
            text=r["text"],
            source=r["source_id"],
            location=r["location"],
            offset=(r["start"], r["end"]) if r["start"] is not None else None,
            credibility=r["credibility"],
            date=r["date"],
            entities=tuple(entities.get(r["id"], ())),
            tags=tuple(tags.get(r["id"], ())),
            notes=r["notes"],
            captured=r["captured"],
        )
        for r in rows
    }


def _read_claims(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, Record]:
    rows, ids = _found(conn, "claims", ids)
    subjects = _children(conn, "claim_subjects", "claim_id", "entity_id", ids)
    tags = _children(conn, "claim_tags", "claim_id", "tag", ids)
    links = _children(conn, "evidence", "claim_id", "snippet_id, stance, note", ids)
    places = _claim_positions(conn, ids)
    return {
        r["id"]: Claim(
            id=r["id"],
            statement=r["statement"],
            status=r["status"],
            likelihood=r["likelihood"],
            claimant=r["claimant"],
            subjects=tuple(subjects.get(r["id"], ())),
            evidence=tuple(EvidenceLink(*link) for link in links.get(r["id"], ())),
            notes=r["notes"],
            tags=tuple(tags.get(r["id"], ())),
            position=places.get(r["id"]),
        )
        for r in rows
    }


def _claim_positions(
    conn: sqlite3.Connection, ids: Sequence[str]
) -> dict[str, tuple[float, float]]:
    """Link-chart positions of the claims that have one (none before 0004_claim_layout)."""
    if not ids:
        return {}
    sql = "SELECT claim_id, x, y FROM claim_positions WHERE claim_id IN ({marks})"
    try:
        return {r[0]: (r[1], r[2]) for r in _rows(conn, sql, ids)}
    except sqlite3.OperationalError as err:  # a schema before 0004_claim_layout (migrating)
        if "claim_positions" not in str(err):
            raise
        return {}


def _read_sections(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, Record]:
    try:
        rows, ids = _found(conn, "sections", ids)
    except sqlite3.OperationalError as err:  # a schema before 0006_narrative (migrating)
        if "sections" not in str(err):
            raise
        return {}
    cited = _children(conn, "section_citations", "section_id", "key, kind, target, status", ids)
    return {
        r["id"]: Section(
            id=r["id"],
            title=r["title"],
            body=r["body"],
            position=r["position"],
            citations=tuple(Citation(*c) for c in cited.get(r["id"], ())),
        )
        for r in rows
    }


_READERS = {
    "case": _read_case,
    "entity": _read_entities,
    "relationship": _read_relationships,
    "source": _read_sources,
    "snippet": _read_snippets,
    "claim": _read_claims,
    "section": _read_sections,
}
