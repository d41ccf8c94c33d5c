"""What the open-time check costs: the full integrity_check against the trusted-file digest.

A case casefile closed cleanly is vouched for by a SHA-256 of its b-tree pages
(``storage.trust``) instead of a full ``integrity_check``. This prints both for two
shapes of case: record-heavy (the synthetic case: nearly every page is a b-tree page) and
originals-heavy (a few large stored files: most pages are overflow pages).

    .venv/bin/python benchmarks/bench_open_check.py                 # ~1 min
    .venv/bin/python benchmarks/bench_open_check.py --snippets 200000 --cold   # --cold: root
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic

from casefile.storage import connection, create_case, trust


def originals_case(path: Path, files: int, megabytes: int) -> Path:
    """A case of ``files`` captured text files of ``megabytes`` MB each."""
    from casefile.capture import Limits
    from casefile.capture.stream import FileStream

    rng = random.Random(1)
    words = ["".join(rng.choices("abcdefghij", k=rng.randint(3, 9))) for _ in range(5000)]
    folder = path.parent / "files"
    folder.mkdir(exist_ok=True)
    paths = []
    for n in range(files):
        text = " ".join(rng.choices(words, k=megabytes * 170_000))
        paths.append(folder / f"t{n}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    with create_case(path, "Originals") as case:
        stream = FileStream(paths, case, Limits())
        try:
            case.execute(stream.command())
        finally:
            stream.close()
    return path


def drop_caches() -> bool:
    subprocess.run(["sync"], check=False)
    try:
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


def timed(action, cold: bool) -> float:  # type: ignore[no-untyped-def]
    if cold and not drop_caches():
        return float("nan")
    best = float("inf")
    for _ in range(1 if cold else 3):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def measure(path: Path, cold: bool) -> None:
    roots = trust._roots(path)
    assert roots is not None
    size = path.stat().st_size >> 20
    pages = path.stat().st_size // 4096
    deep = timed(lambda: connection._verify_file(path, path.name, deep=True), cold)
    digest = timed(lambda: trust.btree_digest(path, roots), cold)
    cpu = time.process_time()
    connection._verify_file(path, path.name, deep=True)
    cpu = time.process_time() - cpu
    limit = connection.check_limit(path)
    copied = copy_check(path, cold)
    label = "cold" if cold else "warm"
    print(f"{path.name:<22}{size:>7} MB{pages:>9}  {label}  integrity_check {deep:6.3f} s"
          f" (CPU {cpu:6.2f} s of {limit:5.1f} s allowed)   b-tree digest {digest:6.3f} s"
          f"   ({deep / digest:4.1f}x)   a copy of it vouched for in {copied:6.3f} s")  # fmt: skip


def copy_check(path: Path, cold: bool) -> float:
    """Seconds to recognise a copy of a cleanly closed case (it then skips the check)."""
    copy = path.with_name("copy-of-" + path.name)
    shutil.copyfile(path, copy)
    try:
        trust.remember(path)
        seconds = timed(lambda: trust.unchanged_since_clean_close(copy), cold)
        assert trust.unchanged_since_clean_close(copy)
    finally:
        copy.unlink()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--snippets", type=int, default=50_000)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--megabytes", type=int, default=4)
    parser.add_argument("--cold", action="store_true", help="also with the page cache dropped")
    parser.add_argument("--keep", type=Path, help="build the cases here once and reuse them")
    parser.add_argument("--only-records", action="store_true", help="no originals case")
    args = parser.parse_args()
    os.environ.setdefault("XDG_DATA_HOME", tempfile.mkdtemp(prefix="bench-open-data-"))
    with tempfile.TemporaryDirectory(prefix="bench-open-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        records, originals = folder / "records.casefile", folder / "originals.casefile"
        if args.only_records:
            originals = records
        if not records.exists():
            synthetic.build_case(records, snippets=args.snippets)
        if not originals.exists():
            originals_case(originals, args.files, args.megabytes)
        cases = list(dict.fromkeys([records, originals]))
        print(f"{'case':<22}{'size':>10}{'pages':>9}")
        for path in cases:
            measure(path, cold=False)
            if args.cold:
                measure(path, cold=True)


if __name__ == "__main__":
    main()
