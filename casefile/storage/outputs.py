"""Which files an export may not replace: the open cases of this process, the backups.

``core.outputs`` holds the rule; this module knows the facts only storage has: the cases
this process has open (each ``Case`` registers itself), where backups live (the root and
each case's folder), and whether a case file named as a target is held by another casefile
process.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable
from pathlib import Path

import platformdirs

from casefile.core.outputs import OutputRefused, is_case_file, refuse_unsafe_output
from casefile.storage.engine import sqlite3

_lock = threading.Lock()
_open: dict[int, Path] = {}


def register_open(token: int, path: Path) -> None:
    """Remember that a case is open in this process until ``unregister_open``."""
    with _lock:
        _open[token] = path


def unregister_open(token: int) -> None:
    with _lock:
        _open.pop(token, None)


def open_case_paths() -> list[Path]:
    """The files of every case open in this process now."""
    with _lock:
        return list(_open.values())


def backups_root() -> Path:
    """The folder holding every case's automatic backups (in the user's data folder)."""
    return platformdirs.user_data_path("casefile", appauthor=False) / "backups"


def folder_for(case_path: Path | str, root: Path | None = None) -> Path:
    """The backups folder of one case, named after the case and its full path."""
    resolved = Path(case_path).resolve()
    tag = hashlib.sha256(str(resolved).encode("utf-8", "surrogateescape")).hexdigest()[:12]
    stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in resolved.stem)[:40]
    return (root or backups_root()) / f"{stem or 'case'}-{tag}"


def check_output(
    out: Path | str,
    case_path: Path | None = None,
    *,
    force: bool = False,
    what: str = "the export",
    extra: Iterable[Path] = (),
) -> None:
    """Refuse ``out`` when writing it could replace a case, its log or its backups.

    With ``force`` an existing, closed case file may be replaced; one that another
    casefile window or process holds open never is.
    """
    out = Path(out)
    protected = [*([case_path] if case_path is not None else []), *open_case_paths(), *extra]
    refuse_unsafe_output(
        out,
        protected,
        [(backups_root(), "casefile's backups folder")],
        force=force,
        what=what,
    )
    if is_case_file(out) and _held_by_another_process(out):
        raise OutputRefused(
            f"{out.name} is a case open in another casefile window or program; it is never "
            "replaced while open. Nothing was written."
        )


def _held_by_another_process(path: Path) -> bool:
    try:
        probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0)
    except sqlite3.Error:
        return False
    try:
        probe.execute("PRAGMA trusted_schema = OFF")
        probe.execute("PRAGMA locking_mode = EXCLUSIVE")  # leaves no -shm file behind
        probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as err:
        return "locked" in str(err) or "busy" in str(err)
    except sqlite3.Error:
        return False
    finally:
        probe.close()
    return False
