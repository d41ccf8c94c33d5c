"""What capture needs to ask the case (is this hash or URL stored?), declared as a Protocol."""

from __future__ import annotations

from typing import Protocol

from casefile.core.model import Kind, Record


class SourceLookup(Protocol):
    """Read-only questions capture asks; storage's ``Case`` answers them."""

    def find_sources(self, *, url: str | None = None, sha256: str | None = None) -> list[str]:
        """Ids of sources with this URL or this SHA-256 of the captured original."""
        ...

    def has_original(self, sha256: str) -> bool:
        """Are the bytes with this SHA-256 stored in the case?"""
        ...

    def get(self, kind: Kind, ident: str) -> Record | None:
        """One record, or None when it is not in the case."""
        ...


__all__ = ["SourceLookup"]
