"""Hostile files are captured in a child process that reports time, peak memory and the case.

The budget for any hostile file: a clear refusal (or a bounded result) within 5 seconds and
500 MB peak, with nothing added to the case.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

SECONDS = 5.0
PEAK_MB = 500.0

_CHILD = r"""
import json, sys, time
from casefile.capture import CaptureError, capture_files
from casefile.storage.case import memory_case

case = memory_case("Budget")
started = time.perf_counter()
message = None
try:
    capture = capture_files(sys.argv[1:], case)
    if capture.command is not None:
        case.execute(capture.command)
except CaptureError as err:
    message = str(err)
seconds = time.perf_counter() - started
with open("/proc/self/status") as status:  # VmHWM: this process's own high-water mark
    peak = int(next(l for l in status if l.startswith("VmHWM:")).split()[1]) / 1024
print(json.dumps({"message": message, "seconds": seconds, "peak_mb": peak,
                  "sources": case.count("source")}))
"""


@dataclass(frozen=True)
class Outcome:
    """What a capture in a fresh process did: its refusal, time, peak memory, sources."""

    message: str | None
    seconds: float
    peak_mb: float
    sources: int


def capture_in_child(*paths: Path) -> Outcome:
    """Capture ``paths`` into a fresh in-memory case in a child process."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return Outcome(**json.loads(done.stdout.strip().splitlines()[-1]))


def assert_refused(outcome: Outcome, pattern: str) -> None:
    """A clear refusal matching ``pattern``, in budget, with the case unchanged."""
    import re

    assert outcome.message is not None, "the file was taken, not refused"
    assert re.search(pattern, outcome.message), outcome.message
    assert "Traceback" not in outcome.message
    assert outcome.sources == 0
    assert outcome.seconds < SECONDS, f"took {outcome.seconds:.1f} s"
    assert outcome.peak_mb < PEAK_MB, f"peak {outcome.peak_mb:.0f} MB"
