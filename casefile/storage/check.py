"""Checking a case in depth: integrity, stored originals by hash, offsets, references, index."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from casefile.storage import integrity
from casefile.storage.case import Case
from casefile.storage.engine import sqlite3
from casefile.storage.index_check import index_problems
from casefile.storage.record_check import rule_problems

_BLOCK = 1 << 20
_MAX_LISTED = 50


@dataclass(frozen=True)
class OriginalProblem:
    """A source whose stored original is missing or no longer matches its SHA-256."""

    source_id: str
    title: str
    message: str

    def __str__(self) -> str:
        return self.message


def check_case(case: Case) -> list[str]:
    """Every problem found, one line each; an empty list means the case is sound."""
    with case.lock:
        problems = integrity_problems(case.conn)
        if problems:
            return problems  # a damaged file: the record checks below would only add noise
        problems += sound_problems(case, originals=True)
        damaged = index_problems(case)
        if damaged:
            case.distrust_index()
        problems += damaged
    return problems


def sound_problems(case: Case, originals: bool = False) -> list[str]:
    """The record checks of ``check_case``: rules, references, offsets (and originals).

    What ``export``, ``brief`` and ``add`` run before they trust a case; SQLite's own page
    check runs when a case is opened, and hashing every original only where it is read.
    """
    with case.lock:
        problems = rule_problems(case)
        problems += reference_problems(case.conn)
        if originals:
            problems += [str(p) for p in verify_originals(case)]
        problems += offset_problems(case)
    return problems


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """SQLite's own full integrity check."""
    rows = integrity.integrity_rows(conn, 20)  # the search index is checked on its own
    return [] if rows == ["ok"] else [f"database damaged: {r}" for r in rows]


_REFERENCES = {
    "aliases": "an alias refers to a missing person or organisation",
    "entity_tags": "a tag refers to a missing person or organisation",
    "snippets": "a snippet refers to a missing source",
    "snippet_entities": "a snippet mentions a missing person or organisation",
    "snippet_tags": "a tag refers to a missing snippet",
    "relationships": "a relationship refers to a missing person or organisation",
    "relationship_evidence": "a relationship's evidence refers to a missing snippet or relationship",
    "claim_subjects": "a claim's subject is a missing person or organisation",
    "claim_tags": "a tag refers to a missing claim",
    "evidence": "an evidence link refers to a missing snippet or claim",
    "entity_positions": "a layout position refers to a missing person or organisation",
}


def reference_problems(conn: sqlite3.Connection) -> list[str]:
    """Dangling references (SQLite's foreign key check, in words)."""
    out: list[str] = []
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check").fetchall():
        what = _REFERENCES.get(str(table), f"{table} refers to a missing {parent}")
        out.append(f"dangling reference: {what} ({table} row {rowid})")
        if len(out) >= _MAX_LISTED:
            break
    return out


def verify_originals(case: Case) -> list[OriginalProblem]:
    """Per source: is its stored original present and does it still hash to its SHA-256?

    The GUI calls this on opening so altered evidence is flagged even when SQLite's own
    checks pass. Originals are read in blocks, so large files need little memory.
    """
    problems: list[OriginalProblem] = []
    with case.lock:
        actual = dict(_original_hashes(case.conn))
        # Only the sources that name a file, found through the sha256 index, and only these
        # columns: reading every source (texts included) took 5.6 s at a million snippets
        # before the window was usable, and a scan of the table without texts 0.13 s.
        # Titles come through the connection's text factory: broken UTF-8 in a damaged
        # file reads as U+FFFD.
        rows = case.conn.execute(
            "SELECT id, title, sha256, size FROM sources WHERE rowid IN "
            "(SELECT rowid FROM sources WHERE sha256 IS NOT NULL) ORDER BY rowid"
        ).fetchall()
        for ident, title, sha256, size in rows:
            problem = _source_problem(ident, title, sha256, size, actual)
            if problem is not None:
                problems.append(problem)
    return problems


def _source_problem(
    ident: str, title: str, sha256: str, size: int | None, actual: dict[str, str | None]
) -> OriginalProblem | None:
    label = " ".join(title.split())[:80]
    if sha256 not in actual:
        if size is None:
            return None  # a package may carry only the extracted text, not the file
        message = f"source '{label}' ({ident}): its stored original is missing"
        return OriginalProblem(ident, title, message)
    found = actual[sha256]
    if found != sha256:
        message = (
            f"source '{label}' ({ident}): the stored original was altered "
            f"(SHA-256 is {found or 'unreadable'}, expected {sha256})"
        )
        return OriginalProblem(ident, title, message)
    return None


def _original_hashes(conn: sqlite3.Connection) -> Iterator[tuple[str, str | None]]:
    """(sha256 it is stored under, sha256 of its bytes now) for every stored original."""
    rows = conn.execute("SELECT rowid, sha256, size FROM originals").fetchall()
    for rowid, key, size in rows:
        digest = hashlib.sha256()
        try:
            length = _hash_original(conn, rowid, digest)
        except sqlite3.Error:
            yield str(key), None
            continue
        yield str(key), digest.hexdigest() if length == size else f"size {length} not {size}"


def _hash_original(conn: sqlite3.Connection, rowid: int, digest: hashlib._Hash) -> int:
    """Feed one stored original to ``digest``; return its length in bytes.

    Read in blocks where the SQLite module has incremental blob I/O (Python's own); the
    SQLCipher module lacks it, so there the original (at most 200 MB) is read whole.
    """
    if hasattr(conn, "blobopen"):
        with conn.blobopen("originals", "data", rowid, readonly=True) as blob:
            length = len(blob)
            while chunk := blob.read(_BLOCK):
                digest.update(chunk)
        return length
    row = conn.execute("SELECT data FROM originals WHERE rowid = ?", (rowid,)).fetchone()
    data = bytes(row[0]) if row is not None and row[0] is not None else b""
    digest.update(data)
    return len(data)


def offset_problems(case: Case) -> list[str]:
    """Snippets whose offsets do not select exactly their text in the source."""
    out: list[str] = []
    rows = case.conn.execute(
        'SELECT id, source_id, start, "end", text FROM snippets WHERE start IS NOT NULL '
        "ORDER BY source_id"
    )
    texts: dict[str, str | None] = {}
    for ident, source_id, start, end, quote in rows:
        text = _source_text(case, source_id, texts)
        if text is None or text[start:end] != quote:
            out.append(
                f"snippet {ident}: its offsets [{start}, {end}) do not select its text "
                "in the source"
            )
        if len(out) >= _MAX_LISTED:
            break
    return out


def _source_text(case: Case, ident: str | None, cache: dict[str, str | None]) -> str | None:
    if ident is None:
        return None
    if ident not in cache:
        cache.clear()  # snippets come grouped by source: keep one text in memory
        row = case.conn.execute("SELECT text FROM sources WHERE id = ?", (ident,)).fetchone()
        cache[ident] = row[0] if row and isinstance(row[0], str) else None
    return cache[ident]
