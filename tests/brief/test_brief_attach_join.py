"""The brief's embedded files are written as reportlab writes them, without adding up bytes."""

from __future__ import annotations

import io
from typing import Any

import pytest
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import PDFStream, PDFZCompress
from reportlab.pdfgen.canvas import Canvas

from casefile.brief import attach
from casefile.brief.attach import Attachment

FILES = [
    Attachment(attach.PACKAGE, b'{"records": [' + b'{"id": "n1"}, ' * 5000 + b"]}",
               "application/json", "The case package"),
    Attachment("source-001-memo.txt", b"The vessel's cargo.\n", "text/plain", "", "Source", "s1"),
]  # fmt: skip


def _pdf() -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1)
    attach.embed(canvas, FILES)
    canvas.drawString(72, 72, "Brief")
    canvas.showPage()
    with attach.joined_objects():
        canvas.save()
    return out.getvalue()


def test_embedded_files_are_the_same_bytes_as_reportlab_writes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A brief written now is byte-identical to one written before the join (the same file,
    the same SHA-256 a reader may have recorded), and reportlab's own method is put back."""
    original = pdfdoc.PDFIndirectObject.format
    joined = _pdf()
    assert pdfdoc.PDFIndirectObject.format is original

    def reportlabs(dictionary: Any, content: bytes) -> PDFStream:
        return PDFStream(dictionary, content, filters=[PDFZCompress])

    monkeypatch.setattr(attach, "_EmbeddedFile", reportlabs)
    monkeypatch.setattr(attach, "joined_objects", _reportlabs_objects)
    assert _pdf() == joined


class _NoAdding(bytes):
    """Compressed bytes that refuse ``+`` (which holds every other thread while it copies)."""

    def __add__(self, other: object) -> bytes:
        raise AssertionError("a large stream was added up")

    def __radd__(self, other: object) -> bytes:
        raise AssertionError("a large stream was added up")


def test_a_large_embedded_file_is_joined_not_added(monkeypatch: pytest.MonkeyPatch) -> None:
    """The window keeps repainting while a large package is saved into the brief: its
    compressed stream is put together with ``join`` (which lets other threads run)."""
    compress = PDFZCompress.encode

    def encode(data: bytes | str) -> bytes:
        large = isinstance(data, bytes) and len(data) > 50_000  # the package, not a page
        return _NoAdding(compress(data)) if large else compress(data)

    monkeypatch.setattr(PDFZCompress, "encode", encode)
    assert b"/EmbeddedFile" in _pdf()


class _reportlabs_objects:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None
