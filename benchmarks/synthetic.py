"""A deterministic synthetic case for benchmarks: varied text, rare words, CJK, links.

``generate(...)`` builds the records in memory, ``package(...)`` gives the same data as a
JSON case package dict, and ``build_case(path, ...)`` writes it to a new case file through
casefile's real import path.
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casefile.core.model import (
    CaseInfo,
    Claim,
    Entity,
    EvidenceLink,
    Record,
    Relationship,
    Snippet,
    Source,
)

# The words the benchmark queries for, and how they are planted.
RARE_WORD = "zanzibarite"  # in about 5 snippets
COMMON_WORD = "payment"  # in about half of all snippets
AND_TERMS = ("offshore", "invoice")  # each in about 10%, together in about 1%
PHRASE = "board of directors"  # in about 1% of snippets
CJK_TERM = "稀土"  # inside longer CJK runs in about 0.5% of snippets
LONG_WORD = "quarantined"  # only near the end of the very long sources
QUERIES: dict[str, str] = {
    "rare term": RARE_WORD,
    "common term": COMMON_WORD,
    "two-term AND": " ".join(AND_TERMS),
    "phrase": f'"{PHRASE}"',
    "CJK substring": CJK_TERM,
}
EXTRA_QUERIES: dict[str, str] = {"deep in a long text": LONG_WORD}


def _list(text: str) -> list[str]:
    return text.split()


_WORDS = _list(
    "the of and to in a that was for on with as by at from his her their company director "
    "account bank transfer meeting report said according documents shows filed registered "
    "office address shares owner beneficial trust fund holding group limited subsidiary "
    "contract agreement signed million dollars euros paid received sent between during "
    "year month week before after later earlier minister official government ministry "
    "customs port vessel cargo shipment container tanker flag registry audit auditor "
    "court case lawsuit judge ruling appeal prosecutor investigation police arrest charge "
    "fraud bribery laundering sanctions export import license permit mining mineral ore "
    "copper cobalt lithium nickel gold timber oil gas pipeline refinery concession land "
    "property villa yacht jet aircraft flight passport citizenship residence visa email "
    "letter phone call message leaked source interview witness claimed denied confirmed "
    "spokesperson statement press release website archive record registry database "
    "partner associate brother sister wife husband son daughter cousin friend lawyer "
    "accountant consultant adviser broker agent nominee shareholder chairman executive "
    "manager employee staff former current new old large small several many few first "
    "last second third also however although because while which who whom whose when "
    "where what how not no only more most less least very quite rather about around over "
    "under through across against without within into onto upon until since"
)
_SYLLABLES = _list("ka to ri mo sen dar vel qui nor bax lem tur zo fin gal hes pra dun wick ost")
_FIRST = _list(
    "Anna Boris Carla David Elena Farid Grace Hugo Irina Jamal Karin Luis Maria Nikolai "
    "Olga Pavel Rosa Samir Tomas Ursula Viktor Wei Xavier Yusuf Zofia Amara Bilal Chen "
    "Dmitri Esther Femi Giulia Hana Ivan Jin Kofi Leila Mateo Nadia Omar"
)
_LAST = _list(
    "Adeyemi Barros Castillo Dimitrov Eriksen Fontaine Garcia Haddad Ivanova Jensen Kovacs "
    "Lindqvist Moreau Novak Okafor Petrov Quintero Rossi Sato Tanaka Usman Volkov Weber "
    "Xu Yilmaz Zhang Mensah Horvat Nakamura Silva"
)
_ORG_HEADS = _list("Atlas Boreal Cobalt Delta Meridian Nordic Orion Pacific Summit Vertex")
_ORG_TAILS = _list("Holdings Trading Mining Logistics Capital Resources Shipping Partners")
_ORG_SUFFIX = ("Ltd", "LLC", "S.A.", "GmbH", "FZE", "Inc.")
_CJK_CHARS = "中国集团有限公司贸易矿业资源国际控股投资发展香港上海北京深圳株式会社東京大阪한국무역"
_CJK_RUNS = ("中国稀土集团", "稀土贸易有限公司", "北京稀土资源投资", "香港稀土控股")
_TAGS = ("priority", "verify", "financial", "travel", "legal", "media", "family", "shell")
_RELATIONS = ("director of", "owner of", "shareholder in", "employee of", "spouse of", "adviser to")


@dataclass
class Synthetic:
    """All records of a synthetic case, in an order that satisfies references."""

    info: CaseInfo
    entities: list[Entity] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    snippets: list[Snippet] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    def records(self) -> Iterator[Record]:
        """Every record in import order: entities, sources, snippets, relationships, claims."""
        yield from self.entities
        yield from self.sources
        yield from self.snippets
        yield from self.relationships
        yield from self.claims


class _Text:
    """Zipf-distributed English-like sentences with planted probe words."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        pseudo = ["".join(rng.choices(_SYLLABLES, k=rng.randint(2, 4))) for _ in range(4000)]
        self.vocab = _WORDS + sorted(set(pseudo) - set(_WORDS))
        weights = [1.0 / (rank + 8) for rank in range(len(self.vocab))]
        self.cumulative = list(itertools.accumulate(weights))

    def words(self, count: int) -> list[str]:
        total = self.cumulative[-1]
        rnd = self.rng.random
        vocab, cum = self.vocab, self.cumulative
        return [vocab[bisect.bisect(cum, rnd() * total)] for _ in range(count)]

    def sentence(self) -> str:
        words = self.words(self.rng.randint(6, 18))
        words[0] = words[0].capitalize()
        return " ".join(words) + self.rng.choice(".....;?")

    def snippet_text(self, index: int, rare_every: int) -> str:
        rng = self.rng
        parts = [self.sentence() for _ in range(rng.randint(1, 4))]
        extras: list[str] = []
        if rng.random() < 0.5:
            extras.append(f"the {COMMON_WORD} was made")
        for word in AND_TERMS:
            if rng.random() < 0.1:
                extras.append(f"an {word} account")
        if rng.random() < 0.01:
            extras.append(f"the {PHRASE} approved it")
        if rng.random() < 0.05:
            run = "".join(rng.choices(_CJK_CHARS, k=rng.randint(4, 12)))
            if rng.random() < 0.1:
                cut = rng.randint(0, len(run))
                run = run[:cut] + rng.choice(_CJK_RUNS) + run[cut:]
            extras.append(run)
        if index % rare_every == rare_every // 2:
            extras.append(f"a sample of {RARE_WORD} ore")
        for extra in extras:
            parts.insert(rng.randint(0, len(parts)), extra.capitalize() + ".")
        return " ".join(parts)


def _name(rng: random.Random, index: int) -> tuple[str, str]:
    if rng.random() < 0.4:
        name = (
            f"{rng.choice(_ORG_HEADS)} {rng.choice(_ORG_TAILS)} {index} {rng.choice(_ORG_SUFFIX)}"
        )
        return "organisation", name
    return "person", f"{rng.choice(_FIRST)} {rng.choice(_LAST)} {index}"


def _entities(rng: random.Random, text: _Text, count: int) -> list[Entity]:
    out = []
    for i in range(count):
        kind, name = _name(rng, i)
        aliases = [f"{name.split()[0]} {w}" for w in text.words(rng.choice((0, 0, 1, 2)))]
        if rng.random() < 0.03:
            aliases.append(rng.choice(_CJK_RUNS) + "".join(rng.choices(_CJK_CHARS, k=2)))
        out.append(
            Entity(
                id=f"e{i:06d}",
                name=name,
                kind=kind,
                aliases=tuple(dict.fromkeys(aliases)),
                description=text.sentence() if rng.random() < 0.5 else None,
                notes=text.sentence() if rng.random() < 0.2 else None,
                tags=tuple(rng.sample(_TAGS, rng.choice((0, 0, 1, 2)))),
            )
        )
    return out


def _date(rng: random.Random) -> str:
    year = rng.randint(2005, 2025)
    shape = rng.random()
    if shape < 0.2:
        return str(year)
    if shape < 0.5:
        return f"{year}-{rng.randint(1, 12):02d}"
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _stamp(rng: random.Random) -> str:
    return f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00:00Z"


def _sources_and_snippets(
    rng: random.Random,
    text: _Text,
    entities: list[Entity],
    sources: int,
    snippets: int,
    long_sources: int,
) -> tuple[list[Source], list[Snippet]]:
    """Sources whose text contains their snippets at the recorded offsets."""
    rare_every = max(2, snippets // 5)
    src_out: list[Source] = []
    snip_out: list[Snippet] = []
    per_source = [
        snippets // sources + (1 if i < snippets % sources else 0) for i in range(sources)
    ]
    number = 0
    for s in range(sources):
        pieces: list[str] = []
        length = 0
        long = s < long_sources
        for k in range(per_source[s]):
            filler = text.sentence() + "\n\n"
            if long:
                filler = " ".join(text.sentence() for _ in range(300)) + "\n\n"
                if k == per_source[s] - 1:
                    filler = filler.replace(". ", f". The {LONG_WORD} cargo. ", 1)
            pieces.append(filler)
            length += len(filler)
            quote = text.snippet_text(number, rare_every)
            ident = f"n{number:07d}"
            mentions = tuple(dict.fromkeys(e.id for e in rng.sample(entities, rng.randint(0, 3))))
            snip_out.append(
                Snippet(
                    id=ident,
                    text=quote,
                    source=f"s{s:06d}",
                    location=f"p. {rng.randint(1, 40)}",
                    offset=(length, length + len(quote)),
                    credibility=rng.randint(1, 6),
                    date=_date(rng) if rng.random() < 0.7 else None,
                    entities=mentions,
                    tags=tuple(rng.sample(_TAGS, rng.choice((0, 0, 0, 1, 2)))),
                    notes=text.sentence() if rng.random() < 0.1 else None,
                    captured=_stamp(rng),
                )
            )
            pieces.append(quote + "\n\n")
            length += len(quote) + 2
            number += 1
        src_out.append(
            Source(
                id=f"s{s:06d}",
                title=" ".join(text.words(rng.randint(3, 8))).capitalize(),
                kind=rng.choice(("web", "document", "file", "interview", "record")),
                url=f"https://example.org/{s}/{rng.randint(0, 10**9)}"
                if rng.random() < 0.6
                else None,
                author=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" if rng.random() < 0.5 else None,
                publisher=rng.choice(_ORG_HEADS) + " Times" if rng.random() < 0.4 else None,
                published=_date(rng) if rng.random() < 0.6 else None,
                retrieved=_stamp(rng),
                reliability=rng.choice("ABCDEF"),
                text="".join(pieces),
            )
        )
    return src_out, snip_out


def _relationships(
    rng: random.Random, entities: list[Entity], snippets: list[Snippet], count: int
) -> list[Relationship]:
    out = []
    for i in range(count):
        a, b = rng.sample(entities, 2)
        start = _date(rng) if rng.random() < 0.5 else None
        evidence = tuple(dict.fromkeys(s.id for s in rng.sample(snippets, rng.randint(0, 2))))
        out.append(
            Relationship(
                id=f"r{i:06d}",
                source=a.id,
                target=b.id,
                type=rng.choice(_RELATIONS),
                start=start,
                end=None,
                evidence=evidence,
            )
        )
    return out


def _claims(
    rng: random.Random, text: _Text, entities: list[Entity], snippets: list[Snippet], count: int
) -> list[Claim]:
    out = []
    likelihoods = (None, "unlikely", "roughly even chance", "likely", "very likely")
    for i in range(count):
        picked = rng.sample(snippets, rng.randint(0, 4))
        links = tuple(
            EvidenceLink(
                s.id,
                rng.choice(("supports", "refutes", "context")),
                text.sentence() if rng.random() < 0.2 else None,
            )
            for s in dict.fromkeys(picked)
        )
        out.append(
            Claim(
                id=f"c{i:06d}",
                statement=text.sentence(),
                status=rng.choice(("unverified", "supported", "disputed", "refuted")),
                likelihood=rng.choice(likelihoods),
                claimant=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
                if rng.random() < 0.3
                else None,
                subjects=tuple(
                    dict.fromkeys(e.id for e in rng.sample(entities, rng.randint(0, 3)))
                ),
                evidence=links,
                notes=text.sentence() if rng.random() < 0.1 else None,
                tags=tuple(rng.sample(_TAGS, rng.choice((0, 1)))),
            )
        )
    return out


def generate(
    snippets: int = 200_000,
    entities: int = 20_000,
    sources: int = 10_000,
    claims: int = 20_000,
    relationships: int | None = None,
    long_sources: int = 2,
    seed: int = 1,
) -> Synthetic:
    """The records of a synthetic case; the same arguments always give the same data.

    ``long_sources`` of the sources carry very long texts (about 30,000 characters per
    snippet they hold), like a book-length PDF.
    """
    rng = random.Random(seed)
    text = _Text(rng)
    sources = max(1, min(sources, snippets))
    data = Synthetic(CaseInfo("Synthetic benchmark case", "BENCH-1", "Generated data", "OFFICIAL"))
    data.entities = _entities(rng, text, max(2, entities))
    data.sources, data.snippets = _sources_and_snippets(
        rng, text, data.entities, sources, snippets, min(long_sources, sources)
    )
    rel_count = max(1, entities // 2) if relationships is None else relationships
    data.relationships = _relationships(rng, data.entities, data.snippets, rel_count)
    data.claims = _claims(rng, text, data.entities, data.snippets, claims)
    return data


def package(data: Synthetic) -> dict[str, Any]:
    """The same data as a JSON case package dict (CASE_FORMAT.md, version 1)."""
    from casefile.core.serial import to_dict

    case = to_dict(data.info)
    return {
        "format": "casefile-package",
        "version": 1,
        "case": case,
        "entities": [to_dict(r) for r in data.entities],
        "relationships": [to_dict(r) for r in data.relationships],
        "sources": [to_dict(r) for r in data.sources],
        "snippets": [to_dict(r) for r in data.snippets],
        "claims": [to_dict(r) for r in data.claims],
    }


def package_bytes(data: Synthetic) -> bytes:
    """The package as the UTF-8 JSON bytes a file would hold."""
    return json.dumps(package(data), ensure_ascii=False).encode("utf-8")


def import_records(case: Any, data: Synthetic) -> str:
    """Store ``data`` in an open case through the real path; return which path was used.

    The package import (``casefile.storage.package``: parse, check, merge) is used when it
    exists, otherwise one ``PutRecords`` command (one transaction) of every record.
    """
    try:
        from casefile.storage import package as package_module
    except ImportError:
        from casefile.core.commands import PutRecords

        case.execute(PutRecords("Import synthetic case", [data.info, *data.records()]))
        return "PutRecords"
    parsed = package_module.parse_package(package_bytes(data), "synthetic.json")
    package_module.import_package(case, parsed)
    return "package import"


def build_case(
    path: Path | str,
    snippets: int = 200_000,
    entities: int = 20_000,
    sources: int = 10_000,
    claims: int = 20_000,
    seed: int = 1,
) -> Path:
    """Write a new case file at ``path`` holding a synthetic case; return the path."""
    from casefile.storage import create_case

    data = generate(snippets, entities, sources, claims, seed=seed)
    with create_case(path, data.info.title) as case:
        import_records(case, data)
    return Path(path)
