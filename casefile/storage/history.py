"""History images: a long source text is logged once, not again in each after image.

A source's text can be a whole book. Its after image in the history names the text by
length and SHA-256 (``"text_ref"``) instead of repeating it: the same words are, exactly,
in the record's next history entry's before image (before images always hold the whole
record), or, when there is no later entry, in the record as it is now. ``expand`` puts the
text back and checks it against the hash, so the log still says exactly what each change
wrote.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from casefile.core.model import HistoryEntry, Record, Source
from casefile.core.serial import to_dict, to_json
from casefile.storage.engine import sqlite3

ELIDE_AT = 4_096  # characters: shorter texts stay in the after image
TEXT_REF = "text_ref"
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def after_image(record: Record | None) -> str | None:
    """The JSON logged as the after image of ``record`` (a long source text by reference)."""
    if not isinstance(record, Source) or record.text is None or len(record.text) < ELIDE_AT:
        return to_json(record)
    data = to_dict(record)
    text = data.pop("text")
    data[TEXT_REF] = {"chars": len(text), "sha256": _digest(text)}
    return _JSON.encode(data)


def expand(conn: sqlite3.Connection, entry: HistoryEntry) -> HistoryEntry:
    """The entry with a referenced text put back into its after image, as it was written.

    An entry whose text cannot be found or does not match its hash (a damaged file) is
    returned unchanged, still holding ``text_ref``.
    """
    if entry.after is None or f'"{TEXT_REF}"' not in entry.after:
        return entry
    data = json.loads(entry.after)
    ref = data.get(TEXT_REF)
    if not isinstance(ref, dict):
        return entry
    text = _text_after(conn, entry)
    if text is None or len(text) != ref.get("chars") or _digest(text) != ref.get("sha256"):
        return entry
    del data[TEXT_REF]
    data["text"] = text
    return dataclasses.replace(entry, after=_JSON.encode(data))


def _text_after(conn: sqlite3.Connection, entry: HistoryEntry) -> str | None:
    """The record's text right after ``entry``: the next entry's before image, or the row."""
    row = conn.execute(
        "SELECT before FROM history WHERE object_id = ? AND kind = ? AND seq > ? "
        "ORDER BY seq LIMIT 1",
        (entry.object_id, entry.kind, entry.seq),
    ).fetchone()
    if row is not None:
        before: Any = json.loads(row[0]) if row[0] else None
        text = before.get("text") if isinstance(before, dict) else None
    else:
        found = conn.execute("SELECT text FROM sources WHERE id = ?", (entry.object_id,))
        text = next(iter(found.fetchone() or ()), None)
    return text if isinstance(text, str) else None


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


__all__ = ["ELIDE_AT", "TEXT_REF", "after_image", "expand"]
