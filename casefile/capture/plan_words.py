"""Planning dropped words, links and selected text: a snippet anchored where it was taken."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from casefile.capture.anchor import (
    Context,
    OccurrenceNeeded,
    choose,
    merged,
    occurrences,
    text_fragment,
    without_text_fragment,
)
from casefile.capture.limits import CaptureError, SourceNeeded
from casefile.capture.locations import location_of
from casefile.capture.payload import Dropped, Link
from casefile.capture.plan import Capture, SourceChoice, already, first
from casefile.core.capture_ports import SourceLookup
from casefile.core.commands import Command, Create
from casefile.core.dates import utc_now
from casefile.core.inert import inert
from casefile.core.model import Original, Snippet, Source, new_id


def plan_links(links: Iterable[Link], lookup: SourceLookup, now: str | None = None) -> Capture:
    """A web source per address (nothing is fetched); an address already in the case is reused."""
    now = now or utc_now()
    parts: list[Command] = []
    created: list[str] = []
    reused: list[str] = []
    messages: list[str] = []
    seen: set[str] = set()
    for link in links:
        if link.url in seen:
            continue
        seen.add(link.url)
        existing = first(lookup.find_sources(url=link.url))
        if existing is not None:
            reused.append(existing)
            messages.append(already(lookup, existing, link.url, None))
            continue
        source = Source(id=new_id(), title=link.title or link.url, kind="web", url=link.url,
                        retrieved=now)  # fmt: skip
        parts.append(Create(source))
        created.append(source.id)
    name = "Add link" if len(seen) == 1 else f"Add {len(seen)} links"
    return Capture(name, tuple(parts), sources=tuple(created), reused=tuple(reused),
                   messages=tuple(messages), added=tuple(f"link {inert(u)}" for u in seen))  # fmt: skip


def plan_text(
    dropped: Dropped,
    lookup: SourceLookup,
    choice: SourceChoice | None = None,
    now: str | None = None,
) -> Capture:
    """A snippet of the dropped words, in the page they came from or the source chosen."""
    text = dropped.text
    if not text or not text.strip():
        raise CaptureError("Nothing to add: the drop carried no words.")
    now = now or utc_now()
    original = _text_original(dropped)
    hints = merged(Context(dropped.before or "", dropped.after or ""), text_fragment(dropped.url))
    occurrence = choice.occurrence if choice is not None else None
    page = without_text_fragment(dropped.url)
    if page:
        existing = first(lookup.find_sources(url=page))
        if existing is None:
            title = dropped.title or page
            return _new_source_snippet(text, original, title, "web", page, now)
        return _snippet_in(existing, text, lookup, now, hints, occurrence)
    if choice is None:
        raise SourceNeeded()
    if choice.existing is not None:
        return _snippet_in(choice.existing, text, lookup, now, hints, occurrence)
    title = (choice.new_title or "").strip() or "Pasted text"
    return _new_source_snippet(text, original, title, "document", None, now)


def _text_original(dropped: Dropped) -> Original:
    if dropped.html is not None:
        data, media_type = dropped.html, "text/html"
    else:
        data, media_type = (dropped.text or "").encode("utf-8"), "text/plain"
    return Original(hashlib.sha256(data).hexdigest(), media_type, data)


def _new_source_snippet(
    text: str, original: Original, title: str, kind: str, url: str | None, now: str
) -> Capture:
    source = Source(id=new_id(), title=title, kind=kind, url=url, retrieved=now, text=text,
                    sha256=original.sha256, media_type=original.media_type,
                    size=len(original.data))  # fmt: skip
    snippet = Snippet(id=new_id(), text=text, source=source.id, offset=(0, len(text)),
                      captured=now)  # fmt: skip
    parts = (Create(source, originals=[original]), Create(snippet))
    return Capture("Add snippet", parts, sources=(source.id,), snippets=(snippet.id,),
                   added=(f"snippet in new source '{title}'",))  # fmt: skip


def _snippet_in(
    source_id: str,
    text: str,
    lookup: SourceLookup,
    now: str,
    hints: Context | None = None,
    occurrence: int | None = None,
) -> Capture:
    """A snippet of ``text`` in a stored source, anchored where it was taken (never guessed:
    words found more than once need ``hints`` that single one out, or ``occurrence``)."""
    source = lookup.get("source", source_id)
    if not isinstance(source, Source):
        raise CaptureError("The chosen source is no longer in the case.")
    offset = None
    starts = occurrences(source.text, text) if source.text else ()
    if starts:
        start = occurrence if occurrence in starts else None
        if start is None:
            start = choose(source.text or "", text, starts, hints or Context())
        if start is None:
            raise OccurrenceNeeded(source.id, source.title, starts)
        offset = (start, start + len(text))
    location = location_of(source, *offset) if offset else None
    snippet = Snippet(id=new_id(), text=text, source=source.id, offset=offset,
                      location=location, captured=now)  # fmt: skip
    return Capture("Add snippet", (Create(snippet),), snippets=(snippet.id,), reused=(source.id,),
                   added=(f"snippet in '{source.title}'",))  # fmt: skip


def snippet_from_selection(
    source: Source,
    start: int,
    end: int,
    now: str | None = None,
    ocr_layer: bytes | None = None,
) -> Capture:
    """A snippet of exactly the selected characters of a source's text, with its page (and,
    for text read by OCR, the region of the page image it covers)."""
    text = source.text or ""
    if not 0 <= start < end <= len(text):
        raise CaptureError("Select some text of the source first.")
    if not text[start:end].strip():
        raise CaptureError("The selection holds only spaces; select some words.")
    snippet = Snippet(id=new_id(), text=text[start:end], source=source.id, offset=(start, end),
                      location=location_of(source, start, end, ocr_layer), captured=now or utc_now())  # fmt: skip
    return Capture("Make snippet", (Create(snippet),), snippets=(snippet.id,),
                   reused=(source.id,))  # fmt: skip
