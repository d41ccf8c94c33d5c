"""The full-text index: kept in step with records, queried safely, ranked, with fragments."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from casefile.core import searchtext
from casefile.core.model import Kind, Record, Snippet
from casefile.storage import fragments
from casefile.storage.engine import sqlite3
from casefile.storage.record_reads import read_all, read_many
from casefile.storage.search_docs import document, index_text

INDEXED: tuple[Kind, ...] = ("entity", "relationship", "source", "snippet", "claim")
MAX_LIMIT = 200
CANDIDATES = 1_000  # matches ranked by bm25 when a query matches more (the newest)
TITLE_CANDIDATES = 500  # older matches in titles ranked with them
_CHUNK = 500


@dataclass(frozen=True)
class Hit:
    """One search result: what it is, a title, and a context fragment with marked matches."""

    kind: Kind
    id: str
    title: str
    fragment: searchtext.Fragment
    rank: float


def indexed_before(conn: sqlite3.Connection, records: Sequence[Record]) -> dict[str, Record]:
    """The stored versions of those of ``records`` that are in the index already.

    Read before the records are written over: the index keeps no copy of the words it
    holds, so an entry is removed by giving FTS5 the words it was made from."""
    if not records or records[0].KIND not in INDEXED:
        return {}
    kind = records[0].KIND
    indexed = _docids(conn, kind, [r.id for r in records])
    return read_many(conn, kind, list(indexed)) if indexed else {}


def index_records(
    conn: sqlite3.Connection,
    records: Sequence[Record],
    before: Mapping[str, Record],
    fresh: bool = False,
) -> None:
    """Add or refresh the index entries of records (all of one kind); ``before``: the
    stored versions of those already indexed (``indexed_before``); ``fresh``: none of the
    records is in the case (their entries are numbered here, not looked up)."""
    if not records or records[0].KIND not in INDEXED:
        return
    kind = records[0].KIND
    latest = list({r.id: r for r in records}.values())  # one entry per record
    docids = _new_docids(conn, kind, latest) if fresh else {}
    if not docids:
        conn.executemany(
            "INSERT OR IGNORE INTO search_docs (kind, object_id) VALUES (?, ?)",
            [(kind, r.id) for r in latest],
        )
        docids = _docids(conn, kind, [r.id for r in latest])
    _remove(conn, [(docids[ident], old) for ident, old in before.items() if ident in docids])
    rows = []
    for record in latest:
        title, body = document(record)
        rows.append((docids[record.id], index_text(title), index_text(body)))
    # Plain VALUES: an INSERT ... SELECT into a virtual table is several times slower.
    conn.executemany("INSERT INTO search_index (rowid, title, body) VALUES (?,?,?)", rows)


def _remove(conn: sqlite3.Connection, entries: list[tuple[int, Record]]) -> None:
    """Remove index entries, each given with the record whose words it holds."""
    rows = []
    for docid, record in entries:
        title, body = document(record)
        rows.append((docid, index_text(title), index_text(body)))
    conn.executemany(
        "INSERT INTO search_index (search_index, rowid, title, body) VALUES ('delete', ?, ?, ?)",
        rows,
    )


def _new_docids(conn: sqlite3.Connection, kind: Kind, records: list[Record]) -> dict[str, int]:
    """Entries for records new to the case, numbered after the last one as SQLite would;
    empty (nothing written) if one of them has an entry already."""
    row = conn.execute("SELECT max(docid) FROM search_docs").fetchone()
    first = int(row[0] or 0) + 1
    if first + len(records) >= 2**63:  # SQLite would pick free numbers at random
        return {}
    docids = {r.id: first + i for i, r in enumerate(records)}
    cursor = conn.executemany(
        "INSERT OR IGNORE INTO search_docs (docid, kind, object_id) VALUES (?, ?, ?)",
        [(docid, kind, ident) for ident, docid in docids.items()],
    )
    if cursor.rowcount == len(docids):
        return docids
    conn.executemany(  # an id already had an entry: undo these and look them all up
        "DELETE FROM search_docs WHERE docid = ? AND object_id = ?",
        [(docid, ident) for ident, docid in docids.items()],
    )
    return {}


def _docids(conn: sqlite3.Connection, kind: Kind, idents: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for start in range(0, len(idents), _CHUNK):
        chunk = idents[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT object_id, docid FROM search_docs WHERE kind = ? AND object_id IN ({marks})"
        out.update(conn.execute(sql, [kind, *chunk]).fetchall())
    return out


def unindex(conn: sqlite3.Connection, kind: Kind, ident: str, record: Record | None) -> None:
    """Remove a record from the index; ``record``: its stored version, read before deleting."""
    row = conn.execute(
        "SELECT docid FROM search_docs WHERE kind = ? AND object_id = ?", (kind, ident)
    ).fetchone()
    if row:
        if record is not None:  # without it the entry stays, unreachable: no search_docs row
            _remove(conn, [(int(row[0]), record)])
        conn.execute("DELETE FROM search_docs WHERE docid = ?", (row[0],))


def rebuild(conn: sqlite3.Connection) -> None:
    """Throw the full-text index away without reading it and build it again from the records.

    The index of a file from elsewhere is never trusted: FTS5 reads its own structures on
    faith (SQLite 3.40's integrity check crashed on crafted pages), so its shadow tables are
    emptied to exactly what a new FTS5 table of the same (checked) definition holds and
    every record is indexed again.
    """
    for shadow, rows in _fresh_shadow_rows(conn).items():
        conn.execute(f"DELETE FROM search_index_{shadow}")
        if rows:
            marks = ",".join("?" * len(rows[0]))
            conn.executemany(f"INSERT INTO search_index_{shadow} VALUES ({marks})", rows)
    conn.execute("DELETE FROM search_docs")
    for kind in INDEXED:
        batch: list[Record] = []
        for record in read_all(conn, kind):
            batch.append(record)
            if len(batch) >= 500:
                index_records(conn, batch, {})
                batch = []
        index_records(conn, batch, {})


def _fresh_shadow_rows(conn: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    """The rows of each shadow table of a new, empty index with this file's definition.

    The definition was checked against casefile's own when the file was opened (``schema``);
    it is only ever run on a private in-memory database here."""
    row = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'search_index'"
    ).fetchone()
    if row is None or not str(row[0]).startswith("CREATE VIRTUAL TABLE search_index USING fts5("):
        raise sqlite3.DatabaseError("the search index is not one casefile creates")
    fresh = sqlite3.connect(":memory:")
    try:
        fresh.execute(str(row[0]))
        shadows = [
            str(r[0])
            for r in fresh.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name LIKE 'search_index_%' ORDER BY name"
            )
        ]
        return {
            name.removeprefix("search_index_"): fresh.execute(f"SELECT * FROM {name}").fetchall()
            for name in shadows
        }
    finally:
        fresh.close()


def search(
    conn: sqlite3.Connection,
    query: str,
    limit: int = 20,
    offset: int = 0,
    kinds: Sequence[Kind] = INDEXED,
    prefix_last: bool = False,
) -> list[Hit]:
    """Ranked hits for a user's query; any text is safe (quotes, AND, <, -, …).

    Up to ``CANDIDATES`` matches are ranked by bm25 (titles weigh 10, text 1). When a query
    matches more, the newest ``CANDIDATES`` matches and up to ``TITLE_CANDIDATES`` matches
    in titles are ranked, followed by the other matches newest first, so the first page of
    even the most common word costs milliseconds and paging stays consistent.

    As you type (``prefix_last``), a query matching more than ``CANDIDATES`` records is not
    ranked by bm25 at all: bm25 first counts every match of each term (its IDF), which for a
    typed letter is nearly every record (155 ms at a million snippets). Its matches in titles
    come first, newest first, then the other matches newest first.
    """
    terms, any_or = searchtext.parse_query(query, prefix_last=prefix_last)
    expression = searchtext.fts_expression(terms, any_or)
    if expression is None:
        return []
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    ranking = _Ranking(conn, expression, kinds)
    in_titles = _in_titles(terms, any_or, expression)
    typing = prefix_last and terms[-1].prefix
    rows = (ranking.typed_page if typing else ranking.page)(in_titles, limit, offset)
    return _hits(conn, rows, terms)


_SELECT = "SELECT search_index.rowid, bm25(search_index, 10.0, 1.0) AS score "
_UNSCORED = "SELECT search_index.rowid, 0.0 AS score "
_OF_KINDS = "JOIN search_docs d ON d.docid = search_index.rowid AND d.kind IN ({kinds}) "
_Ranked = tuple[int, float]  # (docid, score)
_Row = tuple[int, str, str, float]


class _Ranking:
    """The order of a query's matches, computed only as far as a page needs."""

    def __init__(self, conn: sqlite3.Connection, expression: str, kinds: Sequence[Kind]):
        self.conn = conn
        self.expression = expression
        # Every kind: no join with search_docs until the page is known.
        self.kinds = list(kinds) if set(kinds) != set(INDEXED) else []
        join = _OF_KINDS.format(kinds=",".join("?" * len(self.kinds))) if self.kinds else ""
        self.source = "FROM search_index " + join + "WHERE search_index MATCH ? "
        self.select = _SELECT + self.source

    def rows(
        self, where: str, args: Sequence[object], tail: str = "", scored: bool = True
    ) -> list[_Ranked]:
        sql = (self.select if scored else _UNSCORED + self.source) + where + tail
        return self.conn.execute(sql, [*self.kinds, self.expression, *args]).fetchall()

    def page(self, in_titles: str | None, limit: int, offset: int) -> list[_Row]:
        """The rows of one page: (docid, kind, object id, score)."""
        return self._documents(self._page(in_titles, limit, offset))

    def typed_page(self, in_titles: str | None, limit: int, offset: int) -> list[_Row]:
        """Like ``page``, but a query with more than ``CANDIDATES`` matches is not scored."""
        newest = self.rows("", [CANDIDATES], "ORDER BY search_index.rowid DESC LIMIT ?", False)
        if len(newest) < CANDIDATES:  # few matches: bm25's count of them is cheap
            return self.page(in_titles, limit, offset)
        titles: list[_Ranked] = []
        if in_titles is not None:
            self.expression, whole = in_titles, self.expression
            tail = "ORDER BY search_index.rowid DESC LIMIT ?"
            titles = self.rows("", [TITLE_CANDIDATES], tail, False)
            self.expression = whole
        out = titles[offset : offset + limit]
        if len(out) < limit:
            in_title = {r[0] for r in titles}
            rest = [r for r in newest if r[0] not in in_title]
            skip = max(0, offset - len(titles))
            out += rest[skip : skip + limit - len(out)]
            if len(out) < limit and rest:  # past the newest: a page further back
                skip -= len(rest)
                older = self._rest(rest[-1][0], list(in_title), limit - len(out), skip, False)
                out += older
        return self._documents(out)

    def _documents(self, ranked: list[_Ranked]) -> list[_Row]:
        if not ranked:
            return []
        marks = ",".join("?" * len(ranked))
        sql = f"SELECT docid, kind, object_id FROM search_docs WHERE docid IN ({marks})"
        docs = {row[0]: row for row in self.conn.execute(sql, [r[0] for r in ranked])}
        return [(*docs[docid], score) for docid, score in ranked if docid in docs]

    def _page(self, in_titles: str | None, limit: int, offset: int) -> list[_Ranked]:
        # One pass over the matches gives the newest candidates with their scores; when
        # there are fewer than CANDIDATES, that is every match and ranking is exact.
        newest = self.rows("", [CANDIDATES], "ORDER BY search_index.rowid DESC LIMIT ?")
        by_score = sorted(newest, key=lambda row: (row[1], row[0]))
        if len(newest) < CANDIDATES:
            return by_score[offset : offset + limit]
        threshold = newest[-1][0]
        older: list[_Ranked] = []
        if in_titles is not None:
            self.expression, whole = in_titles, self.expression
            older = self.rows(
                "AND search_index.rowid < ? ", [threshold, TITLE_CANDIDATES], "LIMIT ?"
            )
            self.expression = whole
        ranked = sorted(by_score + older, key=lambda row: (row[1], row[0]))
        out = ranked[offset : offset + limit]
        if len(out) < limit:
            skip = offset - CANDIDATES - len(older)
            out += self._rest(threshold, [row[0] for row in older], limit - len(out), skip)
        return out

    def _rest(
        self, threshold: int, ranked_older: list[int], limit: int, skip: int, scored: bool = True
    ) -> list[_Ranked]:
        """Matches beyond the ranked candidates, newest first."""
        marks = ",".join("?" * len(ranked_older))
        return self.rows(
            f"AND search_index.rowid < ? AND search_index.rowid NOT IN ({marks}) ",
            [threshold, *ranked_older, limit, max(0, skip)],
            "ORDER BY search_index.rowid DESC LIMIT ? OFFSET ?",
            scored,
        )


def _in_titles(terms: list[searchtext.Term], any_or: bool, expression: str) -> str | None:
    """The query restricted to matches whose positive terms are in the title column."""
    positive = searchtext.fts_expression([t for t in terms if not t.exclude], any_or)
    if positive is None:
        return None
    if positive == expression:  # nothing excluded: a title match is a match
        return f"{{title}} : ({positive})"
    return f"({expression}) AND {{title}} : ({positive})"


def count(conn: sqlite3.Connection, query: str) -> int:
    """How many records match a query (for "n results")."""
    terms, any_or = searchtext.parse_query(query)
    expression = searchtext.fts_expression(terms, any_or)
    if expression is None:
        return 0
    row = conn.execute(
        "SELECT count(*) FROM search_index WHERE search_index MATCH ?", (expression,)
    ).fetchone()
    return int(row[0])


def _hits(conn: sqlite3.Connection, rows: list[_Row], terms: list[searchtext.Term]) -> list[Hit]:
    """The hits of one page: records read per kind in one go, fragments from bounded text."""
    wanted: dict[str, list[str]] = {}
    for _, kind, ident, _ in rows:
        wanted.setdefault(kind, []).append(ident)
    found = {
        (kind, ident): record
        for kind, idents in wanted.items()
        for ident, record in read_many(conn, kind, idents).items()  # type: ignore[arg-type]
    }
    return [
        _hit(found.get((kind, ident)), kind, ident, score, terms) for _, kind, ident, score in rows
    ]


def _hit(
    record: Record | None, kind: str, ident: str, score: float, terms: list[searchtext.Term]
) -> Hit:
    if record is None:
        empty = searchtext.Fragment("", ())
        return Hit(kind, ident, "", empty, score)  # type: ignore[arg-type]
    title, body = document(record)
    text = body if isinstance(record, Snippet) else "\n".join(p for p in (title, body) if p)
    fragment = fragments.of_raw_text(text, terms)
    if isinstance(record, Snippet):
        title = " ".join(record.text.split())[:120]
    return Hit(record.KIND, ident, title, fragment, float(score))
