"""Everything the command line prints is inert: no control character reaches the terminal.

Titles, snippets, file names and import notes come from cases and packages that others
wrote. Printed raw, an ESC sequence can recolour, retitle or clear the terminal (or, on
some terminals, answer back as if typed), a carriage return can overwrite what a line
said, and a bidirectional override can reorder it. While a command runs, standard output
and standard error write every such character as a visible escape (``\\u001b``), the form
JSON uses too, so ``--json`` output stays valid JSON with the same strings in it. Line
breaks and tabs are kept; lone surrogates (a name that was not UTF-8) are shown the same
way instead of failing to print.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from casefile.core.inert import UNSAFE_KEEP_LINES


def visible(text: str) -> str:
    """``text`` with every character that could act on a terminal written as ``\\uXXXX``."""
    return UNSAFE_KEEP_LINES.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


class InertStream:
    """A text stream that makes control characters visible before passing text on."""

    def __init__(self, raw: TextIO) -> None:
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(visible(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


@contextmanager
def inert_output() -> Iterator[None]:
    """Make ``sys.stdout`` and ``sys.stderr`` inert for the duration of a command."""
    saved = sys.stdout, sys.stderr
    sys.stdout = InertStream(saved[0])
    sys.stderr = InertStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
