"""Suggest people and organisations that are probably the same, each with the reason why."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz import fuzz

from casefile.core.model import Entity
from casefile.core.names import LEGAL_FORMS, fold, tokens

MAX_BLOCK = 60  # names sharing one word; larger blocks are split by the other words' initials
MAX_EXACT_BLOCK = 500  # names with one exact key; beyond this the key says nothing useful
FUZZY_THRESHOLD = 88.0


@dataclass(frozen=True)
class Suggestion:
    """Two entities that look like one, how sure we are (0–100) and why, in words."""

    first: str
    second: str
    score: float
    reason: str
    first_name: str
    second_name: str


@dataclass(frozen=True)
class NameForm:
    """One name or alias of an entity, folded for comparison."""

    entity: str
    text: str
    folded: str
    tokens: tuple[str, ...]
    core: tuple[str, ...]
    joined: str = ""
    sorted_tokens: tuple[str, ...] = ()
    sorted_core: tuple[str, ...] = ()
    rotations: frozenset[str] = frozenset()
    has_initial: bool = False
    words: frozenset[str] = frozenset()
    numbers: frozenset[str] = frozenset()
    lowered: str = ""
    core_text: str = ""


def name_forms(entity: Entity) -> list[NameForm]:
    """The entity's name and aliases, folded, without duplicates."""
    forms: list[NameForm] = []
    seen: set[str] = set()
    for text in (entity.name, *entity.aliases):
        toks = tokens(text)
        key = " ".join(toks)
        if not toks or key in seen:
            continue
        seen.add(key)
        core = tuple(t for t in toks if t not in LEGAL_FORMS) or toks
        forms.append(_form(entity.id, text, toks, core))
    return forms


def _form(entity: str, text: str, toks: tuple[str, ...], core: tuple[str, ...]) -> NameForm:
    return NameForm(
        entity,
        text,
        fold(text).strip(),
        toks,
        core,
        joined="".join(toks),
        sorted_tokens=tuple(sorted(toks)),
        sorted_core=tuple(sorted(core)),
        rotations=frozenset(_rotations(core)),
        has_initial=any(len(t) == 1 for t in core),
        words=frozenset(t for t in core if len(t) > 1),
        numbers=frozenset(t for t in core if t.isdigit()),
        lowered=text.casefold().strip(),
        core_text=" ".join(core),
    )


def _blocking_keys(form: NameForm) -> set[str]:
    keys = {"=" + "".join(form.sorted_core), "~" + "".join(form.core)}
    keys.add("r:" + min(form.rotations))
    keys.update(f"t:{t}" for t in form.core if len(t) > 1 and not t.isdigit())
    return keys


def _sub_keys(form: NameForm, key: str) -> set[str]:
    word = key[2:]
    others = {t[0] for t in form.core if t != word and not t.isdigit()}
    return {f"{key}|{letter}" for letter in others} or {key + "|"}


def _blocks(forms: Sequence[NameForm]) -> dict[str, list[int]]:
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, form in enumerate(forms):
        for key in _blocking_keys(form):
            blocks[key].append(index)
    for key in [k for k, members in blocks.items() if len(members) > MAX_BLOCK]:
        if not key.startswith("t:"):
            if len(blocks[key]) > MAX_EXACT_BLOCK:
                del blocks[key]
            continue
        members = blocks.pop(key)
        for index in members:
            for sub in _sub_keys(forms[index], key):
                blocks[sub].append(index)
    return blocks


def _rotations(words: tuple[str, ...]) -> set[str]:
    return {"".join(words[i:] + words[:i]) for i in range(len(words))}


def _initials_match(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Every word of ``short`` is a word or the initial of a word of ``long``, one full word shared."""
    if len(short) > len(long) or not any(len(t) > 1 for t in short):
        return False
    remaining = list(long)
    for word in sorted(short, key=len, reverse=True):
        match = next((w for w in remaining if w == word), None)
        if match is None and len(word) == 1:
            match = next((w for w in remaining if w[0] == word), None)
        if match is None and len(word) > 1:
            match = next((w for w in remaining if len(w) == 1 and w == word[0]), None)
        if match is None:
            return False
        remaining.remove(match)
    return True


def compare(a: NameForm, b: NameForm) -> tuple[float, str] | None:
    """How alike two names are and why, or None when they do not look like one."""
    if a.lowered == b.lowered:
        return 100.0, "same name"
    if a.folded == b.folded:
        return 98.0, "same name apart from accents or case"
    if a.tokens == b.tokens:
        return 97.0, "same name apart from hyphens or punctuation"
    if a.joined == b.joined:
        return 95.0, "same letters split differently (hyphenation or spacing)"
    if a.sorted_tokens == b.sorted_tokens:
        return 94.0, "same words in a different order"
    if a.sorted_core == b.sorted_core:
        return 92.0, "same name apart from the legal form"
    if a.rotations & b.rotations:
        return 91.0, "family name first in one, last in the other (transliterated name)"
    if (
        (a.has_initial or b.has_initial)
        and a.words & b.words
        and (_initials_match(a.core, b.core) or _initials_match(b.core, a.core))
    ):
        return 85.0, "initials match the full names"
    score = fuzz.token_sort_ratio(a.core_text, b.core_text, score_cutoff=FUZZY_THRESHOLD)
    if score >= FUZZY_THRESHOLD:
        return round(score, 1), f"similar spelling ({score:.0f}% alike)"
    return None


def _quoted(form: NameForm, records: dict[str, Entity]) -> str:
    alias = form.text != records[form.entity].name
    return f"“{form.text}”{' (alias)' if alias else ''}"


Progress = Callable[[int, int], None]
"""Told (blocks compared, blocks in all) now and then; may raise to stop the work."""


def suggest(
    entities: Iterable[Entity], limit: int | None = None, progress: Progress | None = None
) -> list[Suggestion]:
    """Likely duplicate pairs among ``entities`` (same kind only), best first."""
    records = {e.id: e for e in entities}
    forms = [form for entity in records.values() for form in name_forms(entity)]
    best: dict[tuple[str, str], tuple[float, str, NameForm, NameForm]] = {}
    checked: set[tuple[int, int]] = set()
    blocks = list(_blocks(forms).values())
    for done, members in enumerate(blocks):
        if progress is not None and done % 2000 == 0:
            progress(done, len(blocks))
        for i, j in combinations(sorted(set(members)), 2):
            a, b = forms[i], forms[j]
            if a.entity == b.entity or a.numbers != b.numbers or (i, j) in checked:
                continue
            checked.add((i, j))
            if records[a.entity].kind != records[b.entity].kind:
                continue
            found = compare(a, b)
            if found is None:
                continue
            first, second = (a, b) if a.entity < b.entity else (b, a)
            key = (first.entity, second.entity)
            if key not in best or found[0] > best[key][0]:
                best[key] = (found[0], found[1], first, second)
    out = [
        Suggestion(
            k[0],
            k[1],
            score,
            f"{why}: {_quoted(f, records)} / {_quoted(s, records)}",
            f.text,
            s.text,
        )
        for k, (score, why, f, s) in best.items()
    ]
    out.sort(key=lambda s: (-s.score, fold(s.first_name), s.first, s.second))
    return out[:limit] if limit is not None else out


def groups(suggestions: Iterable[Suggestion]) -> list[list[str]]:
    """Entity ids connected by suggestions, as groups that could be merged together."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for s in suggestions:
        parent[root(s.first)] = root(s.second)
    found: dict[str, list[str]] = defaultdict(list)
    for ident in parent:
        found[root(ident)].append(ident)
    return [sorted(members) for members in found.values() if len(members) > 1]


@dataclass(frozen=True)
class Cluster:
    """Entities that look like one (linked by suggestions, directly or through each other)."""

    members: tuple[str, ...]
    pairs: tuple[Suggestion, ...]

    @property
    def score(self) -> float:
        return max(p.score for p in self.pairs)

    def pairs_of(self, ident: str) -> list[Suggestion]:
        """The suggestions that involve ``ident``, best first."""
        return [p for p in self.pairs if ident in (p.first, p.second)]

    def best_pair(self, ident: str, among: Iterable[str]) -> Suggestion | None:
        """The best suggestion linking ``ident`` to one of ``among`` (itself excluded)."""
        others = set(among) - {ident}
        found = [p for p in self.pairs_of(ident) if {p.first, p.second} & others]
        return found[0] if found else None


def clusters(suggestions: Sequence[Suggestion]) -> list[Cluster]:
    """The suggestions gathered into groups of likely-same entities, surest group first.

    Members are listed in the order their first (best) suggestion mentions them, so the
    best-matched names come first.
    """
    ordered = sorted(suggestions, key=lambda s: -s.score)
    by_member: dict[str, int] = {}
    for number, group in enumerate(groups(ordered)):
        for ident in group:
            by_member[ident] = number
    found: dict[int, tuple[dict[str, None], list[Suggestion]]] = {}
    for s in ordered:
        members, pairs = found.setdefault(by_member[s.first], ({}, []))
        members.update(dict.fromkeys((s.first, s.second)))
        pairs.append(s)
    out = [Cluster(tuple(m), tuple(p)) for m, p in found.values()]
    out.sort(key=lambda c: (-c.score, len(c.members), fold(c.pairs[0].first_name)))
    return out
