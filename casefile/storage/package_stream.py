"""Reading a package as it streams: one record at a time, never the whole file in memory.

The package's outer object is walked by hand; each record (and every other top-level value)
is decoded by the standard library's JSON decoder with the same hooks as before
(``parse_int``, ``unique_keys``), so what is accepted or refused, and every message, is the
same as decoding the whole file at once: bad UTF-8 is named by its byte position, bad JSON by
line and column, a key given twice by the record or the package. Only a window of text
around the record being decoded is held, and the file's SHA-256 is computed as it is read.

(ijson was measured for this and not used: its C backend refuses whole numbers beyond 64
bits as a syntax error, where a package names the field that holds them, and turns a lone
surrogate escape into ``?``, where a package is refused for broken characters.)
"""

from __future__ import annotations

import codecs
import hashlib
import json
from collections.abc import Callable
from typing import IO, Any

from casefile.core.serial import parse_int, unique_keys

CHUNK = 1 << 20  # bytes read at a time
_WHITE = " \t\n\r"


class StreamError(ValueError):
    """Bad UTF-8 at ``position`` (a byte offset into the file)."""

    def __init__(self, position: int) -> None:
        super().__init__(f"bad byte at position {position}")
        self.position = position


class TextStream:
    """The file's text, decoded as it is read, with a window around the current place."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self.digest = hashlib.sha256()
        self.text = ""  # the window
        self.at = 0  # the current place in the window
        self.dropped = 0  # characters before the window
        self.lines = 0  # newlines before the window
        self.line_start = 0  # absolute index of the character after the last dropped newline
        self.bytes = 0
        self.eof = False

    # --- reading -----------------------------------------------------------------------

    def more(self, at_least: int = CHUNK) -> bool:
        """Read on (dropping what was consumed); False at the end of the file."""
        if self.eof:
            return False
        self._drop()
        raw = self.handle.read(max(at_least, CHUNK))
        self.digest.update(raw)
        pending = len(self.decoder.getstate()[0])
        try:
            text = self.decoder.decode(raw, final=not raw)
        except UnicodeDecodeError as err:
            raise StreamError(self.bytes - pending + err.start) from None
        self.bytes += len(raw)
        self.eof = not raw
        self.text += text
        return bool(raw) or bool(text)

    def _drop(self) -> None:
        gone = self.text[: self.at]
        newlines = gone.count("\n")
        if newlines:
            self.lines += newlines
            self.line_start = self.dropped + gone.rindex("\n") + 1
        self.dropped += self.at
        self.text = self.text[self.at :]
        self.at = 0

    def peek(self) -> str:
        """The next character that is not white space ('' at the end)."""
        while True:
            while self.at < len(self.text) and self.text[self.at] in _WHITE:
                self.at += 1
            if self.at < len(self.text):
                return self.text[self.at]
            if not self.more():
                return ""

    def take(self, char: str, message: str) -> None:
        if self.peek() != char:
            raise self.error(message)
        self.at += 1

    def value(self, decoder: json.JSONDecoder) -> Any:
        """Decode one JSON value at the current place, reading on as far as it needs."""
        self.peek()
        while True:
            try:
                value, end = decoder.raw_decode(self.text, self.at)
            except json.JSONDecodeError as err:
                # Cut off by the window's end (not a mistake in the file): read on.
                cut = err.msg.startswith("Unterminated string") or err.pos >= len(self.text) - 8
                if cut and not self.eof:
                    self.more(len(self.text))
                    continue
                raise self.error(err.msg, err.pos) from None
            if end >= len(self.text) and not self.eof:
                self.more(len(self.text))
                continue  # a number may go on in the next piece
            self.at = end
            return value

    def error(self, message: str, pos: int | None = None) -> json.JSONDecodeError:
        """A ``JSONDecodeError`` placed in the whole file, as ``json.loads`` gives it."""
        pos = self.at if pos is None else pos
        before = self.text[:pos]
        newlines = before.count("\n")
        line = self.lines + newlines + 1
        start = self.dropped + before.rindex("\n") + 1 if newlines else self.line_start
        err = json.JSONDecodeError(message, "", 0)
        err.pos, err.lineno, err.colno = self.dropped + pos, line, self.dropped + pos - start + 1
        err.msg = message
        return err


def decoder() -> json.JSONDecoder:
    return json.JSONDecoder(parse_int=parse_int, object_pairs_hook=unique_keys)


Item = Callable[[Any], None]


def walk(
    stream: TextStream,
    streamed: frozenset[str],
    on_item: Callable[[str], Item],
) -> tuple[dict[str, Any] | Any, list[str]]:
    """Walk the whole file. Lists under the keys in ``streamed`` are handed element by element
    to ``on_item(key)``; every other top-level value is returned in the dict (a document that
    is not an object is returned as it is). Also returns the top-level keys in file order."""
    json_decoder = decoder()
    if stream.peek() != "{":
        whole = stream.value(json_decoder)
        _end(stream)
        return whole, []
    stream.at += 1
    values: dict[str, Any] = {}
    keys: list[str] = []
    duplicate: str | None = None
    if stream.peek() == "}":
        stream.at += 1
    else:
        while True:
            if stream.peek() != '"':
                raise stream.error("Expecting property name enclosed in double quotes")
            key = stream.value(json_decoder)
            stream.take(":", "Expecting ':' delimiter")
            if key in keys and duplicate is None:
                where = "the package itself" if "format" in keys else "an object"
                duplicate = f"{where} gives the key '{key}' twice"
            keys.append(key)
            if key in streamed and stream.peek() == "[":
                _stream_list(stream, json_decoder, on_item(key))
                values[key] = []
            else:
                values[key] = stream.value(json_decoder)
            if stream.peek() == ",":
                stream.at += 1
                continue
            stream.take("}", "Expecting ',' delimiter")
            break
    if duplicate is not None:
        from casefile.core.serial import DuplicateKeyError

        raise DuplicateKeyError(duplicate)
    _end(stream)
    return values, keys


def _stream_list(stream: TextStream, json_decoder: json.JSONDecoder, item: Item) -> None:
    stream.at += 1  # "["
    if stream.peek() == "]":
        stream.at += 1
        return
    while True:
        item(stream.value(json_decoder))
        if stream.peek() == ",":
            stream.at += 1
            continue
        stream.take("]", "Expecting ',' delimiter")
        return


def _end(stream: TextStream) -> None:
    if stream.peek() != "":
        raise stream.error("Extra data")
