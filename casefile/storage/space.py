"""Free space inside a case file: measured, left out of backups, given back by compacting.

SQLite does not shrink a file when records go: deleted sources and their originals leave
free pages behind (a 270 KB case once sat in a 955 MB file). Backups leave them out
(``without_free_pages`` runs VACUUM on the fresh copy), ``casefile backups`` says how much
space the case file holds for nothing, and ``casefile compact`` gives it back to the disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from casefile.storage import faults
from casefile.storage.engine import sqlite3

# A copy is vacuumed when its free pages pass both: a few stray pages are not worth
# rewriting a large backup every half hour for.
VACUUM_FREE_BYTES = 1 << 20
VACUUM_FREE_SHARE = 0.02


@dataclass(frozen=True)
class Space:
    """How the bytes of a case file are used."""

    file_bytes: int
    free_bytes: int

    @property
    def live_bytes(self) -> int:
        return self.file_bytes - self.free_bytes

    def worth_compacting(self) -> bool:
        return self.free_bytes >= max(VACUUM_FREE_BYTES, VACUUM_FREE_SHARE * self.file_bytes)


def measure(conn: sqlite3.Connection) -> Space:
    """Pages in use and free pages of the database behind ``conn``."""
    size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    free = int(conn.execute("PRAGMA freelist_count").fetchone()[0])
    return Space(pages * size, free * size)


def from_header(path: Path) -> Space | None:
    """The space of a case file read from its header with plain file I/O (no opening, no
    check); None for a file without a readable SQLite header (an encrypted case)."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
        file_bytes = path.stat().st_size
    except OSError:
        return None
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return None
    size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if size == 1 else size
    free = int.from_bytes(header[36:40], "big") * page_size
    return Space(file_bytes, min(free, file_bytes))


def without_free_pages(conn: sqlite3.Connection) -> None:
    """VACUUM a fresh copy when it carries free pages worth leaving out (live pages only)."""
    if measure(conn).worth_compacting():
        conn.execute("VACUUM")


def compact(conn: sqlite3.Connection, name: str) -> tuple[Space, Space]:
    """Rewrite the case behind ``conn`` without its free pages; return the space before and
    after (``backups.compact_case`` holds the case's lock around it).

    VACUUM is one transaction: on a full disk (it needs room for a second copy of the live
    pages) nothing is changed, and the message says so.
    """
    before = measure(conn)
    try:
        conn.execute("VACUUM")
    except sqlite3.Error as err:
        faults.rollback(conn)
        if faults.is_disk_full(err):
            raise faults.DiskFullError(
                f"{name} could not be compacted: compacting needs free disk space about the "
                "size of the case's records, and the disk is full. Nothing was changed."
            ) from None
        raise
    return before, measure(conn)


def size_words(size: int) -> str:
    """A byte count as people read it: 270 KB, 955.3 MB."""
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} {unit}" if unit in ("bytes", "KB") else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"
