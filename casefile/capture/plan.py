"""Turning what was read into commands: new sources and snippets, reusing what the case has."""

from __future__ import annotations

import hashlib
import mimetypes
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from casefile.capture.files import Extracted
from casefile.capture.formats import FileText
from casefile.capture.locations import page_label
from casefile.capture.proposals import Proposal
from casefile.core.capture_ports import SourceLookup
from casefile.core.commands import AddToList, Command, Composite, Create, LinkEvidence
from casefile.core.dates import utc_now
from casefile.core.inert import inert
from casefile.core.model import Original, Source, new_id
from casefile.core.originals import AttachOriginal


@dataclass(frozen=True)
class Capture:
    """The commands a capture runs (one undo step) and what to tell and show the user."""

    name: str
    parts: tuple[Command, ...] = ()
    sources: tuple[str, ...] = ()
    snippets: tuple[str, ...] = ()
    reused: tuple[str, ...] = ()
    messages: tuple[str, ...] = ()
    added: tuple[str, ...] = field(default=())
    proposals: tuple[Proposed, ...] = ()  # details new file sources took from their files

    @property
    def command(self) -> Composite | None:
        """The one command to run (None when everything was already in the case)."""
        return Composite(self.name, self.parts) if self.parts else None

    @property
    def selection(self) -> tuple[tuple[str, str], ...]:
        """(kind, id) of what to select afterwards: the new snippets, else the sources."""
        if self.snippets:
            return tuple(("snippet", s) for s in self.snippets)
        return tuple(("source", s) for s in (*self.sources, *self.reused))

    def linked_to_claim(self, claim: str, stance: str) -> Capture:
        """The same capture with each new snippet weighed for the claim with ``stance``."""
        links = tuple(LinkEvidence(claim, s, stance) for s in self.snippets)
        return replace(self, parts=self.parts + links)

    def mentioning(self, entity: str) -> Capture:
        """The same capture with each new snippet mentioning the entity."""
        mentions = tuple(
            AddToList("snippet", s, "entities", [entity], name="Add mention") for s in self.snippets
        )
        return replace(self, parts=self.parts + mentions)

    def evidence_of(self, relationship: str) -> Capture:
        """The same capture with the new snippets added to a relationship's evidence."""
        if not self.snippets:
            return self
        add = AddToList("relationship", relationship, "evidence", self.snippets, "Add evidence")
        return replace(self, parts=(*self.parts, add))


@dataclass(frozen=True)
class Proposed:
    """A new file source whose details were proposed by its file, for the user to confirm."""

    source: str
    file_name: str
    proposal: Proposal


@dataclass(frozen=True)
class SourceChoice:
    """Where words with no page address go: an existing source, or a new one titled so."""

    existing: str | None = None
    new_title: str | None = None
    occurrence: int | None = None  # where in the source's text the words start, when asked


class FilePlanner:
    """Plans file sources one at a time (so files can be stored while others are read)."""

    def __init__(self, lookup: SourceLookup, now: str | None = None) -> None:
        self.lookup = lookup
        self.now = now or utc_now()
        self.count = 0
        self.parts: list[Command] = []
        self.created: list[str] = []
        self.reused: list[str] = []
        self.messages: list[str] = []
        self.added: list[str] = []
        self.proposals: list[Proposed] = []
        self._seen: dict[str, tuple[str, str]] = {}

    def add(self, item: Extracted) -> Command | None:
        """The command storing ``item``, or None when its bytes are already in the case."""
        self.count += 1
        twin = self._seen.get(item.sha256)
        existing = twin[0] if twin else first(self.lookup.find_sources(sha256=item.sha256))
        if existing is not None and twin is None and not self.lookup.has_original(item.sha256):
            return self._attach(existing, item)
        if existing is not None:
            self.reused.append(existing)
            self.messages.append(
                already(self.lookup, existing, item.name, twin[1] if twin else None)
            )
            return None
        if item.content.parts:
            return self._add_parts(item)
        source = _file_source(item, self.now)
        self._seen[item.sha256] = (source.id, item.name)
        command = Create(source, originals=[item.original, *_layers(item)])
        self.parts.append(command)
        self.created.append(source.id)
        proposal = item.content.proposal
        if proposal is not None and not proposal.empty:
            self.proposals.append(Proposed(source.id, source.file_name or source.title, proposal))
        self.added.append(f"{inert(item.name)}: {_summary(source)}")
        if item.content.note:
            self.messages.append(f"{inert(item.name)}: {inert(item.content.note)}")
        if item.raw_name is not None:
            self.messages.append(f"{inert(item.name)}: {NAME_NOT_UTF8}")
        return command

    def _add_parts(self, item: Extracted) -> Command | None:
        """A file holding several sources: the file's own one (if it has text) and a source
        per part; a part with its own bytes already in the case is reused, not copied."""
        commands: list[Command] = []
        main: Source | None = None
        if item.content.text is not None:
            main = _file_source(item, self.now)
            commands.append(Create(main, originals=[item.original, *_layers(item)]))
            self._seen[item.sha256] = (main.id, item.name)
            self.added.append(f"{inert(item.name)}: {_summary(main)}")
        for part in item.content.parts:
            original = part.original or item.original
            if part.original is not None:
                known = self._seen.get(original.sha256)
                existing = (
                    known[0] if known else first(self.lookup.find_sources(sha256=original.sha256))
                )
                if existing is not None:
                    self.reused.append(existing)
                    self.messages.append(already(self.lookup, existing, part.label, None))
                    continue
            name = part.file_name or item.name
            inner = Extracted(item.path, name, original, part.content)
            source = _file_source(inner, self.now)
            if part.original is None:
                source = replace(source, file_name=item.name)
            commands.append(Create(source, originals=[original]))
            self._seen.setdefault(original.sha256, (source.id, name))
            self.added.append(f"{inert(item.name)}: {_summary(source)}")
        if not commands:
            return None
        self._seen.setdefault(item.sha256, (_created_id(commands[0]), item.name))
        self.parts.extend(commands)
        self.created.extend(_created_id(c) for c in commands)
        return commands[0] if len(commands) == 1 else Composite(f"Add {inert(item.name)}", commands)

    def _attach(self, source_id: str, item: Extracted) -> Command:
        """The file a source records by hash but lacks: store it as that source's original."""
        record = self.lookup.get("source", source_id)
        title = inert(record.title if isinstance(record, Source) else source_id)
        content = item.content
        command = AttachOriginal(source_id, item.original, item.name, content.text, content.pages)
        self._seen[item.sha256] = (source_id, item.name)
        self.parts.append(command)
        self.reused.append(source_id)
        self.added.append(f"{inert(item.name)}: stored as the original of '{title}'")
        self.messages.append(
            f"{inert(item.name)} matches the SHA-256 recorded for '{title}', which had no stored "
            "original; the file is now kept as that source's original."
        )
        return command

    def capture(self, count: int | None = None) -> Capture:
        """Everything planned so far, as one capture named after ``count`` files."""
        return Capture(
            _files_name(self.count if count is None else count),
            tuple(self.parts),
            sources=tuple(self.created),
            reused=tuple(dict.fromkeys(self.reused)),
            messages=tuple(self.messages),
            added=tuple(self.added),
            proposals=tuple(self.proposals),
        )


def plan_image(
    data: bytes,
    media_type: str,
    lookup: SourceLookup,
    url: str | None = None,
    now: str | None = None,
    content: FileText | None = None,
) -> Capture:
    """An image carried as bytes: a file source holding it with its hash, like a dropped
    image file, with the words OCR read in it (``content``, from ``read_image``); the same
    image already in the case is reused, not copied."""
    name = image_name(media_type)
    original = Original(hashlib.sha256(data).hexdigest(), media_type, data)
    planner = FilePlanner(lookup, now)
    content = replace(content or FileText(None), title="Captured image", url=url)
    planner.add(Extracted(name, name, original, content))
    return replace(planner.capture(1), name="Add image")


def image_name(media_type: str) -> str:
    """The file name an image carried as bytes is stored under: ``image.png``."""
    return f"image{mimetypes.guess_extension(media_type, strict=False) or ''}"


def plan_files(items: Sequence[Extracted], lookup: SourceLookup, now: str | None = None) -> Capture:
    """One new file source per new original; a file already stored is reported, not copied."""
    planner = FilePlanner(lookup, now)
    for item in items:
        planner.add(item)
    return planner.capture()


def _files_name(count: int) -> str:
    return "Add file" if count == 1 else f"Add {count} files"


def _file_source(item: Extracted, now: str) -> Source:
    content = item.content
    proposed = content.proposal or Proposal()
    return Source(
        id=new_id(),
        title=proposed.title or _storable(content.title) or item.name,
        kind=proposed.kind or "file",
        url=proposed.url or _storable(content.url),
        author=proposed.author or _storable(content.author),
        publisher=proposed.publisher,
        published=proposed.published or content.published,
        retrieved=content.retrieved or now,
        text=_storable(content.text),
        sha256=item.sha256,
        file_name=_storable(item.name),
        media_type=item.original.media_type,
        size=item.size,
        pages=content.pages,
        notes=_notes(item),
    )


_SURROGATE = re.compile("[\ud800-\udfff]")


def _storable(value: str | None) -> str | None:
    """Text a reader returned with broken characters (a PDF's bad UTF-16 metadata) gets
    U+FFFD for each: one file's flaw must not stop the whole drop at storing time."""
    if value is None:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", value)
    return value


NAME_NOT_UTF8 = (
    "the file name is not UTF-8; it is stored with each stray byte written as \\xNN, "
    "and its exact bytes are kept in the source's notes."
)


def _notes(item: Extracted) -> str | None:
    notes = [item.content.note] if item.content.note else []
    if item.raw_name is not None:
        notes.append(f"File name bytes as received (hex): {item.raw_name.hex(' ')}")
    return "\n".join(notes) or None


def _layers(item: Extracted) -> list[Original]:
    """What was read from the original and is kept beside it (OCR words), keyed by its hash."""
    return [replace(layer, sha256=item.sha256) for layer in item.content.layers]


def _created_id(command: Command) -> str:
    assert isinstance(command, Create)
    return command.record.id


def _summary(source: Source) -> str:
    if source.text is None:
        return f"'{inert(source.title)}' (stored without text)"
    pages = f", {len(source.pages)} pages" if source.pages else ""
    return f"'{inert(source.title)}' ({len(source.text):,} characters{pages})"


def already(lookup: SourceLookup, ident: str, name: str, twin: str | None) -> str:
    if twin is not None:
        same = "was given twice" if twin == name else f"has the same content as {inert(twin)}"
        return f"{inert(name)} {same}; it is kept once."
    record = lookup.get("source", ident)
    title = record.title if isinstance(record, Source) else ident
    return f"{inert(name)} is already in the case as '{inert(title)}'; it was not stored again."


def first(ids: Sequence[str]) -> str | None:
    return ids[0] if ids else None


__all__ = [
    "Capture",
    "FilePlanner",
    "Proposed",
    "SourceChoice",
    "page_label",
    "plan_files",
    "plan_image",
]
