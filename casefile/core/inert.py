"""Text made safe to echo: control characters, terminal escapes and broken characters made
visible (``\\x1b``, ``\\u202e``), and file names that are not UTF-8 escaped faithfully."""

from __future__ import annotations

import os
import re

# The one table of characters casefile never lets act on a terminal or a reader (the command
# line's output streams use it too, cli/terminal.py): C0 and C1 controls (ESC starts every
# terminal escape sequence, C1 0x9b is a one-character CSI), DEL, the bidirectional overrides
# and isolates (they reorder what a reader sees), and lone surrogates (a name that was not
# UTF-8, or text that cannot be stored or printed). Tab and line feed are kept where lines are.
_LINES = "\t\n"
_UNSAFE_SET = "\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
UNSAFE = re.compile(f"[{_UNSAFE_SET}]")
UNSAFE_KEEP_LINES = re.compile(f"(?![{_LINES}])[{_UNSAFE_SET}]")


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: str, keep_lines: bool = False) -> str:
    """``text`` with every character that could act on a terminal or hide as something else
    written out visibly; ``keep_lines`` leaves tabs and line breaks as they are."""
    pattern = UNSAFE_KEEP_LINES if keep_lines else UNSAFE
    return pattern.sub(_shown, text)


def file_name(name: str) -> tuple[str, bytes | None]:
    """A file name as it can be stored, and its raw bytes when they were not UTF-8.

    ``os`` hands a name that is not UTF-8 (Latin-1 ``résumé.txt`` from an old zip) over with
    lone surrogates; such a name is stored with each stray byte written ``\\xe9`` (a faithful
    escape) and its raw bytes are returned so they can be kept too. Other names are unchanged.
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        try:
            raw = os.fsencode(name)
        except UnicodeEncodeError:  # a surrogate that no byte stands for
            raw = name.encode("utf-8", "surrogatepass")
        return raw.decode("utf-8", "backslashreplace"), raw
    return name, None


__all__ = ["UNSAFE", "UNSAFE_KEEP_LINES", "file_name", "inert"]
