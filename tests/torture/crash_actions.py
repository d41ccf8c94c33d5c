"""The random user actions of the crash harness: each runs exactly one command (or undo)."""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hostile_strings import SMALL_NON_EMPTY

from casefile.core.commands import (
    AddToList,
    Change,
    Composite,
    Create,
    DeleteRecords,
    Edit,
    LinkEvidence,
    RemoveFromList,
    UnlinkEvidence,
)
from casefile.core.model import (
    Claim,
    Entity,
    EvidenceLink,
    Kind,
    Original,
    Relationship,
    Snippet,
    Source,
    new_id,
)
from casefile.storage.case import Case

WORDS = [
    "alpha",
    "bravo",
    "charlie",
    "delta",
    "echo",
    "foxtrot",
    "golf",
    "hotel",
    "india",
    "juliet",
    "kilo",
    "lima",
    "mike",
]
WORDS += ["稀土集团", "Газпром", "شركة", "Müller", "😀", "AT&T", "<b>x</b>"]
HOSTILE = [v for v in SMALL_NON_EMPTY.values() if len(v) < 3000]
STATUSES = ("unverified", "supported", "disputed", "refuted")
STANCES = ("supports", "refutes", "context")
MAX_RECORDS = 60  # per kind; above this deletes win, so long runs stay quick to check


def text(rng: random.Random, words: int = 6) -> str:
    if rng.random() < 0.15:
        return rng.choice(HOSTILE)
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, words)))


@dataclass
class World:
    """What the child knows about the case: ids per kind and its own undo stack."""

    ids: dict[Kind, list[str]]
    undo: list[Change] = field(default_factory=list)

    @classmethod
    def load(cls, case: Case) -> World:
        kinds: tuple[Kind, ...] = ("entity", "relationship", "source", "snippet", "claim")
        return cls({k: case.store.ids(k) for k in kinds})

    def pick(self, rng: random.Random, kind: Kind, most: int = 1) -> list[str]:
        pool = self.ids[kind]
        return rng.sample(pool, min(len(pool), rng.randint(0, most)))

    def run(self, name: str, case: Case, rng: random.Random) -> None:
        if name == "import":
            import_package(self, case, rng)
            return
        if name == "capture":
            self._track(capture_files(case, rng))
            self.undo.clear()
            return
        if name == "undo":
            if self.undo:
                change = self.undo.pop()
                self._track(case.revert(change))
            return
        command = BUILDERS[name](self, case, rng)
        if command is None:
            return
        change = case.execute(command)
        self.undo.append(change)
        self._track(change)

    def _track(self, change: Change) -> None:
        for rc in change.records:
            pool = self.ids.get(rc.kind)
            if pool is None:
                continue
            if rc.after is None and rc.ident in pool:
                pool.remove(rc.ident)
            elif rc.after is not None and rc.ident not in pool:
                pool.append(rc.ident)


Builder = Callable[[World, Case, random.Random], Any]


def add_entity(world: World, case: Case, rng: random.Random) -> Create:
    aliases = tuple(dict.fromkeys(text(rng, 2) for _ in range(rng.randint(0, 3))))
    kind = rng.choice(("person", "organisation", "other"))
    tags = tuple(dict.fromkeys(rng.choice(WORDS) for _ in range(rng.randint(0, 2))))
    entity = Entity(new_id(), text(rng, 3), kind, aliases, text(rng), None, tags)
    return Create(entity)


def add_source(world: World, case: Case, rng: random.Random) -> Create:
    body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 200)))
    originals: list[Original] = []
    sha = size = media = None
    if rng.random() < 0.6:
        data = rng.randbytes(rng.randint(1, 200_000))
        sha, size, media = hashlib.sha256(data).hexdigest(), len(data), "application/octet-stream"
        originals.append(Original(sha, media, data))
    source = Source(
        new_id(), text(rng, 4), rng.choice(("web", "document", "file")), text=body,
        sha256=sha, size=size, media_type=media, reliability=rng.choice("ABCDEF"),
    )  # fmt: skip
    return Create(source, originals)


def add_snippet(world: World, case: Case, rng: random.Random) -> Create | None:
    sources = world.pick(rng, "source")
    entities = tuple(world.pick(rng, "entity", 3))
    if not sources:
        return Create(Snippet(new_id(), text(rng), entities=entities, credibility=3))
    source = case.get("source", sources[0])
    assert isinstance(source, Source) and source.text
    words = source.text.split(" ")
    first = rng.randrange(len(words))
    last = rng.randrange(first, min(len(words), first + 8))
    start = sum(len(w) + 1 for w in words[:first])
    quote = " ".join(words[first : last + 1])
    snippet = Snippet(
        new_id(), quote, sources[0], offset=(start, start + len(quote)), entities=entities,
        credibility=rng.randint(1, 6), tags=(rng.choice(WORDS),), notes=text(rng),
    )  # fmt: skip
    return Create(snippet)


def add_claim(world: World, case: Case, rng: random.Random) -> Create:
    links = tuple(
        EvidenceLink(s, rng.choice(STANCES), text(rng)) for s in world.pick(rng, "snippet", 3)
    )
    claim = Claim(
        new_id(), text(rng, 8), rng.choice(STATUSES), subjects=tuple(world.pick(rng, "entity", 2)),
        evidence=links, claimant=text(rng, 2),
    )  # fmt: skip
    return Create(claim)


def add_relationship(world: World, case: Case, rng: random.Random) -> Create | None:
    ends = world.pick(rng, "entity", 2)
    if len(ends) < 2:
        return None
    evidence = tuple(world.pick(rng, "snippet", 2))
    return Create(
        Relationship(new_id(), ends[0], ends[1], text(rng, 3), "2024", None, None, evidence)
    )


def edit_something(world: World, case: Case, rng: random.Random) -> Edit | None:
    choice = rng.choice(("entity", "claim", "snippet", "case"))
    if choice == "case":
        return Edit("case", "case", {"title": text(rng, 4), "summary": text(rng, 20)})
    ids = world.pick(rng, choice)  # type: ignore[arg-type]
    if not ids:
        return None
    changes: dict[str, Any] = {
        "entity": {"name": text(rng, 3), "notes": text(rng, 30)},
        "claim": {"status": rng.choice(STATUSES), "notes": text(rng, 30)},
        "snippet": {"notes": text(rng, 30), "credibility": rng.randint(1, 6)},
    }[choice]
    return Edit(choice, ids[0], changes)  # type: ignore[arg-type]


def link(world: World, case: Case, rng: random.Random) -> Any:
    claims, snippets = world.pick(rng, "claim"), world.pick(rng, "snippet")
    if not claims or not snippets:
        return None
    if rng.random() < 0.3:
        return UnlinkEvidence(claims[0], snippets[0])
    return LinkEvidence(claims[0], snippets[0], rng.choice(STANCES), text(rng))


def mention(world: World, case: Case, rng: random.Random) -> Any:
    snippets, entities = world.pick(rng, "snippet"), world.pick(rng, "entity", 3)
    if not snippets or not entities:
        return None
    kind = AddToList if rng.random() < 0.7 else RemoveFromList
    return kind("snippet", snippets[0], "entities", entities)


def delete(world: World, case: Case, rng: random.Random) -> DeleteRecords | None:
    kinds = [k for k in ("entity", "snippet", "source", "claim", "relationship") if world.ids[k]]
    if not kinds:
        return None
    kind: Kind = (
        max(kinds, key=lambda k: len(world.ids[k])) if rng.random() < 0.5 else rng.choice(kinds)
    )  # type: ignore[assignment]
    return DeleteRecords(kind, world.pick(rng, kind, 4) or world.ids[kind][:1])


def bulk(world: World, case: Case, rng: random.Random) -> Composite:
    parts = [add_entity(world, case, rng) for _ in range(rng.randint(2, 6))]
    parts += [add_source(world, case, rng) for _ in range(rng.randint(0, 2))]
    return Composite(f"Add {len(parts)} records", parts)


def import_package(world: World, case: Case, rng: random.Random) -> None:
    """A package import, through the real reader and importer (one execute)."""
    from casefile.storage.package import import_package as run_import
    from casefile.storage.package import parse_package

    entities = [
        {"id": new_id(), "kind": "person", "name": text(rng, 3), "aliases": [text(rng, 2)]}
        for _ in range(rng.randint(1, 8))
    ]
    for ident in world.pick(rng, "entity", 2):  # merge by id: update existing ones
        entities.append({"id": ident, "kind": "organisation", "name": text(rng, 3)})
    body = " ".join(rng.choice(WORDS) for _ in range(30))
    source = {"id": new_id(), "kind": "document", "title": text(rng, 3), "text": body}
    quote = body.split(" ")[0]
    snippet = {"id": new_id(), "source": source["id"], "text": quote, "offset": [0, len(quote)]}
    claim = {
        "id": new_id(), "statement": text(rng, 6), "status": rng.choice(STATUSES),
        "subjects": [entities[0]["id"]], "evidence": [{"snippet": snippet["id"], "stance": "supports"}],
    }  # fmt: skip
    package = {
        "format": "casefile-package", "version": 1, "case": {"title": "Imported"},
        "entities": entities, "sources": [source], "snippets": [snippet], "claims": [claim],
    }  # fmt: skip
    raw = json.dumps(package, ensure_ascii=False).encode("utf-8")
    run_import(case, parse_package(raw, "fuzz.json"))
    world.ids["entity"] += [e["id"] for e in entities if e["id"] not in world.ids["entity"]]
    world.ids["source"].append(source["id"])
    world.ids["snippet"].append(snippet["id"])
    world.ids["claim"].append(claim["id"])
    world.undo.clear()  # the importer does not hand back its change


def capture_files(case: Case, rng: random.Random) -> Change:
    """Files added exactly as a drop on the window adds them (the capture stream)."""
    from casefile.capture.stream import FileStream

    assert case.path is not None
    folder = case.path.parent / "capture"
    folder.mkdir(exist_ok=True)
    paths = []
    for _ in range(rng.randint(1, 3)):
        path = folder / f"{new_id()}.{rng.choice(('txt', 'html', 'csv', 'md'))}"
        body = "\n".join(text(rng, 12) for _ in range(rng.randint(1, 40)))
        path.write_text(f"<p>{body}</p>" if path.suffix == ".html" else body, encoding="utf-8")
        paths.append(path)
    stream = FileStream(paths, case)
    try:
        return case.execute(stream.command())
    finally:
        stream.close()
        for path in paths:
            path.unlink(missing_ok=True)


def _balanced(builder: Builder) -> Builder:
    """Creation gives way to deletion once a kind is large, so long runs stay bounded."""

    def build(world: World, case: Case, rng: random.Random) -> Any:
        if max(len(v) for v in world.ids.values()) > MAX_RECORDS and rng.random() < 0.7:
            return delete(world, case, rng)
        return builder(world, case, rng)

    return build


BUILDERS: dict[str, Builder] = {
    "add_entity": _balanced(add_entity),
    "add_source": _balanced(add_source),
    "add_snippet": _balanced(add_snippet),
    "add_claim": _balanced(add_claim),
    "add_relationship": _balanced(add_relationship),
    "edit": edit_something,
    "link": link,
    "mention": mention,
    "delete": delete,
    "bulk": _balanced(bulk),
}
ACTIONS: list[tuple[str, float]] = [
    ("add_entity", 3), ("add_source", 2), ("add_snippet", 3), ("add_claim", 2),
    ("add_relationship", 1), ("edit", 3), ("link", 2), ("mention", 1), ("delete", 2),
    ("bulk", 1), ("undo", 2), ("import", 0.5), ("capture", 0.7),
]  # fmt: skip
