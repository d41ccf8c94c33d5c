"""Files dropped on the window: captured in a worker, one undo, duplicates, errors, Cancel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from capture_gui_helpers import capture_window_with_case, drop_on
from gui_helpers import close
from PySide6.QtCore import QMimeData, QUrl


def _files_mime(paths: list[Path]) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def _write(folder: Path, count: int, text: str = "note") -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"{text}-{i}.txt"
        path.write_text(f"{text} number {i}", encoding="utf-8")
        paths.append(path)
    return paths


def test_several_files_become_sources_in_one_undo_step(qtbot, tmp_path: Path) -> None:
    """Three dropped files become three file sources with originals; one undo removes all."""
    window, controller = capture_window_with_case(qtbot, tmp_path)
    paths = _write(tmp_path / "in", 3)
    drop_on(window.centralWidget(), _files_mime(paths))
    qtbot.waitUntil(lambda: controller.idle and window.case.count("source") == 3)
    names = sorted(s.file_name for s in window.case.store.all("source"))
    assert names == [p.name for p in paths]
    assert window.session.stack.count() == 1
    qtbot.waitUntil(lambda: getattr(window.current_register(), "kind", None) == "source")
    window.undo_action.trigger()
    assert window.case.count("source") == 0
    window.redo_action.trigger()
    assert window.case.count("source") == 3
    close(window)


def test_same_file_again_is_reported_not_stored(qtbot, tmp_path: Path) -> None:
    """Dropping a file already in the case stores nothing and says so in the status bar."""
    window, controller = capture_window_with_case(qtbot, tmp_path)
    paths = _write(tmp_path / "in", 1)
    drop_on(window.centralWidget(), _files_mime(paths))
    qtbot.waitUntil(lambda: controller.idle and window.case.count("source") == 1)
    drop_on(window.centralWidget(), _files_mime(paths))
    qtbot.waitUntil(lambda: controller.idle and controller.last_result is not None)
    qtbot.waitUntil(lambda: "already in the case" in window.statusBar().currentMessage())
    assert window.case.count("source") == 1
    assert window.session.stack.count() == 1
    close(window)


def test_bad_file_in_drop_adds_nothing_and_explains(qtbot, tmp_path: Path, monkeypatch) -> None:
    """A drop with an empty file adds none of the files and names the problem."""
    window, _controller = capture_window_with_case(qtbot, tmp_path)
    shown: list[str] = []
    monkeypatch.setattr(window, "show_error", shown.append)
    paths = _write(tmp_path / "in", 2)
    empty = tmp_path / "in" / "empty.txt"
    empty.write_bytes(b"")
    drop_on(window.centralWidget(), _files_mime([*paths, empty]))
    qtbot.waitUntil(lambda: bool(shown))
    assert "empty.txt is empty" in shown[0]
    assert window.case.count("source") == 0
    close(window)


def test_cancel_rolls_back_the_whole_drop(qtbot, tmp_path: Path, monkeypatch) -> None:
    """Cancel while a large drop is being stored leaves the case, history and undo unchanged."""
    from casefile.gui.common.background import BackgroundOp

    window, controller = capture_window_with_case(qtbot, tmp_path)
    paths = _write(tmp_path / "many", 300)
    history = len(window.case.history(limit=10_000))
    seen: list[int] = []
    report = BackgroundOp.report

    def report_and_cancel(job: BackgroundOp, *progress: Any) -> None:
        report(job, *progress)  # in the worker: the user clicks Cancel half-way
        done = progress[0]
        seen.append(done)
        if done >= 150:
            job.cancel()

    monkeypatch.setattr(BackgroundOp, "report", report_and_cancel)
    drop_on(window.centralWidget(), _files_mime(paths))
    qtbot.waitUntil(lambda: controller.last_result is not None, timeout=20_000)
    assert 150 <= max(seen) < 300  # Cancel came while the files were being stored
    assert controller.last_result[0] == "cancelled"
    assert window.case.count("source") == 0
    assert len(window.case.history(limit=10_000)) == history
    assert window.session.stack.count() == 0
    assert "nothing was added" in window.statusBar().currentMessage()
    close(window)
