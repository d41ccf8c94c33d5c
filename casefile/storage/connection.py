"""Opening case files safely: header checks, hardened connections, locking.

Upgrading an opened case to the current schema is in ``migrating``.

SQLite's advice for database files from elsewhere is followed: the header is read with
plain file I/O first (is it SQLite, is it ours, is it from a newer casefile?), then a
read-only connection with ``trusted_schema=OFF``, ``cell_size_check=ON``, no memory mapping
and no extension loading runs ``integrity_check`` and compares the schema with the objects
casefile creates. Only a file that passes is opened for writing.

Durability: the journal is WAL with ``synchronous=FULL``, so a transaction is on disk
before ``COMMIT`` returns — a change that was acknowledged survives a process crash or a
power cut. ``locking_mode=EXCLUSIVE`` makes the one connection of this process hold the
file: a second process gets a clear "already open" message, the WAL index lives in
process memory (no ``-shm`` file), and the operating system drops the lock when a process
dies, so a crash leaves no stale lock. On a clean close the WAL is checkpointed and
removed, leaving a single file that can be copied or e-mailed.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from casefile.core.errors import CaseError
from casefile.storage import cipher, faults, schema, trust
from casefile.storage.engine import sqlite3
from casefile.storage.integrity import integrity_rows

HEADER = b"SQLite format 3\x00"
CHECK_SECONDS = 5.0  # the checks on opening may take this much CPU for a small case…
CHECK_BYTES_PER_SECOND = 20_000_000  # …plus one second per 20 MB of a large one


def check_limit(path: Path) -> float:
    """Seconds of this process's CPU the checks on opening may take before the file is
    refused as unreadable.

    A hostile file cannot stall the open; a large, healthy case is not refused for its
    size, nor on a busy laptop: the time other programs take does not count. SQLite 3.51's
    ``integrity_check`` includes FTS5's check of the search index: 11.4 s for a 367 MB case
    of 200,000 snippets (32 MB/s), which the earlier 50 MB/s allowance refused.
    """
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return CHECK_SECONDS + size / CHECK_BYTES_PER_SECOND


class CaseFileError(CaseError):
    """The case file cannot be opened; the message says why in plain words."""


class AlreadyOpenError(CaseFileError):
    """Another casefile window or process has this case open."""


def read_header(path: Path, passphrase: str | None = None) -> tuple[int, int]:
    """Return (application_id, user_version) read from the raw header; refuse non-casefiles.

    An encrypted case (``storage.cipher``) has no header in clear: it is read through
    SQLCipher with ``passphrase``, or ``PassphraseNeeded`` says that one is needed."""
    name = path.name
    if not path.exists():
        raise CaseFileError(f"{name}: no such file.")
    if path.is_dir():
        raise CaseFileError(f"{name} is a folder, not a case file.")
    if not path.is_file():  # a pipe or device would block or never end
        raise CaseFileError(f"{name} is not a regular file, so it is not a case file.")
    try:
        with path.open("rb") as handle:
            header = handle.read(cipher.PAGE_SIZE)
    except PermissionError:
        raise CaseFileError(f"{name}: you do not have permission to read this file.") from None
    except OSError as err:
        raise CaseFileError(f"{name}: cannot be read ({err.strerror}).") from None
    if len(header) == 0:
        raise CaseFileError(f"{name} is empty: it is not a case file.")
    if not header.startswith(HEADER) and cipher.looks_encrypted(header):
        return cipher.read_encrypted_header(path, passphrase, _check_version)
    if len(header) < 100 or not header.startswith(HEADER):
        raise CaseFileError(f"{name} is not a casefile case (it is not a SQLite database).")
    app_id = int.from_bytes(header[68:72], "big")
    version = int.from_bytes(header[60:64], "big")
    if app_id != schema.APPLICATION_ID:
        raise CaseFileError(f"{name} is a database of another application, not a casefile case.")
    _check_version(name, version)
    return app_id, version


def harden(conn: sqlite3.Connection) -> None:
    """Settings for files that may come from someone else."""
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA cell_size_check = ON")
    conn.execute("PRAGMA mmap_size = 0")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA recursive_triggers = OFF")
    conn.execute("PRAGMA temp_store = MEMORY")  # sorts and temporary tables never hit the disk
    conn.execute("PRAGMA secure_delete = ON")  # deleted evidence is overwritten, not left over
    if hasattr(conn, "enable_load_extension"):
        conn.enable_load_extension(False)
    if hasattr(conn, "setlimit"):  # SQLCipher's module lacks it; its build caps length at 1e9
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, 1_000_000_000)
        conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, 1_000_000)
    conn.text_factory = _decode_text


def _decode_text(raw: bytes) -> str:
    """Stored text as str; broken UTF-8 in a damaged file reads as U+FFFD, not as a crash.

    casefile never writes invalid UTF-8 (lone surrogates are refused), so only damage or a
    hostile file can hold it. Costs about 20% on bulk reads of text columns.
    """
    return raw.decode("utf-8", "replace")


class CaseConnection(sqlite3.Connection):
    """A connection that knows the passphrase of its encrypted file (None for a plain one).

    Held in memory only, so that backups and scratch copies made from it are encrypted with
    the same key; it goes when the connection is closed (a locked case closes it)."""

    passphrase: str | None = None


def connect(
    path: Path,
    read_only: bool,
    factory: type[CaseConnection] = CaseConnection,
    passphrase: str | None = None,
) -> sqlite3.Connection:
    """A hardened connection in autocommit mode (transactions are explicit), keyed when
    ``passphrase`` is given."""
    mode = "ro" if read_only else "rw"
    uri = f"{path.resolve().as_uri()}?mode={mode}"
    conn = sqlite3.connect(
        uri, uri=True, isolation_level=None, check_same_thread=False, factory=factory
    )
    try:
        if passphrase is not None:
            cipher.apply_key(conn, passphrase)
            conn.passphrase = passphrase
        harden(conn)
    except (sqlite3.DatabaseError, CaseError):
        conn.close()
        raise
    return conn


def passphrase_of(conn: sqlite3.Connection) -> str | None:
    """The passphrase ``conn`` was keyed with (None for a plain case)."""
    return getattr(conn, "passphrase", None)


def verify(path: Path, passphrase: str | None = None, trusted: bool | None = None) -> int:
    """Read-only checks: integrity and a schema made only of casefile's own objects.

    Returns the schema version as SQLite sees it (the raw header can lag behind the WAL).
    A case left in WAL mode (after a crash, or copied while open) is checked on a scratch
    copy with its log, so the file itself is not touched until it has passed.
    """
    if needs_recovery(path, passphrase):
        refuse_if_open(path)
        with tempfile.TemporaryDirectory(prefix="casefile-check-") as scratch:
            copy = recovered_copy(path, Path(scratch), passphrase)
            return _verify_file(copy, path.name, passphrase=passphrase)
    if trusted is None:  # the caller may have asked storage.trust already
        trusted = trust.unchanged_since_clean_close(path)
    return _verify_file(path, path.name, not trusted, passphrase)


def needs_recovery(path: Path, passphrase: str | None = None) -> bool:
    """True for a file left in WAL mode: a read-only connection cannot read it directly."""
    if path.with_name(path.name + "-wal").exists():
        return True
    if passphrase is not None:
        return cipher.in_wal_mode(path, passphrase)
    with path.open("rb") as handle:
        header = handle.read(20)
    return len(header) == 20 and (header[18] == 2 or header[19] == 2)


def recovered_copy(path: Path, folder: Path, passphrase: str | None = None) -> Path:
    """Copy the file and its write-ahead log into ``folder`` and fold the log in there."""
    copy = folder / path.name
    shutil.copyfile(path, copy)
    for side in ("-wal", "-journal"):  # a log is replayed, a hot journal rolled back
        if path.with_name(path.name + side).exists():
            shutil.copyfile(path.with_name(path.name + side), copy.with_name(copy.name + side))
    try:
        recover = connect(copy, read_only=False, passphrase=passphrase)
        try:
            recover.execute("PRAGMA locking_mode = EXCLUSIVE")
            recover.execute("PRAGMA journal_mode = DELETE")
        finally:
            recover.close()
    except sqlite3.DatabaseError as err:
        if passphrase is not None and "not a database" in str(err):
            raise cipher.wrong_passphrase(path.name) from None
        raise CaseFileError(f"{path.name} is damaged ({err}).") from None
    return copy


def refuse_if_open(path: Path) -> None:
    """A live casefile holding the file (not a crash) shows up as a lock on it."""
    try:
        probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0)
    except sqlite3.Error:
        return
    try:
        harden(probe)
        probe.execute("PRAGMA locking_mode = EXCLUSIVE")  # creates no -wal/-shm beside it
        probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as err:
        if "locked" in str(err) or "busy" in str(err):
            raise AlreadyOpenError(
                f"{path.name} is already open in another casefile window or program."
            ) from None
    except sqlite3.Error:
        pass  # left over from a crash: the scratch copy will tell
    finally:
        probe.close()


class _ScratchConnection(CaseConnection):
    """A read-only connection to a recovered scratch copy, removed when it is closed."""

    scratch: str = ""

    def close(self) -> None:
        super().close()
        if self.scratch:
            shutil.rmtree(self.scratch, ignore_errors=True)


def connect_read_only(
    path: Path, version: int = schema.SCHEMA_VERSION, passphrase: str | None = None
) -> sqlite3.Connection:
    """A read-only connection; a file left in WAL mode, or of an older schema, is read
    from a scratch copy (recovered, upgraded) that is removed when the connection closes."""
    if not needs_recovery(path, passphrase) and version >= schema.SCHEMA_VERSION:
        return connect(path, read_only=True, passphrase=passphrase)
    scratch = tempfile.mkdtemp(prefix="casefile-readonly-")
    try:
        copy = recovered_copy(path, Path(scratch), passphrase)
        if version < schema.SCHEMA_VERSION:
            upgrade = connect(copy, read_only=False, passphrase=passphrase)
            try:
                schema.run_migrations(upgrade)
            except sqlite3.Error as err:
                raise CaseFileError(
                    f"{path.name} is from an older casefile and could not be upgraded "
                    f"for reading ({_brief(err)})."
                ) from None
            finally:
                upgrade.close()
        conn = connect(copy, read_only=True, factory=_ScratchConnection, passphrase=passphrase)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    assert isinstance(conn, _ScratchConnection)
    conn.scratch = scratch
    return conn


def _verify_file(path: Path, name: str, deep: bool = True, passphrase: str | None = None) -> int:
    try:
        conn = connect(path, read_only=True, passphrase=passphrase)
    except sqlite3.DatabaseError as err:
        raise CaseFileError(f"{name} cannot be opened: {err}.") from None
    limit = check_limit(path)
    deadline = time.process_time() + limit
    conn.set_progress_handler(lambda: int(time.process_time() > deadline), 10_000)
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")  # no -shm file, even for a reader
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        _check_version(name, version)
        if version == 0:
            raise CaseFileError(f"{name} holds no case: its creation never finished.")
        _check_schema(conn, name, version)
        # integrity_check, not quick_check: it also finds indexes that disagree with their
        # tables (a flipped bit in an id), at about 1.25x the time of quick_check. Skipped
        # only for a file exactly as this program left it at a clean close (storage.trust).
        result = integrity_rows(conn) if deep else ["ok"]
        if result != ["ok"]:
            raise CaseFileError(f"{name} is damaged: {' '.join(result[0].split())}.")
    except sqlite3.OperationalError as err:
        if "locked" in str(err) or "busy" in str(err):
            raise AlreadyOpenError(
                f"{name} is already open in another casefile window or program."
            ) from None
        if "interrupted" in str(err):
            raise CaseFileError(
                f"{name} could not be checked within {limit:.0f} seconds of work, so it "
                "was not opened; it may be damaged."
            ) from None
        raise CaseFileError(f"{name} is damaged or not a case file ({_brief(err)}).") from None
    except sqlite3.DatabaseError as err:
        raise CaseFileError(f"{name} is damaged or not a case file ({_brief(err)}).") from None
    except UnicodeDecodeError:
        raise CaseFileError(f"{name} is damaged: its structure holds broken text.") from None
    finally:
        conn.close()
    return version


def _brief(err: Exception) -> str:
    """An SQLite message on one line and short (some quote the damaged text)."""
    text = " ".join(str(err).split())
    return text if len(text) <= 120 else text[:119] + "…"


def _check_schema(conn: sqlite3.Connection, name: str, version: int) -> None:
    """Exactly casefile's own objects, with casefile's own definitions, or a refusal."""
    rows = conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    found = {(str(t), str(n)): schema.normal_sql(sql) for t, n, sql in rows}
    expected = schema.expected_definitions(version)
    foreign = sorted(n for _, n in found.keys() - expected.keys())
    if foreign:
        raise CaseFileError(
            f"{name} contains database objects casefile did not create "
            f"({', '.join(foreign[:3])}); it was not opened, for safety."
        )
    missing = sorted(n for _, n in expected.keys() - found.keys())
    if missing:
        raise CaseFileError(
            f"{name} is incomplete: it lacks parts of a casefile case "
            f"({', '.join(missing[:3])}); it was not opened."
        )
    altered = sorted(n for (t, n), sql in found.items() if sql != expected[(t, n)])
    if altered:
        raise CaseFileError(
            f"{name} contains altered database definitions ({', '.join(altered[:3])}); "
            "it was not opened, for safety."
        )


def _check_version(name: str, version: int) -> None:
    if version > schema.SCHEMA_VERSION:
        raise CaseFileError(
            f"{name} was written by a newer version of casefile (schema {version}); "
            f"this version reads up to schema {schema.SCHEMA_VERSION}. Please update casefile."
        )


def open_writable(path: Path, passphrase: str | None = None) -> sqlite3.Connection:
    """Open the verified file for writing: WAL, synchronous FULL, exclusive lock."""
    conn = connect(path, read_only=False, passphrase=passphrase)
    try:
        writable_settings(conn)
    except sqlite3.OperationalError as err:
        conn.close()
        raise cannot_write(path, err) from None
    return conn


def writable_settings(conn: sqlite3.Connection) -> None:
    """WAL, synchronous FULL and the exclusive lock, taken now rather than at first write."""
    conn.execute("PRAGMA busy_timeout = 300")
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("COMMIT")


def leave_single_file(conn: sqlite3.Connection) -> bool:
    """At a clean close: drop stored originals no source names and fold the log into the
    file (no -wal left beside it); False when a full disk prevented it."""
    try:
        conn.execute(
            "DELETE FROM originals WHERE sha256 NOT IN "
            "(SELECT sha256 FROM sources WHERE sha256 IS NOT NULL)"
        )
        conn.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.Error as err:
        # Everything committed is safe in the -wal beside the case, and the next open
        # folds it in; only the tidy single file is lost on a full disk.
        if not faults.is_disk_full(err):
            raise
        return False
    return True


def cannot_write(path: Path, err: sqlite3.OperationalError) -> CaseFileError:
    """The error in words when ``writable_settings`` failed."""
    if "locked" in str(err) or "busy" in str(err):
        return AlreadyOpenError(
            f"{path.name} is already open in another casefile window or program."
        )
    return CaseFileError(f"{path.name} cannot be opened for writing ({err}).")
