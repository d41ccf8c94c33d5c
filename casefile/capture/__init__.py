"""Turning dropped or pasted payloads and files into sources and snippets (no Qt)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from casefile.capture.files import (
    Cancelled,
    Extracted,
    Progress,
    extract,
    read_file,
    read_files,
)
from casefile.capture.filetext import FileText
from casefile.capture.limits import (
    CaptureCancelled,
    CaptureError,
    Limits,
    SourceNeeded,
    human_size,
)
from casefile.capture.payload import Dropped, Link, read_payload
from casefile.capture.plan import (
    Capture,
    SourceChoice,
    image_name,
    page_label,
    plan_files,
    plan_image,
)
from casefile.capture.plan_words import plan_links, plan_text, snippet_from_selection
from casefile.core.capture_ports import SourceLookup


def capture_files(
    paths: Sequence[str | Path],
    lookup: SourceLookup,
    limits: Limits | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    skip_bad: bool = False,
) -> Capture:
    """Read, extract and plan files in one go (the CLI's path; the GUI reads in a worker)."""
    items, problems = read_files(paths, limits, progress, cancelled, skip_bad)
    planned = plan_files(items, lookup)
    if problems:
        skipped = tuple(f"Skipped: {p}" for p in problems)
        return replace(planned, messages=planned.messages + skipped)
    return planned


def capture_dropped(
    dropped: Dropped,
    lookup: SourceLookup,
    choice: SourceChoice | None = None,
    limits: Limits | None = None,
) -> Capture:
    """Plan whatever a drop or paste carried: files, links, or words with their source."""
    if dropped.files:
        return capture_files(dropped.files, lookup, limits)
    if dropped.links:
        return plan_links(dropped.links, lookup)
    if dropped.image is not None:
        return _image(dropped, lookup, limits or Limits())
    return plan_text(dropped, lookup, choice)


def _image(dropped: Dropped, lookup: SourceLookup, limits: Limits) -> Capture:
    data = dropped.image or b""
    check_image_size(data, limits)
    media_type = dropped.image_type or "application/octet-stream"
    content = read_image(data, media_type)
    return plan_image(data, media_type, lookup, dropped.url, content=content)


def check_image_size(data: bytes, limits: Limits) -> None:
    """Refuse an image carried as bytes that is larger than a file may be."""
    if len(data) > limits.max_file_bytes:
        raise CaptureError(
            f"The image is {human_size(len(data))}; casefile takes files of up to "
            f"{human_size(limits.max_file_bytes)} each (the limit can be changed in the settings)."
        )


def read_image(data: bytes, media_type: str) -> FileText:
    """The words in an image carried as bytes (a pasted or dropped screenshot), read by OCR
    like an image file (slow: the window calls this in a worker); without OCR, the note says
    how to turn it on. A damaged image or a pixel bomb is refused (``CaptureError``)."""
    return extract(image_name(media_type), data).content


def capture_payload(
    data: Mapping[str, bytes],
    lookup: SourceLookup,
    choice: SourceChoice | None = None,
    limits: Limits | None = None,
) -> Capture:
    """Plan a drop or paste given as media type -> bytes (as a ``QMimeData`` holds them)."""
    return capture_dropped(read_payload(data), lookup, choice, limits)


__all__ = [
    "Cancelled",
    "Capture",
    "CaptureCancelled",
    "CaptureError",
    "Dropped",
    "Extracted",
    "Limits",
    "Link",
    "Progress",
    "SourceChoice",
    "SourceLookup",
    "SourceNeeded",
    "capture_dropped",
    "capture_files",
    "capture_payload",
    "check_image_size",
    "human_size",
    "page_label",
    "plan_files",
    "plan_image",
    "plan_links",
    "plan_text",
    "read_file",
    "read_files",
    "read_image",
    "read_payload",
    "snippet_from_selection",
]
