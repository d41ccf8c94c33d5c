"""Citation tokens of the assessment narrative (``[E12]``, ``[C3]``, ``[P4]``, ``[S2]``).

A token is a letter for the kind of record it cites and a number the case gives that
record the first time the narrative cites it. The number is kept in the sections'
citations (``Section.citations``), never recomputed, so a token means the same record for
as long as the case lives, in the package, and after an import: the position of a record in
a register changes with every sort, and a record's id (a UUID) is not something an analyst
can read or type. A token whose record is gone, filtered out of a brief, or a claim whose
status changed since it was cited, is a gap (``citation_gaps``), never silently dropped.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from casefile.core.model import Citation, Claim, Kind, Record, Section, label

LETTERS: dict[Kind, str] = {"snippet": "E", "claim": "C", "entity": "P", "source": "S"}
KINDS_OF: dict[str, Kind] = {letter: kind for kind, letter in LETTERS.items()}
TOKEN = re.compile(r"\[([ECPS])([1-9][0-9]{0,8})\]")
KEY = re.compile(r"^[ECPS][1-9][0-9]{0,8}$")
DEFAULT_TITLES = ("Bottom line", "Assessment")
WHAT: dict[Kind, str] = {
    "snippet": "evidence",
    "claim": "claim",
    "entity": "person or organisation",
    "source": "source",
}


def token(key: str) -> str:
    """The text of a token in the narrative."""
    return f"[{key}]"


def keys_in(body: str) -> list[str]:
    """The citation keys a body uses, in order of first use."""
    return list(dict.fromkeys(m.group(1) + m.group(2) for m in TOKEN.finditer(body)))


def known_citations(sections: Iterable[Section]) -> dict[str, Citation]:
    """Every key the narrative has given, with what it cites (first section wins)."""
    out: dict[str, Citation] = {}
    for section in sections:
        for citation in section.citations:
            out.setdefault(citation.key, citation)
    return out


def key_for(kind: Kind, target: str, known: Mapping[str, Citation]) -> str:
    """The key of ``target`` in the narrative: its existing one, or the next free number."""
    letter = LETTERS[kind]
    for key, citation in known.items():
        if citation.kind == kind and citation.target == target:
            return key
    used = [int(key[1:]) for key in known if key[0] == letter]
    return f"{letter}{max(used, default=0) + 1}"


def cite(record: Record, known: Mapping[str, Citation]) -> Citation:
    """A citation of ``record`` (a claim with the status it has now)."""
    kind = record.KIND
    if kind not in LETTERS:
        raise ValueError(f"a {kind} cannot be cited")
    status = record.status if isinstance(record, Claim) else None
    existing = known.get(key_for(kind, record.id, known))
    if existing is not None and existing.status == status:
        return existing
    return Citation(key_for(kind, record.id, known), kind, record.id, status)


def with_body(section: Section, body: str, known: Mapping[str, Citation]) -> Section:
    """``section`` holding ``body``: a citation for each token it uses, no other.

    A token the section did not know yet (pasted from another section) takes its meaning
    from ``known``; a token nobody knows stays in the text and is reported as a gap.
    """
    own = {c.key: c for c in section.citations}
    kept: list[Citation] = []
    for key in keys_in(body):
        citation = own.get(key) or known.get(key)
        if citation is not None:
            kept.append(citation)
    return dataclasses.replace(section, body=body, citations=tuple(kept))


@dataclass(frozen=True)
class CitationGap:
    """A token of the narrative that does not stand for what it should."""

    section: str  # section id
    title: str  # section title
    key: str
    problem: str  # "unknown", "missing", "filtered" or "status"
    message: str
    kind: Kind | None = None
    target: str | None = None


Lookup = Callable[[Kind, str], Record | None]


def citation_gaps(
    sections: Sequence[Section], lookup: Lookup, shown: Callable[[Kind, str], bool] | None = None
) -> list[CitationGap]:
    """Every broken or stale citation of the narrative, in reading order.

    ``shown`` says whether a record that exists is in the brief being built (its tag filter);
    without it every existing record counts as shown (the editor).
    """
    out: list[CitationGap] = []
    for section in sorted(sections, key=lambda s: (s.position, s.id)):
        own = {c.key: c for c in section.citations}
        for key in keys_in(section.body):
            gap = _gap(section, key, own.get(key), lookup, shown)
            if gap is not None:
                out.append(gap)
    return out


def _gap(
    section: Section,
    key: str,
    citation: Citation | None,
    lookup: Lookup,
    shown: Callable[[Kind, str], bool] | None,
) -> CitationGap | None:
    where = f"{section.title}: {token(key)}"
    if citation is None:
        message = f"{where} does not stand for anything in the case (typed by hand?)."
        return CitationGap(section.id, section.title, key, "unknown", message)
    what = WHAT[citation.kind]
    record = lookup(citation.kind, citation.target)
    make = functools.partial(
        CitationGap, section.id, section.title, key, kind=citation.kind, target=citation.target
    )
    if record is None:
        return make("missing", f"{where} cites {what} that has been deleted.")
    if shown is not None and not shown(citation.kind, citation.target):
        return make("filtered", f"{where} cites {what} left out of this brief by its tags.")
    if isinstance(record, Claim) and citation.status and record.status != citation.status:
        words = f"was {citation.status} when cited, is {record.status} now"
        return make("status", f"{where} cites claim '{_short(label(record))}': {words}.")
    return None


def reviewed(section: Section, key: str, lookup: Lookup) -> Section:
    """``section`` with the claim of ``key`` cited at its current status (the analyst
    checked the sentence against the new status)."""
    citations = []
    for citation in section.citations:
        record = lookup(citation.kind, citation.target) if citation.key == key else None
        if isinstance(record, Claim):
            citation = dataclasses.replace(citation, status=record.status)
        citations.append(citation)
    return dataclasses.replace(section, citations=tuple(citations))


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
