"""The SQLite library every case file is opened with: SQLCipher's where its wheel is installed.

One engine for every case, encrypted or not, is simpler than two: the ``sqlcipher3-binary``
wheel brings SQLCipher 4 on SQLite 3.51 (with FTS5), so plain cases get the newer SQLite
too, and an encrypted case and a plain one behave the same in every other way. Where the
wheel cannot be installed (a platform without a build), casefile falls back to Python's own
``sqlite3`` for plain cases and says that encryption needs the wheel (``ENCRYPTION``).

The module is exported under the standard library's name, so the rest of storage reads as
ordinary ``sqlite3`` code; its types are checked against the standard library's stubs (the
two modules share the DB-API interface). Only storage imports this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

ENCRYPTION: bool
"""True when encrypted cases can be created and opened (SQLCipher is installed)."""

if TYPE_CHECKING:
    import sqlite3 as sqlite3
else:
    try:
        from sqlcipher3 import dbapi2 as sqlite3

        ENCRYPTION = True
    except ImportError:  # no wheel for this platform: plain cases only
        import sqlite3

        ENCRYPTION = False

MISSING_MESSAGE = (
    "encrypted cases need SQLCipher, which is not installed with this casefile "
    "(pip install sqlcipher3-binary, where your platform has it)"
)

__all__ = ["ENCRYPTION", "MISSING_MESSAGE", "sqlite3"]
