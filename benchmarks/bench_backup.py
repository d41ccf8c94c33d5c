"""Benchmark: the longest GUI stall while the 30-minute automatic backup is made.

Run: nice -n 5 .venv/bin/python benchmarks/bench_backup.py --case /work/bench/200k/bench.casefile
(the case is copied with ``cp --reflink=auto`` into ``--scratch`` and the copy deleted after;
``--tree DIR`` measures another checkout, e.g. main before the change, with the same bench).

In a fresh process the window opens the copy (vouched for first: it opens the quick way),
edits a snippet, lets 30 minutes pass and calls the backup timer's tick. A 10 ms timer records
the longest gap between its ticks (the time the window could not repaint or take a key) from
the tick until the backup is made; meanwhile a 200 ms timer reads the case (a record and a
search, as the registers and the search field do) and a 1 s timer edits a snippet, each
timed (the same for 3 s before, without a backup: what the reads cost themselves). Before
the change the backup ran inside the tick, on the GUI thread.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BUDGET_MS = 100.0


def measure(copy: Path) -> dict[str, Any]:
    """In a fresh process: the stall of the automatic backup, with the reads and edits."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    scratch = Path(tempfile.mkdtemp(prefix="casefile-bench-backup-"))
    os.environ["XDG_CONFIG_HOME"] = str(scratch)
    os.environ["XDG_DATA_HOME"] = str(scratch)
    sys.path.insert(0, str(HERE))
    from bench_stalls import StallMeter
    from PySide6.QtCore import QTimer

    from casefile import app
    from casefile.core.commands import Edit
    from casefile.storage import backups, trust

    trust.remember(copy)  # a byte copy of a checked case: opened the quick way
    qapp = app.make_application(["bench"])
    window = app.make_window()
    window.show()
    errors: list[str] = []
    window.show_error = errors.append
    assert window.open_path(copy), errors
    while window.case.check_pending:
        qapp.processEvents()
        time.sleep(0.005)
    case = window.case
    with case.lock:
        ids = [str(r[0]) for r in case.conn.execute("SELECT id FROM snippets LIMIT 100")]
    assert window.push(Edit("snippet", ids[0], {"notes": "before the backup"})), errors
    scheduler = window.backups.scheduler
    reads: list[float] = []
    edits: list[float] = []

    def read() -> None:  # a record and a search, as the registers and the search field do
        began = time.perf_counter()
        case.get("snippet", ids[len(reads) % len(ids)])
        case.search("payment")
        reads.append(time.perf_counter() - began)

    def edit() -> None:
        began = time.perf_counter()
        assert window.push(Edit("snippet", ids[len(edits) + 1], {"notes": "during"}))
        edits.append(time.perf_counter() - began)

    reader, editor = QTimer(), QTimer()
    reader.timeout.connect(read)
    editor.timeout.connect(edit)
    reader.start(200)
    QTimer.singleShot(100, lambda: editor.start(1000))  # between two reads
    meter = StallMeter(qapp)
    quiet_until = time.perf_counter() + 3  # the same reads and edits without a backup
    quiet, _ = meter.measure(lambda: None, lambda: time.perf_counter() > quiet_until)
    quiet_reads, quiet_edits = max(reads, default=0), max(edits, default=0)
    reads.clear()
    edits.clear()
    scheduler.last_backup_at = scheduler.clock() - backups.INTERVAL_SECONDS - 1  # due now
    cpu = time.process_time()
    t0 = time.perf_counter()
    stall, seconds = meter.measure(
        window.backups.tick, lambda: getattr(window.backups, "op", None) is None
    )
    cpu = time.process_time() - cpu
    reader.stop()
    editor.stop()
    out: dict[str, Any] = {
        "stall ms": round(stall, 1),
        "until done s": round(seconds, 2),
        "CPU s": round(cpu, 2),
        "reads": len(reads),
        "slowest read ms": round(max(reads, default=0) * 1000, 1),
        "edits": len(edits),
        "slowest edit ms": round(max(edits, default=0) * 1000, 1),
        "without a backup: stall, slowest read, slowest edit ms": [
            round(quiet, 1),
            round(quiet_reads * 1000, 1),
            round(quiet_edits * 1000, 1),
        ],
        "backups": len(backups.list_backups(copy)),
        "dirty after": scheduler.dirty,
        "status": window.statusBar().currentMessage(),
        "longest gaps (ms, at s)": sorted(
            ((round((b - a) * 1000), round(a - t0, 2)) for a, b in pairwise(meter.ticks)),
            reverse=True,
        )[:5],
    }
    scheduler.dirty = False  # no backup on closing: only this one is measured
    window.close_case()
    window.closings.finish()
    out["errors"] = errors
    shutil.rmtree(scratch, ignore_errors=True)  # settings and the backup
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--case", type=Path, help="the case to copy and measure")
    parser.add_argument("--scratch", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout to measure")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0
    if args.case is None:
        parser.error("--case is needed")
    copy = args.scratch / f"bench-backup-{os.getpid()}.casefile"
    subprocess.run(["cp", "--reflink=auto", str(args.case), str(copy)], check=True)
    load = os.getloadavg()[0]
    try:
        env = dict(os.environ, PYTHONPATH=str(args.tree.resolve()))
        run = subprocess.run(
            [sys.executable, __file__, "--measure", str(copy)],
            capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip
    finally:
        for side in ("", "-journal", "-wal", "-shm"):
            copy.with_name(copy.name + side).unlink(missing_ok=True)
    if run.returncode != 0:
        print(run.stderr, file=sys.stderr)
        return 1
    results = json.loads(run.stdout.strip().splitlines()[-1])
    size = args.case.stat().st_size / 1e6
    print(
        f"{args.case} ({size:,.0f} MB), tree {args.tree}, "
        f"load {load:.1f} before, {os.getloadavg()[0]:.1f} after"
    )
    over = " (over budget)" if results["stall ms"] > BUDGET_MS else ""
    print(f"  automatic backup: longest stall {results['stall ms']:,.0f} ms{over}, "
          f"{results['until done s']:.2f} s until done ({results['CPU s']:.2f} s CPU)")  # fmt: skip
    for key, value in results.items():
        if key not in ("stall ms", "until done s", "CPU s"):
            print(f"  {key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
