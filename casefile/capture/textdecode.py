"""Bytes to text without altering a word: BOMs, UTF-8, then charset-normalizer's best guess."""

from __future__ import annotations

import codecs
import re

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_NEED_BOM = ("utf_16", "utf_32")  # without a BOM (or NULs) these guesses are noise
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_LETTERS = re.compile(r"[A-Za-z]")
_WESTERN_SIGNS = set("€‚„…†‡‰‹›‘’“”•–—˜™¡¢£¥§©«\xad®°±·»¿×÷\xa0")
_RARE = set("ðþýÐÞÝŠšŽžŸƒ")  # Turkish/Central European text read as 1252 shows these
# Control characters: not tab, newlines, form feed, ESC. Each is one byte in Latin-1 and in
# UTF-8, and no other character's UTF-8 holds such a byte: they are counted in the bytes.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20)])


def decode_text(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) for bytes that hold text, None for binary data.

    A byte-order mark decides first (and is not part of the text); then strict UTF-8; then
    charset-normalizer (Windows-1252, Latin-1, Shift-JIS, …). NUL bytes without a BOM mean
    binary data.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError:
                return None
    if b"\x00" in data:
        return None
    try:
        return _plausible(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _western(data) or _guess(data)


def decode_text_lenient(data: bytes) -> tuple[str, str, int] | None:
    """(text, encoding, bytes replaced) for text with a few undecodable bytes too.

    ``decode_text`` first; failing that, UTF-8 text with a stray byte (valid multi-byte
    characters, few invalid ones) and UTF-16 text cut short (an odd trailing byte) are
    decoded with U+FFFD for each undecodable sequence, so the caller can say so.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _replaced(data[len(bom) :], encoding)
    if b"\x00" in data:
        even = data[: len(data) // 2 * 2]
        if looks_utf16(even):
            return _replaced(data, "utf-16-le")
        if looks_utf16(even[1:] + b"\x00"):
            return _replaced(data, "utf-16-be")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        plausible = _plausible(text, "utf-8")
        return None if plausible is None else (*plausible, 0)
    utf8 = _replaced(data, "utf-8")
    if utf8 is not None and _mostly_utf8(utf8[0], utf8[2]):
        return utf8
    legacy = _western(data) or _guess(data)
    if legacy is not None:
        return (*legacy, 0)
    if utf8 is not None and utf8[2] <= max(2, len(data) // 1000):
        return utf8
    return None


def _replaced(data: bytes, encoding: str) -> tuple[str, str, int] | None:
    text = data.decode(encoding, "replace")
    replaced = len(text) - len(data.decode(encoding, "ignore"))
    plausible = _plausible(text, encoding)
    return None if plausible is None else (text, encoding, replaced)


def _mostly_utf8(text: str, replaced: int) -> bool:
    """UTF-8 with a stray byte: it holds correctly encoded characters beyond ASCII, and far
    more of them than bad bytes (Latin-1 text almost never forms a valid UTF-8 sequence)."""
    good = len(_NON_ASCII.findall(text[:1_000_000])) - text.count("\ufffd")
    return good > 0 and replaced <= max(2, good // 4)


def _western(data: bytes) -> tuple[str, str] | None:
    """Windows-1252 when it reads as Western European text: mostly ASCII letters, and the
    other characters accented letters or common punctuation (€, ’, «, …).

    Detectors confuse short Western texts with other code pages ("café crème" is also valid
    Windows-1250, as "café crčme"); Cyrillic or Greek text read as 1252 is mostly non-ASCII,
    and Central European text shows stray symbols (³, ¹), so both fall through to the detector.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    others = _NON_ASCII.findall(text)
    letters = len(_ASCII_LETTERS.findall(text)) + len(others)
    if not letters or len(others) > 0.4 * letters:
        return None
    if any(not (ch.isalpha() or ch in _WESTERN_SIGNS) or ch in _RARE for ch in set(others)):
        return None
    return _plausible(text, "cp1252")


def _guess(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's best guess among single-byte and multi-byte code pages."""
    from charset_normalizer import from_bytes

    results = [m for m in from_bytes(data) if not m.encoding.startswith(_NEED_BOM)]
    if not results:
        return None
    return _plausible(str(results[0]), results[0].encoding)


def _plausible(text: str, encoding: str) -> tuple[str, str] | None:
    """Refuse decodings full of control characters (a binary file in disguise)."""
    sample = text[:65536]
    if not sample:
        return text, encoding
    controls = len(raw := _encoded(sample)) - len(raw.translate(None, _CONTROL_BYTES))
    if controls > max(2, len(sample) // 100):
        return None
    return text, encoding


def _encoded(text: str) -> bytes:
    """Bytes in which each control character is the same single byte (Latin-1 is a copy)."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def decode_utf16_payload(data: bytes) -> str:
    """Text of a Mozilla drag payload (``text/x-moz-url``, often UTF-16 without a BOM)."""
    decoded = decode_text(data)
    if decoded is not None and "\x00" not in decoded[0]:
        return decoded[0]
    for encoding in ("utf-16-le", "utf-8"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def looks_utf16(data: bytes) -> bool:
    """True for BOM-less UTF-16LE text (Firefox puts ``text/html`` drops in this form)."""
    if len(data) < 4 or len(data) % 2:
        return False
    odd_zeros = data[1::2].count(0)
    return odd_zeros > len(data) // 4 and data[0::2].count(0) < len(data) // 8


__all__ = ["decode_text", "decode_text_lenient", "decode_utf16_payload", "looks_utf16"]
