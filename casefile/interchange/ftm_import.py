"""FollowTheMoney JSON lines (an Aleph or OpenSanctions export, or our own) as case records.

People, organisations and other legal entities become entities (names, aliases, weak and
previous names, description, notes and, written into the notes, facts such as birth date,
nationality and identifiers); interval schemata between them become relationships with
their dates; the file itself becomes one source naming the dataset. Other schemata are
counted and left out. Nothing is merged: likely duplicates go through the duplicate
suggestions like any others.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casefile.core import dates, rules
from casefile.core.commands import Change, Composite, PutRecords
from casefile.core.dates import utc_now
from casefile.core.errors import CaseError, ValidationError
from casefile.core.model import Entity, Relationship, Source
from casefile.interchange import ftm

FACT_PROPERTIES = (
    "birthDate",
    "deathDate",
    "birthPlace",
    "nationality",
    "citizenship",
    "country",
    "jurisdiction",
    "gender",
    "position",
    "idNumber",
    "passportNumber",
    "registrationNumber",
    "taxNumber",
    "innCode",
    "ogrnCode",
    "leiCode",
    "incorporationDate",
    "dissolutionDate",
    "topics",
    "sourceUrl",
)
MAX_PROBLEMS = 20


class FtmImportError(CaseError):
    """A file that cannot be read as FollowTheMoney JSON lines."""


@dataclass
class FtmImport:
    """What a FollowTheMoney file gives the case, ready to check and store."""

    dataset: str
    source: Source
    entities: list[Entity] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """People, organisations, other entities and relationships to import."""
        kinds = Counter(e.kind for e in self.entities)
        return {
            "people": kinds["person"],
            "organisations": kinds["organisation"],
            "other": kinds["other"],
            "relationships": len(self.relationships),
        }

    def summary(self) -> str:
        counts = self.counts()
        parts = [f"{n} {what}" for what, n in counts.items() if n]
        text = ", ".join(parts) or "no people, organisations or relationships"
        if self.skipped:
            left = sum(self.skipped.values())
            kinds = ", ".join(f"{n} {s}" for s, n in sorted(self.skipped.items()))
            text += f"; {left} other entities left out ({kinds})"
        return text


def read_file(path: Path, exists: Callable[[str], bool] = lambda _: False) -> FtmImport:
    """Read a FollowTheMoney JSON lines file; ``exists`` says which entity ids the case has."""
    model = ftm.model()
    digest = hashlib.sha256()
    proxies: list[Any] = []
    datasets: Counter[str] = Counter()
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            digest.update(raw)
            if not raw.strip():
                continue
            proxies.append(_proxy(model, raw, number, path))
            datasets.update(_datasets(raw))
    if not proxies:
        raise FtmImportError(f"{path.name} holds no FollowTheMoney entities.")
    name = datasets.most_common(1)[0][0] if datasets else _stem(path)
    result = FtmImport(name, _dataset_source(path, name, digest.hexdigest()))
    _convert(result, proxies, exists)
    counts = result.counts()
    result.source = _with_notes(result.source, path, digest.hexdigest(), counts)
    return result


def _proxy(model: Any, raw: bytes, number: int, path: Path) -> Any:
    from followthemoney.exc import InvalidData

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise FtmImportError(f"{path.name}, line {number} is not UTF-8 text.") from None
    try:
        data = json.loads(text)
    except ValueError:
        raise FtmImportError(
            f"{path.name}, line {number}: not a JSON object; a FollowTheMoney file has one "
            "entity per line."
        ) from None
    if not isinstance(data, dict) or not data.get("id") or not data.get("schema"):
        raise FtmImportError(f"{path.name}, line {number}: an entity needs an id and a schema.")
    try:
        return model.get_proxy(data)
    except (InvalidData, TypeError, ValueError) as err:
        raise FtmImportError(f"{path.name}, line {number}: {err}") from None


def _datasets(raw: bytes) -> list[str]:
    if b'"datasets"' not in raw:
        return []
    value = json.loads(raw).get("datasets")
    return [str(v) for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (".ftm.json", ".jsonl", ".ijson", ".json"):
        if name.endswith(suffix):
            return name[: -len(suffix)] or name
    return path.stem or name


def _convert(result: FtmImport, proxies: Iterable[Any], exists: Callable[[str], bool]) -> None:
    edges = []
    for proxy in proxies:
        schema = proxy.schema
        if schema.is_a("LegalEntity"):
            _add(result, _entity, proxy)
        elif schema.edge and schema.is_a("Interval"):
            edges.append(proxy)
        else:
            result.skipped[schema.name] += 1
    known = {e.id for e in result.entities}
    for proxy in edges:
        source, target = _ends(proxy)
        if not all(end in known or exists(end) for end in (source, target)):
            result.skipped[proxy.schema.name] += 1
            continue
        _add(result, _relationship, proxy, source, target)


def _add(result: FtmImport, make: Callable[..., Entity | Relationship], *args: Any) -> None:
    try:
        record = make(*args)
        rules.check(record)
    except ValidationError as err:
        if len(result.problems) < MAX_PROBLEMS:
            result.problems.append(str(err))
        return
    if isinstance(record, Entity):
        result.entities.append(record)
    else:
        result.relationships.append(record)


def _entity(proxy: Any) -> Entity:
    names = [n for n in proxy.get("name") if n.strip()]
    name = names[0] if names else (proxy.caption or "").strip()
    if not name or name == proxy.schema.label:
        raise ValidationError(f"The {proxy.schema.label} {proxy.id} has no name; left out.")
    others = [*names[1:], *proxy.get("alias"), *proxy.get("weakAlias"), *proxy.get("previousName")]
    aliases = tuple(dict.fromkeys(a for a in others if a.strip() and a != name))
    if proxy.schema.is_a("Person"):
        kind = "person"
    elif proxy.schema.is_a("Organization"):
        kind = "organisation"
    else:
        kind = "other"
    notes = [*proxy.get("notes"), *_facts(proxy)]
    return Entity(
        id=ftm.casefile_id(proxy.id),
        name=name,
        kind=kind,
        aliases=aliases,
        description="\n\n".join(proxy.get("description")) or None,
        notes="\n\n".join(notes) or None,
        tags=tuple(dict.fromkeys(proxy.get("keywords"))),
    )


def _facts(proxy: Any) -> list[str]:
    """Birth date, nationality, identifiers… as ``Label: value`` lines (screening reads them)."""
    lines = []
    for name in FACT_PROPERTIES:
        prop = proxy.schema.get(name)
        if prop is None:
            continue
        for value in proxy.get(name):
            shown = value
            if prop.type.name == "country":
                caption = prop.type.caption(value)
                shown = f"{value} ({caption})" if caption and caption != value else value
            lines.append(f"{prop.label}: {shown}")
    return ["\n".join(lines)] if lines else []


def _ends(proxy: Any) -> tuple[str, str]:
    schema = proxy.schema
    first = proxy.first(schema.edge_source) or ""
    second = proxy.first(schema.edge_target) or ""
    return ftm.casefile_id(first), ftm.casefile_id(second)


def _relationship(proxy: Any, source: str, target: str) -> Relationship:
    schema = proxy.schema
    prop = ftm.TYPE_PROPERTIES.get(schema.name, "role")
    given = proxy.first(prop) if schema.get(prop) is not None else None
    rel_type = given or ftm.DEFAULT_TYPES.get(schema.name) or schema.label.lower()
    if schema.name != "UnknownLink" and ftm.is_passive(rel_type):
        source, target = target, source
    start, end = _date(proxy, "startDate"), _date(proxy, "endDate")
    if start and end and dates.sort_key(start) > dates.sort_key(end):
        end = None
    return Relationship(
        id=ftm.casefile_id(proxy.id),
        source=source,
        target=target,
        type=rel_type,
        start=start,
        end=end,
        notes="\n\n".join(proxy.get("description")) or None,
    )


def _date(proxy: Any, prop: str) -> str | None:
    values = sorted(proxy.get(prop)) if proxy.schema.get(prop) is not None else []
    if not values:
        return None
    try:
        return dates.normalise_partial(values[0][:10])
    except ValidationError:
        return None


def command(plan: FtmImport) -> Composite:
    """The one undoable step that stores an import (merge by id; records already checked)."""
    parts = [
        PutRecords("Import people and organisations", plan.entities, checked=True),
        PutRecords("Import dataset source", [plan.source], checked=True),
    ]
    if plan.relationships:
        parts.append(PutRecords("Import relationships", plan.relationships, checked=True))
    return Composite(f"Import FollowTheMoney dataset {plan.dataset}", parts)


def report(change: Change) -> str:
    """What a stored import did, in words: counts of new and updated records."""
    new = sum(1 for rc in change.records if rc.before is None)
    updated = sum(1 for rc in change.records if rc.before is not None and rc.before != rc.after)
    kinds = Counter(rc.kind for rc in change.records)
    parts = [
        f"{kinds['entity']} people and organisations",
        f"{kinds['relationship']} relationships",
        f"{kinds['source']} source",
    ]
    return f"imported {', '.join(parts)} ({new} new, {updated} updated)"


def _dataset_source(path: Path, name: str, sha256: str) -> Source:
    return Source(
        id=f"ftm-{sha256[:32]}",
        title=f"FollowTheMoney dataset: {name}",
        kind="record",
        retrieved=utc_now(),
        file_name=path.name,
    )


def _with_notes(source: Source, path: Path, sha256: str, counts: dict[str, int]) -> Source:
    from dataclasses import replace

    listed = ", ".join(f"{n} {what}" for what, n in counts.items())
    notes = f"Imported from {path.name} (SHA-256 {sha256}): {listed}."
    return replace(source, notes=notes)
