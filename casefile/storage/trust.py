"""Case files casefile itself closed cleanly, so reopening them can skip the page-by-page check.

``integrity_check`` reads every page, overflow pages of stored originals and long texts
included: measured 0.26 s warm and 1.8 s cold (after dropping the page cache) for a 300 MB
case, all of it before the window can show the case. A file this program closed cleanly
and that is still as it was left has nothing new to check; every other file — from
someone else, copied, restored, left after a crash (a write-ahead log is present), or
touched by anything else — gets the full check. ``casefile check`` always checks everything.

"As it was left" is more than size, modification time, inode and SQLite's change counter
(bit rot, or a tool that restores modification times, keeps all four): at a clean close a
SHA-256 digest of every b-tree page — the pages of every table and index, where ids, hashes
and the links between records live; not the overflow pages that hold long texts and
originals — is recorded, and on opening the same pages are read with plain file I/O and
hashed again. A changed byte in any index or table page fails the comparison and the file
gets the full check. The same 300 MB case has 0.1% of its pages in b-trees: the digest
takes milliseconds. Overflow content is covered by ``casefile check`` (stored originals'
SHA-256) and by SQLite when it is read.

A case with its text in the tables is nearly all b-tree pages: 1.9 GB at a million snippets,
where hashing is the cost (SHA-256 with the CPU's SHA instructions about 770 MB/s on the
development VM, BLAKE2b 390, BLAKE2s 220; reading and walking the pages add about 10%). The
window takes the clean close's digest in the background (``CleanClose``, ``gui.window.closing``).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable
from pathlib import Path

import platformdirs

from casefile.storage.engine import sqlite3

MAX_ENTRIES = 200
CHECK_EVERY = 1024  # pages read between two looks at ``cancelled`` (and progress reports)
_REGISTRY_LOCK = threading.Lock()  # a worker vouching while the window forgets another case
_INTERIOR = {2: 12, 5: 12}  # page type -> header size (interior index / table pages)
_LEAF = {10: 8, 13: 8}  # leaf index / table pages


def _registry() -> Path:
    return platformdirs.user_data_path("casefile", appauthor=False) / "verified-cases.json"


def _fingerprint(path: Path) -> list[int] | None:
    try:
        stat = path.stat()
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError:
        return None
    if len(header) < 100:
        return None
    counter = int.from_bytes(header[24:28], "big")
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino, counter]


def btree_digest(path: Path, roots: list[int]) -> str | None:
    """SHA-256 of every b-tree page reachable from ``roots``, read with plain file I/O.

    None when the walk meets something that is not a well-formed b-tree (then the file is
    not vouched for). Overflow pages are not followed: they are the bulk of a case with
    stored originals, and hold no structure.
    """
    try:
        with path.open("rb") as handle:
            return _digest(handle.fileno(), roots)
    except OSError:
        return None


class DigestCancelled(Exception):
    """The digest was asked to stop before it had read every page (no verdict)."""


def _digest(
    fd: int,
    roots: list[int],
    cancelled: Callable[[], bool] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> str | None:
    digest = hashlib.sha256()  # with SHA-NI about twice as fast as BLAKE2b here
    try:  # page by page with pread: a mapped file would count whole in the process's memory
        header = os.pread(fd, 100, 0)
        size = int.from_bytes(header[16:18], "big")
        page_size = 65536 if size == 1 else size
        pages = os.fstat(fd).st_size // page_size if page_size else 0
        seen: set[int] = set()
        todo = sorted(set(roots), reverse=True)
        while todo:
            number = todo.pop()
            if number in seen or not 1 <= number <= pages:
                return None
            seen.add(number)
            if not len(seen) % CHECK_EVERY:
                if progress is not None:
                    progress(len(seen), pages)  # of all pages: overflow pages are not read
                if cancelled is not None and cancelled():
                    raise DigestCancelled
            page = memoryview(os.pread(fd, page_size, (number - 1) * page_size))
            digest.update(number.to_bytes(4, "big"))
            digest.update(page)
            todo.extend(_children(page, 100 if number == 1 else 0))
    except (OSError, ValueError, IndexError):
        return None
    return digest.hexdigest()


class PendingDigest:
    """A file whose registry entry matches it by path and fingerprint, its b-tree digest
    not yet compared (``storage.opening_check``).

    The file stays open from before the case's connection is made until after it is closed:
    closing any descriptor of a file drops every POSIX lock the process holds on it,
    SQLite's included."""

    def __init__(self, path: Path, stat: list[int], roots: list[int], expected: str) -> None:
        self.path, self.stat, self.roots, self.expected = path, stat, roots, expected
        self.handle = path.open("rb")

    def same_file(self) -> bool:
        """Is the open file the one ``path`` names, with the size, time and inode recorded?"""
        try:
            now, named = os.fstat(self.handle.fileno()), self.path.stat()
        except OSError:
            return False
        return now.st_ino == named.st_ino and [
            now.st_size, now.st_mtime_ns, now.st_ino
        ] == self.stat[:3]  # fmt: skip

    def matches(self, cancelled: Callable[[], bool] | None = None) -> bool:
        """Do the b-tree pages hash as at the clean close? ``DigestCancelled`` if asked to
        stop first."""
        if not self.same_file():
            return False
        return self.expected == _digest(self.handle.fileno(), self.roots, cancelled)

    def close(self) -> None:
        self.handle.close()


def pending_digest(path: Path) -> PendingDigest | None:
    """For a plain file whose registry entry matches it by path and fingerprint: its digest,
    to be compared later; None for anything else (no entry, another fingerprint, a copy,
    an encrypted case), which ``unchanged_since_clean_close`` decides at once."""
    recorded, fingerprint = _load().get(str(path.resolve())), _fingerprint(path)
    if recorded is None or fingerprint is None or recorded.get("stat") != fingerprint:
        return None
    roots, expected = recorded.get("roots"), recorded.get("btree")
    if not isinstance(roots, list) or not all(isinstance(r, int) for r in roots):
        return None
    if not isinstance(expected, str):
        return None
    try:
        return PendingDigest(path, fingerprint, roots, expected)
    except OSError:
        return None


def _children(page: memoryview, at: int) -> list[int]:
    """The child page numbers of a b-tree page (none for a leaf); ValueError if malformed."""
    kind = page[at]
    if kind in _LEAF:
        return []
    if kind not in _INTERIOR:
        raise ValueError("not a b-tree page")
    cells = int.from_bytes(page[at + 3 : at + 5], "big")
    pointers = page[at + 12 : at + 12 + 2 * cells]
    children = [int.from_bytes(page[at + 8 : at + 12], "big")]
    for i in range(cells):
        offset = int.from_bytes(pointers[2 * i : 2 * i + 2], "big")
        children.append(int.from_bytes(page[offset : offset + 4], "big"))
    return children


def _roots(path: Path) -> list[int] | None:
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            conn.execute("PRAGMA trusted_schema = OFF")
            rows = conn.execute("SELECT rootpage FROM sqlite_master WHERE rootpage > 0")
            return [1, *(int(r[0]) for r in rows)]
        finally:
            conn.close()
    except (sqlite3.Error, ValueError, MemoryError):  # a damaged schema: broken UTF-8 in
        return None  # SQLite's message, a non-number root, a damaged index ("out of memory")


def _load() -> dict[str, dict[str, object]]:
    try:
        data = json.loads(_registry().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, dict)}  # older entries: re-check


def _save(entries: dict[str, dict[str, object]]) -> None:
    target = _registry()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".part")
        tmp.write_text(json.dumps(entries), encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        pass  # only a speed-up: without it the next open simply checks every page


def remember(path: Path) -> None:
    """Record that ``path`` was just closed cleanly by this program (the digest taken now)."""
    CleanClose(path).vouch()


class CleanClose:
    """A file this program has just closed cleanly, vouched for by ``vouch`` — at once, or
    later in a worker (``gui.window.closing``). The fingerprint is taken here, at the close:
    a file changed, replaced or opened for writing in between is not vouched for."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fingerprint = _fingerprint(path)

    def vouch(
        self,
        cancelled: Callable[[], bool] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> bool:
        """Take the digest and record it; False when nothing was recorded (the file is not
        as it was at the close, or not a well-formed b-tree), ``DigestCancelled`` when
        ``cancelled()`` stopped it first (nothing recorded either)."""
        path, fingerprint = self.path, self.fingerprint
        if fingerprint is None:
            return False
        entry: dict[str, object] = {"stat": fingerprint, "hmac": True}
        if not _encrypted(path):
            roots = _roots(path)
            if roots is None:
                return False
            try:
                with path.open("rb") as handle:
                    digest = _digest(handle.fileno(), roots, cancelled, progress)
            except OSError:
                return False
            if digest is None:
                return False
            entry = {"stat": fingerprint, "roots": roots, "btree": digest}
        if _fingerprint(path) != fingerprint or _opened_since(path):
            return False
        _record(path, entry)
        return True


def _opened_since(path: Path) -> bool:
    """A log or journal beside the file: another program has it open for writing (its
    writes may still be in the log, the file's own bytes and times unchanged)."""
    return any(path.with_name(path.name + end).exists() for end in ("-wal", "-journal"))


def _record(path: Path, entry: dict[str, object]) -> None:
    key = str(path.resolve())
    with _REGISTRY_LOCK:
        entries = _load()
        entries.pop(key, None)
        entries[key] = entry
        while len(entries) > MAX_ENTRIES:
            entries.pop(next(iter(entries)))
        _save(entries)


def _encrypted(path: Path) -> bool:
    """An encrypted case's pages cannot be walked in clear, and need not be: SQLCipher
    checks every page's HMAC when it is read, so a changed byte anywhere is reported as
    damage on reading, never taken for good data. Its entry is the fingerprint alone (whose
    header bytes are page 1's ciphertext, new at every write of that page)."""
    from casefile.storage.cipher import is_encrypted_file

    try:
        return is_encrypted_file(path)
    except OSError:
        return False


def forget(path: Path) -> None:
    """Stop trusting ``path`` (it is open for writing now)."""
    key = str(path.resolve())
    with _REGISTRY_LOCK:
        entries = _load()
        if entries.pop(key, None) is not None:
            _save(entries)


def unchanged_since_clean_close(path: Path) -> bool:
    """True when ``path`` is exactly as this program left it when it last closed it, or
    a copy of such a file (see ``_copy_of_clean_close``)."""
    entries = _load()
    recorded = entries.get(str(path.resolve()))
    fingerprint = _fingerprint(path)
    if recorded is None or recorded.get("stat") != fingerprint:
        return fingerprint is not None and _copy_of_clean_close(path, fingerprint, entries)
    if recorded.get("hmac") is True:
        return _encrypted(path)
    roots = recorded.get("roots")
    if not isinstance(roots, list) or not all(isinstance(r, int) for r in roots):
        return False
    return recorded.get("btree") == btree_digest(path, roots)


def _copy_of_clean_close(
    path: Path, fingerprint: list[int], entries: dict[str, dict[str, object]]
) -> bool:
    """A copy (or a moved file) of a case this program closed cleanly: same size, same
    change counter and the same digest of every b-tree page as one vouched for, only its
    name, inode and time differ. The digest is taken only when size and counter match one
    (a copied 360 MB case: 0.8 s instead of 11 s of ``integrity_check``); encrypted
    entries are not matched (their entry holds no digest)."""
    same = (fingerprint[0], fingerprint[3])  # size and change counter
    candidates = [
        e
        for e in entries.values()
        if isinstance(stat := e.get("stat"), list)
        and len(stat) == 4
        and (stat[0], stat[3]) == same
        and isinstance(e.get("btree"), str)
    ]
    if not candidates:
        return False
    roots = _roots(path)
    if roots is None:
        return False
    digest = None
    for entry in candidates:
        if entry.get("roots") != roots:
            continue
        digest = digest or btree_digest(path, roots)
        if digest is not None and entry["btree"] == digest:
            return True
    return False
