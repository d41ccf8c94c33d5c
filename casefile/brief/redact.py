"""True redaction: the chosen names, quotes and terms are taken out of the records themselves.

A redacted brief is built from redacted records, so nothing downstream (pages, bookmarks,
metadata, the embedded package, the manifest) ever holds the text. Each occurrence is replaced
by a visible labelled mark such as ``[redacted: person 1]``; matching ignores case. Record ids
are replaced by neutral ones (``e1``, ``n4`` …) because an id can carry a name too.

What can be chosen (``BriefOptions.redact``):

- ``entity:ID``: every name and alias of that person or organisation;
- ``snippet:ID``: that quote (wherever its text appears, the source text included);
- anything else: a free term.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from typing import Any, TypeVar

from casefile.brief.model import CaseContent
from casefile.core.errors import CaseError
from casefile.core.model import CaseInfo, EvidenceLink, Record

R = TypeVar("R")

KEPT_FIELDS = frozenset({
    "id", "kind", "status", "likelihood", "reliability", "credibility", "stance", "date",
    "start", "end", "published", "retrieved", "captured", "sha256", "media_type", "size",
    "offset", "pages", "position",
})  # fmt: skip
"""Fields that hold codes, dates and hashes, never free text: left as they are."""

REFERENCES = {"source", "target", "entities", "subjects", "evidence", "snippet"}
WINDOW = 65_536
"""Characters of a text searched at a time when counting places (``Redactor.places``)."""
_PREFIX = {"entity": "e", "relationship": "r", "source": "s", "snippet": "n", "claim": "c"}


@dataclass
class Redactor:
    """The terms to take out, each with its label; counts what it replaced."""

    terms: list[tuple[str, str]] = field(default_factory=list)  # (text, label)
    ids: dict[str, str] = field(default_factory=dict)  # old id -> neutral id
    _pattern: re.Pattern[str] | None = None
    _labels: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        usable = sorted({t for t, _ in self.terms if t}, key=lambda t: (-len(t), t))
        for text, label in self.terms:
            self._labels.setdefault(text.casefold(), label)
        if usable:
            self._pattern = re.compile("|".join(map(re.escape, usable)), re.IGNORECASE)

    def text(self, value: str) -> str:
        """``value`` with every term replaced by its label (one pass: labels are not re-read)."""
        if self._pattern is None or not value:
            return value
        return self._pattern.sub(self._label, value)

    def _label(self, match: re.Match[str]) -> str:
        found = match.group(0)
        label = self._labels.get(found.casefold())
        if label is None:  # case folding changed the length (ß, İ): find the term again
            label = next(lab for t, lab in self.terms
                         if re.fullmatch(re.escape(t), found, re.IGNORECASE))  # fmt: skip
        return label

    def record(self, record: R) -> R:
        """The record with its free text redacted and its references renamed."""
        changes: dict[str, Any] = {}
        for f in fields(record):  # type: ignore[arg-type]
            value = getattr(record, f.name)
            if f.name == "id" and not isinstance(record, CaseInfo):
                changes["id"] = self.ids.get(value, value)
            elif f.name in REFERENCES:
                changes[f.name] = self._refs(value)
            elif f.name not in KEPT_FIELDS:
                changes[f.name] = self._value(value)
        return replace(record, **changes)  # type: ignore[type-var]

    def _refs(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.ids.get(value, value)
        if isinstance(value, tuple):
            return tuple(self._refs(v) for v in value)
        if isinstance(value, EvidenceLink):
            return replace(value, snippet=self.ids.get(value.snippet, value.snippet),
                           note=self._value(value.note))  # fmt: skip
        return value

    def _value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, tuple):
            return tuple(self._value(v) for v in value)
        return value

    def count(self, records: Iterable[Record]) -> list[tuple[str, int]]:
        """How many marks of each label these (redacted) records hold, in label order."""
        return self.counts(self.tally(records))

    def tally(self, records: Iterable[Record]) -> Counter[str]:
        """The marks these (redacted) records hold, by label; tallies of parts add up (the
        window counts a large case a chunk at a time, off its own thread)."""
        labels = list(dict.fromkeys(label for _, label in self.terms))
        found: Counter[str] = Counter()
        if not labels:
            return found
        pattern = re.compile("|".join(map(re.escape, labels)))
        for record in records:
            for f in fields(record):
                for text in _strings(getattr(record, f.name)):
                    found.update(pattern.findall(text))
        return found

    def places(self, records: Iterable[Record]) -> Counter[str]:
        """The places in these (unredacted) records that redaction would replace, by label:
        what ``record`` would take out, found a window of text at a time (one search of a
        long source's whole text held the interpreter, and the window, for a second)."""
        found: Counter[str] = Counter()
        pattern = self._pattern
        if pattern is None:
            return found
        reach = WINDOW + max(len(t) for t, _ in self.terms)  # a match fits past its window
        for record in records:
            for text in _free_texts(record):
                pos, end = 0, len(text)
                while pos < end:
                    match = pattern.search(text, pos, min(end, pos + reach))
                    if match is None or match.start() >= pos + WINDOW:
                        pos += WINDOW
                        continue
                    found[self._label(match)] += 1
                    pos = max(match.end(), match.start() + 1)
        return found

    def counts(self, found: Counter[str]) -> list[tuple[str, int]]:
        """A tally as (mark, places) in label order, as the preview and the brief show it."""
        labels = dict.fromkeys(label for _, label in self.terms)
        return [(label.removeprefix("[redacted: ").rstrip("]"), found[label]) for label in labels]


def _free_texts(record: Record) -> list[str]:
    """The texts of a record that ``Redactor.record`` redacts (not ids; of references, only
    the notes of evidence links)."""
    out: list[str] = []
    for f in fields(record):
        value = getattr(record, f.name)
        if f.name == "id" or f.name in KEPT_FIELDS:
            continue
        if f.name in REFERENCES:
            links = value if isinstance(value, tuple) else (value,)
            out += [v.note for v in links if isinstance(v, EvidenceLink) and v.note]
        else:
            out += _strings(value)
    return out


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, EvidenceLink):
        return [value.note] if value.note else []
    return []


def plan(content: CaseContent, specs: tuple[str, ...]) -> Redactor | None:
    """The redactor for these choices (None when nothing is to be redacted)."""
    if not specs:
        return None
    entities = {e.id: e for e in content.entities}
    snippets = {s.id: s for s in content.snippets}
    terms: list[tuple[str, str]] = []
    numbers: Counter[str] = Counter()
    for spec in dict.fromkeys(s.strip() for s in specs):
        kind, _, ident = spec.partition(":")
        if kind == "entity" and ident:
            entity = entities.get(ident)
            if entity is None:
                raise CaseError(f"There is no person or organisation with id {ident!r} to redact.")
            noun = entity.kind if entity.kind in ("person", "organisation") else "entity"
            numbers[noun] += 1
            label = f"[redacted: {noun} {numbers[noun]}]"
            terms += [(name, label) for name in (entity.name, *entity.aliases) if name.strip()]
        elif kind == "snippet" and ident:
            snippet = snippets.get(ident)
            if snippet is None:
                raise CaseError(f"There is no evidence snippet with id {ident!r} to redact.")
            numbers["quote"] += 1
            terms.append((snippet.text, f"[redacted: quote {numbers['quote']}]"))
        else:
            if len(spec) < 2:
                raise CaseError(f"{spec!r} is too short to redact: give at least two characters.")
            numbers["term"] += 1
            terms.append((spec, f"[redacted: term {numbers['term']}]"))
    return Redactor(terms, _neutral_ids(content))


def _neutral_ids(content: CaseContent) -> dict[str, str]:
    ids: dict[str, str] = {}
    groups: list[tuple[str, tuple[Any, ...]]] = [
        ("entity", content.entities), ("relationship", content.relationships),
        ("source", content.sources), ("snippet", content.snippets), ("claim", content.claims),
    ]  # fmt: skip
    for kind, records in groups:
        for n, ident in enumerate(sorted(r.id for r in records), 1):
            ids[ident] = f"{_PREFIX[kind]}{n}"
    return ids


def apply(redactor: Redactor, content: CaseContent) -> CaseContent:
    """The content with every record redacted."""
    return CaseContent(
        redactor.record(content.info),
        tuple(redactor.record(e) for e in content.entities),
        tuple(redactor.record(r) for r in content.relationships),
        tuple(redactor.record(s) for s in content.sources),
        # offsets point into the source's text as captured, which redaction shortens or
        # lengthens: a redacted quote is checked by being found in the redacted source text
        tuple(replace(redactor.record(s), offset=None) for s in content.snippets),
        tuple(redactor.record(c) for c in content.claims),
        tuple(
            replace(
                redactor.record(s),
                citations=tuple(
                    replace(c, target=redactor.ids.get(c.target, c.target)) for c in s.citations
                ),
            )
            for s in content.sections
        ),
    )


def contains_term(redactor: Redactor, data: bytes, text: str | None) -> bool:
    """True when an original (its bytes in common encodings, or its extracted text) might
    hold a redacted term: such an original is never embedded in a redacted brief."""
    if redactor._pattern is None:
        return False
    if text and redactor._pattern.search(text):
        return True
    for encoding in ("utf-8", "utf-16-le", "utf-16-be", "latin-1"):
        if redactor._pattern.search(data.decode(encoding, "replace")):
            return True
    return False


__all__ = ["Redactor", "apply", "contains_term", "plan"]
