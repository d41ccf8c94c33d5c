"""What a file says once read: its text, the metadata found inside it and the sources inside
it (a FileText's parts hold FileTexts, so both live here)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from casefile.core.inert import inert
from casefile.core.model import Original

if TYPE_CHECKING:
    from casefile.capture.proposals import Proposal


@dataclass(frozen=True)
class FileText:
    """What a file says: its text (None when it has none) and metadata found inside it."""

    text: str | None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None
    pages: tuple[int, ...] = ()
    note: str | None = None
    retrieved: str | None = None  # when it was captured, if the file says (a web archive)
    parts: tuple[Part, ...] = ()  # sources inside it (archived pages, sheets, attachments)
    layers: tuple[Original, ...] = ()  # kept beside the original (OCR words); key set on store
    proposal: Proposal | None = None  # details the file proposes about itself, to confirm


@dataclass(frozen=True)
class Part:
    """One source found inside a file.

    ``original`` is the part's own bytes (an attachment); None means the container file is
    the original (an archived page, a sheet). ``label`` names it in pickers and messages.
    """

    label: str
    content: FileText
    original: Original | None = None
    file_name: str | None = None


def short_error(err: BaseException) -> str:
    """An exception in one short line: its message, or its kind when it has none."""
    text = " ".join(str(err).split()) or type(err).__name__
    return inert(text if len(text) <= 120 else text[:119] + "…")


__all__ = ["FileText", "Part", "short_error"]
