"""Screening benchmark: 20,000 case entities against a 1,000,000-entity FtM list on disk.

Run ``python benchmarks/bench_screening.py`` (the budget: at most 60 s on 2 cores) or
``--list-size 100000`` for a quick look. The list is generated once into a temporary
folder (``--keep DIR`` keeps it): people with birth dates and nationalities, companies
with jurisdictions, names from a pool of about 40,000 made-up surnames and 400 given names
(so many names share words, as in real lists), lines about 400 bytes like an OpenSanctions
export; 1,000 of them are planted copies of case names (reordered, upper-cased,
transliterated legal forms) that screening must find.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import orjson
import synthetic

from casefile.interchange.screening import screen

SYLLABLES = [
    "ka",
    "to",
    "ri",
    "mo",
    "sen",
    "dar",
    "vel",
    "qui",
    "nor",
    "bax",
    "lem",
    "tur",
    "zo",
    "fin",
    "gal",
    "hes",
    "pra",
    "dun",
    "wick",
    "ost",
    "ber",
    "lin",
    "sha",
    "mir",
    "tol",
    "ven",
    "ras",
    "kov",
    "ich",
    "ski",
    "nik",
    "lov",
    "dor",
    "han",
    "sel",
    "bro",
    "mar",
    "tes",
]
COUNTRIES = ("ru", "ua", "cn", "us", "gb", "de", "fr", "ir", "kp", "sy", "ve", "tr", "ae", "cy")


def _surname(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3)))).capitalize()


def write_list(path: Path, size: int, case_names: list[tuple[str, str]], planted: int) -> int:
    """Write ``size`` list entities; ``planted`` of them copy case names. Return planted count."""
    rng = random.Random(7)
    surnames = [_surname(rng) for _ in range(40_000)]
    given = [_surname(rng) for _ in range(400)]
    plant_at = set(rng.sample(range(size), planted))
    chosen = iter(rng.sample(case_names, planted))
    with path.open("wb") as handle:
        for i in range(size):
            if i in plant_at:
                kind, name = next(chosen)
                words = name.split()
                name = " ".join(words[1:] + words[:1]).upper() if kind == "person" else name
                schema = "Person" if kind == "person" else "Company"
                props: dict[str, list[str]] = {"name": [name]}
            elif rng.random() < 0.6:
                schema = "Person"
                name = f"{rng.choice(given)} {rng.choice(surnames)}"
                props = {
                    "name": [name],
                    "alias": [f"{rng.choice(surnames)} {name.split()[0]}"],
                    "birthDate": [f"{rng.randint(1930, 2000)}-{rng.randint(1, 12):02d}-15"],
                    "nationality": [rng.choice(COUNTRIES)],
                }
            else:
                schema = "Company"
                name = f"{rng.choice(surnames)} {rng.choice(surnames)} {rng.choice(('LLC', 'Ltd', 'AG'))}"
                props = {"name": [name], "jurisdiction": [rng.choice(COUNTRIES)]}
            props["topics"] = ["sanction"]
            props["sourceUrl"] = [f"https://lists.example/entity/{i}"]
            props["address"] = [f"{rng.randint(1, 200)} {rng.choice(surnames)} Street, City"]
            line = {
                "id": f"list-{i}",
                "schema": schema,
                "properties": props,
                "datasets": ["benchmark_list"],
                "first_seen": "2024-01-01T00:00:00",
                "last_seen": "2025-01-01T00:00:00",
            }
            handle.write(orjson.dumps(line) + b"\n")
    return planted


def _cpu() -> float:
    """CPU seconds of this process and of the worker processes it waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entities", type=int, default=20_000)
    parser.add_argument("--list-size", type=int, default=1_000_000)
    parser.add_argument("--planted", type=int, default=1_000)
    parser.add_argument("--workers", type=int, default=None, help="processes (default: CPUs)")
    parser.add_argument("--keep", type=Path, help="write the list into this folder and keep it")
    args = parser.parse_args()
    data = synthetic.generate(snippets=10, entities=args.entities, sources=1, claims=1)
    entities = data.entities
    folder = args.keep or Path(tempfile.mkdtemp(prefix="casefile-screen-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"list-{args.list_size}.ftm.json"
    if not path.exists():
        started = time.perf_counter()
        write_list(path, args.list_size, [(e.kind, e.name) for e in entities], args.planted)
        print(f"generated {path.name} ({path.stat().st_size / 1e6:.0f} MB) "
              f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
    wall, cpu = time.perf_counter(), _cpu()
    found = screen(entities, path, workers=args.workers)
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    planted_ids = {c.list_id for c in found if c.score == 100}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        "| case entities | list entities | candidates | exact (planted) | wall | CPU | peak RSS |"
    )
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {len(entities):,} | {args.list_size:,} | {len(found):,} | {len(planted_ids):,} "
        f"({args.planted:,}) | {wall:.1f} s | {cpu:.1f} s | {peak:.0f} MB |"
    )
    if not args.keep:
        path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
