"""Listing the pages of a web archive before capture, so the user can pick which to keep.

The listing streams the archive's records once, reading at most the first few kilobytes of
each HTML page (for its title): an archive of tens of thousands of pages lists in seconds and
in little memory. Pages are numbered in the order the capture reads them, so a ``PageChoice``
of those numbers selects exactly the listed pages.
"""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casefile.capture.files import read_bytes
from casefile.capture.limits import CaptureCancelled, Limits
from casefile.capture.more_formats import suffix_of
from casefile.capture.webarchive import page_records, record_date, record_url, wacz_records
from casefile.core.inert import file_name, inert

ARCHIVES = (".warc", ".warc.gz", ".wacz")
LIST_MAX = 10_000  # pages listed for the picker (~2.5 s on 2 busy cores); the rest not offered
TITLE_BYTES = 4096  # read from the start of each page for its title
_TITLE = re.compile(rb"(?is)<title[^>]*>(.{0,600}?)</title")
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class ArchivedPage:
    """One page as the picker shows it (``index``: its place among the archive's pages)."""

    index: int
    url: str
    title: str | None
    captured: str | None
    size: int


@dataclass(frozen=True)
class PageListing:
    """The pages of one archive file, and the SHA-256 of the bytes that were listed."""

    path: str
    name: str
    sha256: str
    pages: tuple[ArchivedPage, ...]
    more: bool = False  # the archive holds pages past ``LIST_MAX`` that were not listed


def is_archive(path: str | Path) -> bool:
    """True for a file whose name says it is a WARC or WACZ web archive."""
    return suffix_of(Path(path).name) in ARCHIVES


def list_pages(
    path: str | Path, limits: Limits | None = None, cancelled: Callable[[], bool] | None = None
) -> PageListing:
    """The archived HTML pages of a WARC/WACZ file: address, title, capture date, size."""
    path = Path(path)
    data = read_bytes(path, limits or Limits())
    name = inert(file_name(path.name)[0])
    stop = cancelled or (lambda: False)
    pages: list[ArchivedPage] = []
    more = False
    for index, record in _records(data, name):
        if stop():
            raise CaptureCancelled()
        if len(pages) == LIST_MAX:
            more = True
            break
        pages.append(_listed(index, record))
    return PageListing(str(path), name, hashlib.sha256(data).hexdigest(), tuple(pages), more)


def _records(data: bytes, name: str) -> Iterator[tuple[int, Any]]:
    if suffix_of(name) == ".wacz":
        for _where, index, record in wacz_records(data, name):
            yield index, record
    else:
        yield from page_records(io.BytesIO(data), name, len(data), name, itertools.count())


def _listed(index: int, record: Any) -> ArchivedPage:
    head = record.raw_stream.read(TITLE_BYTES)
    match = _TITLE.search(head)
    title = None
    if match is not None:  # a compressed payload has no readable title: left blank
        raw = match.group(1).decode("utf-8", "replace")  # a title in another charset may blur
        title = inert(" ".join(html.unescape(_TAG.sub("", raw)).split()))
    return ArchivedPage(index, record_url(record), title or None, record_date(record),
                        _size(record))  # fmt: skip


def _size(record: Any) -> int:
    """The archived payload's size: what the record holds after its HTTP headers."""
    payload = getattr(record, "payload_length", -1)
    if isinstance(payload, int) and payload >= 0:
        return payload
    return int(record.length or 0)


__all__ = ["ARCHIVES", "LIST_MAX", "ArchivedPage", "PageListing", "is_archive", "list_pages"]
