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


def measure_gaps(app: Any, session: Any) -> None:
    """The gap panel's first read: first rows listed, every check counted, GUI pauses, and
    scrolling through the list (pages read on the GUI thread as the list is scrolled)."""
    from PySide6.QtCore import QModelIndex, QTimer

    from casefile.gui.analysis.gaps import GapsPanel

    stalls: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        stalls.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(10)
    load = os.getloadavg()[0]
    started, cpu = time.perf_counter(), time.process_time()
    gaps = GapsPanel(session, lambda kind, ident: None)
    gaps.resize(900, 520)
    gaps.show()
    _wait(app, lambda: gaps.model.rowCount() == 0 and (gaps.busy() or gaps.model.total() == 0))
    first = time.perf_counter() - started
    _wait(app, lambda: gaps.busy() or gaps.model.total() == 0)
    whole = time.perf_counter() - started
    timer.stop()
    print(
        f"gap checks (load {load:.1f}): first rows listed in {first:.2f} s, "
        f"{gaps.model.total()} gaps counted in {whole:.2f} s (process CPU "
        f"{time.process_time() - cpu:.2f} s), longest GUI pause {max(stalls) * 1000:.0f} ms"
    )
    model, pages = gaps.model, []
    while model.canFetchMore(QModelIndex()) and model.rowCount() < 20_000:
        began = time.perf_counter()
        model.fetchMore(QModelIndex())
        pages.append(time.perf_counter() - began)
    if pages:
        print(
            f"scrolling: {len(pages)} pages read to {model.rowCount()} rows, "
            f"slowest page {max(pages) * 1000:.1f} ms, mean {sum(pages) / len(pages) * 1000:.1f} ms"
        )
    started = time.perf_counter()
    gaps.checks.setCurrentIndex(gaps.checks.findData("snippet-unused"))
    app.processEvents()
    print(
        f"show only unused evidence: {model.rowCount()} rows listed in "
        f"{(time.perf_counter() - started) * 1000:.0f} ms"
    )
    gaps.checks.setCurrentIndex(0)
    app.processEvents()
    from casefile.core.commands import Create
    from casefile.core.model import Claim

    before, started = gaps.model.total(), time.perf_counter()
    session.push(Create(Claim("c-bench-gap", "A claim with nothing behind it.")))
    pushed = time.perf_counter() - started
    _wait(app, lambda: gaps.model.total() == before)
    print(
        f"after an edit ({pushed:.2f} s to commit it): the list read again "
        f"{time.perf_counter() - started:.2f} s after the edit began"
    )
    session.stack.undo()
    _wait(app, lambda: gaps.model.total() != before or gaps.busy())
    target = Path("/tmp/casefile-shots")
    target.mkdir(exist_ok=True)
    gaps.grab().save(str(target / f"gaps-{session.case.count('snippet')}.png"))
    gaps.close()


def measure(path: Path, gaps_only: bool = False) -> None:
    """Print the figures for one case file."""
    from PySide6.QtWidgets import QApplication

    from casefile.gui.analysis.duplicates_job import find as find_duplicates
    from casefile.gui.analysis.matrix import MatrixPanel
    from casefile.gui.common.session import Session

    app = QApplication.instance() or QApplication([])
    connection.CHECK_SECONDS = 600.0  # the open-time integrity check is not what we measure
    case = open_case(path)
    counts = {k: case.count(k) for k in ("entity", "snippet", "claim", "source")}
    print(f"case: {counts}")
    if not gaps_only:
        found = find_duplicates(case)
        print(
            f"duplicates: {len(found.clusters)} groups ({found.pair_count} pairs) among "
            f"{found.entity_count} entities in {found.seconds:.2f} s"
        )
    session = Session(case, show_error=print)
    measure_gaps(app, session)
    if gaps_only:
        case.close()
        return
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
    case.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--case", type=Path, help="an existing case file (it is edited and undone)")
    parser.add_argument("--snippets", type=int, default=20_000)
    parser.add_argument("--gaps-only", action="store_true", help="only the gap panel (read-only)")
    args = parser.parse_args(argv)
    if args.case:
        measure(args.case, args.gaps_only)
        return 0
    with tempfile.TemporaryDirectory(prefix="casefile-analysis-") as scratch:
        n = args.snippets
        path = synthetic.build_case(
            Path(scratch) / "bench.casefile", n, n // 10, max(1, n // 20), n // 10
        )
        measure(path, args.gaps_only)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
