"""Property: whatever check passes, export writes and import accepts, byte-identical again."""

from __future__ import annotations

import contextlib
import io
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casefile.storage.case import memory_case
from casefile.storage.check import check_case, sound_problems
from casefile.storage.engine import sqlite3
from casefile.storage.package import PackageError, dump_package, import_package, parse_package
from tests.storage.integrity_machine import packages

DAMAGE = (
    "UPDATE snippets SET date = '2025-13-45'",
    "UPDATE snippets SET date = '2025-02'",
    "UPDATE relationships SET start = 'yesterday'",
    "UPDATE sources SET pages = '{\"a\":1}'",
    "UPDATE sources SET pages = '[0, 3]' WHERE text IS NOT NULL",
    "UPDATE sources SET retrieved = '2025-04-17T09:30:00+02:00'",
    "UPDATE entity_positions SET x = 9e999",
    "INSERT INTO entity_positions (entity_id, x, y) SELECT id, 1.5, -2 FROM entities",
    'UPDATE snippets SET "end" = "end" + 1',
    "UPDATE sources SET text = text || '.'",
)


def _export(case: Any) -> str:
    out = io.StringIO()
    dump_package(case, out)
    return out.getvalue()


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(package=packages(), damage=st.lists(st.sampled_from(DAMAGE), max_size=2, unique=True))
def test_what_check_passes_exports_and_imports_byte_identical(
    package: dict[str, Any], damage: list[str]
) -> None:
    """A case passing check exports a package import accepts, and exports the same bytes."""
    with memory_case() as case:
        try:
            import_package(case, parse_package(json.dumps(package).encode()))
        except PackageError:
            return
        for sql in damage:
            with contextlib.suppress(sqlite3.DatabaseError):  # the schema refuses it
                case.conn.execute(sql)
        problems = [p for p in check_case(case) if not p.startswith("search index")]
        if problems:  # a stale search index alone does not make an export wrong
            assert sound_problems(case, originals=True), "export would not stop on this case"
            return
        first = _export(case)
    with memory_case() as again:
        import_package(again, parse_package(first.encode()))
        assert check_case(again) == []
        assert _export(again) == first
