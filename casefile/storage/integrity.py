"""SQLite's integrity check of a case file, without the full-text index's own check."""

from __future__ import annotations

from casefile.storage.engine import sqlite3


def integrity_rows(conn: sqlite3.Connection, limit: int = 5) -> list[str]:
    """``PRAGMA integrity_check`` of the file's pages and tables: ``["ok"]`` or the problems.

    From SQLite 3.44 the check also runs FTS5's check of the full-text index; that index
    is derived from the records and is checked (and reported) on its own by ``casefile
    check``, so its lines are left out here, as SQLite 3.40 left them out.

    A damaged FTS5 structure record makes SQLite report "out of memory" (``SQLITE_NOMEM``,
    a ``MemoryError`` in Python) from that check, ending the whole pragma: then each
    ordinary table (the index's shadow tables included) is checked on its own, which
    covers every b-tree and index but not the accounting of free pages.
    """
    try:
        rows = [str(r[0]) for r in conn.execute(f"PRAGMA integrity_check({limit + 50})")]
    except MemoryError:
        rows = _rows_by_table(conn)
    problems = [r for r in rows if r != "ok" and not r.startswith("fts5:")]
    return problems[:limit] or ["ok"]


def _rows_by_table(conn: sqlite3.Connection) -> list[str]:
    """``integrity_check`` of each ordinary table, without the virtual tables' checks."""
    tables = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
    ).fetchall()
    rows: list[str] = []
    for (name,) in tables:
        quoted = "'" + str(name).replace("'", "''") + "'"
        rows += [str(r[0]) for r in conn.execute(f"PRAGMA integrity_check({quoted})")]
    return rows
