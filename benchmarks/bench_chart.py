"""Link chart and chronology benchmark: layout time, scene build time and frame times, offscreen.

Run: ``.venv/bin/python benchmarks/bench_chart.py [--entities 2000 --relationships 10000]``.
Frames are painted into an image the size of a large window, the way a repaint would.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synthetic import generate

from casefile.core import linkchart, timeline
from casefile.core.commands import PutRecords
from casefile.core.linkchart_layout import layout
from casefile.storage.case import memory_case


def timed(work: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def frames(paint: Callable[[], None], count: int = 15) -> str:
    """Median and 95th percentile wall time of a frame, and the median CPU time (this process)."""
    walls, cpus = [], []
    for _ in range(count):
        start, cpu = time.perf_counter(), time.process_time()
        paint()
        walls.append((time.perf_counter() - start) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    walls.sort()
    p95 = walls[min(len(walls) - 1, int(len(walls) * 0.95))]
    return (
        f"median {statistics.median(walls):6.1f} ms, p95 {p95:6.1f} ms "
        f"(cpu median {statistics.median(cpus):6.1f} ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entities", type=int, default=2000)
    parser.add_argument("--relationships", type=int, default=10000)
    parser.add_argument("--snippets", type=int, default=5000)
    parser.add_argument("--shots", type=Path, default=None, help="folder for screenshots")
    args = parser.parse_args()

    data = generate(
        snippets=args.snippets,
        entities=args.entities,
        sources=max(1, args.snippets // 20),
        claims=300,
        relationships=args.relationships,
        long_sources=0,
    )
    case = memory_case("Chart benchmark")
    case.execute(PutRecords("Import", list(data.records()), checked=True))
    print(f"case: {args.entities} entities, {args.relationships} relationships")

    graph = linkchart.build_graph(data.entities, data.relationships)
    seconds, _ = timed(lambda: linkchart.build_graph(data.entities, data.relationships))
    print(f"build graph            {seconds * 1000:8.1f} ms")
    seconds, _ = timed(lambda: layout(graph))
    print(f"layout (first, imports) {seconds:7.2f} s")
    cpu = time.process_time()
    seconds, _ = timed(lambda: layout(graph))
    print(f"layout                 {seconds:8.2f} s (cpu {time.process_time() - cpu:5.2f} s)")
    records = timeline.Records(
        data.entities, data.relationships, data.sources, data.snippets, data.claims
    )
    seconds, built = timed(lambda: timeline.build(records, "event"))
    print(f"chronology build       {seconds * 1000:8.1f} ms ({len(built.items)} items)")  # type: ignore[attr-defined]

    gui_figures(case, args.shots)


def gui_figures(case: object, shots: Path | None) -> None:
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from casefile.gui.common import gc_policy
    from casefile.gui.common.session import Session
    from casefile.gui.drawings.chart_panel import ChartPanel

    app = QApplication.instance() or QApplication([])
    gc_policy.install(app)  # as the application does: no collection in the middle of a frame
    print(f"yardstick: bare QPainter, 10,000 lines  {frames(yardstick)}")
    session = Session(case, print)
    cpu = time.process_time()
    seconds, panel = timed(lambda: ChartPanel(session, lambda kind, ident: None))
    cpu = time.process_time() - cpu
    assert isinstance(panel, ChartPanel)
    print(f"chart page (read, layout, items) {seconds:5.2f} s (cpu {cpu:5.2f} s)")
    panel.resize(1600, 1000)
    panel.show()
    app.processEvents()
    view, scene = panel.view, panel.scene
    viewport = view.viewport()

    def cold() -> None:  # what a zoom step costs: the edge layer's pixmap is drawn afresh
        base = getattr(scene, "base", None)  # (absent in the item-per-edge chart before it)
        if base is not None:
            base.update()
        viewport.repaint()

    view.fit()
    print(f"frame, fit, cached     {frames(viewport.repaint)}")
    print(f"frame, fit, redrawn    {frames(cold)}")
    view.zoom(1 / view.transform().m11())
    hub = max(scene.nodes.values(), key=lambda n: len(n.edges))
    view.centerOn(hub)
    print(f"frame, 100%, cached    {frames(viewport.repaint)}")
    print(f"frame, 100%, redrawn   {frames(cold)}")
    bar = view.horizontalScrollBar()

    def pan() -> None:  # the view scrolls its pixels and the layer's pixmap, draws the strip
        bar.setValue(bar.value() + 40)
        viewport.repaint()

    print(f"frame, panning 40 px   {frames(pan)}")
    view.centerOn(hub)

    def select() -> None:
        hub.setSelected(True)
        viewport.repaint()

    seconds, _ = timed(select)
    print(f"select + highlight + frame {seconds * 1000:6.1f} ms ({len(hub.edges)} edges)")
    print(f"frame, highlighted     {frames(viewport.repaint)}")

    def drag_frame() -> None:
        hub.setPos(hub.pos() + QPointF(3, 1))
        viewport.repaint()

    print(f"frame, dragging a hub  {frames(drag_frame)}")
    before = hub.pos()
    print(f"mouse drag, event+paint {frames(mouse_drag(view, hub))}")
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton)
    print(f"  (the drag moved the node {hub.pos().x() - before.x():.0f} px)")
    view.fit()
    print(f"frame, fit, dragging   {frames(drag_frame)}")

    def zoom_step() -> None:
        view.zoom(1.1)
        viewport.repaint()

    print(f"zoom step + frame      {frames(zoom_step, 12)}")

    view.fit()
    rests = []
    for _ in range(8):
        view.zoom(1.1)
        viewport.repaint()
        start = time.process_time()
        scene.zoom_settled()  # the timer's work once the zoom rests: a sharp redraw
        viewport.repaint()
        rests.append((time.process_time() - start) * 1000)
    print(f"zoom comes to rest     cpu median {statistics.median(rests):6.1f} ms")
    if shots is not None:
        shots.mkdir(parents=True, exist_ok=True)
        panel.grab().save(str(shots / "chart-large.png"))
    panel.close()
    chronology_figures(session, shots)


def mouse_drag(view: Any, node: Any) -> Callable[[], None]:
    """A step of a real drag: a mouse move event, then the paint the view asks for."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    viewport = view.viewport()
    at = [view.mapFromScene(node.scenePos())]
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at[0])

    def step() -> None:
        at[0] += QPoint(3, 1)
        QTest.mouseMove(viewport, at[0])
        QApplication.processEvents()  # the queued scene update, then the viewport's paint

    return step


def yardstick() -> None:
    """The machine's pace: 10,000 long lines drawn by a bare painter (no chart code)."""
    from PySide6.QtCore import QLineF
    from PySide6.QtGui import QImage, QPainter

    image = QImage(1600, 1000, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    painter.drawLines([QLineF(i % 1600, 0, (i * 7) % 1600, 1000) for i in range(10_000)])
    painter.end()


def chronology_figures(session: object, shots: Path | None) -> None:
    from PySide6.QtWidgets import QApplication

    from casefile.gui.drawings.timeline_panel import TimelinePanel

    app = QApplication.instance()
    cpu = time.process_time()
    seconds, panel = timed(lambda: TimelinePanel(session, lambda kind, ident: None))  # type: ignore[arg-type]
    assert isinstance(panel, TimelinePanel)
    print(f"chronology page        {seconds:8.2f} s (cpu {time.process_time() - cpu:5.2f} s)")
    panel.resize(1600, 1000)
    panel.show()
    app.processEvents()  # type: ignore[union-attr]
    print(f"chronology frame       {frames(panel.view.viewport().repaint)}")
    seconds, _ = timed(lambda: panel.view.zoom(1.2))
    print(
        f"chronology zoom step   {seconds * 1000:8.1f} ms (restacks {len(panel.scene.marks)} marks)"
    )
    seconds, _ = timed(lambda: panel.axis.setCurrentIndex(1))
    print(f"chronology axis toggle {seconds * 1000:8.1f} ms")
    if shots is not None:
        panel.grab().save(str(shots / "chronology-large.png"))
    panel.close()


if __name__ == "__main__":
    main()
