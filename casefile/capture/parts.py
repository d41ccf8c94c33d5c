"""Files that hold several sources (archived pages, sheets, attachments) and their guards.

A container's extractor returns a ``FileText`` whose ``parts`` each become a source: an
archived page or a sheet keeps the container file as its original; an attachment has its own
bytes as its original. Readers of untrusted containers use the guards here so that a small
file cannot inflate into gigabytes or into millions of sources.
"""

from __future__ import annotations

import contextlib
import contextvars
import fnmatch
import hashlib
import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from casefile.capture.filetext import Part
from casefile.capture.limits import MB, CaptureError, human_size
from casefile.core.model import Original
from casefile.core.rules import MAX_TEXT

MAX_PARTS = 2_000  # sources taken from one file (pages, sheets, attachments)
MAX_UNPACKED = 1024 * MB  # bytes one container may unpack to, all parts together
MAX_RATIO = 100  # unpacked bytes per packed byte above which a file is called a bomb
MAX_MEMBERS = 20_000  # entries in one zip-based file
MAX_DEPTH = 4  # containers inside containers (a message attached to a message…)


class TooDeep(CaptureError):
    """Files inside files inside files… past ``MAX_DEPTH``: the whole file is refused."""


_DEPTH: contextvars.ContextVar[int] = contextvars.ContextVar("container_depth", default=0)


@dataclass(frozen=True)
class PageChoice:
    """Which archived pages of one file become sources: by position among the file's pages
    (a picker's choice, valid for the bytes whose SHA-256 was listed) or by address pattern."""

    indexes: frozenset[int] | None = None
    sha256: str | None = None
    pattern: str | None = None  # fnmatch pattern on the page's address (``casefile add``)

    def wants(self, index: int, url: str) -> bool:
        if self.indexes is not None and index not in self.indexes:
            return False
        return self.pattern is None or fnmatch.fnmatchcase(url, self.pattern)

    def check(self, data: bytes, name: str) -> None:
        """Refuse when the file is no longer the one whose pages were listed."""
        if self.sha256 is not None and hashlib.sha256(data).hexdigest() != self.sha256:
            raise CaptureError(
                f"{name} changed after its pages were listed; add it again to pick its pages."
            )


_CHOICE: contextvars.ContextVar[PageChoice | None] = contextvars.ContextVar(
    "page_choice", default=None
)


@contextlib.contextmanager
def chosen_pages(choice: PageChoice | None) -> Iterator[None]:
    """Read a web archive taking only the pages ``choice`` wants (None: every page)."""
    token = _CHOICE.set(choice)
    try:
        yield
    finally:
        _CHOICE.reset(token)


def page_choice() -> PageChoice | None:
    """The page choice of the archive being read (set by ``chosen_pages``), if any."""
    return _CHOICE.get()


@contextlib.contextmanager
def nested(name: str) -> Iterator[None]:
    """Read a file found inside another; refuse containers nested past ``MAX_DEPTH``.

    The refusal names the outermost file: the one the user added."""
    depth = _DEPTH.get() + 1
    if depth > MAX_DEPTH:
        raise TooDeep(name)
    token = _DEPTH.set(depth)
    try:
        yield
    except TooDeep:
        if depth > 1:
            raise
        raise TooDeep(
            f"{name} holds files nested more than {MAX_DEPTH} deep (a message attached to a "
            "message attached to…); it was not added."
        ) from None
    finally:
        _DEPTH.reset(token)


def own_original(data: bytes, media_type: str) -> Original:
    """An ``Original`` of bytes found inside a file, with their SHA-256."""
    return Original(hashlib.sha256(data).hexdigest(), media_type, data)


class TextBudget:
    """Counts the text taken from one container; refuses past what a case can hold."""

    def __init__(self, name: str, limit: int = MAX_TEXT) -> None:
        self.name = name
        self.limit = limit
        self.used = 0
        self.parts = 0

    def take(self, text: str | None) -> None:
        """Count one more part and its text; refuse when there are too many or too much."""
        self.parts += 1
        if self.parts > MAX_PARTS:
            raise CaptureError(
                f"{self.name} holds more than {MAX_PARTS:,} pages, sheets or attachments; "
                f"casefile takes up to {MAX_PARTS:,} from one file. Split it and add the pieces."
            )
        self.used += len(text or "")
        if self.used > self.limit:
            raise CaptureError(
                f"{self.name} holds more than {self.limit:,} characters of text; "
                "casefile cannot keep that much from one file. Split it and add the pieces."
            )


class CappedReader(io.RawIOBase):
    """A readable stream that refuses to yield more than ``limit`` bytes in total."""

    def __init__(self, stream: IO[bytes], limit: int, name: str) -> None:
        self.stream = stream
        self.limit = limit
        self.name = name
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(buffer)
        try:
            chunk = self.stream.read(min(len(view), 1 * MB))
        except (EOFError, zlib.error, OSError):  # readers upstream take EOFError for the end
            raise CaptureError(
                f"{self.name} is damaged: it ends in the middle of its data."
            ) from None
        self.count += len(chunk)
        if self.count > self.limit:
            raise CaptureError(unpack_message(self.name, self.limit))
        view[: len(chunk)] = chunk
        return len(chunk)


def unpack_limit(packed_size: int) -> int:
    """How many bytes a file of ``packed_size`` may unpack to before it is called a bomb."""
    return min(MAX_UNPACKED, max(64 * MB, packed_size * MAX_RATIO))


def unpack_message(name: str, limit: int) -> str:
    return (
        f"{name} unpacks to more than {human_size(limit)} (a compression bomb or a damaged "
        "file?); it was not added."
    )


def open_zip(data: bytes, name: str, kind: str) -> zipfile.ZipFile:
    """A zip-based file (.wacz, .xlsx) after checking its directory: entry count and the sizes
    the entries say they unpack to (zipfile refuses to unpack an entry past its stated size)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise CaptureError(f"{name} is damaged or not really {kind}.") from None
    if len(entries) > MAX_MEMBERS:
        raise CaptureError(
            f"{name} holds {len(entries):,} entries; casefile reads files of up to "
            f"{MAX_MEMBERS:,} entries."
        )
    limit = unpack_limit(len(data))
    if sum(entry.file_size for entry in entries) > limit:
        raise CaptureError(unpack_message(name, limit))
    return archive


def zip_members(archive: zipfile.ZipFile, suffixes: tuple[str, ...]) -> Iterator[zipfile.ZipInfo]:
    """Entries whose names end in one of ``suffixes``, in the order stored."""
    for entry in archive.infolist():
        if not entry.is_dir() and entry.filename.lower().endswith(suffixes):
            yield entry


__all__ = [
    "MAX_DEPTH",
    "MAX_PARTS",
    "CappedReader",
    "PageChoice",
    "Part",
    "TextBudget",
    "TooDeep",
    "chosen_pages",
    "nested",
    "open_zip",
    "own_original",
    "page_choice",
    "unpack_limit",
    "unpack_message",
    "zip_members",
]
