"""Benchmark: the longest GUI stall while a case is closed, and while the window quits.

Run: nice -n 5 .venv/bin/python benchmarks/bench_close.py --case /work/bench/200k/bench.casefile
(the case is copied with ``cp --reflink=auto`` into ``--scratch`` and the copy deleted after;
``--tree DIR`` measures another checkout, e.g. main before the change, with the same bench).

In a fresh process the window opens the copy (vouched for first, so it opens the quick way)
and closes it: a 10 ms timer records the longest gap between its ticks (the time the window
could not repaint or take a key) from the close until the digest that vouches for the file
is recorded (and the backup on closing made). Three times: closed with nothing changed (the digest alone), closed after one
edit (which also makes the backup on closing, ``gui.window.backups``), and the window closed
(quitting) with nothing changed.
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
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BUDGET_MS = 100.0


def measure(copy: Path) -> dict[str, Any]:
    """In a fresh process: the stalls of closing the case and of quitting, with CPU seconds."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    scratch = Path(tempfile.mkdtemp(prefix="casefile-bench-close-"))
    os.environ["XDG_CONFIG_HOME"] = str(scratch)
    os.environ["XDG_DATA_HOME"] = str(scratch)
    sys.path.insert(0, str(HERE))
    from bench_stalls import StallMeter

    from casefile import app
    from casefile.core.commands import Edit
    from casefile.storage import backups, trust

    trust.remember(copy)  # a byte copy of a checked case: opened the quick way
    qapp = app.make_application(["bench"])
    window = app.make_window()
    window.show()
    errors: list[str] = []
    window.show_error = errors.append
    meter = StallMeter(qapp)
    out: dict[str, Any] = {"background close": hasattr(window, "closings")}

    def open_and_edit(note: str | None) -> None:
        assert window.open_path(copy), errors
        while window.case.check_pending:
            qapp.processEvents()
            time.sleep(0.005)
        if note is None:
            return
        with window.case.lock:
            ident = window.case.conn.execute("SELECT id FROM snippets LIMIT 1").fetchone()[0]
        assert window.push(Edit("snippet", str(ident), {"notes": note})) is not None, errors

    def closed() -> bool:
        return not getattr(window, "closings", None) or not window.closings.running

    for label, edit, start in (
        ("close, nothing changed (the digest only)", None, window.close_case),
        ("close after one edit (the backup on closing too)", "edited", window.close_case),
        ("quit, nothing changed", None, window.close),
    ):
        open_and_edit(edit)
        cpu = time.process_time()
        stall, seconds = meter.measure(start, closed)
        out[label] = {
            "stall ms": round(stall, 1),
            "until done s": round(seconds, 2),
            "CPU s": round(time.process_time() - cpu, 2),
            "vouched for": trust.pending_digest(copy) is not None,
            "backups": len(backups.list_backups(copy)),
        }
    out["errors"] = errors
    shutil.rmtree(scratch, ignore_errors=True)  # settings and the backups made on closing
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
    copy = args.scratch / f"bench-close-{os.getpid()}.casefile"
    subprocess.run(["cp", "--reflink=auto", str(args.case), str(copy)], check=True)
    try:
        env = dict(os.environ, PYTHONPATH=str(args.tree.resolve()))
        run = subprocess.run(
            [sys.executable, __file__, "--measure", str(copy)],
            capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip
    finally:
        copy.unlink(missing_ok=True)
        copy.with_name(copy.name + "-journal").unlink(missing_ok=True)
    if run.returncode != 0:
        print(run.stderr, file=sys.stderr)
        return 1
    results = json.loads(run.stdout.strip().splitlines()[-1])
    size = args.case.stat().st_size / 1e6
    print(f"{args.case} ({size:,.0f} MB), tree {args.tree}, load {os.getloadavg()[0]:.1f}")
    for key, value in results.items():
        if isinstance(value, dict):
            over = " (over budget)" if value["stall ms"] > BUDGET_MS else ""
            print(f"  {key}: longest stall {value['stall ms']:,.0f} ms{over}, "
                  f"{value['until done s']:.2f} s until done "
                  f"({value['CPU s']:.2f} s CPU), vouched for: {value['vouched for']}, "
                  f"backups: {value['backups']}")  # fmt: skip
        else:
            print(f"  {key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
