"""Validation of records: enum values, partial dates, grades, offsets, non-empty names."""

from __future__ import annotations

import itertools
import math
import re

from casefile.core import dates, grading
from casefile.core.errors import ValidationError
from casefile.core.model import (
    Citation,
    Claim,
    Entity,
    EvidenceLink,
    Record,
    Relationship,
    Section,
    Snippet,
    Source,
)

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
MAX_TEXT = 50_000_000  # characters in any one field; beyond this a case becomes unusable


MAX_INT = 2**63 - 1  # what the case file can store in a whole-number field
_UNIQUE: dict[str, tuple[str, ...]] = {
    "entity": ("tags",),
    "snippet": ("entities", "tags"),
    "relationship": ("evidence",),
    "claim": ("subjects", "tags"),
}


def check(record: Record) -> None:
    """Raise ``ValidationError`` with a user-readable message if ``record`` breaks a rule."""
    for name, value in vars(record).items():
        if isinstance(value, str):
            _check_text(name, value)
        elif isinstance(value, tuple):
            _check_items(name, value)
        elif isinstance(value, int) and not 0 <= value <= MAX_INT:
            raise ValidationError(f"The {name} must be a whole number from 0 to {MAX_INT:,}.")
    for name in _UNIQUE.get(record.KIND, ()):
        _check_unique(name, getattr(record, name))
    if isinstance(record, Entity):
        _required(record.name, "A person or organisation needs a name.")
        _member(record.kind, grading.ENTITY_KINDS, "kind")
        for alias in record.aliases:
            _check_text("alias", alias)
            _required(alias, "An alias cannot be empty.")
    elif isinstance(record, Relationship):
        _required(record.type, "A relationship needs a type, such as 'director of'.")
        _date("start", record.start)
        _date("end", record.end)
        if (
            record.start
            and record.end
            and dates.sort_key(record.start) > dates.sort_key(record.end)
        ):
            raise ValidationError("A relationship cannot end before it starts.")
    elif isinstance(record, Source):
        _required(record.title, "A source needs a title.")
        _member(record.kind, grading.SOURCE_KINDS, "kind")
        _date("published", record.published)
        _timestamp("retrieved", record.retrieved)
        if record.reliability is not None:
            _member(record.reliability, tuple(grading.RELIABILITY), "reliability")
        if record.sha256 is not None and not _SHA256.match(record.sha256):
            raise ValidationError("A source's SHA-256 must be 64 lowercase hex digits.")
        _check_pages(record)
    elif isinstance(record, Snippet):
        _required(record.text, "A snippet needs the text it quotes.")
        _date("date", record.date)
        _timestamp("captured", record.captured)
        if record.credibility is not None and record.credibility not in grading.CREDIBILITY:
            raise ValidationError(f"Credibility must be 1 to 6, not {record.credibility}.")
        if record.offset is not None:
            start, end = record.offset
            if not 0 <= start <= end:
                raise ValidationError(f"The offsets [{start}, {end}) are not a valid range.")
    elif isinstance(record, Claim):
        _required(record.statement, "A claim needs a statement.")
        _member(record.status, grading.STATUSES, "status")
        if record.likelihood is not None:
            _member(record.likelihood, tuple(grading.LIKELIHOOD), "likelihood")
        for link in record.evidence:
            _member(link.stance, grading.STANCES, "stance")
        snippets = [link.snippet for link in record.evidence]
        if len(set(snippets)) != len(snippets):
            raise ValidationError("A snippet can be linked to a claim only once.")
    elif isinstance(record, Section):
        _check_section(record)


_CITED = {"E": "snippet", "C": "claim", "P": "entity", "S": "source"}
_KEY = re.compile(r"^[ECPS][1-9][0-9]{0,8}$")


def _check_section(section: Section) -> None:
    """A section has a title; each citation key is a letter and a number for its kind."""
    _required(section.title, "A section of the assessment needs a title.")
    keys = [c.key for c in section.citations]
    if len(set(keys)) != len(keys):
        raise ValidationError("A citation key is given twice in one section.")
    for citation in section.citations:
        if not _KEY.match(citation.key) or _CITED[citation.key[0]] != citation.kind:
            raise ValidationError(
                f"'{citation.key}' is not a citation of a {citation.kind}: write E (evidence), "
                "C (claim), P (person or organisation) or S (source) and a number."
            )
        if citation.status is not None:
            _member(citation.status, grading.STATUSES, "status")


def check_offset(snippet: Snippet, source: Source | None) -> None:
    """Raise when a snippet's offsets do not select exactly its text in the source."""
    if snippet.offset is None:
        return
    if source is None or source.text is None:
        raise ValidationError("A snippet with offsets needs a source with text.")
    start, end = snippet.offset
    if source.text[start:end] != snippet.text:
        raise ValidationError(
            f"The snippet's offsets [{start}, {end}) do not select its text in the source."
        )


def _check_text(name: str, value: str) -> None:
    if len(value) > MAX_TEXT:
        raise ValidationError(f"The {name} is too long ({len(value):,} characters).")
    if value.isascii():
        return
    try:
        value.encode("latin-1")  # no surrogate fits: a copy, not a UTF-8 encoding (10x faster)
        return
    except UnicodeEncodeError:
        pass
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(
            f"The {name} contains broken characters (lone surrogates) that cannot be stored."
        ) from None


def _check_items(name: str, values: tuple[object, ...]) -> None:
    """Texts inside a list (tags, aliases, ids, evidence links) and whole numbers in range."""
    for value in values:
        if isinstance(value, str):
            _check_text(f"{name} list", value)
        elif isinstance(value, EvidenceLink):
            for part in (value.snippet, value.stance, value.note or ""):
                _check_text(f"{name} list", part)
        elif isinstance(value, Citation):
            for part in (value.key, value.kind, value.target, value.status or ""):
                _check_text(f"{name} list", part)
        elif isinstance(value, bool) or (isinstance(value, float) and not math.isfinite(value)):
            raise ValidationError(f"The {name} must hold finite numbers.")
        elif isinstance(value, int) and not 0 <= value <= MAX_INT:
            raise ValidationError(f"The {name} must be whole numbers from 0 to {MAX_INT:,}.")


def _check_unique(name: str, values: tuple[str, ...]) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValidationError(f"'{value}' is listed twice in {name}.")
        seen.add(value)


def _check_pages(source: Source) -> None:
    """Page starts: ascending offsets into the source's text, the first at 0."""
    if not source.pages:
        return
    pages = source.pages
    if not all(isinstance(p, int) and not isinstance(p, bool) for p in pages):
        raise ValidationError("The page starts must be whole numbers.")
    length = len(source.text or "")
    if pages[0] != 0 or any(b <= a for a, b in itertools.pairwise(pages)):
        raise ValidationError("The page starts must rise from 0, one offset per page.")
    if pages[-1] > length:
        raise ValidationError("A page starts beyond the end of the source's text.")


def _required(value: str, message: str) -> None:
    if not value or not value.strip():
        raise ValidationError(message)


def _member(value: str, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        choices = ", ".join(allowed)
        raise ValidationError(f"'{value}' is not a valid {what}: choose one of {choices}.")


def _date(what: str, value: str | None) -> None:
    try:
        normal = dates.normalise_partial(value) if value is not None else None
    except ValidationError as err:
        raise ValidationError(f"The {what} date: {err}") from None
    if value is not None and normal != value:
        raise ValidationError(
            f"The {what} date '{value}' must be written 2025, 2025-04 or 2025-04-17."
        )


def _timestamp(what: str, value: str | None) -> None:
    try:
        normal = dates.normalise_timestamp(value) if value is not None else None
    except ValidationError as err:
        raise ValidationError(f"The {what} time: {err}") from None
    if value is not None and normal != value:
        raise ValidationError(f"The {what} time '{value}' must be UTC, as 2025-04-17T09:30:00Z.")
