"""Encrypting, decrypting and re-keying whole cases, always through a verified new file.

``write_copy`` writes an open case into a new file — encrypted with a passphrase, or plain
— with SQLCipher's ``sqlcipher_export`` (every table, index, trigger and the full-text
index, page by page re-encrypted), sets casefile's application id and schema version on it,
then opens the copy with the checks every case gets on opening and compares the number of
rows of every table with the original before the copy takes its name. The original is not
touched: encrypting a case never destroys the only readable copy before the encrypted one
is proven good, and the user removes the plain file when satisfied.

``change_passphrase`` re-keys an open encrypted case in place (SQLCipher ``PRAGMA rekey``,
one transaction in the write-ahead log, so a crash leaves the old key or the new one),
after a verified backup under the old passphrase; the case's existing backups are then
re-keyed too, so the old passphrase opens nothing any more.
"""

from __future__ import annotations

import os
from pathlib import Path

from casefile.core.errors import CaseError
from casefile.core.outputs import refuse_unsafe_output
from casefile.storage import cipher, connection, schema
from casefile.storage.case import Case
from casefile.storage.engine import sqlite3
from casefile.storage.outputs import open_case_paths

_ALIAS = "casefile_copy"


def write_copy(case: Case, target: Path | str, passphrase: str | None) -> Path:
    """Write ``case`` to the new file ``target``, encrypted with ``passphrase`` (or plain)."""
    cipher.require_encryption()
    target = Path(target)
    if passphrase is not None:
        cipher.check_passphrase(passphrase)
    refuse_unsafe_output(
        target, [*open_case_paths()], what="the copy", force_hint="move that file away first"
    )
    if target.exists():
        raise CaseError(f"{target.name} already exists; choose a new file for the copy.")
    if not target.parent.is_dir():
        raise CaseError(f"The folder {target.parent} does not exist.")
    part = target.with_name(target.name + ".part")
    part.unlink(missing_ok=True)
    try:
        with case.lock:
            _export(case.conn, part, passphrase or "")
            expected = _row_counts(case.conn, "main")
        _verify_copy(part, passphrase, expected, target.name)
        with part.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(part, target)
    except BaseException:
        part.unlink(missing_ok=True)
        part.with_name(part.name + "-journal").unlink(missing_ok=True)
        raise
    return target


def _export(conn: sqlite3.Connection, part: Path, key: str) -> None:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    cipher.attach_keyed(conn, part, _ALIAS, key)
    try:
        if key:
            conn.execute(f"PRAGMA {_ALIAS}.cipher_compatibility = 4")
        conn.execute(f"PRAGMA {_ALIAS}.secure_delete = ON")
        conn.execute(f"SELECT sqlcipher_export('{_ALIAS}')").fetchall()
        conn.execute(f"PRAGMA {_ALIAS}.application_id = {schema.APPLICATION_ID}")
        conn.execute(f"PRAGMA {_ALIAS}.user_version = {version}")
    except sqlite3.Error as err:
        raise CaseError(f"The copy could not be written ({err}); nothing was changed.") from None
    finally:
        conn.execute(f"DETACH DATABASE {_ALIAS}")


def _row_counts(conn: sqlite3.Connection, database: str) -> dict[str, int]:
    names = conn.execute(
        f"SELECT name FROM {database}.sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"
    ).fetchall()
    return {
        str(n): int(conn.execute(f'SELECT count(*) FROM {database}."{n}"').fetchone()[0])
        for (n,) in names
    }


def _verify_copy(part: Path, key: str | None, expected: dict[str, int], name: str) -> None:
    """The copy passes casefile's checks on opening and holds every row of the original."""
    try:
        connection.read_header(part, key)
        connection.verify(part, key)
        check = connection.connect(part, read_only=True, passphrase=key)
        try:
            found = _row_counts(check, "main")
        finally:
            check.close()
    except CaseError as err:
        raise CaseError(f"The copy {name} did not verify ({err}); it was not kept.") from None
    if found != expected:
        raise CaseError(f"The copy {name} did not verify (rows differ); it was not kept.")


def change_passphrase(case: Case, new_passphrase: str) -> int:
    """Re-key an open encrypted case and its backups; return how many backups were re-keyed."""
    from casefile.storage import backups  # backups imports case, as this module does

    old = connection.passphrase_of(case.conn) if case.conn is not None else None
    if old is None or case.path is None:
        raise CaseError("This case is not encrypted; encrypt it into a new file first.")
    if case.read_only:
        raise CaseError("This case is open read-only; its passphrase cannot be changed.")
    cipher.check_passphrase(new_passphrase)
    backups.make_backup(case)  # a verified copy under the old passphrase first
    with case.lock:
        cipher.rekey(case.conn, new_passphrase)
        case.conn.passphrase = new_passphrase  # type: ignore[attr-defined]
    return sum(_rekey_file(b.path, old, new_passphrase) for b in backups.list_backups(case.path))


def _rekey_file(path: Path, old: str, new: str) -> int:
    """Re-key one backup file that opens with ``old``; 1 if it was re-keyed, else 0."""
    try:
        conn = connection.connect(path, read_only=False, passphrase=old)
    except (sqlite3.Error, CaseError):
        return 0
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        cipher.rekey(conn, new)
    except sqlite3.Error:
        return 0  # under another passphrase (or damaged): left as it is
    finally:
        conn.close()
    return 1


__all__ = ["change_passphrase", "write_copy"]
