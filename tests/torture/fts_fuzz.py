"""Damage the full-text index's shadow tables of a case in many ways, and use the result.

``mutate`` writes one variant (plain SQLite on a closed copy, as a hostile sender or bit rot
would); ``exercise`` does what a recipient does with it — open it read-only, ``check`` it,
search it, then open it for writing and change a record — and says how that ended. Run as
a module, it exercises a range of seeds in one process and prints one line per seed, so a
parent can tell a crash (the process dies) from a refusal or a working case.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import sys
from pathlib import Path

SHADOWS = ("data", "idx", "docsize", "config", "content")


def mutate(source: Path, target: Path, seed: int) -> str:
    """Copy ``source`` to ``target`` with one damage of the search index; say which."""
    shutil.copyfile(source, target)
    rng = random.Random(seed)
    conn = sqlite3.connect(target)
    try:
        what = _damage(conn, rng)
        conn.commit()
    finally:
        conn.close()
    return what


def _damage(conn: sqlite3.Connection, rng: random.Random) -> str:
    table = rng.choice(("data", "data", "data", "data", "idx", "docsize", "config"))
    if table == "data":
        rows = conn.execute("SELECT id, block FROM search_index_data").fetchall()
        ident, block = rng.choice(rows)
        return _damage_blob(conn, "search_index_data", "block", "id", ident, block, rng)
    if table == "docsize":
        rows = conn.execute("SELECT id, sz FROM search_index_docsize").fetchall()
        ident, block = rng.choice(rows)
        return _damage_blob(conn, "search_index_docsize", "sz", "id", ident, block, rng)
    if table == "idx":
        rows = conn.execute("SELECT segid, term, pgno FROM search_index_idx").fetchall()
        segid, term, pgno = rng.choice(rows)
        new = rng.choice((0, 1, -1, pgno + 1, pgno * 7 + 3, 2**31 - 1, 2**40))
        conn.execute(
            "UPDATE OR IGNORE search_index_idx SET pgno = ? WHERE segid = ? AND term = ?",
            (new, segid, term),
        )
        return f"idx pgno {pgno} -> {new}"
    new_version = rng.choice((0, 3, 5, 99, -1))
    conn.execute("UPDATE search_index_config SET v = ? WHERE k = 'version'", (new_version,))
    return f"config version -> {new_version}"


def _damage_blob(
    conn: sqlite3.Connection,
    table: str,
    column: str,
    key: str,
    ident: int,
    block: bytes | None,
    rng: random.Random,
) -> str:
    data = bytearray(block or b"")
    how = rng.choice(("overwrite", "overwrite", "overwrite", "truncate", "extend", "empty"))
    if how == "overwrite" and len(data) > 5:
        at = rng.randrange(len(data) - 5)
        data[at : at + 5] = bytes(rng.randrange(256) for _ in range(5))
    elif how == "truncate" and data:
        del data[rng.randrange(len(data)) :]
    elif how == "extend":
        data += bytes(rng.randrange(256) for _ in range(rng.randrange(1, 64)))
    else:
        how, data = "empty", bytearray()
    conn.execute(f"UPDATE {table} SET {column} = ? WHERE {key} = ?", (bytes(data), ident))
    return f"{table} {ident}: {how}"


def exercise(path: Path) -> str:
    """What a recipient does with a case from elsewhere; 'ok', 'refused: …' or 'unexpected: …'."""
    from casefile.core.commands import Edit
    from casefile.core.errors import CaseError
    from casefile.storage import open_case
    from casefile.storage.check import check_case

    try:
        with open_case(path, read_only=True) as case:
            problems = check_case(case)
            case.search("harbour")
            case.search("the")
            entity = case.conn.execute("SELECT id FROM entities LIMIT 1").fetchone()
        with open_case(path) as case:
            if entity is not None:
                case.execute(Edit("entity", str(entity[0]), {"name": "Renamed by the fuzzer"}))
            case.search("renamed")
    except CaseError as err:
        return f"refused: {' '.join(str(err).split())[:160]}"
    except Exception as err:  # what the CLI would call "an unexpected problem"
        return f"unexpected: {type(err).__name__}: {' '.join(str(err).split())[:160]}"
    return f"ok ({len(problems)} problems reported)"


def main() -> None:
    if sys.argv[5:] == ["stdlib"]:  # measure Python's own SQLite instead of SQLCipher's
        sys.modules["sqlcipher3"] = None  # type: ignore[assignment]
    source, folder = Path(sys.argv[1]), Path(sys.argv[2])
    first, count = int(sys.argv[3]), int(sys.argv[4])
    for seed in range(first, first + count):
        target = folder / f"variant-{seed}.casefile"
        what = mutate(source, target, seed)
        print(f"{seed}\tstart\t{what}", flush=True)
        outcome = exercise(target)
        print(f"{seed}\t{outcome}", flush=True)
        for leftover in folder.glob(f"variant-{seed}.casefile*"):
            leftover.unlink()


if __name__ == "__main__":
    main()


def run(source: Path, folder: Path, seeds: range, engine: str = "") -> dict[int, str]:
    """Exercise ``seeds`` in child processes; a child that dies is a crash of that seed."""
    import os
    import subprocess

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    outcomes: dict[int, str] = {}
    first = seeds.start
    while first < seeds.stop:
        command = [sys.executable, "-m", "tests.torture.fts_fuzz", str(source), str(folder)]
        command += [str(first), str(seeds.stop - first), engine]
        child = subprocess.run(
            command, capture_output=True, text=True, env=env, cwd=root, timeout=1800
        )
        started = None
        for line in child.stdout.splitlines():
            seed_text, _, outcome = line.partition("\t")
            if outcome.startswith("start\t"):
                started = int(seed_text)
            else:
                outcomes[int(seed_text)] = outcome
                started = None
        if child.returncode == 0:
            break
        if started is None:
            raise AssertionError(f"fuzz child failed outside a variant: {child.stderr[-2000:]}")
        outcomes[started] = f"crash: exit {child.returncode} {child.stderr[-300:]}"
        first = started + 1
    return outcomes
