"""Reading and writing whole records (with their child rows) in the case file."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from casefile.core.model import (
    CaseInfo,
    Claim,
    Entity,
    EvidenceLink,
    Kind,
    Original,
    Record,
    Relationship,
    Snippet,
    Source,
)
from casefile.storage import search
from casefile.storage.engine import sqlite3

TABLES: dict[Kind, str] = {
    "case": "case_info",
    "entity": "entities",
    "relationship": "relationships",
    "source": "sources",
    "snippet": "snippets",
    "claim": "claims",
}
_CHUNK = 500


class RecordStore:
    """The ``core.commands.Store`` over one SQLite connection (the caller owns transactions)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    # --- reading --------------------------------------------------------------------

    def get(self, kind: Kind, ident: str) -> Record | None:
        return self.get_many(kind, [ident]).get(ident)

    def get_many(self, kind: Kind, idents: Sequence[str]) -> dict[str, Record]:
        out: dict[str, Record] = {}
        for start in range(0, len(idents), _CHUNK):
            chunk = list(idents[start : start + _CHUNK])
            out.update(_READERS[kind](self.conn, chunk))
        return out

    def ids(self, kind: Kind) -> list[str]:
        """Every id of a kind, in the order records were first stored."""
        rows = self.conn.execute(f"SELECT id FROM {TABLES[kind]} ORDER BY rowid")
        return [str(row[0]) for row in rows]

    def all(self, kind: Kind) -> Iterator[Record]:
        """Every record of a kind, in storage order, read in chunks."""
        ids = self.ids(kind)
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            found = self.get_many(kind, chunk)
            for ident in chunk:
                yield found[ident]

    def referrers(self, kind: Kind, ident: str) -> list[Record]:
        refs: list[tuple[Kind, str]] = []
        queries = _REFERRER_QUERIES.get(kind, ())
        for ref_kind, sql in queries:
            refs += [(ref_kind, str(row[0])) for row in self.conn.execute(sql, (ident,))]
        out: list[Record] = []
        for ref_kind, ref_id in dict.fromkeys(refs):
            record = self.get(ref_kind, ref_id)
            if record is not None:
                out.append(record)
        return out

    def has_original(self, sha256: str) -> bool:
        """Are the bytes with this SHA-256 stored (without reading them)?"""
        sql = "SELECT 1 FROM originals WHERE sha256 = ?"
        return self.conn.execute(sql, (sha256,)).fetchone() is not None

    def original(self, sha256: str) -> Original | None:
        row = self.conn.execute(
            "SELECT media_type, data FROM originals WHERE sha256 = ?", (sha256,)
        ).fetchone()
        return Original(sha256, str(row[0]), bytes(row[1])) if row else None

    # --- writing --------------------------------------------------------------------

    def put_many(self, records: Sequence[Record]) -> None:
        if not records:
            return
        kind = records[0].KIND
        _WRITERS[kind](self.conn, records)
        search.index_records(self.conn, records)

    def delete(self, kind: Kind, ident: str) -> None:
        self.conn.execute(f"DELETE FROM {TABLES[kind]} WHERE id = ?", (ident,))
        search.unindex(self.conn, kind, ident)

    def put_original(self, original: Original) -> None:
        """Store an original; a large one is written into its row in 1 MB pieces, so SQLite
        never holds another whole copy of it (a 150 MB e-mail would need three at once)."""
        data = original.data
        opener = getattr(self.conn, "blobopen", None) or getattr(self.conn, "open_blob", None)
        if len(data) <= _BLOB_PIECE or opener is None:
            self.conn.execute(
                "INSERT OR IGNORE INTO originals (sha256, media_type, size, data) VALUES (?,?,?,?)",
                (original.sha256, original.media_type, len(data), data),
            )
            return
        cursor = self.conn.execute(
            "INSERT OR IGNORE INTO originals (sha256, media_type, size, data) "
            "VALUES (?,?,?,zeroblob(?))",
            (original.sha256, original.media_type, len(data), len(data)),
        )
        if not cursor.rowcount:
            return  # already stored
        view = memoryview(data)
        blob = opener("originals", "data", cursor.lastrowid or 0)  # Python's or SQLCipher's
        try:
            for start in range(0, len(data), _BLOB_PIECE):
                blob.write(view[start : start + _BLOB_PIECE])
        finally:
            blob.close()


_BLOB_PIECE = 1024 * 1024

_REFERRER_QUERIES: dict[Kind, tuple[tuple[Kind, str], ...]] = {
    "entity": (
        ("snippet", "SELECT snippet_id FROM snippet_entities WHERE entity_id = ?"),
        ("claim", "SELECT claim_id FROM claim_subjects WHERE entity_id = ?"),
        ("relationship", "SELECT id FROM relationships WHERE source_id = ?1 OR target_id = ?1"),
    ),
    "snippet": (
        ("claim", "SELECT claim_id FROM evidence WHERE snippet_id = ?"),
        ("relationship", "SELECT relationship_id FROM relationship_evidence WHERE snippet_id = ?"),
    ),
    "source": (("snippet", "SELECT id FROM snippets WHERE source_id = ?"),),
}


def _marks(ids: Sequence[str]) -> str:
    return ",".join("?" * len(ids))


def _rows(conn: sqlite3.Connection, sql: str, ids: Sequence[str]) -> list[sqlite3.Row]:
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql.format(marks=_marks(ids)), list(ids)).fetchall()
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


def _upsert(
    conn: sqlite3.Connection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    names = ", ".join(columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
    sql = (
        f"INSERT INTO {table} ({names}) VALUES ({_marks(columns)}) "
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
        for start in range(0, len(owners), _CHUNK):
            chunk = owners[start : start + _CHUNK]
            conn.execute(f"DELETE FROM {table} WHERE {key} IN ({_marks(chunk)})", list(chunk))
    if rows:
        names = ", ".join((key, "position", *columns))
        conn.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({_marks((key, 'position', *columns))})", rows
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


_READERS = {
    "case": _read_case,
    "entity": _read_entities,
    "relationship": _read_relationships,
    "source": _read_sources,
    "snippet": _read_snippets,
    "claim": _read_claims,
}
_WRITERS = {
    "case": _write_case,
    "entity": _write_entities,
    "relationship": _write_relationships,
    "source": _write_sources,
    "snippet": _write_snippets,
    "claim": _write_claims,
}
