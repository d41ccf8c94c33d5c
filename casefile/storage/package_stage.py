"""Where a package's records wait between reading and importing: a scratch SQLite file.

A package can be larger than memory, so its records are not kept in Python lists: each
checked record is written, as it is read, into a scratch database of its own in the temporary
folder (never into the case, which a refused or previewed import leaves byte for byte as it
was). Planning and importing then read the records back a batch at a time, in package order
per kind, and ask which ids the package holds without holding them. The file is removed when
the package is closed (or collected).
"""

from __future__ import annotations

import functools
import os
import pickle
import tempfile
import threading
import weakref
from collections.abc import Iterator, Sequence
from pathlib import Path

from casefile.core.model import Kind, Original, Record
from casefile.core.package_merge import ORDER, Incoming
from casefile.storage.cipher import apply_throwaway_key
from casefile.storage.engine import ENCRYPTION, sqlite3

BATCH = 500


class Staging:
    """The checked records (with the fields each gives) and the files of one package."""

    def __init__(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="casefile-package-")
        path = os.path.join(self.folder, "staged.db")
        self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        if ENCRYPTION:  # a package for an encrypted case must not lie in clear in the temp folder
            apply_throwaway_key(self.conn)
        for pragma in (
            "journal_mode = OFF",
            "synchronous = OFF",
            "temp_store = MEMORY" if ENCRYPTION else "temp_store = FILE",
            "cache_size = -8000",
            "locking_mode = EXCLUSIVE",
        ):
            self.conn.execute(f"PRAGMA {pragma}")
        self.conn.execute("BEGIN")
        for kind in ORDER:
            self.conn.execute(
                f"CREATE TABLE {kind} (n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, "
                "given BLOB NOT NULL, data BLOB NOT NULL)"
            )
        self.conn.execute(
            "CREATE TABLE originals (n INTEGER PRIMARY KEY, sha256 TEXT, media_type TEXT, "
            "data BLOB)"
        )
        self.lock = threading.Lock()
        self.counts: dict[Kind, int] = {kind: 0 for kind in ORDER}
        self.original_count = 0
        self._given: dict[frozenset[str], bytes] = {}
        self._finalizer = weakref.finalize(self, _remove, self.conn, self.folder)

    # --- writing (while the package is read) -------------------------------------------

    def add(self, record: Record, given: frozenset[str]) -> bool:
        """Keep a checked record; False when the package already gave one with this id."""
        kind = record.KIND
        names = self._given.get(given)
        if names is None:
            names = self._given.setdefault(given, "\0".join(sorted(given)).encode())
        try:
            self.conn.execute(
                f"INSERT INTO {kind} (id, given, data) VALUES (?,?,?)",
                (record.id, names, pickle.dumps(record, pickle.HIGHEST_PROTOCOL)),
            )
        except sqlite3.IntegrityError:
            return False
        self.counts[kind] += 1
        return True

    def add_original(self, original: Original) -> None:
        self.conn.execute(
            "INSERT INTO originals (sha256, media_type, data) VALUES (?,?,?)",
            (original.sha256, original.media_type, original.data),
        )
        self.original_count += 1

    def done(self) -> None:
        """Reading is over: what was written stays (nothing is ever rolled back)."""
        self.conn.execute("COMMIT")

    # --- reading (planning and importing) ----------------------------------------------

    def batches(self, kind: Kind, size: int = BATCH) -> Iterator[list[Incoming]]:
        """The records of ``kind`` in package order, ``size`` at a time."""
        last = 0
        while True:
            with self.lock:
                rows = self.conn.execute(
                    f"SELECT n, given, data FROM {kind} WHERE n > ? ORDER BY n LIMIT ?",
                    (last, size),
                ).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            yield [_incoming(given, data) for _, given, data in rows]

    def has(self, kind: Kind, idents: Sequence[str]) -> set[str]:
        """Which of these ids the package gives a record of ``kind`` for."""
        found: set[str] = set()
        unique = list(dict.fromkeys(idents))
        for start in range(0, len(unique), BATCH):
            chunk = unique[start : start + BATCH]
            marks = ",".join("?" * len(chunk))
            with self.lock:
                rows = self.conn.execute(
                    f"SELECT id FROM {kind} WHERE id IN ({marks})", chunk
                ).fetchall()
            found.update(str(row[0]) for row in rows)
        return found

    def get(self, kind: Kind, ident: str) -> Incoming | None:
        with self.lock:
            row = self.conn.execute(
                f"SELECT given, data FROM {kind} WHERE id = ?", (ident,)
            ).fetchone()
        return _incoming(row[0], row[1]) if row else None

    def originals(self) -> Iterator[Original]:
        """The package's files (and OCR words), one at a time."""
        last = 0
        while True:
            with self.lock:
                row = self.conn.execute(
                    "SELECT n, sha256, media_type, data FROM originals WHERE n > ? "
                    "ORDER BY n LIMIT 1",
                    (last,),
                ).fetchone()
            if row is None:
                return
            last = row[0]
            yield Original(str(row[1]), str(row[2]), bytes(row[3]))

    def close(self) -> None:
        """Remove the scratch file (the package cannot be imported afterwards)."""
        self._finalizer()


def _incoming(given: bytes, data: bytes) -> Incoming:
    record: Record = pickle.loads(data)  # written by this process into its own scratch file
    return Incoming(record, _names(given))


@functools.lru_cache(maxsize=256)  # a package's records give a few lists of fields
def _names(given: bytes) -> frozenset[str]:
    return frozenset(given.decode().split("\0")) if given else frozenset()


def _remove(conn: sqlite3.Connection, folder: str) -> None:
    conn.close()
    for name in os.listdir(folder):
        Path(folder, name).unlink(missing_ok=True)
    os.rmdir(folder)
