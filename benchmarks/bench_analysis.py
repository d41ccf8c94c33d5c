"""Analysis benchmark: duplicate suggestions, gap checks and the evidence matrix on a big case.

Run ``python benchmarks/bench_analysis.py`` for a quick run (a generated 20,000-snippet
case) or ``python benchmarks/bench_analysis.py --case PATH`` on an existing case, e.g. the
200,000-snippet case ``bench_storage.py --snippets 200000 --keep DIR`` leaves behind.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import synthetic

import casefile.gui  # noqa: F401  (installs the PySide6 6.12 None guard first)
from casefile.storage import connection, open_case


def _wait(app: Any, busy: Any) -> None:
    while busy():
        app.processEvents()
        time.sleep(0.005)


def measure(path: Path) -> None:
    """Print the figures for one case file."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from casefile.gui.analysis.duplicates_job import find as find_duplicates
    from casefile.gui.analysis.gaps import GapsPanel
    from casefile.gui.analysis.matrix import MatrixPanel
    from casefile.gui.common.session import Session

    app = QApplication.instance() or QApplication([])
    connection.CHECK_SECONDS = 600.0  # the open-time integrity check is not what we measure
    case = open_case(path)
    counts = {k: case.count(k) for k in ("entity", "snippet", "claim", "source")}
    print(f"case: {counts}")
    found = find_duplicates(case)
    print(
        f"duplicates: {len(found.clusters)} groups ({found.pair_count} pairs) among "
        f"{found.entity_count} entities in {found.seconds:.2f} s"
    )
    session = Session(case, show_error=print)
    stalls: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        stalls.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(10)
    started = time.perf_counter()
    gaps = GapsPanel(session, lambda kind, ident: None)
    _wait(app, lambda: gaps.busy() or gaps.model.total() == 0)
    print(
        f"gap checks: {gaps.model.total()} gaps in {time.perf_counter() - started:.2f} s "
        f"(background), longest GUI pause {max(stalls) * 1000:.0f} ms"
    )
    started = time.perf_counter()
    matrix = MatrixPanel(session, lambda kind, ident: None)
    print(f"matrix page: built in {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    matrix.choose_claims(list(matrix.chooser.statements)[:200])
    rows = len(matrix.model.rows)
    print(f"matrix of 200 claims: {rows} rows in {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    matrix.set_stance(matrix.model.index(0, 2), "refutes")
    app.processEvents()
    print(f"one cell edit, committed and redrawn: {(time.perf_counter() - started) * 1000:.0f} ms")
    session.stack.undo()
    timer.stop()
    case.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--case", type=Path, help="an existing case file (it is edited and undone)")
    parser.add_argument("--snippets", type=int, default=20_000)
    args = parser.parse_args(argv)
    if args.case:
        measure(args.case)
        return 0
    with tempfile.TemporaryDirectory(prefix="casefile-analysis-") as scratch:
        n = args.snippets
        path = synthetic.build_case(
            Path(scratch) / "bench.casefile", n, n // 10, max(1, n // 20), n // 10
        )
        measure(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
