"""Generator of damaged and hostile case files, made from real case files.

``corpus_entries(seed)`` lists more than 1,000 recipes (name, expectation, maker); nothing is
written until ``build(entries, folder)`` runs the makers, so a quick run can build a sample.
Expectation ``refuse`` means every opening must end in a clear refusal; ``any`` means a
refusal or an opening after which reading the case works.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from casefile.core.commands import Composite, Create
from casefile.core.model import Claim, Entity, EvidenceLink, Original, Snippet, Source, new_id
from casefile.storage import create_case, schema, search
from casefile.storage.engine import sqlite3
from casefile.storage.sample import write_sample

Maker = Callable[[Path, Path], None]  # (base case file, target) -> writes target
TRAP = "cf_trap"  # the worker registers this; a call means schema-defined code ran


@dataclass(frozen=True)
class Entry:
    """One corpus file to be: a name, what opening it must do, and how to make it."""

    name: str
    expect: str  # "refuse" or "any"
    base: str  # which real case it is made from
    make: Maker


# --- the real case files the corpus is made from -------------------------------------------


def make_bases(folder: Path) -> dict[str, Path]:
    """Real case files: the sample case, one with stored originals, one small busy one."""
    folder.mkdir(parents=True, exist_ok=True)
    bases = {"sample": folder / "sample.casefile", "originals": folder / "originals.casefile"}
    bases["busy"] = folder / "busy.casefile"
    if not bases["sample"].exists():
        write_sample(bases["sample"])
    if not bases["originals"].exists():
        _case_with_originals(bases["originals"])
    if not bases["busy"].exists():
        _busy_case(bases["busy"])
    return bases


def _case_with_originals(path: Path) -> None:
    rng = random.Random(5)
    with create_case(path, "Originals") as case:
        for size in (10, 5_000, 70_000):
            data = rng.randbytes(size)
            sha = hashlib.sha256(data).hexdigest()
            source = Source(new_id(), f"file {size}", "file", text="alpha bravo " * 50,
                            sha256=sha, size=size, media_type="application/pdf")  # fmt: skip
            case.execute(Create(source, [Original(sha, "application/pdf", data)]))
            snippet = Snippet(new_id(), "alpha bravo", source.id, offset=(0, 11))
            case.execute(Create(snippet))


def _busy_case(path: Path) -> None:
    with create_case(path, "Busy") as case:
        people = [Entity(new_id(), f"Person {i} 稀土", aliases=(f"P{i}",)) for i in range(40)]
        case.execute(Composite("people", [Create(p) for p in people]))
        snips = [Snippet(new_id(), f"quote {i} <b>&amp;</b>", entities=(people[i].id,))
                 for i in range(40)]  # fmt: skip
        case.execute(Composite("snippets", [Create(s) for s in snips]))
        claims = [Claim(new_id(), f"claim {i}", evidence=(EvidenceLink(snips[i].id),))
                  for i in range(20)]  # fmt: skip
        case.execute(Composite("claims", [Create(c) for c in claims]))


# --- byte-level damage ----------------------------------------------------------------------


def _page_size(data: bytes) -> int:
    size = int.from_bytes(data[16:18], "big")
    return 65536 if size == 1 else size or 4096


def bit_flips(seed: int, count: int) -> Maker:
    def make(base: Path, target: Path) -> None:
        rng = random.Random(seed)
        data = bytearray(base.read_bytes())
        header_only = rng.random() < 0.2
        for _ in range(count):
            pos = rng.randrange(100 if header_only else len(data))
            data[pos] ^= 1 << rng.randrange(8)
        target.write_bytes(bytes(data))

    return make


def truncation(seed: int) -> Maker:
    def make(base: Path, target: Path) -> None:
        rng = random.Random(seed)
        data = base.read_bytes()
        page = _page_size(data)
        cut = rng.choice(
            [
                rng.randrange(0, 100),
                rng.randrange(len(data)),
                page * rng.randrange(1, len(data) // page),
            ]
        )
        target.write_bytes(data[:cut])

    return make


def page_damage(seed: int, how: str) -> Maker:
    def make(base: Path, target: Path) -> None:
        rng = random.Random(seed)
        data = bytearray(base.read_bytes())
        page = _page_size(data)
        number = rng.randrange(len(data) // page)
        start = number * page + (100 if number == 0 and rng.random() < 0.5 else 0)
        fill = bytes(page) if how == "zero" else rng.randbytes(page)
        data[start : (number + 1) * page] = fill[: (number + 1) * page - start]
        target.write_bytes(bytes(data))

    return make


def header_field(offset: int, value: int, width: int = 4) -> Maker:
    def make(base: Path, target: Path) -> None:
        data = bytearray(base.read_bytes())
        data[offset : offset + width] = value.to_bytes(width, "big")
        target.write_bytes(bytes(data))

    return make


# --- SQL-level hostility (made with plain sqlite3 on a copy) --------------------------------


def with_sql(*statements: str, writable_schema: bool = False, version: int | None = None) -> Maker:
    def make(base: Path, target: Path) -> None:
        shutil.copyfile(base, target)
        conn = sqlite3.connect(target, isolation_level=None)
        conn.create_function(TRAP, -1, lambda *args: 1, deterministic=True)
        try:
            if writable_schema:
                conn.execute("PRAGMA writable_schema = ON")
            for statement in statements:
                conn.execute(statement)
            if version is not None:
                conn.execute(f"PRAGMA user_version = {version}")
        finally:
            conn.close()

    return make


def redefine(kind: str, name: str, sql: str) -> Maker:
    """Keep an object's name, change its definition (what a name-only check would miss)."""
    quoted = sql.replace("'", "''")
    return with_sql(
        f"UPDATE sqlite_master SET sql = '{quoted}' WHERE type = '{kind}' AND name = '{name}'",
        writable_schema=True,
    )


def rebuilt_with_pragmas(*pragmas: str) -> Maker:
    """The same records in a file with another physical layout (page size, encoding...)."""

    def make(base: Path, target: Path) -> None:
        conn = sqlite3.connect(target, isolation_level=None)
        src = sqlite3.connect(f"{base.resolve().as_uri()}?mode=ro", uri=True)
        try:
            for pragma in pragmas:
                conn.execute(pragma)
            _copy_schema_and_rows(src, conn)
            conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
        finally:
            conn.close()
            src.close()

    return make


def _copy_schema_and_rows(src: sqlite3.Connection, conn: sqlite3.Connection) -> None:
    rows = src.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
        "AND name NOT LIKE 'search_index_%' ORDER BY type = 'table' DESC, rowid"
    ).fetchall()
    conn.execute("BEGIN")
    for kind, name, sql in rows:
        conn.execute(sql)
        if kind == "table" and name != "search_index":
            cursor = src.execute(f"SELECT * FROM {name}")
            marks = ",".join("?" * len(cursor.description))
            conn.executemany(f"INSERT INTO {name} VALUES ({marks})", cursor)
    search.rebuild(conn)  # the index keeps no texts to copy: built from the copied records
    conn.execute("COMMIT")


def oversized_cell(megabytes: int) -> Maker:
    return with_sql(
        f"UPDATE entities SET notes = printf('%.*c', {megabytes * 1_000_000}, 'x') "
        "WHERE rowid = (SELECT min(rowid) FROM entities)",
        f"UPDATE originals SET data = zeroblob({megabytes * 1_000_000}) "
        "WHERE rowid = (SELECT min(rowid) FROM originals)",
    )


def other_application(app_id: int, tables: str) -> Maker:
    def make(base: Path, target: Path) -> None:
        conn = sqlite3.connect(target, isolation_level=None)
        try:
            conn.executescript(tables)
            conn.execute(f"PRAGMA application_id = {app_id}")
        finally:
            conn.close()

    return make


def raw_bytes(data: bytes) -> Maker:
    def make(base: Path, target: Path) -> None:
        target.write_bytes(data)

    return make


def special(kind: str) -> Maker:
    def make(base: Path, target: Path) -> None:
        if kind == "fifo":
            os.mkfifo(target)
        elif kind == "folder":
            target.mkdir()
        elif kind == "symlink_zero":
            target.symlink_to("/dev/zero")
        elif kind == "dangling_symlink":
            target.symlink_to(target.with_name("nowhere.casefile"))

    return make


# --- the recipes ----------------------------------------------------------------------------

_TRAP_CALL = f"{TRAP}('x')"
_HOSTILE_SQL: list[tuple[str, Maker]] = [
    ("trigger_calls_function", with_sql(
        f"CREATE TRIGGER evil AFTER INSERT ON entities BEGIN SELECT {_TRAP_CALL}; END")),
    ("trigger_load_extension", with_sql(
        "CREATE TRIGGER evil2 BEFORE UPDATE ON claims BEGIN SELECT load_extension('/tmp/x'); END")),
    ("temp_trigger_name", with_sql(
        f"CREATE TRIGGER zz AFTER DELETE ON snippets BEGIN SELECT {_TRAP_CALL}; END")),
    ("view_calls_function", with_sql(f"CREATE VIEW leak AS SELECT {_TRAP_CALL} AS x")),
    ("view_shadowing_name", with_sql("CREATE VIEW entity_view AS SELECT * FROM entities")),
    ("extra_table", with_sql("CREATE TABLE payload (x BLOB)")),
    ("extra_index", with_sql(f"CREATE INDEX evil_idx ON entities({TRAP}(name))")),
    ("analyze_stats", with_sql("ANALYZE")),
    ("redefined_history_trigger", redefine(
        "trigger", "history_append_only_update",
        f"CREATE TRIGGER history_append_only_update BEFORE UPDATE ON history "
        f"BEGIN SELECT {_TRAP_CALL}; END")),
    ("redefined_index_expression", redefine(
        "index", "sources_url", f"CREATE INDEX sources_url ON sources({TRAP}(url))")),
    ("redefined_table_check", redefine(
        "table", "case_info",
        "CREATE TABLE case_info (id TEXT PRIMARY KEY CHECK (id = 'case'), title TEXT NOT NULL "
        f"CHECK ({TRAP}(title)), reference TEXT, summary TEXT, marking TEXT) STRICT")),
    ("redefined_table_default", redefine(
        "table", "entity_tags",
        "CREATE TABLE entity_tags (entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE "
        f"CASCADE, position INTEGER NOT NULL DEFAULT ({TRAP}(1)), tag TEXT NOT NULL, "
        "PRIMARY KEY (entity_id, tag)) STRICT")),
    ("missing_table", with_sql("DROP TABLE entity_positions")),
    ("missing_trigger", with_sql("DROP TRIGGER history_append_only_delete")),
]  # fmt: skip

_OTHER_APPS: list[tuple[str, Maker]] = [
    ("plain_sqlite", other_application(0, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);")),
    ("geopackage", other_application(0x47504B47, "CREATE TABLE gpkg_contents (table_name TEXT);")),
    ("fossil", other_application(0x0F055112, "CREATE TABLE blob (rid INTEGER PRIMARY KEY);")),
    ("browser_history", other_application(
        0, "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT); "
           "CREATE TRIGGER t AFTER INSERT ON moz_places BEGIN SELECT 1; END;")),
    ("spoofed_app_id_empty", other_application(schema.APPLICATION_ID, "")),
    ("spoofed_app_id_tables", other_application(
        schema.APPLICATION_ID, f"CREATE TABLE entities (x); PRAGMA user_version = {schema.SCHEMA_VERSION};")),
]  # fmt: skip

_NOT_SQLITE: list[tuple[str, Maker]] = [
    ("empty", raw_bytes(b"")),
    ("text", raw_bytes(b"this is not a case file\n" * 100)),
    ("zip", raw_bytes(b"PK\x03\x04" + bytes(200))),
    ("pdf", raw_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(500))),
    ("json_package", raw_bytes(b'{"format": "casefile-package", "version": 1}')),
    ("header_only", raw_bytes(b"SQLite format 3\x00")),
    ("header_then_garbage", raw_bytes(b"SQLite format 3\x00" + random.Random(1).randbytes(5000))),
    ("utf16_text", raw_bytes("SQLite format 3".encode("utf-16"))),
    ("fifo", special("fifo")),
    ("folder", special("folder")),
    ("symlink_to_dev_zero", special("symlink_zero")),
    ("dangling_symlink", special("dangling_symlink")),
]

_PRAGMAS: list[tuple[str, Maker]] = [
    ("page_512", rebuilt_with_pragmas("PRAGMA page_size = 512")),
    ("page_65536", rebuilt_with_pragmas("PRAGMA page_size = 65536")),
    ("utf16le", rebuilt_with_pragmas("PRAGMA encoding = 'UTF-16le'")),
    ("utf16be", rebuilt_with_pragmas("PRAGMA encoding = 'UTF-16be'")),
    ("auto_vacuum_full", rebuilt_with_pragmas("PRAGMA auto_vacuum = FULL")),
    ("auto_vacuum_incremental", rebuilt_with_pragmas("PRAGMA auto_vacuum = INCREMENTAL")),
    ("wal_header", rebuilt_with_pragmas("PRAGMA journal_mode = WAL")),
    ("legacy_format", rebuilt_with_pragmas("PRAGMA legacy_file_format = ON")),
    ("reserved_bytes", header_field(20, 32, 1)),
    ("schema_format_4", header_field(44, 4)),
    ("huge_cache_hint", header_field(48, 2**31 - 1)),
    ("bad_page_count", header_field(28, 2**31 - 1)),
    ("bad_freelist", header_field(36, 2**31 - 1)),
    ("text_encoding_bogus", header_field(56, 7)),
]


def corpus_entries(seed: int = 1) -> list[Entry]:
    """All recipes: > 1,000, deterministic for a seed."""
    rng = random.Random(seed)
    bases = ("sample", "originals", "busy")
    out: list[Entry] = []
    for i in range(480):
        out.append(
            Entry(
                f"bitflip_{i}",
                "any",
                bases[i % 3],
                bit_flips(rng.randrange(2**32), rng.choice((1, 2, 8, 64))),
            )
        )
    for i in range(150):
        out.append(Entry(f"truncated_{i}", "any", bases[i % 3], truncation(rng.randrange(2**32))))
    for i in range(150):
        out.append(
            Entry(
                f"zeroed_page_{i}", "any", bases[i % 3], page_damage(rng.randrange(2**32), "zero")
            )
        )
    for i in range(120):
        out.append(
            Entry(
                f"garbage_page_{i}",
                "any",
                bases[i % 3],
                page_damage(rng.randrange(2**32), "random"),
            )
        )
    for i, app_id in enumerate(
        (0, 1, schema.APPLICATION_ID + 1, 0x7FFFFFFF, 0x47504B47, 0xFFFFFFFF)
    ):
        out.append(Entry(f"app_id_{i}", "refuse", bases[i % 3], header_field(68, app_id)))
    for i, version in enumerate(
        (schema.SCHEMA_VERSION + 1, schema.SCHEMA_VERSION + 7, 2**31 - 1, 2**32 - 1)
    ):
        out.append(Entry(f"future_version_{i}", "refuse", bases[i % 3], header_field(60, version)))
        out.append(
            Entry(f"future_pragma_{i}", "refuse", bases[i % 3], with_sql(version=version % 2**31))
        )
    for base in bases:
        out += [Entry(f"{name}_{base}", "refuse", base, make) for name, make in _HOSTILE_SQL]
        out += [Entry(f"pragma_{name}_{base}", "any", base, make) for name, make in _PRAGMAS]
        out += [
            Entry(f"oversized_{mb}mb_{base}", "any", base, oversized_cell(mb)) for mb in (2, 20)
        ]
    out += [Entry(f"other_app_{name}", "refuse", "sample", make) for name, make in _OTHER_APPS]
    out += [Entry(f"not_sqlite_{name}", "refuse", "sample", make) for name, make in _NOT_SQLITE]
    return out  # fmt: skip


def build(entries: list[Entry], folder: Path, bases: dict[str, Path]) -> list[tuple[Entry, Path]]:
    """Write the corpus files for ``entries`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    built = []
    for entry in entries:
        target = folder / f"{entry.name}.casefile"
        entry.make(bases[entry.base], target)
        built.append((entry, target))
    return built
