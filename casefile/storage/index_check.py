"""Does the full-text index hold exactly each record's current words, and nothing else?

The index keeps no copy of the texts (contentless FTS5), so it is compared with an index
built afresh from the records in a scratch database (encrypted with the case's key, since
it holds the case's words): the number of words of each column of each record (the
``docsize`` rows) must match, and so must every term's count of records and occurrences
per column (``fts5vocab``). FTS5's own ``integrity-check`` then checks its structures.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import zip_longest
from pathlib import Path

from casefile.storage import cipher, connection, schema, search, search_docs
from casefile.storage.case import Case
from casefile.storage.engine import sqlite3

MAX_LISTED = 50
_BATCH = 500
_SHADOWS = ("data", "idx", "docsize", "config")


def index_problems(case: Case) -> list[str]:
    """Problems of the index against the records, one line each (at most ``MAX_LISTED``)."""
    try:
        return _problems(case)
    except MemoryError:  # what SQLite reports for a damaged FTS5 structure record
        return [
            "search index damaged: its structure cannot be read (it is built again from "
            "the records when the case is next opened)"
        ]


def _problems(case: Case) -> list[str]:
    conn = case.conn
    out: list[str] = []
    docs: dict[tuple[str, str], int | None] = {
        (str(k), str(i)): int(d)
        for d, k, i in conn.execute("SELECT docid, kind, object_id FROM search_docs")
    }
    names = {docid: key for key, docid in docs.items() if docid is not None}
    indexed = {int(r[0]) for r in conn.execute("SELECT rowid FROM search_index")}
    for (kind, ident), docid in docs.items():
        if docid not in indexed:
            out.append(f"search index: {kind} {ident} has no index entry")
    stray = indexed - set(docs.values())
    if stray:
        out.append(f"search index: {len(stray)} index entries belong to no record")
    with _scratch_index(conn) as scratch:
        for kind in search.INDEXED:
            batch: list[tuple[int, str, str]] = []
            for record in case.store.all(kind):
                docid = docs.pop((kind, record.id), None)
                if docid is None:
                    out.append(f"search index: {kind} {record.id} is not indexed")
                    continue
                title, body = search_docs.document(record)
                batch.append((docid, search_docs.index_text(title), search_docs.index_text(body)))
                if len(batch) >= _BATCH:
                    _insert(scratch, batch)
            _insert(scratch, batch)
        out += [f"search index: {k} {i} is indexed but not in the case" for k, i in docs]
        out += _stale(conn, scratch, names)
    return out[:MAX_LISTED] + _fts_integrity(conn)


def _insert(scratch: sqlite3.Connection, batch: list[tuple[int, str, str]]) -> None:
    scratch.executemany("INSERT INTO search_index (rowid, title, body) VALUES (?,?,?)", batch)
    batch.clear()


def _stale(
    conn: sqlite3.Connection, scratch: sqlite3.Connection, names: dict[int, tuple[str, str]]
) -> list[str]:
    """Records whose indexed words are not their current words."""
    out: list[str] = []
    sizes = "SELECT id, sz FROM search_index_docsize ORDER BY id"
    fresh = dict(scratch.execute(sizes).fetchall())
    for docid, size in conn.execute(sizes):
        if docid in fresh and fresh[docid] != size and docid in names:
            kind, ident = names[docid]
            out.append(f"search index: {kind} {ident} is indexed with stale text")
            if len(out) >= MAX_LISTED:
                return out
    vocabulary = "SELECT term, col, doc, cnt FROM vocabulary ORDER BY term, col"
    conn.execute("CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, search_index, col)")
    scratch.execute("CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, search_index, col)")
    try:
        pairs = zip_longest(conn.execute(vocabulary), scratch.execute(vocabulary))
        differing = sum(1 for ours, theirs in pairs if ours != theirs)
    finally:
        conn.execute("DROP TABLE temp.vocabulary")
    if differing and not out:
        out.append(f"search index: {differing} indexed words differ from the records' words")
    return out


@contextmanager
def _scratch_index(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """An empty index of today's definition in a scratch file (keyed like the case)."""
    with tempfile.TemporaryDirectory(prefix="casefile-check-") as folder:
        scratch = sqlite3.connect(Path(folder) / "fts.db", isolation_level=None)
        try:
            key = connection.passphrase_of(conn)
            if key is not None:  # the index holds the case's words: never in clear on disk
                cipher.apply_key(scratch, key)
            scratch.execute("PRAGMA journal_mode = OFF")
            scratch.execute("PRAGMA synchronous = OFF")
            scratch.execute(schema.search_index_sql())
            scratch.execute("BEGIN")
            yield scratch
            scratch.execute("COMMIT")
        finally:
            scratch.close()


def _fts_integrity(conn: sqlite3.Connection) -> list[str]:
    """FTS5's own check; a read-only case is checked on a scratch copy of the index."""
    try:
        conn.execute("INSERT INTO search_index(search_index) VALUES ('integrity-check')")
    except sqlite3.OperationalError as err:
        if "readonly" in str(err):
            return _fts_integrity_on_copy(conn)
        return [f"search index damaged: {err}"]
    except sqlite3.DatabaseError as err:
        return [f"search index damaged: {err}"]
    return []


def _fts_integrity_on_copy(conn: sqlite3.Connection) -> list[str]:
    try:
        with _scratch_index(conn) as scratch:
            for shadow in _SHADOWS:
                table = f"search_index_{shadow}"
                rows = conn.execute(f"SELECT * FROM {table}")
                width = len(rows.description)
                scratch.execute(f"DELETE FROM {table}")
                marks = ",".join("?" * width)
                scratch.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
            scratch.execute("INSERT INTO search_index(search_index) VALUES ('integrity-check')")
    except sqlite3.DatabaseError as err:
        return [f"search index damaged: {err}"]
    return []
