"""Turning dropped or pasted payloads and files into sources and snippets (no Qt)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from casefile.capture.files import Cancelled, Extracted, Progress, read_file, read_files
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
    if len(data) > limits.max_file_bytes:
        raise CaptureError(
            f"The image is {human_size(len(data))}; casefile takes files of up to "
            f"{human_size(limits.max_file_bytes)} each (the limit can be changed in the settings)."
        )
    return plan_image(data, dropped.image_type or "application/octet-stream", lookup, dropped.url)


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
    "human_size",
    "page_label",
    "plan_files",
    "plan_links",
    "plan_text",
    "read_file",
    "read_files",
    "read_payload",
    "snippet_from_selection",
]
