"""Case files casefile itself closed cleanly, so reopening them can skip the page-by-page check.

``integrity_check`` reads every page: about 1.5 s for a 700 MB case, all of it spent before
the window can show the case. A file this program closed cleanly and that is still exactly
as it was left (same size, modification time, inode and SQLite change counter) has nothing
new to check; every other file — from someone else, copied, restored, left after a crash
(a write-ahead log is present), or touched by anything else — gets the full check.
``casefile check`` always checks everything.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import platformdirs

MAX_ENTRIES = 200


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


def _load() -> dict[str, list[int]]:
    try:
        data = json.loads(_registry().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save(entries: dict[str, list[int]]) -> None:
    target = _registry()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".part")
        tmp.write_text(json.dumps(entries), encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        pass  # only a speed-up: without it the next open simply checks every page


def remember(path: Path) -> None:
    """Record that ``path`` was just closed cleanly by this program."""
    fingerprint = _fingerprint(path)
    if fingerprint is None:
        return
    entries = _load()
    key = str(path.resolve())
    entries.pop(key, None)
    entries[key] = fingerprint
    while len(entries) > MAX_ENTRIES:
        entries.pop(next(iter(entries)))
    _save(entries)


def forget(path: Path) -> None:
    """Stop trusting ``path`` (it is open for writing now)."""
    entries = _load()
    if entries.pop(str(path.resolve()), None) is not None:
        _save(entries)


def unchanged_since_clean_close(path: Path) -> bool:
    """True when ``path`` is exactly as this program left it when it last closed it."""
    recorded = _load().get(str(path.resolve()))
    return recorded is not None and recorded == _fingerprint(path)
