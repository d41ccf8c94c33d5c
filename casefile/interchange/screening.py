"""Screening a case's people and organisations against a FollowTheMoney list on disk.

The list (an OpenSanctions or Aleph export, one entity a line) is streamed once; only
people, organisations and other legal entities are read. Names meet through blocking keys
(pairs of word stems, the name written without spaces; see ``names``), are scored with
rapidfuzz, and the score moves with the facts both sides have: a birth date that agrees
(+5) or clashes (-25), a nationality or country that agrees (+3) or clashes (-10). Weak
aliases count 5 less. Nothing is stored: ``accept`` makes the command an investigator
runs for a candidate they confirm.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from casefile.core.errors import CaseError
from casefile.core.model import Entity
from casefile.core.names import NameKey, blocking_keys, name_key, score
from casefile.interchange import ftm
from casefile.interchange.facts import Facts, case_facts, dates_agree

DEFAULT_THRESHOLD = 88.0
PER_ENTITY = 5
NAME_PROPERTIES = (("name", 0.0), ("alias", 0.0), ("previousName", 0.0), ("weakAlias", 5.0))
PERSON_COUNTRIES = ("nationality", "citizenship", "country")
ORG_COUNTRIES = ("jurisdiction", "country", "mainCountry")

Progress = Callable[[int], None]
"""Told the bytes read so far, now and then; may raise to stop the work."""


class ScreeningError(CaseError):
    """A list that cannot be read."""


@dataclass(frozen=True)
class Candidate:
    """A list entry that may be one of the case's people or organisations."""

    entity: str
    entity_name: str
    list_id: str
    caption: str
    schema: str
    score: float
    matched: tuple[str, ...]
    data: dict[str, Any] = field(repr=False, compare=False)

    @property
    def datasets(self) -> tuple[str, ...]:
        value = self.data.get("datasets") or ()
        return tuple(str(v) for v in value if isinstance(v, str))


@dataclass(frozen=True)
class _Form:
    entity: Entity
    key: NameKey
    is_alias: bool


class _CaseIndex:
    def __init__(self, entities: Iterable[Entity]) -> None:
        self.forms: list[_Form] = []
        self.blocks: dict[str, list[int]] = defaultdict(list)
        self.facts: dict[str, Facts] = {}
        for entity in entities:
            self.facts[entity.id] = case_facts(entity)
            seen: set[str] = set()
            for position, text in enumerate((entity.name, *entity.aliases)):
                key = name_key(text)
                if key is None or key.compared in seen:
                    continue
                seen.add(key.compared)
                index = len(self.forms)
                self.forms.append(_Form(entity, key, position > 0))
                for block in blocking_keys(key):
                    self.blocks[block].append(index)

    def candidates(self, key: NameKey) -> set[int]:
        found: set[int] = set()
        for block in blocking_keys(key):
            hits = self.blocks.get(block)
            if hits:
                found.update(hits)
        return found


def _schemata() -> dict[str, str]:
    """Schema name → the case kind it may match (legal entities only)."""
    model = ftm.model()
    kinds = {}
    for schema in model.schemata.values():
        if schema.is_a("LegalEntity"):
            if schema.is_a("Person"):
                kinds[schema.name] = "person"
            elif schema.is_a("Organization"):
                kinds[schema.name] = "organisation"
            else:
                kinds[schema.name] = "other"
    return kinds


PARALLEL_BYTES = 64 * 1024 * 1024
"""Lists larger than this are read by several processes, one part of the file each."""


def screen(
    entities: Iterable[Entity],
    path: Path,
    threshold: float = DEFAULT_THRESHOLD,
    progress: Progress | None = None,
    workers: int | None = None,
) -> list[Candidate]:
    """Candidates at or above ``threshold``, best first, at most five per case entity.

    A large list is split at line ends into parts read by ``workers`` processes (default:
    one per CPU); ``progress`` is told the bytes done as parts finish.
    """
    people = [e for e in entities if e.kind in ("person", "organisation", "other")]
    try:
        size = path.stat().st_size
    except OSError as err:
        raise ScreeningError(f"The list {path.name} cannot be read ({err.strerror}).") from None
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count > 1 and size > PARALLEL_BYTES:
        found = _parallel(people, path, threshold, size, count, progress)
    else:
        found = _screen_part(people, path, threshold, 0, size, progress)
    return _best(found)


_WORKER_INDEX: list[_CaseIndex] = []  # built once in each worker process


def _start_worker(entities: list[Entity]) -> None:
    _WORKER_INDEX[:] = [_CaseIndex(entities)]


def _worker_part(path: Path, threshold: float, start: int, end: int) -> list[Candidate]:
    return _scan(_WORKER_INDEX[0], path, threshold, start, end, None)


def _screen_part(
    entities: list[Entity],
    path: Path,
    threshold: float,
    start: int,
    end: int,
    progress: Progress | None = None,
) -> list[Candidate]:
    return _scan(_CaseIndex(entities), path, threshold, start, end, progress)


def _scan(
    index: _CaseIndex,
    path: Path,
    threshold: float,
    start: int,
    end: int,
    progress: Progress | None,
) -> list[Candidate]:
    kinds = _schemata()
    out: list[Candidate] = []
    for data in _entries(path, start, end, progress):
        kind = kinds.get(data.get("schema", ""))
        if kind is not None:
            out.extend(_match(index, data, kind, threshold))
    return out


def _parallel(
    entities: list[Entity],
    path: Path,
    threshold: float,
    size: int,
    workers: int,
    progress: Progress | None,
) -> list[Candidate]:
    bounds = _split(path, size, workers * 4)
    context = multiprocessing.get_context("spawn")  # never fork a process that runs threads
    found: list[Candidate] = []
    done = 0
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(entities,)
    ) as pool:
        jobs = {pool.submit(_worker_part, path, threshold, a, b): b - a for a, b in bounds}
        try:
            for job in as_completed(jobs):
                found.extend(job.result())
                done += jobs[job]
                if progress is not None:
                    progress(done)
        except BaseException:
            for job in jobs:
                job.cancel()
            raise
    return found


def _split(path: Path, size: int, parts: int) -> list[tuple[int, int]]:
    """Byte ranges that start and end at line ends."""
    cuts = [0]
    with path.open("rb") as handle:
        for i in range(1, parts):
            handle.seek(max(size * i // parts, cuts[-1]))
            handle.readline()
            cuts.append(min(handle.tell(), size))
    cuts.append(size)
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def _best(found: Iterable[Candidate]) -> list[Candidate]:
    best: dict[tuple[str, str], Candidate] = {}
    for candidate in found:
        pair = (candidate.entity, candidate.list_id)
        if pair not in best or candidate.score > best[pair].score:
            best[pair] = candidate
    by_entity: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in best.values():
        by_entity[candidate.entity].append(candidate)
    out = []
    for group in by_entity.values():
        group.sort(key=lambda c: (-c.score, c.list_id))
        out.extend(group[:PER_ENTITY])
    out.sort(key=lambda c: (-c.score, c.entity_name, c.list_id))
    return out


def _entries(
    path: Path, start: int, end: int, progress: Progress | None
) -> Iterator[dict[str, Any]]:
    try:
        handle = path.open("rb")
    except OSError as err:
        raise ScreeningError(f"The list {path.name} cannot be read ({err.strerror}).") from None
    with handle:
        handle.seek(start)
        position = start
        for number, raw in enumerate(handle, start=1):
            if position >= end:
                break
            position += len(raw)
            if progress is not None and number % 50_000 == 0:
                progress(position)
            if not raw.strip():
                continue
            try:
                data = orjson.loads(raw)
            except orjson.JSONDecodeError:
                where = f"line {number}" if start == 0 else f"byte {position - len(raw)}"
                raise ScreeningError(
                    f"{path.name}, {where}: not a JSON object; a FollowTheMoney list has "
                    "one entity per line."
                ) from None
            if isinstance(data, dict):
                yield data


def _match(index: _CaseIndex, data: dict[str, Any], kind: str, threshold: float) -> list[Candidate]:
    props = data.get("properties")
    if not isinstance(props, dict):
        return []
    found: dict[str, tuple[float, str]] = {}
    for prop, penalty in NAME_PROPERTIES:
        for text in _texts(props.get(prop)):
            key = name_key(text)
            if key is None:
                continue
            for form_index in index.candidates(key):
                form = index.forms[form_index]
                if kind != "other" and form.entity.kind not in (kind, "other"):
                    continue
                value = score(key, form.key) - penalty
                if value < threshold - 10:  # facts add at most 8
                    continue
                why = f"{prop} “{text}” ~ {'alias' if form.is_alias else 'name'} “{form.key.text}”"
                if form.entity.id not in found or value > found[form.entity.id][0]:
                    found[form.entity.id] = (value, why)
    out = []
    for entity_id, (value, why) in found.items():
        facts = index.facts[entity_id]
        total, matched = _with_facts(value, why, facts, props, kind)
        if total >= threshold:
            out.append(_candidate(index, entity_id, data, props, min(total, 100.0), matched))
    return out


def _candidate(
    index: _CaseIndex,
    entity_id: str,
    data: dict[str, Any],
    props: dict[str, Any],
    total: float,
    matched: list[str],
) -> Candidate:
    name = index.facts[entity_id].name
    caption = next(iter(_texts(props.get("name"))), str(data.get("caption") or data.get("id")))
    return Candidate(
        entity_id, name, str(data.get("id")), caption, str(data.get("schema")),
        round(total, 1), tuple(matched), data,
    )  # fmt: skip


def _with_facts(
    value: float, why: str, facts: Facts, props: dict[str, Any], kind: str
) -> tuple[float, list[str]]:
    matched = [why]
    births = _texts(props.get("birthDate"))
    if facts.birth and births:
        if any(dates_agree(facts.birth, b) for b in births):
            value += 5
            matched.append(f"birth date {facts.birth}")
        else:
            value -= 25
            matched.append(f"birth date differs ({facts.birth} / {', '.join(births)})")
    wanted = PERSON_COUNTRIES if kind == "person" else ORG_COUNTRIES
    countries = {c.lower() for p in wanted for c in _texts(props.get(p))}
    if facts.countries and countries:
        shared = facts.countries & countries
        if shared:
            value += 3
            matched.append(f"country {', '.join(sorted(shared))}")
        else:
            value -= 10
            matched.append("country differs")
    return value, matched


def _texts(value: Any) -> list[str]:
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str) and v.strip()]
    return []
