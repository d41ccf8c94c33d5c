"""Encrypted case files: the key on a connection, and telling an encrypted case from junk.

An encrypted case is an SQLCipher 4 database (AES-256 per 4,096-byte page, HMAC-SHA512 per
page, key from the passphrase by PBKDF2-HMAC-SHA512 with 256,000 iterations and a random
salt in the first 16 bytes). Nothing of it is in clear: not even SQLite's header string or
casefile's application id, so the file cannot say what it is before the passphrase is
known.

How casefile recognises one (``looks_encrypted``), whatever its name: a file that does not
start with SQLite's header, whose length is a whole number of 4,096-byte pages, and whose
first page looks random (at least 240 of the 256 byte values occur in it; any text file,
image header or other application's database fails that) is taken for an encrypted case
and the passphrase is asked for. The passphrase then decides: the right one opens it and
the application id inside must be casefile's; a wrong one (or a random file of exactly whole
pages, such as some compressed archives) gets "the passphrase is wrong, or this is not an
encrypted case", and nothing is written. A plaintext header (SQLCipher's
``cipher_plaintext_header_size``) would let the file announce itself, but it would also put
the SQLite header and casefile's id in clear, which is exactly what encryption is meant to
hide; a file name extension alone would misjudge a renamed file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from casefile.core.errors import CaseError
from casefile.core.outputs import APPLICATION_ID
from casefile.storage.engine import ENCRYPTION, MISSING_MESSAGE, sqlite3

PAGE_SIZE = 4096
SQLITE_HEADER = b"SQLite format 3\x00"
_RANDOM_BYTE_VALUES = 240


class PassphraseError(CaseError):
    """An encrypted case and its passphrase: needed, wrong, or not usable."""


class PassphraseNeeded(PassphraseError):
    """The file is an encrypted case and no passphrase was given."""


class WrongPassphrase(PassphraseError):
    """The passphrase does not open the file (or the file is no encrypted case)."""


class EncryptionUnavailable(PassphraseError):
    """SQLCipher is not installed, so encrypted cases can be neither made nor opened."""


def is_encrypted_file(path: Path) -> bool:
    """True for a file that does not start with SQLite's header (after ``read_header``
    accepted it, that makes it an encrypted case)."""
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER


def looks_encrypted(first_page: bytes) -> bool:
    """True for the first page of a file that may be an encrypted case (see module doc)."""
    return len(first_page) == PAGE_SIZE and len(set(first_page)) >= _RANDOM_BYTE_VALUES


def whole_pages(size: int) -> bool:
    """An SQLCipher file is always a whole number of pages; anything else was cut short."""
    return size > 0 and size % PAGE_SIZE == 0


def require_encryption() -> None:
    """Raise the plain-words error when SQLCipher is missing."""
    if not ENCRYPTION:
        raise EncryptionUnavailable(
            f"This casefile cannot open or make encrypted cases: {MISSING_MESSAGE}."
        )


def check_passphrase(passphrase: str) -> None:
    """Refuse a passphrase SQLCipher would take for "no encryption" or cut short."""
    if not passphrase:
        raise PassphraseError("The passphrase is empty; an encrypted case needs one.")
    if "\x00" in passphrase:
        raise PassphraseError("The passphrase contains a NUL character, which cannot be used.")


def apply_key(conn: sqlite3.Connection, passphrase: str) -> None:
    """Key a fresh connection (before it reads anything) with SQLCipher 4's settings.

    The passphrase goes to SQLCipher as an SQL string literal on this one statement; no
    trace or log callback is ever set on casefile's connections, so it is seen nowhere else.
    """
    require_encryption()
    check_passphrase(passphrase)
    conn.execute("PRAGMA cipher_log_level = NONE")  # its log would print to stderr
    conn.execute("PRAGMA key = " + _literal(passphrase))
    conn.execute("PRAGMA cipher_compatibility = 4")  # pinned: a future default cannot differ


def apply_throwaway_key(conn: sqlite3.Connection) -> None:
    """Key a fresh scratch database with a random key nobody keeps (no key derivation).

    Scratch files (a package's staged records) then hold nothing readable at rest, and
    cannot be read back once the connection is gone.
    """
    import secrets

    require_encryption()
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{secrets.token_hex(32)}'\"")


def rekey(conn: sqlite3.Connection, passphrase: str) -> None:
    """Re-encrypt every page of an open, keyed database under a new passphrase."""
    check_passphrase(passphrase)
    conn.execute("PRAGMA rekey = " + _literal(passphrase))


def attach_keyed(conn: sqlite3.Connection, path: Path, alias: str, passphrase: str) -> None:
    """Attach a (new) database file under ``alias`` with its own key ('' for plain)."""
    conn.execute(f"ATTACH DATABASE {_literal(str(path))} AS {alias} KEY {_literal(passphrase)}")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


__all__ = [
    "PAGE_SIZE",
    "EncryptionUnavailable",
    "PassphraseError",
    "PassphraseNeeded",
    "WrongPassphrase",
    "apply_key",
    "attach_keyed",
    "check_passphrase",
    "looks_encrypted",
    "rekey",
    "require_encryption",
    "whole_pages",
]


def read_encrypted_header(
    path: Path, passphrase: str | None, check_version: Callable[[str, int], None]
) -> tuple[int, int]:
    """(application_id, user_version) of an encrypted case, read with its passphrase.

    Raises ``PassphraseNeeded`` without one, ``WrongPassphrase`` when it does not open the
    file; a cut-short file and another application's encrypted database are named as such.
    Only reads: the file is opened read-only and nothing is written.
    """
    name = path.name
    if not whole_pages(path.stat().st_size):
        raise CaseError(
            f"{name} looks like an encrypted case, but it is incomplete (its length is not a "
            "whole number of pages): it was cut short or damaged, and was not opened."
        )
    if passphrase is None:
        require_encryption()
        raise PassphraseNeeded(f"{name} is an encrypted case: enter its passphrase to open it.")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    try:
        apply_key(conn, passphrase)
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")  # no -shm file beside it
        try:
            app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        except sqlite3.OperationalError as err:
            if "locked" in str(err) or "busy" in str(err):
                raise CaseError(
                    f"{name} is already open in another casefile window or program."
                ) from None
            if "disk I/O" not in str(err):
                raise
            # left in WAL mode without its log: verify() reads it from a scratch copy
            return APPLICATION_ID, 0
        except sqlite3.DatabaseError as err:
            if "not a database" in str(err):  # page 1 failed its HMAC: not this key
                raise wrong_passphrase(name) from None
            raise CaseError(
                f"{name} is an encrypted case that this passphrase opens, but it is damaged "
                f"or cut short ({' '.join(str(err).split())}); it was not opened."
            ) from None
    finally:
        conn.close()
    if app_id != APPLICATION_ID:
        raise CaseError(f"{name} is an encrypted database of another application, not a case.")
    check_version(name, version)
    return app_id, version


def wrong_passphrase(name: str) -> WrongPassphrase:
    """The one message for a passphrase that does not open a file."""
    return WrongPassphrase(
        f"{name} could not be opened with this passphrase: the passphrase is wrong, "
        "or the file is not an encrypted casefile case. Nothing was changed."
    )


def in_wal_mode(path: Path, passphrase: str) -> bool:
    """True when an encrypted case (whose header cannot be read in clear) is in WAL mode.

    A read-only connection cannot read a WAL-mode file without its log; SQLite says so
    with a disk I/O error, which is the answer here.
    """
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    try:
        apply_key(conn, passphrase)
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as err:
        return "disk I/O" in str(err)
    except sqlite3.DatabaseError:
        return False  # the checks that follow say what is wrong
    finally:
        conn.close()
    return False
