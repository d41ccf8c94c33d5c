"""Attaching a file's bytes to the source that records their SHA-256 but holds no original."""

from __future__ import annotations

import dataclasses

from casefile.core.commands import Command, Op, Put, Store
from casefile.core.errors import NotFoundError, ValidationError
from casefile.core.model import Original, Source


class AttachOriginal(Command):
    """Store ``original`` as the original of source ``source_id`` (same SHA-256).

    A source imported from a package may carry the hash of a file without its bytes. When
    the very file turns up, its bytes are stored and the source's empty details (file
    name, media type, size, and its text and pages when it had none) are filled in; what
    the source already holds stays as it is (``core.immutable``).
    """

    name = "Attach original"

    def __init__(
        self,
        source_id: str,
        original: Original,
        file_name: str,
        text: str | None = None,
        pages: tuple[int, ...] = (),
    ) -> None:
        self.source_id = source_id
        self.originals = (original,)
        self.file_name = file_name
        self.text = text
        self.pages = pages

    def plan(self, store: Store) -> list[Op]:
        source = store.get("source", self.source_id)
        if not isinstance(source, Source):
            raise NotFoundError("The source is no longer in the case.")
        original = self.originals[0]
        if source.sha256 != original.sha256:
            raise ValidationError("The file's SHA-256 is not the one the source records.")
        fill_text = source.text is None and self.text is not None
        filled = dataclasses.replace(
            source,
            file_name=source.file_name or self.file_name,
            media_type=source.media_type or original.media_type,
            size=len(original.data) if source.size is None else source.size,
            text=self.text if fill_text else source.text,
            pages=self.pages if fill_text and not source.pages else source.pages,
        )
        return [Put(filled)]
