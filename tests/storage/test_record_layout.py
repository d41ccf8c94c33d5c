"""The case file's tables hold exactly the fields of core/fields.py, and every field of every
kind is written and read back."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from casefile.core import grading
from casefile.core.model import KINDS, Kind, Record
from casefile.storage import create_case, open_case
from casefile.storage import record_layout as layout
from casefile.storage.record_reads import read_many
from casefile.storage.record_writes import write_many
from tests.core.test_fields import full_record


def _columns(conn, table: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def test_storage_columns_are_the_field_spec(tmp_path: Path) -> None:
    """Each kind's table has one column per one-value field of the spec (nothing more),
    each list field its child table, each placed kind its positions table: a field added
    to the spec without its migration (or a column without its field) fails here."""
    with create_case(tmp_path / "layout.casefile", "Layout") as case:
        conn = case.conn
        for kind in KINDS:
            assert _columns(conn, layout.TABLES[kind]) == set(layout.columns(kind)), kind
            for _spec, child in layout.list_fields(kind):
                assert _columns(conn, child.table) == {child.key, "position", *child.columns}
            if kind in layout.POSITIONS:
                table, key = layout.POSITIONS[kind]
                assert _columns(conn, table) == {key, "x", "y"}


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_is_stored_and_read_back(tmp_path: Path, kind: Kind) -> None:
    """A record with every field set is written and read back unchanged, after reopening
    too, and a second write that changes every field replaces them all."""
    path = tmp_path / "fields.casefile"
    first = _storable(full_record(kind), 1)
    changed = dataclasses.replace(_storable(full_record(kind, salt="x"), 2), id=first.id)
    with create_case(path, "Fields") as case:
        _write(case.conn, first)
        assert read_many(case.conn, kind, [first.id]) == {first.id: first}
    with open_case(path) as case:
        assert read_many(case.conn, kind, [first.id]) == {first.id: first}
        _write(case.conn, changed)
        assert read_many(case.conn, kind, [first.id]) == {first.id: changed}


_ALLOWED = {  # the values the schema's CHECK constraints take, by field
    "kind": (*grading.ENTITY_KINDS, *grading.SOURCE_KINDS),
    "reliability": tuple(grading.RELIABILITY),
    "credibility": tuple(grading.CREDIBILITY),
    "status": grading.STATUSES,
    "likelihood": tuple(grading.LIKELIHOOD),
}


def _storable(record: Record, pick: int) -> Record:
    """The record with values the schema accepts where it checks them (not the defaults)."""
    allowed = {"entity": grading.ENTITY_KINDS, "source": grading.SOURCE_KINDS}
    changes = {}
    for name, values in _ALLOWED.items():
        if name in vars(record):
            values = allowed.get(record.KIND, values) if name == "kind" else values
            changes[name] = values[pick]
    return dataclasses.replace(record, **changes)


def _write(conn, record) -> None:  # type: ignore[no-untyped-def]
    conn.execute("PRAGMA foreign_keys = OFF")  # ids point at records this test does not make
    conn.execute("BEGIN")
    write_many(conn, [record])
    conn.execute("COMMIT")


def test_one_field_of_every_record_reads_in_storage_order() -> None:
    """A list of claims' statements (the matrix's chooser) is read without whole records,
    in the order the claims were added, and only for fields held in the record's row."""
    from casefile.core.commands import PutRecords
    from casefile.core.model import Claim
    from casefile.storage.case import memory_case

    with memory_case() as case:
        case.execute(PutRecords("add", [Claim("c2", "Second <b>bold</b>"), Claim("c1", "First")]))
        assert case.store.values("claim", "statement") == {
            "c2": "Second <b>bold</b>",
            "c1": "First",
        }
        with pytest.raises(ValueError):
            case.store.values("claim", "evidence")  # a list: its own table, not the row
