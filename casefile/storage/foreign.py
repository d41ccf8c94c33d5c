"""A case file from elsewhere: its full-text index is never read, it is rebuilt from records.

FTS5 trusts the structures in its shadow tables: crafted or damaged index blocks made
SQLite 3.40's FTS5 integrity check read bad memory (``casefile check`` died with exit 139)
and, in 196 of 750 fuzzed variants, any use of the index end in "database disk image is
malformed" or "invalid fts5 file format". So the index of any file this program did not
close cleanly itself (``storage.trust``) is thrown away unread and built again from the
records: in place when the case is opened for writing, on a scratch copy when it is only
read (``check``, ``search``, ``export`` of a received case).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from casefile.storage import connection, faults, migrating, schema, search
from casefile.storage.connection import CaseFileError
from casefile.storage.engine import sqlite3


def rebuild_index(conn: sqlite3.Connection, name: str) -> None:
    """Rebuild the search index of an open, writable case in one transaction."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        search.rebuild(conn)
        conn.execute("COMMIT")
    except sqlite3.Error as err:
        faults.rollback(conn)
        if faults.is_disk_full(err):
            raise faults.DiskFullError(
                f"{name} could not be opened: its search index is rebuilt from the records "
                "when a case comes from elsewhere, and the disk is full. Nothing was changed."
            ) from None
        raise CaseFileError(
            f"{name} could not be opened: its search index could not be rebuilt from the "
            f"records ({' '.join(str(err).split())[:120]}). Nothing was changed."
        ) from None


def read_only_with_fresh_index(
    path: Path, version: int, passphrase: str | None = None
) -> sqlite3.Connection:
    """A read-only connection to a scratch copy of ``path`` whose index was rebuilt (and
    whose log was folded in, and schema upgraded); the copy goes when it is closed."""
    scratch = tempfile.mkdtemp(prefix="casefile-readonly-")
    try:
        copy = connection.recovered_copy(path, Path(scratch), passphrase)
        work = connection.connect(copy, read_only=False, passphrase=passphrase)
        try:
            if version < schema.SCHEMA_VERSION:
                migrating.migrate(work, None, None)
            rebuild_index(work, path.name)
        except sqlite3.Error as err:
            raise CaseFileError(f"{path.name} could not be read ({err}).") from None
        finally:
            work.close()
        conn = connection.connect(
            copy, read_only=True, factory=connection._ScratchConnection, passphrase=passphrase
        )
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    assert isinstance(conn, connection._ScratchConnection)
    conn.scratch = scratch
    return conn
