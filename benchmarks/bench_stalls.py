"""Benchmark: the longest event-loop stall while long work runs, on a copy of a large case.

Run: nice -n 5 .venv/bin/python benchmarks/bench_stalls.py --case /work/bench/200k/bench.casefile
(the case is copied first; ``--old`` runs each step the way it ran before the background
helper: undo/redo on the GUI thread, the brief's model read on the GUI thread).

A 10 ms timer records when it fires; the stall is the longest gap between two ticks (the
time the window could not repaint or take a key press) while each operation runs:
undoing and redoing a 1,000-file drop, merging 269 people and undoing that merge, and
exporting a brief. Budget: no stall over 100 ms.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BUDGET_MS = 100.0
TAIL = 0.5  # seconds measured after each operation has ended (views refresh, memory is freed)
FILES = 1000
PEOPLE = 269


class StallMeter:
    """Ticks of a 10 ms timer; ``measure(start, done)`` returns (longest gap ms, seconds)."""

    def __init__(self, qapp: Any) -> None:
        from PySide6.QtCore import QTimer

        self.qapp = qapp
        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

    def measure(self, start: Callable[[], None], done: Callable[[], bool]) -> tuple[float, float]:
        self.ticks = [time.perf_counter()]
        self.timer.start()
        began = time.perf_counter()
        start()
        self.ticks.append(time.perf_counter())  # start() itself counts as a stall
        while not done():
            self.qapp.processEvents()
            time.sleep(0.001)
        ended = time.perf_counter()
        while time.perf_counter() < ended + TAIL:  # what follows the end counts too
            self.qapp.processEvents()
            time.sleep(0.001)
        self.timer.stop()
        self.ticks.append(time.perf_counter())
        gaps = [b - a for a, b in zip(self.ticks, self.ticks[1:], strict=False)]
        return max(gaps) * 1000, ended - began


class Rows(list[tuple[str, float, float]]):
    """The table's rows, each printed as soon as it is measured (a long run shows progress)."""

    def append(self, row: tuple[str, float, float]) -> None:
        super().append(row)
        print(f"  {row[0]}: stall {row[1]:.0f} ms in {row[2]:.2f} s", flush=True)


def run(
    case_path: Path, old: bool, brief_only: bool = False, dialog_only: bool = False
) -> list[tuple[str, float, float]]:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    scratch = Path(tempfile.mkdtemp(prefix="casefile-bench-stalls-"))
    os.environ["XDG_CONFIG_HOME"] = str(scratch)
    os.environ["XDG_DATA_HOME"] = str(scratch)
    from casefile import app
    from casefile.capture.payload import Dropped
    from casefile.core.merge import MergeEntities
    from casefile.gui.common import session as session_module

    if old:
        session_module.LARGE_STEP = 10**9  # every undo and redo on the GUI thread, as before
    copy = scratch / case_path.name
    shutil.copyfile(case_path, copy)
    from casefile.storage import trust

    trust.remember(copy)  # a byte copy of a checked case: no second integrity check on a busy box
    qapp = app.make_application(["bench"])
    window = app.make_window()
    window.resize(1400, 860)
    window.show()
    errors: list[str] = []
    window.show_error = errors.append
    assert window.open_path(copy), errors
    qapp.processEvents()
    meter, rows = StallMeter(qapp), Rows()
    session = window.session

    def idle() -> bool:
        return not session.busy

    if brief_only:
        rows.append(("export a brief", *meter.measure(*_brief(window, scratch, old))))
        window.close_case()
        return rows
    if dialog_only:  # after the opening check (it holds the case while it compares)
        while window.case.check_pending:
            qapp.processEvents()
            time.sleep(0.01)
        _brief_dialog(window, scratch, meter, rows)
        window.close_case()
        return rows
    folder = scratch / "drop"
    folder.mkdir()
    files = []
    for i in range(FILES):
        path = folder / f"memo-{i:04d}.txt"
        path.write_text(f"Memo {i}: the vessel's cargo was declared at port {i % 17}.")
        files.append(path)
    controller = window.capture
    controller.capture_files(Dropped(files=tuple(files)), None)
    ended: float | None = None  # then 2 s for the drop's own ending (it shows the new sources,
    while ended is None or time.perf_counter() < ended + 2:  # building the sources' register)
        qapp.processEvents()
        time.sleep(0.005)
        if ended is None and controller.idle and session.stack.count() >= 1:
            ended = time.perf_counter()
    for label, step in (("undo a 1,000-file drop", window.undo), ("redo it", window.redo)):
        rows.append((label, *meter.measure(step, idle)))
    with session.case.lock:
        people = [
            str(r[0])
            for r in session.case.conn.execute(
                "SELECT id FROM entities ORDER BY id LIMIT ?", (PEOPLE,)
            )
        ]
    merge = MergeEntities(people[0], people[1:])
    merged: list[Any] = []

    def do_merge() -> None:
        merged.append(session.push_long(merge, "Merging…"))

    rows.append((f"merge {len(people)} people", *meter.measure(do_merge, lambda: bool(merged))))
    rows.append(("undo the merge", *meter.measure(window.undo, idle)))
    rows.append(("export a brief", *meter.measure(*_brief(window, scratch, old))))
    window.close_case()
    window.close()
    shutil.rmtree(scratch, ignore_errors=True)
    return rows


def _brief(window: Any, scratch: Path, old: bool) -> tuple[Callable[[], None], Callable[[], bool]]:
    """Start the brief dialog's export (the short sections: the whole case's model is read,
    a few pages are drawn) and tell its end."""
    from PySide6.QtCore import QSettings, Qt

    from casefile.gui.brief.dialog import BriefDialog

    settings = QSettings(str(scratch / "brief.ini"), QSettings.Format.IniFormat)
    dialog = BriefDialog(window.case, settings, window)
    wanted = {"cover", "contents", "judgements", "annex"}
    for i in range(dialog.sections.count()):
        item = dialog.sections.item(i)
        key = item.data(Qt.ItemDataRole.UserRole)
        item.setCheckState(Qt.CheckState.Checked if key in wanted else Qt.CheckState.Unchecked)
    dialog.path.setText(str(scratch / "brief.pdf"))
    dialog.open_after.setChecked(False)

    def start() -> None:
        if old:  # before: the brief's model was read on the GUI thread, then rendered
            from casefile.brief import service
            from casefile.storage.brief_source import CaseForBrief

            service.prepare(CaseForBrief(window.case), dialog.options(), None)
        dialog.export()

    return start, lambda: dialog.job is None


def _brief_dialog(window: Any, scratch: Path, meter: StallMeter, rows: Rows) -> None:
    """Open the brief dialog, tick a person to redact, type a term: the redaction preview
    counts the places in the whole case (done when it no longer says "counting")."""
    from PySide6.QtCore import QSettings, Qt

    from casefile.gui.brief.dialog import BriefDialog

    settings = QSettings(str(scratch / "brief.ini"), QSettings.Format.IniFormat)
    made: list[Any] = []

    def listed() -> bool:  # the people to redact are listed (read in the background now)
        if not made:
            return False
        model = getattr(made[0].proof, "people_model", None)
        return model is None or model.rowCount() > 0

    def open_dialog() -> None:
        made.append(BriefDialog(window.case, settings, window))

    rows.append(("open the brief dialog (people listed)", *meter.measure(open_dialog, listed)))
    proof = made[0].proof

    def counted() -> bool:
        return "counting" not in proof.preview.text()

    def tick() -> None:
        if hasattr(proof, "people_model"):
            index = proof.people_model.index(0, 0)
            proof.people_model.setData(index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
        else:  # before: a list item per person
            proof.people.item(0).setCheckState(Qt.CheckState.Checked)

    rows.append(("redaction preview: tick a person", *meter.measure(tick, counted)))

    def type_term() -> None:
        for end in range(2, len("Dovecote") + 1):  # a key press at a time, as typed
            proof.terms.setPlainText("Dovecote"[:end])

    rows.append(("redaction preview: type a term", *meter.measure(type_term, counted)))
    made[0].reject()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--case", type=Path, default=Path("/work/bench/200k/bench.casefile"))
    parser.add_argument("--old", action="store_true", help="run each step as before")
    parser.add_argument("--brief-only", action="store_true", help="only the brief's export")
    parser.add_argument(
        "--brief-dialog",
        action="store_true",
        help="only opening the brief dialog and its redaction preview",
    )
    args = parser.parse_args()
    rows = run(args.case, args.old, args.brief_only, args.brief_dialog)
    print(f"case: {args.case} ({'old' if args.old else 'background helper'}); "
          f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    print("| operation | longest stall | whole operation | budget |")
    print("|---|---|---|---|")
    for label, stall, seconds in rows:
        verdict = "ok" if stall <= BUDGET_MS else "OVER"
        print(f"| {label} | {stall:.0f} ms | {seconds:.2f} s | ≤ {BUDGET_MS:.0f} ms {verdict} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
