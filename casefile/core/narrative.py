"""Commands of the assessment narrative: write a section, add, rename, move, review a citation.

Each is an ordinary command (undoable, logged in the history) over ``Section`` records; the
window, the command line and imports change the narrative through nothing else.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from casefile.core import citations
from casefile.core.change import Command, Op, Put, Store
from casefile.core.citations import DEFAULT_TITLES
from casefile.core.errors import NotFoundError, ValidationError
from casefile.core.model import Citation, Section, new_id


def ordered(sections: Sequence[Section]) -> list[Section]:
    """Sections in reading order."""
    return sorted(sections, key=lambda s: (s.position, s.id))


def defaults(start: int = 0) -> list[Section]:
    """The sections a new assessment starts with ("Bottom line", "Assessment")."""
    return [Section(new_id(), title, "", start + i) for i, title in enumerate(DEFAULT_TITLES)]


def _section(store: Store, ident: str) -> Section:
    record = store.get("section", ident)
    if not isinstance(record, Section):
        raise NotFoundError("This section of the assessment is no longer in the case.")
    return record


class WriteSection(Command):
    """Store a section's new text, with a citation for each token it holds (one editing
    burst of the analyst is one step)."""

    def __init__(self, ident: str, body: str, known: Mapping[str, Citation]) -> None:
        self.ident, self.body, self.known = ident, body, dict(known)
        self.name = "Write the assessment"

    def plan(self, store: Store) -> list[Op]:
        section = _section(store, self.ident)
        self.name = f"Write {section.title}"
        return [Put(citations.with_body(section, self.body, self.known))]


class AddSection(Command):
    """Add a section at the end (or the sections a new assessment starts with)."""

    def __init__(self, sections: Sequence[Section]) -> None:
        self.sections = list(sections)
        self.name = "Add section" if len(self.sections) == 1 else "Start the assessment"

    def plan(self, store: Store) -> list[Op]:
        for section in self.sections:
            if store.get("section", section.id) is not None:
                raise ValidationError("There is already a section with this id.")
        return [Put(section) for section in self.sections]


class RenameSection(Command):
    """Give a section a new title."""

    name = "Rename section"

    def __init__(self, ident: str, title: str) -> None:
        self.ident, self.title = ident, title.strip()

    def plan(self, store: Store) -> list[Op]:
        section = _section(store, self.ident)
        return [Put(dataclasses.replace(section, title=self.title))]


class ReorderSections(Command):
    """Put the sections in this order (positions 0, 1, 2...), as one step."""

    name = "Move section"

    def __init__(self, order: Sequence[str]) -> None:
        self.order = list(order)

    def plan(self, store: Store) -> list[Op]:
        ops: list[Op] = []
        for position, ident in enumerate(self.order):
            section = _section(store, ident)
            if section.position != position:
                ops.append(Put(dataclasses.replace(section, position=position)))
        return ops


class ReviewCitation(Command):
    """The analyst checked the sentence citing a re-graded claim: cite its current status."""

    name = "Review citation"

    def __init__(self, ident: str, key: str) -> None:
        self.ident, self.key = ident, key

    def plan(self, store: Store) -> list[Op]:
        section = _section(store, self.ident)
        self.name = f"Review citation [{self.key}]"
        return [Put(citations.reviewed(section, self.key, store.get))]


def moved(sections: Sequence[Section], ident: str, offset: int) -> list[str] | None:
    """The order of section ids with ``ident`` moved by ``offset`` places (None: cannot)."""
    ids = [s.id for s in ordered(sections)]
    index = ids.index(ident)
    target = index + offset
    if not 0 <= target < len(ids):
        return None
    ids.insert(target, ids.pop(index))
    return ids
