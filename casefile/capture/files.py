"""Reading dropped or named files safely and extracting their text, one file at a time."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from casefile.capture import formats, outlook
from casefile.capture.formats import FileText
from casefile.capture.limits import CaptureCancelled, CaptureError, Limits, human_size
from casefile.capture.more_formats import MSG, READERS, media_type_of, suffix_of
from casefile.core.inert import file_name, inert
from casefile.core.model import Original
from casefile.core.rules import MAX_TEXT

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]

_EXTRACTORS: dict[str, Callable[[bytes, str], FileText]] = dict(READERS)
"""Reader per file-name ending (the table in more_formats, plus Outlook's, bound below)."""


@dataclass(frozen=True)
class Extracted:
    """One file read and understood: its original bytes (with SHA-256) and what it says."""

    path: str
    name: str
    original: Original
    content: FileText
    raw_name: bytes | None = None  # the name's bytes, when they were not UTF-8

    @property
    def size(self) -> int:
        return len(self.original.data)

    @property
    def sha256(self) -> str:
        return self.original.sha256


def read_files(
    paths: Sequence[str | Path],
    limits: Limits | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    skip_bad: bool = False,
) -> tuple[list[Extracted], list[str]]:
    """Read and extract every file; (extracted, problems).

    All or nothing: unless ``skip_bad``, any problem raises one ``CaptureError`` naming every
    file that could not be taken (with ``skip_bad`` the problems are returned instead).
    """
    limits = limits or Limits()
    if not paths:
        raise CaptureError("Nothing to add: no files were given.")
    if len(paths) > limits.max_files:
        raise CaptureError(
            f"Too many files at once ({len(paths):,}); add at most {limits.max_files:,} at a time."
        )
    done: list[Extracted] = []
    problems: list[str] = []
    for index, path in enumerate(paths):
        if cancelled is not None and cancelled():
            raise CaptureCancelled()
        if progress is not None:
            progress(index, len(paths), inert(Path(path).name))
        try:
            done.append(read_file(path, limits))
        except CaptureError as err:
            problems.append(str(err))
    if progress is not None:
        progress(len(paths), len(paths), "")
    if problems and not skip_bad:
        raise CaptureError(problem_report(problems, len(paths)))
    return done, problems


def problem_report(problems: list[str], total: int) -> str:
    if total == 1:
        return problems[0]
    shown = problems[:10]
    more = len(problems) - len(shown)
    lines = [f"Nothing was added: {len(problems)} of {total} files cannot be taken."]
    lines += [f"• {p}" for p in shown]
    if more:
        lines.append(f"… and {more} more.")
    return "\n".join(lines)


def read_file(path: str | Path, limits: Limits | None = None) -> Extracted:
    """Read one file (refusing folders, empty, huge, vanished or unreadable ones) and extract it."""
    limits = limits or Limits()
    path = Path(path)
    data = read_bytes(path, limits)
    return extract(path.name, data, str(path))


def extract(name: str, data: bytes, path: str = "") -> Extracted:
    """Extract the text of bytes named ``name`` (the extension picks the format).

    Whatever goes wrong inside an extractor (a parser's own error, a recursion or memory
    limit) becomes a ``CaptureError`` naming the file: it never escapes as anything else.
    """
    name, raw_name = file_name(name)
    shown = inert(name)
    suffix = suffix_of(name)
    media_type = media_type_of(name, data)
    extractor = _EXTRACTORS.get(suffix)
    if extractor is None and media_type == "application/pdf":
        extractor = _EXTRACTORS[".pdf"]
    try:
        content = extractor(data, shown) if extractor else FileText(None)
    except CaptureError:
        raise
    except RecursionError:
        raise CaptureError(f"{shown} is nested too deeply to be read (a crafted file?).") from None
    except MemoryError:
        raise CaptureError(f"{shown} needs more memory to read than is available.") from None
    except Exception as err:  # any parser's own error: refused in words, never a hang
        detail = f"{type(err).__name__}: {formats.short_error(err)}"
        raise CaptureError(f"{shown} could not be read; its reader failed ({detail}).") from None
    if content.text is not None and len(content.text) > MAX_TEXT:
        note = (
            f"The text ({len(content.text):,} characters) is too long to keep; the file is stored."
        )
        content = FileText(None, content.title, content.author, content.published, note=note)
    original = Original(hashlib.sha256(data).hexdigest(), media_type, data)
    return Extracted(path or name, name, original, content, raw_name)


def _outlook(data: bytes, name: str) -> FileText:
    """An Outlook message, its attachments read by this same dispatcher."""
    return outlook.msg_file(data, name, extract)


_EXTRACTORS[MSG] = _outlook


def read_bytes(path: Path, limits: Limits) -> bytes:
    """A file's bytes, refusing folders, devices, empty, huge, vanished or unreadable ones."""
    name = inert(file_name(path.name or str(path))[0])
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise CaptureError(f"{name} is a folder; add the files inside it instead.")
        if not stat.S_ISREG(info.st_mode):
            raise CaptureError(f"{name} is not an ordinary file (a device or pipe?).")
        _check_size(name, info.st_size, limits)
        with path.open("rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise CaptureError(f"{name} is not an ordinary file.")
            data = handle.read(limits.max_file_bytes + 1)
    except FileNotFoundError:
        raise CaptureError(
            f"{name} cannot be found: it was moved or deleted (or never existed)."
        ) from None
    except PermissionError:
        raise CaptureError(f"{name} cannot be read: permission denied.") from None
    except IsADirectoryError:
        raise CaptureError(f"{name} is a folder; add the files inside it instead.") from None
    except OSError as err:
        raise CaptureError(f"{name} cannot be read ({err.strerror or err}).") from None
    _check_size(name, len(data), limits)
    if not data:
        raise CaptureError(f"{name} is empty (0 bytes); there is nothing to keep.")
    return data


def _check_size(name: str, size: int, limits: Limits) -> None:
    if size > limits.max_file_bytes:
        raise CaptureError(
            f"{name} is {human_size(size)}; casefile takes files of up to "
            f"{human_size(limits.max_file_bytes)} each (the limit can be changed in the settings)."
        )


__all__ = ["Extracted", "extract", "media_type_of", "problem_report", "read_file", "read_files"]
