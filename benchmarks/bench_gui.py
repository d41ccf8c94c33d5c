"""GUI benchmark (offscreen): time to an interactive window, first screens, deep scrolling, RSS.

``python benchmarks/bench_gui.py`` builds (once, cached in the temp folder) the 200,000-snippet
synthetic case and measures a fresh process opening it; ``--snippets 20000`` for a quick run,
``--case PATH`` to measure an existing case.
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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"window": 1000.0, "first screen": 200.0, "rss": 600.0}  # issue 13


def _rss_mb() -> tuple[float, float]:
    """Current and peak resident memory of this process in MB (Linux /proc)."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def measure(case_path: Path) -> dict[str, Any]:
    """Run in a fresh process: open the window on the case and time what a user waits for."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    scratch = Path(tempfile.mkdtemp(prefix="casefile-bench-gui-"))
    os.environ["XDG_CONFIG_HOME"] = str(scratch)
    os.environ["XDG_DATA_HOME"] = str(scratch)
    out: dict[str, Any] = {}
    if not os.environ.get("CASEFILE_BENCH_FROM_ELSEWHERE"):
        # Reopening one's own case: casefile closed it cleanly, so the page-by-page check
        # is skipped (storage.trust). --from-elsewhere measures a copied or received case.
        from casefile.storage import trust

        trust.remember(case_path)
    start = time.perf_counter()

    from casefile import app

    qapp = app.make_application(["bench"])
    window = app.make_window()
    window.resize(1400, 860)
    window.show()
    qapp.processEvents()
    out["empty window ms"] = _ms(start)
    out["reportlab imported at startup"] = "reportlab" in sys.modules
    from PySide6.QtCore import QEventLoop

    from casefile.core.errors import CaseError
    from casefile.storage import open_case

    check = time.perf_counter()
    try:
        open_case(case_path).close()  # the digest compared first, as casefile check does
    except CaseError as err:
        out["storage open_case refused"] = str(err)
    out["storage open_case alone (checks) ms"] = _ms(check)
    errors: list[str] = []
    window.show_error = errors.append  # a modal dialog would block the benchmark
    installed: list[float] = []
    real_install = window.install_case

    def timed_install(case: Any) -> None:
        installed.append(time.perf_counter())
        real_install(case)

    window.install_case = timed_install
    opened = time.perf_counter()
    if not window.open_path(case_path):
        out["window could not open the case"] = errors[-1] if errors else "?"
        window.close()
        return out
    qapp.processEvents()
    window.grab()
    out["open case to interactive window ms"] = _ms(opened)
    out["  of which the window's own set-up ms"] = _ms(installed[0]) if installed else 0.0
    case = window.case
    out["clean-close check runs in the background"] = bool(case.check_pending)
    for row, kind in ((1, "entity"), (2, "source"), (4, "claim"), (3, "snippet")):
        first = time.perf_counter()
        window.show_part(row)
        view = window.register(kind)
        qapp.processEvents()
        view.table.viewport().grab()
        out[f"first screen of {kind} ms"] = _ms(first)
        out[f"{kind} rows"] = view.model.rowCount()
    longest = 0.0
    while case.check_pending:  # the first screens above were taken while it ran
        turn = time.perf_counter()
        qapp.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.005)
        longest = max(longest, _ms(turn) - 5)
    out["  check done, from the open ms"] = _ms(opened)
    out["  longest event-loop turn meanwhile ms"] = longest
    view = window.register("snippet")
    scroll = time.perf_counter()
    view.table.scrollToBottom()
    qapp.processEvents()
    view.table.viewport().grab()
    out["scroll to end of Evidence ms"] = _ms(scroll)
    out["Evidence rows held in memory"] = view.model.cached_rows()
    out["Evidence pages fetched"] = view.model.pages_fetched
    last = view.model.id_at(view.model.rowCount() - 1)
    view.select(last)
    qapp.processEvents()
    repainted: list[int] = []
    view.model.dataChanged.connect(lambda a, b: repainted.append(b.row() - a.row() + 1))
    from casefile.core.commands import Edit

    edit = time.perf_counter()
    window.push(Edit("snippet", last, {"notes": "checked"}))
    qapp.processEvents()
    out["edit one field ms"] = _ms(edit)
    out["rows repainted by the edit"] = sum(repainted)
    search = time.perf_counter()
    window.search_field.setText("payment")
    window.search_panel.run()
    qapp.processEvents()
    out["search as you type ms"] = _ms(search)
    out["RSS MB"], out["peak RSS MB"] = (round(v, 1) for v in _rss_mb())
    window.close()
    return out


def _case(snippets: int) -> Path:
    path = Path(tempfile.gettempdir()) / f"casefile-bench-gui-{snippets}.casefile"
    if not path.exists():
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import synthetic

        print(f"building a synthetic case with {snippets:,} snippets (cached at {path})…")
        scale = snippets / 200_000
        synthetic.build_case(
            path,
            snippets=snippets,
            entities=max(100, int(20_000 * scale)),
            sources=max(10, int(10_000 * scale)),
            claims=max(100, int(20_000 * scale)),
        )
    return path


def _table(results: dict[str, Any]) -> str:
    lines = [f"{'measure':<40} {'value':>12}  target", "-" * 66]
    for key, value in results.items():
        target = ""
        if key == "open case to interactive window ms":
            target = f"< {TARGETS['window']:.0f} ms"
        elif key.startswith("first screen"):
            target = f"< {TARGETS['first screen']:.0f} ms"
        elif key == "peak RSS MB":
            target = f"< {TARGETS['rss']:.0f} MB"
        shown = f"{value:,.1f}" if isinstance(value, float) else str(value)
        lines.append(f"{key:<40} {shown:>12}  {target}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--snippets", type=int, default=200_000)
    parser.add_argument("--case", type=Path, help="measure this case instead")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--from-elsewhere", action="store_true", help="a case casefile did not close itself"
    )
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0
    case = args.case or _case(args.snippets)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if args.from_elsewhere:
        env["CASEFILE_BENCH_FROM_ELSEWHERE"] = "1"
    run = subprocess.run(
        [sys.executable, __file__, "--measure", str(case)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if run.returncode != 0:
        print(run.stderr, file=sys.stderr)
        return 1
    results = json.loads(run.stdout.strip().splitlines()[-1])
    print(f"GUI benchmark on {case} (offscreen, fresh process)\n")
    print(_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
