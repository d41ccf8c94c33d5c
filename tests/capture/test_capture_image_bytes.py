"""An image carried as bytes (a pasted screenshot) is kept as a file source with its hash."""

from __future__ import annotations

import hashlib
import struct
import zlib

import pytest

from casefile.capture import CaptureError, Limits, capture_payload, read_payload
from casefile.core.model import Source


def _png(width: int = 2, height: int = 2) -> bytes:
    """A real, tiny PNG made here (grey pixels)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))  # fmt: skip


def test_image_bytes_alone_are_read_as_an_image() -> None:
    """A drop holding only image bytes is understood as an image, not refused as empty."""
    png = _png()
    dropped = read_payload({"image/jpeg": b"", "image/png": png, "application/x-qt-image": b""})
    assert (dropped.image, dropped.image_type) == (png, "image/png")
    assert not dropped.needs_source


def test_words_still_win_over_an_image() -> None:
    """When an application offers words and a picture of them, the words are captured."""
    dropped = read_payload({"text/plain": b"Held at dawn.", "image/png": _png()})
    assert dropped.text == "Held at dawn." and dropped.image is None


def test_an_image_becomes_a_file_source_with_its_hash(case) -> None:  # type: ignore[no-untyped-def]
    """The image's exact bytes are stored, with media type, size and SHA-256, and no text."""
    png = _png()
    capture = capture_payload({"image/png": png}, case)
    assert capture.name == "Add image" and len(capture.sources) == 1
    case.execute(capture.command)
    source = case.get("source", capture.sources[0])
    assert isinstance(source, Source)
    digest = hashlib.sha256(png).hexdigest()
    assert (source.kind, source.media_type, source.size, source.sha256, source.text) == (
        "file", "image/png", len(png), digest, None)  # fmt: skip
    assert source.file_name == "image.png"
    assert case.store.original(digest).data == png


def test_the_same_image_twice_is_kept_once(case) -> None:  # type: ignore[no-untyped-def]
    """Pasting the same screenshot again selects the source already holding it."""
    first = capture_payload({"image/png": _png()}, case)
    case.execute(first.command)
    again = capture_payload({"image/png": _png()}, case)
    assert again.command is None and again.reused == first.sources
    assert "already in the case" in again.messages[0]


def test_an_image_over_the_size_limit_is_refused(case) -> None:  # type: ignore[no-untyped-def]
    """An image larger than the per-file limit gets a message naming the limit."""
    with pytest.raises(CaptureError, match="files of up to 50 bytes"):
        capture_payload({"image/png": _png(20, 20)}, case, limits=Limits(max_file_bytes=50))
