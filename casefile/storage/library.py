"""The cross-case library: one index of names, aliases, identifiers and snippet text.

The user points casefile at folders of case files; the index lives in its own SQLite file
in the user data folder (``library.sqlite``), never beside or inside the cases, which are
only ever opened read-only. A case that cannot be opened (damaged, locked, not a case) is
listed as unreadable with the reason, never skipped in silence. Names meet across scripts
and spellings through ``core.names`` (blocking keys, rapidfuzz scores); snippet text is
searched as in a case (folded, CJK as bigrams).
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from casefile.core import searchtext
from casefile.core.dates import utc_now
from casefile.core.errors import CaseError
from casefile.core.model import Entity, Snippet
from casefile.core.names import NameKey, blocking_keys, name_key, score

SUFFIX = ".casefile"
NAME_THRESHOLD = 85.0
_SCHEMA = """
CREATE TABLE IF NOT EXISTS folders (path TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS cases (
    path TEXT PRIMARY KEY, title TEXT, reference TEXT, status TEXT NOT NULL,
    problem TEXT, mtime REAL, size INTEGER, indexed TEXT
);
CREATE TABLE IF NOT EXISTS names (
    id INTEGER PRIMARY KEY, case_path TEXT NOT NULL, entity_id TEXT NOT NULL,
    entity_name TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL, is_alias INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS names_entity ON names (case_path, entity_id);
CREATE TABLE IF NOT EXISTS blocks (key TEXT NOT NULL, name_id INTEGER NOT NULL,
                                   case_path TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS blocks_key ON blocks (key);
CREATE INDEX IF NOT EXISTS blocks_case ON blocks (case_path);
CREATE TABLE IF NOT EXISTS identifiers (case_path TEXT NOT NULL, entity_id TEXT NOT NULL,
                                        label TEXT NOT NULL, value TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS identifiers_value ON identifiers (value);
CREATE VIRTUAL TABLE IF NOT EXISTS texts USING fts5(
    case_path UNINDEXED, snippet_id UNINDEXED, body,
    tokenize = 'unicode61 remove_diacritics 2'
);
"""
_IDENTIFIER = re.compile(
    r"^\s*(id number|passport number|registration number|tax number|inn code|ogrn code|"
    r"lei code|vat number|company number|imo number)\s*:\s*(.+?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)


class LibraryError(CaseError):
    """The library index cannot be used."""


@dataclass(frozen=True)
class CaseStatus:
    """A case file the library knows: readable (``ok``) or not, and why."""

    path: str
    title: str | None
    status: str  # "ok", "unreadable" or "stale" (unreadable now, index kept from before)
    problem: str | None
    indexed: str | None


@dataclass(frozen=True)
class Hit:
    """A person or organisation in a case of the library that a name or text meets."""

    case_path: str
    case_title: str
    entity_id: str | None
    entity_name: str | None
    score: float
    why: str


def default_path() -> Path:
    """Where the library index lives: the user data folder, never beside a case."""
    return platformdirs.user_data_path("casefile", appauthor=False) / "library.sqlite"


def _identifier(value: str) -> str:
    return re.sub(r"[\s\-./]", "", value).casefold()


class Library:
    """The index; use as a context manager."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None)
            self.conn.executescript(_SCHEMA)
        except sqlite3.Error as err:
            raise LibraryError(f"The library index {self.path} cannot be used ({err}).") from None

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.conn.close()

    # --- folders and cases -----------------------------------------------------------

    def add_folders(self, folders: Iterable[Path]) -> list[CaseStatus]:
        """Remember folders (must exist) and index the cases in them."""
        resolved = []
        for folder in folders:
            if not folder.is_dir():
                raise LibraryError(f"{folder} is not a folder.")
            resolved.append(str(folder.resolve()))
        self.conn.executemany("INSERT OR IGNORE INTO folders VALUES (?)", [(f,) for f in resolved])
        return self.update()

    def folders(self) -> list[str]:
        return [str(r[0]) for r in self.conn.execute("SELECT path FROM folders ORDER BY path")]

    def update(self, skip: Iterable[Path] = ()) -> list[CaseStatus]:
        """Index new and changed cases, forget removed ones; return every case's status.

        ``skip``: cases open in this process (their earlier index is kept as it is).
        """
        skipped = {str(p.resolve()) for p in skip}
        found = {str(p) for p in self._case_files()}
        known = {
            str(r[0]): (r[1], r[2])
            for r in self.conn.execute("SELECT path, mtime, size FROM cases")
        }
        for gone in set(known) - found:
            self._forget(gone)
        for path in sorted(found):
            stat = os.stat(path)
            if path not in skipped and known.get(path) != (stat.st_mtime, stat.st_size):
                self.index_case(Path(path))
        return self.cases()

    def _case_files(self) -> Iterator[Path]:
        for folder in self.folders():
            root = Path(folder)
            if root.is_dir():
                yield from (p.resolve() for p in sorted(root.rglob("*" + SUFFIX)) if p.is_file())

    def cases(self) -> list[CaseStatus]:
        rows = self.conn.execute(
            "SELECT path, title, status, problem, indexed FROM cases ORDER BY path"
        )
        return [CaseStatus(*row) for row in rows]

    def index_case(self, path: Path) -> CaseStatus:
        """(Re)index one case, opened read-only; a case that cannot be read is listed so."""
        from casefile.storage import open_case

        key = str(path.resolve())
        stat = path.stat()
        try:
            with open_case(path, read_only=True) as case:
                info = case.info()
                entities = [e for e in case.store.all("entity") if isinstance(e, Entity)]
                snippets = [s for s in case.store.all("snippet") if isinstance(s, Snippet)]
        except (CaseError, sqlite3.Error, OSError) as err:
            return self._unreadable(key, stat, str(err) or type(err).__name__)
        with self._transaction():
            self._delete(key)
            self.conn.execute(
                "INSERT OR REPLACE INTO cases VALUES (?,?,?,?,?,?,?,?)",
                (
                    key,
                    info.title,
                    info.reference,
                    "ok",
                    None,
                    stat.st_mtime,
                    stat.st_size,
                    utc_now(),
                ),
            )
            self._put_entities(key, entities)
            self.conn.executemany(
                "INSERT INTO texts (case_path, snippet_id, body) VALUES (?,?,?)",
                [(key, s.id, searchtext.index_text(s.text)) for s in snippets],
            )
        return CaseStatus(key, info.title, "ok", None, utc_now())

    def _put_entities(self, key: str, entities: list[Entity]) -> None:
        for entity in entities:
            for position, text in enumerate((entity.name, *entity.aliases)):
                cursor = self.conn.execute(
                    "INSERT INTO names (case_path, entity_id, entity_name, kind, text, is_alias) "
                    "VALUES (?,?,?,?,?,?)",
                    (key, entity.id, entity.name, entity.kind, text, int(position > 0)),
                )
                found = name_key(text)
                if found is not None:
                    self.conn.executemany(
                        "INSERT INTO blocks VALUES (?,?,?)",
                        [(b, cursor.lastrowid, key) for b in blocking_keys(found)],
                    )
            for note in (entity.notes, entity.description):
                for label, value in _IDENTIFIER.findall(note or ""):
                    self.conn.execute(
                        "INSERT INTO identifiers VALUES (?,?,?,?)",
                        (key, entity.id, label, _identifier(value)),
                    )

    def _unreadable(self, key: str, stat: os.stat_result, problem: str) -> CaseStatus:
        row = self.conn.execute("SELECT status FROM cases WHERE path = ?", (key,)).fetchone()
        status = "stale" if row is not None and row[0] in ("ok", "stale") else "unreadable"
        with self._transaction():
            if status == "unreadable":
                self._delete(key)
            self.conn.execute(
                "INSERT OR REPLACE INTO cases (path, title, reference, status, problem, mtime, "
                "size, indexed) SELECT ?, title, reference, ?, ?, ?, ?, indexed FROM "
                "(SELECT 1) LEFT JOIN cases ON path = ?",
                (key, status, problem, stat.st_mtime, stat.st_size, key),
            )
        return CaseStatus(key, None, status, problem, None)

    def _forget(self, key: str) -> None:
        with self._transaction():
            self._delete(key)
            self.conn.execute("DELETE FROM cases WHERE path = ?", (key,))

    def _delete(self, key: str) -> None:
        for table in ("names", "blocks", "identifiers", "texts"):
            self.conn.execute(f"DELETE FROM {table} WHERE case_path = ?", (key,))

    def _transaction(self) -> _Transaction:
        return _Transaction(self.conn)

    # --- searching -------------------------------------------------------------------

    def search(self, text: str, exclude_case: str | None = None, limit: int = 50) -> list[Hit]:
        """People and organisations whose name, alias or identifier meets ``text``, and
        snippets that contain it, across every readable case."""
        hits = self._names([text], exclude_case)
        hits += self._identifiers(text, exclude_case)
        hits += self._texts(text, exclude_case, limit)
        return _ranked(hits)[:limit]

    def where(self, case_path: Path, entity_id: str) -> list[Hit]:
        """The other cases in which this case's person or organisation (or a close variant
        of a name) appears; the case is read from the index, or opened read-only."""
        key = str(case_path.resolve())
        rows = self.conn.execute(
            "SELECT text FROM names WHERE case_path = ? AND entity_id = ? ORDER BY is_alias, id",
            (key, entity_id),
        ).fetchall()
        texts = [str(r[0]) for r in rows] or self._names_from_case(case_path, entity_id)
        return self.others(texts, case_path)

    def others(self, names: list[str], case_path: Path | None) -> list[Hit]:
        """Where these names (an entity's name and aliases) appear, outside ``case_path``."""
        exclude = str(case_path.resolve()) if case_path is not None else None
        return _ranked(self._names(names, exclude))

    def _names_from_case(self, path: Path, entity_id: str) -> list[str]:
        from casefile.storage import open_case

        with open_case(path, read_only=True) as case:
            entity = case.get("entity", entity_id)
        if not isinstance(entity, Entity):
            raise LibraryError(f"There is no person or organisation {entity_id} in {path.name}.")
        return [entity.name, *entity.aliases]

    def _names(self, texts: list[str], exclude_case: str | None) -> list[Hit]:
        keys = [(t, k) for t in texts for k in [name_key(t)] if k is not None]
        blocks = sorted({b for _, k in keys for b in blocking_keys(k)})
        if not blocks:
            return []
        ids: set[int] = set()
        for start in range(0, len(blocks), 500):
            chunk = blocks[start : start + 500]
            marks = ",".join("?" * len(chunk))
            ids.update(
                int(r[0])
                for r in self.conn.execute(
                    f"SELECT name_id FROM blocks WHERE key IN ({marks})", chunk
                )
            )
        return [
            hit
            for row in self._name_rows(sorted(ids))
            for hit in _name_hit(row, keys, exclude_case)
        ]

    def _name_rows(self, ids: list[int]) -> Iterator[tuple[str, ...]]:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            yield from self.conn.execute(
                "SELECT n.case_path, c.title, n.entity_id, n.entity_name, n.text, n.is_alias "
                f"FROM names n JOIN cases c ON c.path = n.case_path WHERE n.id IN ({marks})",
                chunk,
            )

    def _identifiers(self, text: str, exclude_case: str | None) -> list[Hit]:
        value = _identifier(text)
        if len(value) < 4:
            return []
        rows = self.conn.execute(
            "SELECT i.case_path, c.title, i.entity_id, n.entity_name, i.label FROM identifiers i "
            "JOIN cases c ON c.path = i.case_path JOIN names n ON n.case_path = i.case_path "
            "AND n.entity_id = i.entity_id AND n.is_alias = 0 WHERE i.value = ?",
            (value,),
        )
        return [
            Hit(r[0], r[1], r[2], r[3], 100.0, f"{r[4]} {text.strip()}")
            for r in rows
            if r[0] != exclude_case
        ]

    def _texts(self, text: str, exclude_case: str | None, limit: int) -> list[Hit]:
        terms, any_or = searchtext.parse_query(text)
        expression = searchtext.fts_expression(terms, any_or)
        if expression is None:
            return []
        rows = self.conn.execute(
            "SELECT t.case_path, c.title, count(*) FROM texts t JOIN cases c ON c.path = t.case_path "
            "WHERE texts MATCH ? GROUP BY t.case_path ORDER BY count(*) DESC LIMIT ?",
            (expression, limit),
        )
        return [
            Hit(
                r[0],
                r[1],
                None,
                None,
                50.0,
                f"text found in {r[2]} snippet{'s' if r[2] != 1 else ''}",
            )
            for r in rows
            if r[0] != exclude_case
        ]


def _name_hit(
    row: tuple[str, ...], keys: list[tuple[str, NameKey]], exclude_case: str | None
) -> list[Hit]:
    case_path, title, entity_id, entity_name, text, is_alias = row
    if case_path == exclude_case:
        return []
    theirs = name_key(text)
    if theirs is None:
        return []
    best = max(((score(k, theirs), t) for t, k in keys), default=(0.0, ""))
    if best[0] < NAME_THRESHOLD:
        return []
    what = "alias" if is_alias else "name"
    how = "same name" if best[0] == 100 else f"{best[0]:.0f}% alike"
    return [
        Hit(
            case_path,
            title,
            entity_id,
            entity_name,
            best[0],
            f"{what} “{text}” ({how} “{best[1]}”)",
        )
    ]


def _ranked(hits: list[Hit]) -> list[Hit]:
    best: dict[tuple[str, str | None], Hit] = {}
    for hit in hits:
        key = (hit.case_path, hit.entity_id)
        if key not in best or hit.score > best[key].score:
            best[key] = hit
    return sorted(best.values(), key=lambda h: (-h.score, h.case_title, h.entity_name or ""))


class _Transaction:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> None:
        self.conn.execute("BEGIN")

    def __exit__(self, kind: object, *exc: object) -> None:
        self.conn.execute("ROLLBACK" if kind is not None else "COMMIT")
