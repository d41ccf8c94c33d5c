"""The gap checks as SQL: each check is one query over the tables and their indexes.

The same findings, in the same order, as ``core.gaps.find_gaps`` over every record of the
case read in storage order; only ids are read (never a quote or a source's text), so a
200,000-snippet case is checked without building a single record.
"""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager, nullcontext

from casefile.core.gaps import CHECKS, Gap
from casefile.core.model import Kind
from casefile.storage.engine import sqlite3

_ANY_EVIDENCE = "EXISTS (SELECT 1 FROM evidence v WHERE v.claim_id = c.id)"
_REFUTED = "EXISTS (SELECT 1 FROM evidence v WHERE v.claim_id = c.id AND v.stance = 'refutes')"
_SUPPORT_SOURCES = (
    "(SELECT count(DISTINCT s.source_id) FROM evidence v JOIN snippets s ON s.id = v.snippet_id "
    "WHERE v.claim_id = c.id AND v.stance = 'supports')"
)
_MENTIONED = (
    "EXISTS (SELECT 1 FROM snippet_entities m WHERE m.entity_id = e.id) "
    "OR EXISTS (SELECT 1 FROM claim_subjects cs WHERE cs.entity_id = e.id) "
    "OR EXISTS (SELECT 1 FROM relationships r WHERE r.source_id = e.id) "
    "OR EXISTS (SELECT 1 FROM relationships r WHERE r.target_id = e.id)"
)

QUERIES: dict[str, tuple[Kind, str]] = {
    "claim-no-evidence": ("claim", f"SELECT c.id FROM claims c WHERE NOT {_ANY_EVIDENCE}"),
    "claim-single-source": ("claim", f"SELECT c.id FROM claims c WHERE {_SUPPORT_SOURCES} = 1"),
    "supported-but-refuted": (
        "claim",
        f"SELECT c.id FROM claims c WHERE c.status = 'supported' AND {_REFUTED}",
    ),
    "refuted-without-refutation": (
        "claim",
        f"SELECT c.id FROM claims c WHERE c.status = 'refuted' AND NOT {_REFUTED}",
    ),
    "source-ungraded": ("source", "SELECT c.id FROM sources c WHERE c.reliability IS NULL"),
    "snippet-ungraded": ("snippet", "SELECT c.id FROM snippets c WHERE c.credibility IS NULL"),
    "snippet-no-source": ("snippet", "SELECT c.id FROM snippets c WHERE c.source_id IS NULL"),
    "snippet-unused": (
        "snippet",
        "SELECT c.id FROM snippets c "
        "WHERE NOT EXISTS (SELECT 1 FROM evidence v WHERE v.snippet_id = c.id)",
    ),
    "entity-unmentioned": (
        "entity",
        f"SELECT e.id FROM entities e WHERE NOT ({_MENTIONED})",
    ),
    "relationship-no-evidence": (
        "relationship",
        "SELECT c.id FROM relationships c WHERE NOT EXISTS "
        "(SELECT 1 FROM relationship_evidence x WHERE x.relationship_id = c.id)",
    ),
}
"""Each check's kind and query; rows come in storage order (``ORDER BY rowid`` is added)."""

_ALIAS = {"entity": "e"}

_COUNTS = {
    # Every snippet but those some evidence link names: no pass over the snippets' pages.
    "snippet-unused": "SELECT (SELECT count(*) FROM snippets) - (SELECT count(DISTINCT v.snippet_id) "
    "FROM evidence v WHERE EXISTS (SELECT 1 FROM snippets s WHERE s.id = v.snippet_id))",
}
"""Counts cheaper than counting a check's rows (the same number)."""
_COUNTS["claim-single-source"] = (  # one pass over the links, not a look-up per claim
    "SELECT count(*) FROM (SELECT 1 FROM evidence v JOIN snippets s ON s.id = v.snippet_id "
    "WHERE v.stance = 'supports' AND EXISTS (SELECT 1 FROM claims c WHERE c.id = v.claim_id) "
    "GROUP BY v.claim_id HAVING count(DISTINCT s.source_id) = 1)"
)


def check_ids(conn: sqlite3.Connection, check: str) -> list[str]:
    """The ids one check finds, in storage order."""
    kind, sql = QUERIES[check]
    return [str(row[0]) for row in conn.execute(f"{sql} ORDER BY {_ALIAS.get(kind, 'c')}.rowid")]


def count(conn: sqlite3.Connection, check: str) -> int:
    """How many records one check finds."""
    sql = _COUNTS.get(check) or f"SELECT count(*) FROM ({QUERIES[check][1]})"
    return int(conn.execute(sql).fetchone()[0])


def page(conn: sqlite3.Connection, check: str, after: int, limit: int) -> list[tuple[int, str]]:
    """The next ``limit`` findings of one check after storage position ``after``, as
    (position, id): the next page starts after the last position (positions are rowids)."""
    kind, sql = QUERIES[check]
    alias = _ALIAS.get(kind, "c")
    select = sql.replace(f"SELECT {alias}.id ", f"SELECT {alias}.rowid, {alias}.id ", 1)
    query = f"{select} AND {alias}.rowid > ? ORDER BY {alias}.rowid LIMIT ?"
    return [(int(row[0]), str(row[1])) for row in conn.execute(query, (after, limit))]


def find_gaps(conn: sqlite3.Connection, lock: threading.RLock | None = None) -> list[Gap]:
    """Every gap of the case, grouped by check in the order of ``CHECKS``.

    With ``lock`` (the case's), each check holds it only for its own query, so a window
    writing meanwhile waits at most one check.
    """
    found: list[Gap] = []
    for check in CHECKS:
        guard: AbstractContextManager[object] = lock if lock is not None else nullcontext()
        with guard:
            idents = check_ids(conn, check)
        kind = QUERIES[check][0]
        found += [Gap(check, kind, ident) for ident in idents]
    return found
