"""The schema as an ordered registry of small named migrations; ``user_version`` counts them."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from casefile.core.outputs import APPLICATION_ID as APPLICATION_ID  # "CasF"
from casefile.storage import faults
from casefile.storage.engine import sqlite3

_ENTITY_KINDS = "'person','organisation','other'"
_SOURCE_KINDS = "'web','document','file','interview','record','other'"

INITIAL = f"""
CREATE TABLE case_info (
    id TEXT PRIMARY KEY CHECK (id = 'case'),
    title TEXT NOT NULL, reference TEXT, summary TEXT, marking TEXT
) STRICT;
CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ({_ENTITY_KINDS})),
    name TEXT NOT NULL, description TEXT, notes TEXT
) STRICT;
CREATE TABLE aliases (
    entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, alias TEXT NOT NULL,
    PRIMARY KEY (entity_id, position)
) STRICT;
CREATE TABLE entity_tags (
    entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, tag TEXT NOT NULL,
    PRIMARY KEY (entity_id, tag)
) STRICT;
CREATE TABLE originals (
    sha256 TEXT PRIMARY KEY, media_type TEXT NOT NULL, size INTEGER NOT NULL, data BLOB NOT NULL
) STRICT;
CREATE TABLE sources (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ({_SOURCE_KINDS})),
    title TEXT NOT NULL, url TEXT, author TEXT, publisher TEXT, published TEXT, retrieved TEXT,
    reliability TEXT CHECK (reliability IN ('A','B','C','D','E','F')),
    sha256 TEXT, file_name TEXT, media_type TEXT, size INTEGER, pages TEXT, notes TEXT,
    -- last: a register reading the columns above never walks a long text's overflow pages
    text TEXT
) STRICT;
CREATE INDEX sources_url ON sources(url);
CREATE INDEX sources_sha256 ON sources(sha256);
CREATE TABLE snippets (
    id TEXT PRIMARY KEY,
    source_id TEXT REFERENCES sources(id),
    text TEXT NOT NULL, location TEXT, start INTEGER, end INTEGER,
    credibility INTEGER CHECK (credibility BETWEEN 1 AND 6),
    date TEXT, notes TEXT, captured TEXT
) STRICT;
CREATE INDEX snippets_source ON snippets(source_id);
CREATE TABLE snippet_entities (
    snippet_id TEXT NOT NULL REFERENCES snippets(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    entity_id TEXT NOT NULL REFERENCES entities(id),
    PRIMARY KEY (snippet_id, entity_id)
) STRICT;
CREATE INDEX snippet_entities_entity ON snippet_entities(entity_id);
CREATE TABLE snippet_tags (
    snippet_id TEXT NOT NULL REFERENCES snippets(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, tag TEXT NOT NULL,
    PRIMARY KEY (snippet_id, tag)
) STRICT;
CREATE TABLE relationships (
    id TEXT PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES entities(id),
    target_id TEXT NOT NULL REFERENCES entities(id),
    type TEXT NOT NULL, start TEXT, end TEXT, notes TEXT
) STRICT;
CREATE INDEX relationships_source ON relationships(source_id);
CREATE INDEX relationships_target ON relationships(target_id);
CREATE TABLE relationship_evidence (
    relationship_id TEXT NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    snippet_id TEXT NOT NULL REFERENCES snippets(id),
    PRIMARY KEY (relationship_id, snippet_id)
) STRICT;
CREATE INDEX relationship_evidence_snippet ON relationship_evidence(snippet_id);
CREATE TABLE claims (
    id TEXT PRIMARY KEY, statement TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('unverified','supported','disputed','refuted')),
    likelihood TEXT CHECK (likelihood IN ('almost no chance','very unlikely','unlikely',
        'roughly even chance','likely','very likely','almost certain')),
    claimant TEXT, notes TEXT
) STRICT;
CREATE TABLE claim_subjects (
    claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    entity_id TEXT NOT NULL REFERENCES entities(id),
    PRIMARY KEY (claim_id, entity_id)
) STRICT;
CREATE INDEX claim_subjects_entity ON claim_subjects(entity_id);
CREATE TABLE claim_tags (
    claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, tag TEXT NOT NULL,
    PRIMARY KEY (claim_id, tag)
) STRICT;
CREATE TABLE evidence (
    claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    snippet_id TEXT NOT NULL REFERENCES snippets(id),
    stance TEXT NOT NULL CHECK (stance IN ('supports','refutes','context')),
    note TEXT,
    PRIMARY KEY (claim_id, snippet_id)
) STRICT;
CREATE INDEX evidence_snippet ON evidence(snippet_id);
CREATE TABLE history (
    seq INTEGER PRIMARY KEY, time TEXT NOT NULL, action TEXT NOT NULL,
    kind TEXT NOT NULL, object_id TEXT NOT NULL, before TEXT, after TEXT
) STRICT;
CREATE TRIGGER history_append_only_update BEFORE UPDATE ON history
BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;
CREATE TRIGGER history_append_only_delete BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;
"""

SEARCH = """
CREATE TABLE search_docs (
    docid INTEGER PRIMARY KEY, kind TEXT NOT NULL, object_id TEXT NOT NULL,
    UNIQUE (kind, object_id)
) STRICT;
CREATE VIRTUAL TABLE search_index USING fts5(
    title, body, tokenize = 'unicode61 remove_diacritics 2'
);
"""

LAYOUT = """
CREATE TABLE entity_positions (
    entity_id TEXT PRIMARY KEY REFERENCES entities(id) ON DELETE CASCADE,
    x REAL NOT NULL, y REAL NOT NULL
) STRICT;
CREATE INDEX history_object ON history(object_id);
"""

CLAIM_LAYOUT = """
CREATE TABLE claim_positions (
    claim_id TEXT PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
    x REAL NOT NULL, y REAL NOT NULL
) STRICT;
"""

OCR = """
CREATE TABLE ocr_layers (
    sha256 TEXT PRIMARY KEY, data BLOB NOT NULL
) STRICT;
"""

NARRATIVE = """
CREATE TABLE sections (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL, position INTEGER NOT NULL
) STRICT;
CREATE TABLE section_citations (
    section_id TEXT NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, key TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('snippet','claim','entity','source')),
    target TEXT NOT NULL, status TEXT,
    PRIMARY KEY (section_id, key)
) STRICT;
"""
"""The assessment narrative: a cited record may be deleted (the citation is then a gap the
analyst sees), so ``target`` is deliberately not a foreign key."""
LEAN = """
DROP TABLE search_index;
CREATE VIRTUAL TABLE search_index USING fts5(
    title, body, tokenize = 'unicode61 remove_diacritics 2',
    content = '', prefix = '1 2'
);
CREATE TABLE history_added (
    seq INTEGER NOT NULL REFERENCES history(seq),
    kind TEXT NOT NULL, object_id TEXT NOT NULL,
    PRIMARY KEY (object_id, kind, seq)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER history_added_append_only_update BEFORE UPDATE ON history_added
BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;
CREATE TRIGGER history_added_append_only_delete BEFORE DELETE ON history_added
BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;
"""
"""Lean storage (issue 13): the full-text index keeps no copy of the texts (contentless: search
reads the records for titles and fragments; an entry is removed with the words of the record
it was made from, ``search.index_records``), so SQLite 3.40 opens it too, and it has a prefix
index for one- and two-letter prefixes typed as you search; an import logs one history entry naming its
package and SHA-256, with the ids it added in ``history_added`` (their after images are
the records' next before images or their rows: ``storage.history``)."""


@dataclass(frozen=True)
class Migration:
    """One named, ordered step of the schema."""

    name: str
    run: Callable[[sqlite3.Connection], None]


def _script(sql: str) -> Callable[[sqlite3.Connection], None]:
    def run(conn: sqlite3.Connection) -> None:
        for statement in _statements(sql):
            conn.execute(statement)

    return run


def _statements(sql: str) -> list[str]:
    """Split a script into statements (keeps trigger bodies whole)."""
    out: list[str] = []
    buffer = ""
    for line in sql.strip().splitlines():
        buffer += line + "\n"
        if sqlite3.complete_statement(buffer):
            out.append(buffer.strip())
            buffer = ""
    return out


def _index_existing(conn: sqlite3.Connection) -> None:
    """Fill the new search index from the rows already in the case."""
    from casefile.storage import search

    search.rebuild(conn)


def _search_step(conn: sqlite3.Connection) -> None:
    _script(SEARCH)(conn)
    _index_existing(conn)


def _lean_step(conn: sqlite3.Connection) -> None:
    _script(LEAN)(conn)
    _index_existing(conn)


MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_initial", _script(INITIAL)),
    Migration("0002_search", lambda conn: _search_step(conn)),
    Migration("0003_layout", _script(LAYOUT)),
    Migration("0004_claim_layout", _script(CLAIM_LAYOUT)),
    Migration("0005_ocr", _script(OCR)),
    Migration("0006_narrative", _script(NARRATIVE)),
    Migration("0007_lean", lambda conn: _lean_step(conn)),
)
SCHEMA_VERSION = len(MIGRATIONS)


def run_migrations(conn: sqlite3.Connection) -> None:
    """Run the pending migrations, each in its own transaction with the version bump."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            migration.run(conn)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            faults.rollback(conn)  # SQLite may have rolled back already (a full disk)
            raise


def expected_objects(version: int) -> set[tuple[str, str]]:
    """The (type, name) of every schema object casefile creates up to ``version``.

    Anything else found in a file (a trigger or view someone added) makes it untrusted.
    """
    return set(expected_definitions(version))


@functools.lru_cache(maxsize=8)
def expected_definitions(version: int) -> dict[tuple[str, str], str | None]:
    """The definition (SQL, whitespace folded) of every object casefile creates up to ``version``.

    A file whose objects carry other definitions under the same names (a CHECK or an index
    expression calling a function, a rewritten trigger) is not casefile's and is refused.
    """
    conn = sqlite3.connect(":memory:")
    try:
        for migration in MIGRATIONS[:version]:
            for statement in _statements(_SQL_OF.get(migration.name, "")):
                conn.execute(statement)
        rows = conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
        return {(str(t), str(n)): normal_sql(sql) for t, n, sql in rows}
    finally:
        conn.close()


def search_index_sql() -> str:
    """The definition of today's full-text index (for scratch copies of it)."""
    return next(s for s in _statements(LEAN) if s.startswith("CREATE VIRTUAL TABLE")).rstrip(";")


def normal_sql(sql: object) -> str | None:
    """A schema object's SQL with runs of whitespace folded, for comparing definitions."""
    return " ".join(str(sql).split()) if sql is not None else None


_SQL_OF = {
    "0001_initial": INITIAL,
    "0002_search": SEARCH,
    "0003_layout": LAYOUT,
    "0004_claim_layout": CLAIM_LAYOUT,
    "0005_ocr": OCR,
    "0006_narrative": NARRATIVE,
    "0007_lean": LEAN,
}
