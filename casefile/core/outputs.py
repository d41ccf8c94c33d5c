"""Output paths that would destroy a case: refused in words before anything is written.

An export, a brief or a backup is written to a temporary file that then replaces its
target atomically. Pointed at the case itself (a typo: ``export CASE --json CASE``), that
replace would swap the case for a JSON package or a PDF. Every writer therefore asks
``refuse_unsafe_output`` first: the case, its ``-wal``/``-shm``/``-journal``, any other open
case, anything inside a protected folder (the backups) is refused outright, and an
existing file that is itself a case file is only replaced when the user says ``--force``.
Plain file I/O only: the SQLite header is sniffed, never opened with SQLite.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from casefile.core.errors import CaseError

SQLITE_HEADER = b"SQLite format 3\x00"
APPLICATION_ID = 0x43617346  # "CasF": marks a SQLite file as a casefile
CASE_SUFFIX = ".casefile"
SIDE_FILES = ("-wal", "-shm", "-journal")


class OutputRefused(CaseError):
    """An output path would overwrite a case, its log or its backups."""


class DiskFullError(CaseError):
    """The disk (or the user's quota) is full; what was being written was not written."""


NO_ROOM = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})


def output_disk_full(out: Path, err: BaseException | None) -> DiskFullError | None:
    """The message for an export the disk had no room for, or None for other errors.

    The writers remove their temporary file, so the message can promise nothing is left."""
    if not isinstance(err, OSError) or err.errno not in NO_ROOM:
        return None
    return DiskFullError(
        f"The disk is full: {out.name} was not written and nothing of it was left behind; "
        "the case is unchanged. Free some space and try again."
    )


def is_case_file(path: Path) -> bool:
    """True for a regular file that is a casefile case (by its header or by its name).

    The name counts too: an encrypted case has no readable header, and a file someone
    named ``.casefile`` is one they would not expect an export to swallow.
    """
    try:
        if not path.is_file():
            return False
        if path.name.endswith(CASE_SUFFIX):
            return True
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError:
        return False
    return (
        len(header) == 100
        and header.startswith(SQLITE_HEADER)
        and int.from_bytes(header[68:72], "big") == APPLICATION_ID
    )


def same_file(a: Path, b: Path) -> bool:
    """True when both paths name one file (symlinks, ``..``, hard links and case folding)."""
    try:
        if a.resolve() == b.resolve():
            return True
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop on older Pythons
        return False


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def refuse_unsafe_output(
    out: Path | str,
    protected: Iterable[Path] = (),
    protected_folders: Iterable[tuple[Path, str]] = (),
    *,
    force: bool = False,
    what: str = "the export",
    force_hint: str = "add --force to replace it",
) -> None:
    """Raise ``OutputRefused`` unless writing ``out`` leaves every case intact.

    ``protected``: case files that must survive (the case being exported, every open
    case). ``protected_folders``: (folder, what it holds) pairs nothing may be written
    into, such as the backups folder. ``force`` allows replacing some other, closed case
    file the user named on purpose; it never allows the protected ones.
    """
    out = Path(out)
    name = out.name or str(out)
    _refuse_special(out, name, what)
    for case in protected:
        if same_file(out, case):
            raise OutputRefused(
                f"{name} is the case file itself: writing {what} there would destroy the "
                "case. Choose another file name; nothing was written."
            )
        for side in SIDE_FILES:
            if same_file(out, case.with_name(case.name + side)):
                raise OutputRefused(
                    f"{name} is the {_side_words(side)} of the case {case.name}: writing "
                    f"{what} there would damage the case. Choose another file name; "
                    "nothing was written."
                )
    for folder, holds in protected_folders:
        if _inside(out, folder):
            raise OutputRefused(
                f"{name} is inside {holds} ({folder}); {what} is not written there, so "
                "that nothing in it is replaced. Choose another folder; nothing was written."
            )
    for side in SIDE_FILES:
        if out.name.endswith(side) and is_case_file(out.with_name(out.name[: -len(side)])):
            raise OutputRefused(
                f"{name} is the {_side_words(side)} of the case "
                f"{out.name[: -len(side)]}: writing {what} there would damage that case. "
                "Choose another file name; nothing was written."
            )
    if is_case_file(out) and not force:
        raise OutputRefused(
            f"{name} is an existing case file: {what} would replace it and everything in "
            f"it. Choose another file name, or {force_hint}; nothing was written."
        )


def _refuse_special(out: Path, name: str, what: str) -> None:
    """A folder, device, pipe or socket is never replaced by a file (``-o /dev/null`` run as
    root would otherwise swap the system's null device for a PDF)."""
    try:
        mode = out.stat().st_mode
    except OSError:
        return  # nothing there yet (or unreachable: the write itself says why)
    if stat.S_ISREG(mode):
        return
    kind = "a folder" if stat.S_ISDIR(mode) else "a device, pipe or socket, not a file"
    raise OutputRefused(
        f"{name} is {kind}: {what} is written to a file and would replace it. "
        "Choose a file name; nothing was written."
    )


def _side_words(side: str) -> str:
    return {
        "-wal": "write-ahead log",
        "-shm": "shared-memory index",
        "-journal": "rollback journal",
    }[side]
