"""Malformed case packages are refused cleanly, the case left unchanged, in bounded memory.

Quick setting: 300 fuzzed packages (``CASEFILE_PACKAGE_FUZZ`` overrides); ``-m slow``: 3,000
plus a 200 MB package of 800,000 records.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from package_fuzz import variants
from torture_util import require_slow

from casefile.core.errors import CaseError
from casefile.storage import create_case
from casefile.storage.case import Case
from casefile.storage.package import dump_package, import_package, parse_package
from casefile.storage.sample import fill_sample

ROOT = Path(__file__).resolve().parents[2]
QUICK = int(os.environ.get("CASEFILE_PACKAGE_FUZZ", "300"))


def _fingerprint(case: Case) -> str:
    out = io.StringIO()
    dump_package(case, out)
    history = case.conn.execute("SELECT count(*) FROM history").fetchone()[0]
    return hashlib.sha256(out.getvalue().encode()).hexdigest() + f":{history}"


def _fuzz(tmp_path: Path, count: int) -> None:
    started = time.monotonic()
    case = create_case(tmp_path / "target.casefile", "Fuzz target")
    fill_sample(case)
    out = io.StringIO()
    dump_package(case, out)
    base: dict[str, Any] = json.loads(out.getvalue())
    refused = accepted = 0
    problems: list[str] = []
    try:
        for name, raw in variants(base, count):
            before = _fingerprint(case)
            try:
                import_package(case, parse_package(raw, f"{name}.json"))
                accepted += 1  # a mutation that happens to be valid (a changed note...)
            except CaseError as err:
                refused += 1
                message = str(err)
                if not message.strip() or "Traceback" in message:
                    problems.append(f"{name}: unclear message {message[:200]!r}")
                if _fingerprint(case) != before:
                    problems.append(f"{name}: refused, but the case changed")
            except Exception as err:
                problems.append(f"{name}: crashed with {type(err).__name__}: {str(err)[:300]}")
    finally:
        case.close()
    print(f"\npackage fuzz: {count} packages, {refused} refused, {accepted} accepted, "
          f"{len(problems)} problems, {time.monotonic() - started:.1f}s")  # fmt: skip
    assert problems == [], "\n".join(problems[:20])
    assert refused > count * 0.8


@pytest.mark.timeout(600)
def test_malformed_packages_are_refused_and_change_nothing(tmp_path: Path) -> None:
    """A broken package is refused with a message naming the problem; the case is untouched."""
    _fuzz(tmp_path, QUICK)


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_many_malformed_packages(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """The long setting: thousands of fuzzed packages."""
    require_slow(request)
    _fuzz(tmp_path, 3000)


BIG = """
import json, sys
shape, path = sys.argv[1], sys.argv[2]
with open(path, "w") as f:
    f.write('{"format": "casefile-package", "version": 1, "case": {"title": "Big"}, "entities": [')
    if shape == "string":
        f.write('{"id": "e1", "kind": "person", "name": "')
        for _ in range(200):
            f.write("x" * 1_000_000)
        f.write('"}')
    else:
        n = size = 0
        while size < 200_000_000:
            s = json.dumps({"id": f"e{n}", "kind": "person", "name": f"P {n}", "notes": "n" * 100})
            f.write(("," if n else "") + s)
            size, n = size + len(s) + 1, n + 1
        f.write(',{"id": "bad", "kind": "martian", "name": "x"}')
    f.write("]}")
from casefile.core.errors import CaseError
from casefile.storage import create_case
from casefile.storage.package import import_package, read_package
with create_case(path + ".casefile", "Target") as case:
    try:
        import_package(case, read_package(path))
        print("accepted")
    except CaseError as err:
        print("refused", str(err)[:200].replace(chr(10), " "))
    assert case.count("entity") == 0
with open("/proc/self/status") as status:  # VmHWM: this process's own high-water mark
    print(int(next(l for l in status if l.startswith("VmHWM:")).split()[1]) // 1024)
"""


def _big_package(tmp_path: Path, shape: str) -> tuple[str, int]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    path = tmp_path / f"big-{shape}.json"
    run = subprocess.run([sys.executable, "-c", BIG, shape, str(path)], env=env,
                         capture_output=True, text=True, timeout=900)  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    *_, verdict, peak = run.stdout.strip().splitlines()
    print(f"\n200 MB package ({shape}): {verdict[:90]}; peak memory {peak} MB")
    return verdict, int(peak)


@pytest.mark.timeout(300)
def test_200_mb_package_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    """A 200 MB package with one enormous field is refused without exhausting memory."""
    verdict, peak_mb = _big_package(tmp_path, "string")
    assert verdict.startswith("refused") and "too long" in verdict
    assert peak_mb < 1_300, "a few times the package: bytes, text, parsed value"


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_200_mb_package_of_records_is_refused_in_bounded_memory(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """200 MB of small records with one bad one: refused, memory proportional to the package."""
    require_slow(request)
    verdict, peak_mb = _big_package(tmp_path, "many")
    assert verdict.startswith("refused") and "martian" in verdict
    assert peak_mb < 2_000
