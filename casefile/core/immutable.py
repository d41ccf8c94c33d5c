"""What captured evidence can never change once stored: the one statement every write obeys.

A source's extracted text, the hash of its original (and so the original bytes, which are
stored by hash), the original's media type, size and file name, the time it was captured
and its page starts are the evidence itself. So are a quote's text, the source it was taken
from, its offsets into that source's text and its page. Once such a field holds a value it
keeps it: an edit, a package import, an undo or redo, a merge of people or a migration may
not change or clear it. An empty field may be filled in once (a source imported without its
file later receives the original whose hash it records). A snippet typed by hand, with no
source, is a note until it names a source; from then on it is a quote. Correcting a quote
means quoting again (the old snippet can be deleted, with history). Everything else —
titles, notes, grades, dates, tags, links, names, aliases, claim fields — stays editable.

``core.commands`` applies ``guard`` to every record it writes or replays, and package
imports use ``changed_evidence`` to name the conflicts of a package before anything is
written.
"""

from __future__ import annotations

from typing import Any

from casefile.core.errors import ValidationError
from casefile.core.model import Kind, Record, Snippet

FIXED: dict[Kind, tuple[str, ...]] = {
    "source": ("text", "sha256", "media_type", "size", "file_name", "retrieved", "pages"),
    "snippet": ("text", "source", "offset", "location"),
}
"""The evidence fields of each kind, in the order they are reported."""

WORDS: dict[tuple[Kind, str], str] = {
    ("source", "text"): "extracted text",
    ("source", "sha256"): "SHA-256 of the original",
    ("source", "media_type"): "media type of the original",
    ("source", "size"): "size of the original",
    ("source", "file_name"): "file name of the original",
    ("source", "retrieved"): "capture time",
    ("source", "pages"): "page starts",
    ("snippet", "text"): "quoted text",
    ("snippet", "source"): "source",
    ("snippet", "offset"): "offsets in its source",
    ("snippet", "location"): "page",
}


class EvidenceChangeError(ValidationError):
    """A write would change or clear captured evidence; nothing was written."""


def is_set(value: Any) -> bool:
    """Does a field hold a value (not None, not an empty list)?"""
    return value is not None and value != ()


def fixed_fields(record: Record) -> tuple[str, ...]:
    """The fields of ``record`` that are evidence now (a hand-typed note has none)."""
    if isinstance(record, Snippet) and record.source is None:
        return ()
    return FIXED.get(record.KIND, ())


def changed_evidence(before: Record | None, after: Record | None) -> list[str]:
    """The evidence fields of ``before`` that ``after`` would change or clear.

    Creating a record (``before`` is None) or deleting one whole (``after`` is None) changes
    no field; deleting is allowed and kept in the history.
    """
    if before is None or after is None:
        return []
    return [
        name
        for name in fixed_fields(before)
        if is_set(getattr(before, name)) and getattr(before, name) != getattr(after, name)
    ]


def guard(before: Record | None, after: Record | None) -> None:
    """Raise ``EvidenceChangeError`` when writing ``after`` over ``before`` alters evidence."""
    fields = changed_evidence(before, after)
    if not fields:
        return
    assert before is not None
    what = ", ".join(WORDS[(before.KIND, name)] for name in fields)
    if before.KIND == "snippet":
        raise EvidenceChangeError(
            f"The {what} of snippet {before.id} cannot be changed: a quote stays exactly as "
            "it was taken. Quote the source again instead (the old snippet can be deleted)."
        )
    raise EvidenceChangeError(
        f"The {what} of source {before.id} cannot be changed: captured evidence is never "
        "rewritten. Add the other version as a new source instead."
    )
