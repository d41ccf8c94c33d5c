"""Read-only queries the window's tables and editors need: ordered, filtered ids and rows."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from casefile.core.model import Kind
from casefile.storage.engine import sqlite3

_CHUNK = 500


@dataclass(frozen=True)
class Column:
    """One table column: its header and the SQL expression that computes it."""

    header: str
    expr: str
    numeric: bool = False


@dataclass(frozen=True)
class Register:
    """One register table: the kind it lists, the FROM clause, columns and filter text."""

    kind: Kind
    alias: str
    source: str
    columns: tuple[Column, ...]
    filter_expr: str


_ALIASES = (
    "(SELECT group_concat(alias, ', ') FROM "
    "(SELECT alias FROM aliases WHERE entity_id = e.id ORDER BY position))"
)
_GRADE = (
    "CASE WHEN src.reliability IS NULL AND s.credibility IS NULL THEN '' "
    "ELSE coalesce(src.reliability, '?') || coalesce(s.credibility, '?') END"
)


def _stance_count(stance: str) -> str:
    return f"(SELECT count(*) FROM evidence v WHERE v.claim_id = c.id AND v.stance = '{stance}')"


REGISTERS: dict[Kind, Register] = {
    "entity": Register(
        "entity",
        "e",
        "entities e",
        (
            Column("Name", "e.name"),
            Column("Kind", "e.kind"),
            Column("Aliases", _ALIASES),
            Column("Description", "substr(coalesce(e.description, ''), 1, 200)"),
            Column(
                "Mentions",
                "(SELECT count(*) FROM snippet_entities m WHERE m.entity_id = e.id)",
                numeric=True,
            ),
        ),
        "e.name || ' ' || coalesce(e.description, '') || ' ' || coalesce(" + _ALIASES + ", '')",
    ),
    "source": Register(
        "source",
        "s",
        "sources s",
        (
            Column("Title", "s.title"),
            Column("Kind", "s.kind"),
            Column("Publisher", "coalesce(s.publisher, '')"),
            Column("Published", "coalesce(s.published, '')"),
            Column("Retrieved", "coalesce(s.retrieved, '')"),
            Column("Reliability", "coalesce(s.reliability, '')"),
            Column("Size", "s.size", numeric=True),
        ),
        "s.title || ' ' || coalesce(s.publisher, '') || ' ' || coalesce(s.author, '') "
        "|| ' ' || coalesce(s.url, '')",
    ),
    "snippet": Register(
        "snippet",
        "s",
        "snippets s LEFT JOIN sources src ON src.id = s.source_id",
        (
            Column("Quote", "substr(s.text, 1, 300)"),
            Column("Source", "coalesce(src.title, '')"),
            Column("Grade", _GRADE),
            Column("Date", "coalesce(s.date, '')"),
            Column(
                "Mentions",
                "(SELECT count(*) FROM snippet_entities m WHERE m.snippet_id = s.id)",
                numeric=True,
            ),
            Column(
                "Claims",
                "(SELECT count(*) FROM evidence v WHERE v.snippet_id = s.id)",
                numeric=True,
            ),
        ),
        "s.text || ' ' || coalesce(src.title, '') || ' ' || coalesce(s.location, '')",
    ),
    "claim": Register(
        "claim",
        "c",
        "claims c",
        (
            Column("Statement", "c.statement"),
            Column("Status", "c.status"),
            Column("Likelihood", "coalesce(c.likelihood, '')"),
            Column("Supporting", _stance_count("supports"), numeric=True),
            Column("Refuting", _stance_count("refutes"), numeric=True),
            Column("Context", _stance_count("context"), numeric=True),
            Column("Claimant", "coalesce(c.claimant, '')"),
        ),
        "c.statement || ' ' || coalesce(c.claimant, '') || ' ' || coalesce(c.notes, '')",
    ),
}


def _filter_clause(register: Register, text: str) -> tuple[str, list[str]]:
    words = text.split()
    if not words:
        return "", []
    escaped = [w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for w in words]
    clause = " AND ".join(f"({register.filter_expr}) LIKE ? ESCAPE '\\'" for _ in words)
    return f"WHERE {clause}", [f"%{w}%" for w in escaped]


def _order(register: Register, column: int | None, descending: bool) -> str:
    direction = "DESC" if descending else "ASC"
    if column is None:
        return f"ORDER BY {register.alias}.rowid {direction}"
    col = register.columns[column]
    collate = "" if col.numeric else " COLLATE NOCASE"
    return f"ORDER BY {col.expr}{collate} {direction}, {register.alias}.rowid {direction}"


def count(conn: sqlite3.Connection, kind: Kind, text: str = "") -> int:
    """How many rows a register shows with this filter."""
    register = REGISTERS[kind]
    where, args = _filter_clause(register, text)
    source = register.source if where else TABLE_OF[kind]
    return int(conn.execute(f"SELECT count(*) FROM {source} {where}", args).fetchone()[0])


def page(
    conn: sqlite3.Connection,
    kind: Kind,
    offset: int,
    limit: int,
    column: int | None = None,
    descending: bool = False,
    text: str = "",
    total: int | None = None,
) -> list[tuple[str, tuple[Any, ...]]]:
    """One page of (id, display values) in display order.

    Given the ``total`` row count, a page in the second half is read backwards from the end,
    so the last page costs as little as the first (OFFSET has to step over skipped rows).
    """
    register = REGISTERS[kind]
    where, args = _filter_clause(register, text)
    exprs = ", ".join(c.expr for c in register.columns)
    backwards = total is not None and offset * 2 > total
    if backwards and total is not None:
        end = min(total, offset + limit)
        offset, limit = total - end, end - offset
    order = _order(register, column, descending != backwards)
    sql = f"SELECT {register.alias}.id, {exprs} FROM {register.source} {where} {order} LIMIT ? OFFSET ?"
    rows = [(str(r[0]), tuple(r[1:])) for r in conn.execute(sql, [*args, limit, offset])]
    return rows[::-1] if backwards else rows


def position(
    conn: sqlite3.Connection,
    kind: Kind,
    ident: str,
    column: int | None = None,
    descending: bool = False,
    text: str = "",
) -> int | None:
    """The row a record has in display order, or None when the filter hides it or it is gone."""
    register = REGISTERS[kind]
    alias = register.alias
    where, args = _filter_clause(register, text)
    key_expr = "NULL" if column is None else register.columns[column].expr
    found = conn.execute(
        f"SELECT {key_expr}, {alias}.rowid FROM {register.source} "
        f"{where + ' AND' if where else 'WHERE'} {alias}.id = ?",
        [*args, ident],
    ).fetchone()
    if found is None:
        return None
    key, rowid = found
    condition, extra = _before(register, column, descending, key, rowid)
    sql = (
        f"SELECT count(*) FROM {register.source} {where + ' AND' if where else 'WHERE'} {condition}"
    )
    return int(conn.execute(sql, [*args, *extra]).fetchone()[0])


def _before(
    register: Register, column: int | None, descending: bool, key: Any, rowid: int
) -> tuple[str, list[Any]]:
    """The condition of rows shown before one with this sort key and rowid.

    SQLite sorts NULL first in ascending and last in descending order; ties go by rowid.
    """
    alias, less = register.alias, (">" if descending else "<")
    by_rowid = f"{alias}.rowid {less} ?"
    if column is None:
        return by_rowid, [rowid]
    col = register.columns[column]
    expr = f"({col.expr})"
    value = expr + ("" if col.numeric else " COLLATE NOCASE")
    if key is None:
        if descending:
            return f"({expr} IS NOT NULL OR ({expr} IS NULL AND {by_rowid}))", [rowid]
        return f"({expr} IS NULL AND {by_rowid})", [rowid]
    nulls = "" if descending else f"{expr} IS NULL OR "
    return f"({nulls}{value} {less} ? OR ({value} = ? AND {by_rowid}))", [key, key, rowid]


TABLE_OF: dict[Kind, str] = {
    "entity": "entities",
    "source": "sources",
    "snippet": "snippets",
    "claim": "claims",
}


def rows(conn: sqlite3.Connection, kind: Kind, ids: Sequence[str]) -> dict[str, tuple[Any, ...]]:
    """The display values of the given rows, by id."""
    register = REGISTERS[kind]
    exprs = ", ".join(c.expr for c in register.columns)
    out: dict[str, tuple[Any, ...]] = {}
    for chunk, marks in _in_chunks(ids):
        sql = (
            f"SELECT {register.alias}.id, {exprs} FROM {register.source} "
            f"WHERE {register.alias}.id IN ({marks})"
        )
        for row in conn.execute(sql, chunk):
            out[str(row[0])] = tuple(row[1:])
    return out


def _ids(conn: sqlite3.Connection, sql: str, args: Sequence[Any]) -> list[str]:
    return [str(row[0]) for row in conn.execute(sql, list(args))]


def mentions_of(conn: sqlite3.Connection, entity: str, limit: int = 200) -> list[str]:
    """Snippets that mention an entity, oldest first."""
    return _ids(
        conn,
        "SELECT m.snippet_id FROM snippet_entities m JOIN snippets s ON s.id = m.snippet_id "
        "WHERE m.entity_id = ? ORDER BY s.rowid LIMIT ?",
        (entity, limit),
    )


def claims_about(conn: sqlite3.Connection, entity: str, limit: int = 200) -> list[str]:
    """Claims that have an entity among their subjects."""
    return _ids(
        conn,
        "SELECT claim_id FROM claim_subjects WHERE entity_id = ? ORDER BY rowid LIMIT ?",
        (entity, limit),
    )


def relationships_of(conn: sqlite3.Connection, entity: str) -> list[str]:
    """Relationships from or to an entity."""
    return _ids(
        conn,
        "SELECT id FROM relationships WHERE source_id = ?1 OR target_id = ?1 ORDER BY rowid",
        (entity,),
    )


def snippets_of_source(conn: sqlite3.Connection, source: str, limit: int = 200) -> list[str]:
    """Snippets quoted from a source, in text order."""
    return _ids(
        conn,
        "SELECT id FROM snippets WHERE source_id = ? ORDER BY start, rowid LIMIT ?",
        (source, limit),
    )


def claims_citing(conn: sqlite3.Connection, snippet: str) -> list[str]:
    """Claims whose evidence includes a snippet."""
    return _ids(
        conn, "SELECT claim_id FROM evidence WHERE snippet_id = ? ORDER BY rowid", (snippet,)
    )


_LABELS: dict[Kind, tuple[str, str]] = {
    "entity": ("entities", "name"),
    "source": ("sources", "title"),
    "snippet": ("snippets", "substr(text, 1, 200)"),
    "claim": ("claims", "statement"),
}


def labels(conn: sqlite3.Connection, kind: Kind, ids: Sequence[str]) -> dict[str, str]:
    """Short labels (name, title, quote, statement) of the given records."""
    table, expr = _LABELS[kind]
    out: dict[str, str] = {}
    for chunk, marks in _in_chunks(ids):
        sql = f"SELECT id, {expr} FROM {table} WHERE id IN ({marks})"
        out.update({str(r[0]): str(r[1]) for r in conn.execute(sql, chunk)})
    return out


def pick(
    conn: sqlite3.Connection, kind: Kind, text: str = "", limit: int = 100
) -> list[tuple[str, str]]:
    """(id, label) pairs whose label contains every word of ``text``, for choosers."""
    table, expr = _LABELS[kind]
    words = text.split()
    escaped = [w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for w in words]
    where = " AND ".join(f"{expr} LIKE ? ESCAPE '\\'" for _ in words) or "1"
    # Quotes are many: newest first reads only as far as the limit; names sort by name.
    order = "rowid DESC" if kind == "snippet" else f"{expr} COLLATE NOCASE"
    sql = f"SELECT id, {expr} FROM {table} WHERE {where} ORDER BY {order} LIMIT ?"
    return [
        (str(r[0]), str(r[1])) for r in conn.execute(sql, [*(f"%{w}%" for w in escaped), limit])
    ]


def entity_link_counts(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, int]:
    """How many snippets, claims and relationships refer to each entity (one total each)."""
    out: dict[str, int] = dict.fromkeys(ids, 0)
    for chunk, marks in _in_chunks(ids):
        sql = (
            f"SELECT entity_id, count(*) FROM snippet_entities WHERE entity_id IN ({marks}) "
            f"GROUP BY entity_id UNION ALL "
            f"SELECT entity_id, count(*) FROM claim_subjects WHERE entity_id IN ({marks}) "
            f"GROUP BY entity_id UNION ALL "
            f"SELECT source_id, count(*) FROM relationships WHERE source_id IN ({marks}) "
            f"GROUP BY source_id UNION ALL "
            f"SELECT target_id, count(*) FROM relationships WHERE target_id IN ({marks}) "
            f"GROUP BY target_id"
        )
        for ident, number in conn.execute(sql, chunk * 4):
            out[str(ident)] = out.get(str(ident), 0) + int(number)
    return out


def _in_chunks(ids: Sequence[str]) -> Iterator[tuple[list[str], str]]:
    """``ids`` in chunks small enough for one statement, each with its ``?`` placeholders."""
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        yield chunk, ",".join("?" * len(chunk))
