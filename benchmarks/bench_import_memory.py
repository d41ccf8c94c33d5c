"""Peak memory of importing a package file: the importing process's own VmHWM.

The synthetic package is written to a file first (record by record), then a fresh child
process reads it with ``read_package`` and imports it with ``import_package`` into a new
case file, and reports its own peak resident set (``VmHWM`` in ``/proc/self/status``), its
wall and CPU time and the case file's size. ``--code DIR`` runs the child with another
checkout of casefile first on its path (e.g. main before a change) for a before/after.

    python benchmarks/bench_import_memory.py --snippets 200000
    python benchmarks/bench_import_memory.py --snippets 1000000 --keep /tmp/bench1m
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import synthetic

RSS_TARGET_MB = 600

CHILD = r"""
import json, sys, time
from pathlib import Path
from casefile.storage import create_case
from casefile.storage.package import import_package, read_package

package_path, case_path = Path(sys.argv[1]), Path(sys.argv[2])
wall, cpu = time.perf_counter(), time.process_time()
with create_case(case_path, "Import memory benchmark") as case:
    report = import_package(case, read_package(package_path))
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
status = Path("/proc/self/status").read_text()
peak = next(int(l.split()[1]) for l in status.splitlines() if l.startswith("VmHWM:"))
print(json.dumps({"wall": wall, "cpu": cpu, "peak_kb": peak, "added": sum(report.added.values())}))
"""


def write_package(data: synthetic.Synthetic, path: Path) -> None:
    """The synthetic case as a package file, written one record at a time."""
    from casefile.core.serial import to_dict

    sections = (
        ("entities", data.entities),
        ("relationships", data.relationships),
        ("sources", data.sources),
        ("snippets", data.snippets),
        ("claims", data.claims),
    )
    with path.open("w", encoding="utf-8") as out:
        out.write('{"format": "casefile-package", "version": 1, "case": ')
        out.write(json.dumps(to_dict(data.info), ensure_ascii=False))
        for name, records in sections:
            out.write(f',\n"{name}": [')
            for index, record in enumerate(records):
                out.write(("," if index else "") + "\n")
                out.write(json.dumps(to_dict(record), ensure_ascii=False))
            out.write("]")
        out.write("}\n")


def run_child(package: Path, case: Path, code: Path | None) -> dict[str, float]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(code or Path(__file__).resolve().parent.parent)
    run = subprocess.run(
        [sys.executable, "-c", CHILD, str(package), str(case)],
        capture_output=True,
        text=True,
        env=env,
        cwd=package.parent,  # not this checkout: ``--code`` decides which casefile runs
        check=False,
    )
    if run.returncode != 0:
        raise SystemExit(f"the import failed:\n{run.stderr[-2000:]}")
    result: dict[str, float] = json.loads(run.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--snippets", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="keep the package and case in this folder")
    parser.add_argument("--code", type=Path, help="casefile checkout the child imports")
    args = parser.parse_args(argv)
    n = args.snippets
    with tempfile.TemporaryDirectory(prefix="casefile-bench-mem-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        package = folder / f"synthetic-{n}.json"
        if not package.exists():
            started = time.perf_counter()
            data = synthetic.generate(
                n, entities=n // 10, sources=max(1, n // 20), claims=n // 10, seed=args.seed
            )
            write_package(data, package)
            del data
            print(f"package written in {time.perf_counter() - started:.1f} s")
        case = folder / "imported.casefile"
        case.unlink(missing_ok=True)
        result = run_child(package, case, args.code)
        size_mb = package.stat().st_size / 1e6
        peak_mb = result["peak_kb"] / 1024
        verdict = "ok" if peak_mb <= RSS_TARGET_MB else "MISSED"
        print(f"package: {n:,} snippets, {size_mb:,.0f} MB; load average {os.getloadavg()[0]:.1f}")
        print(
            f"import: {result['wall']:.1f} s wall, {result['cpu']:.1f} s CPU, "
            f"{int(result['added']):,} records; case file {case.stat().st_size / 1e6:,.0f} MB"
        )
        print(
            f"peak RSS of the importing process (VmHWM): {peak_mb:,.0f} MB "
            f"({peak_mb / size_mb:.1f}x the package; target <= {RSS_TARGET_MB} MB: {verdict})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
