"""The case's content digest: a SHA-256 anyone can recompute from the case or its package.

The digest is the SHA-256 of the case's JSON package exactly as ``casefile export`` writes it
(records sorted by id, fixed formatting, original files included). It depends only on the
case's content: not on whether the file is open, on its pages or journal, or on its history,
so recording an export in the history does not change it. ``casefile digest CASE`` prints it;
``casefile export CASE --json P.json`` followed by any SHA-256 tool gives the same value.
"""

from __future__ import annotations

import hashlib

from casefile.storage.case import Case
from casefile.storage.package_export import dump_package


class _HashingWriter:
    """A text handle that hashes what is written (UTF-8) instead of keeping it."""

    def __init__(self) -> None:
        self.hash = hashlib.sha256()

    def write(self, text: str) -> int:
        self.hash.update(text.encode("utf-8"))
        return len(text)


def content_digest(case: Case) -> str:
    """The SHA-256 of the case's package, computed without writing it anywhere."""
    writer = _HashingWriter()
    dump_package(case, writer)  # type: ignore[arg-type]
    return writer.hash.hexdigest()


__all__ = ["content_digest"]
