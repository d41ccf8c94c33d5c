"""Whole records in the case file: ``RecordStore``, the store commands plan against.

Rows become records in ``record_reads`` and records become rows in ``record_writes``; this
module ties them to the search index (every write is indexed), stores originals, and
answers which records refer to one about to be deleted.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from casefile.core.model import OCR_LAYER, Kind, Original, Record
from casefile.storage import search
from casefile.storage.engine import sqlite3
from casefile.storage.record_layout import TABLES as TABLES  # the table of each kind
from casefile.storage.record_reads import field_values, ids_of, read_all, read_many
from casefile.storage.record_writes import write_many


class RecordStore:
    """The ``core.commands.Store`` over one SQLite connection (the caller owns transactions)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    # --- reading --------------------------------------------------------------------

    def get(self, kind: Kind, ident: str) -> Record | None:
        return self.get_many(kind, [ident]).get(ident)

    def get_many(self, kind: Kind, idents: Sequence[str]) -> dict[str, Record]:
        return read_many(self.conn, kind, idents)

    def ids(self, kind: Kind) -> list[str]:
        """Every id of a kind, in the order records were first stored."""
        return ids_of(self.conn, kind)

    def values(self, kind: Kind, name: str) -> dict[str, Any]:
        """One field of every record of a kind, by id, in storage order."""
        return field_values(self.conn, kind, name)

    def all(self, kind: Kind) -> Iterator[Record]:
        """Every record of a kind, in storage order, read in chunks."""
        return read_all(self.conn, kind)

    def referrers(self, kind: Kind, ident: str) -> list[Record]:
        refs: list[tuple[Kind, str]] = []
        queries = _REFERRER_QUERIES.get(kind, ())
        for ref_kind, sql in queries:
            refs += [(ref_kind, str(row[0])) for row in self.conn.execute(sql, (ident,))]
        out: list[Record] = []
        for ref_kind, ref_id in dict.fromkeys(refs):
            record = self.get(ref_kind, ref_id)
            if record is not None:
                out.append(record)
        return out

    def has_original(self, sha256: str) -> bool:
        """Are the bytes with this SHA-256 stored (without reading them)?"""
        sql = "SELECT 1 FROM originals WHERE sha256 = ?"
        return self.conn.execute(sql, (sha256,)).fetchone() is not None

    def original(self, sha256: str) -> Original | None:
        row = self.conn.execute(
            "SELECT media_type, data FROM originals WHERE sha256 = ?", (sha256,)
        ).fetchone()
        return Original(sha256, str(row[0]), bytes(row[1])) if row else None

    def ocr_layer(self, sha256: str) -> bytes | None:
        """The words and their places read by OCR from the original with this SHA-256."""
        row = self.conn.execute(
            "SELECT data FROM ocr_layers WHERE sha256 = ?", (sha256,)
        ).fetchone()
        return bytes(row[0]) if row else None

    # --- writing --------------------------------------------------------------------

    def put_many(self, records: Sequence[Record]) -> None:
        if not records:
            return
        before = search.indexed_before(self.conn, records)
        write_many(self.conn, records)
        search.index_records(self.conn, records, before)

    def add_new(self, records: Sequence[Record]) -> None:
        """Write records of one kind that are not in the case (looked up in this transaction):
        plain inserts, nothing to replace or to take out of the index first."""
        if records:
            write_many(self.conn, records, fresh=True)
            search.index_records(self.conn, records, {}, fresh=True)

    def delete(self, kind: Kind, ident: str) -> None:
        record = self.get(kind, ident) if kind in search.INDEXED else None
        self.conn.execute(f"DELETE FROM {TABLES[kind]} WHERE id = ?", (ident,))
        search.unindex(self.conn, kind, ident, record)

    def put_original(self, original: Original) -> None:
        """Store an original; a large one is written into its row in 1 MB pieces, so SQLite
        never holds another whole copy of it (a 150 MB e-mail would need three at once)."""
        data = original.data
        if original.media_type == OCR_LAYER:  # words read from an original, kept beside it
            self.conn.execute(
                "INSERT OR IGNORE INTO ocr_layers (sha256, data) VALUES (?, ?)",
                (original.sha256, data),
            )
            return
        opener = getattr(self.conn, "blobopen", None) or getattr(self.conn, "open_blob", None)
        if len(data) <= _BLOB_PIECE or opener is None:
            self.conn.execute(
                "INSERT OR IGNORE INTO originals (sha256, media_type, size, data) VALUES (?,?,?,?)",
                (original.sha256, original.media_type, len(data), data),
            )
            return
        cursor = self.conn.execute(
            "INSERT OR IGNORE INTO originals (sha256, media_type, size, data) "
            "VALUES (?,?,?,zeroblob(?))",
            (original.sha256, original.media_type, len(data), len(data)),
        )
        if not cursor.rowcount:
            return  # already stored
        view = memoryview(data)
        blob = opener("originals", "data", cursor.lastrowid or 0)  # Python's or SQLCipher's
        try:
            for start in range(0, len(data), _BLOB_PIECE):
                blob.write(view[start : start + _BLOB_PIECE])
        finally:
            blob.close()


_BLOB_PIECE = 1024 * 1024

_REFERRER_QUERIES: dict[Kind, tuple[tuple[Kind, str], ...]] = {
    "entity": (
        ("snippet", "SELECT snippet_id FROM snippet_entities WHERE entity_id = ?"),
        ("claim", "SELECT claim_id FROM claim_subjects WHERE entity_id = ?"),
        ("relationship", "SELECT id FROM relationships WHERE source_id = ?1 OR target_id = ?1"),
    ),
    "snippet": (
        ("claim", "SELECT claim_id FROM evidence WHERE snippet_id = ?"),
        ("relationship", "SELECT relationship_id FROM relationship_evidence WHERE snippet_id = ?"),
    ),
    "source": (("snippet", "SELECT id FROM snippets WHERE source_id = ?"),),
}
