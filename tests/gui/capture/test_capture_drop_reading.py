"""A large dropped HTML fragment is read in a worker: the window keeps running, Cancel works."""

from __future__ import annotations

import threading
import time

import pytest
from capture_gui_helpers import capture_window_with_case, drop_on, mime_of
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton

from casefile.gui.capture import reading

URL = "https://port.example/ledger".encode("utf-16-le")


def _nested_fragment(depth: int = 15_000) -> bytes:
    """180 KB of inline tags nested in each other, with words at every level."""
    return b"<p>Ledger " + b"<b>entry\n" * depth + b"</b>" * depth + b" ends.</p>"


def _slow_reading(monkeypatch) -> threading.Event:
    """A dropped payload's read waits until the returned event is set (at most 20 s)."""
    release = threading.Event()
    real = reading.read_payload

    def slow(data: dict[str, bytes]) -> object:
        release.wait(20)
        return real(data)

    monkeypatch.setattr(reading, "read_payload", slow)
    return release


def test_large_html_drop_is_read_off_the_gui_thread(qtbot, tmp_path, monkeypatch) -> None:
    """A 180 KB hostile fragment is converted in a worker while the window keeps running."""
    window, controller = capture_window_with_case(qtbot, tmp_path)
    threads: list[str] = []
    real = reading.read_payload

    def watched(data: dict[str, bytes]) -> object:
        threads.append(threading.current_thread().name)
        return real(data)

    monkeypatch.setattr(reading, "read_payload", watched)
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    drop_on(window.centralWidget(), mime_of({"text/html": _nested_fragment(),
                                             "text/x-moz-url-priv": URL}))  # fmt: skip
    qtbot.waitUntil(lambda: window.case.count("snippet") == 1, timeout=30_000)
    timer.stop()
    assert threads == ["casefile-read-drop"]
    assert ticks, "the event loop did not run while the drop was read"
    snippet = next(iter(window.case.store.all("snippet")))
    assert snippet.text.startswith("Ledger entry entry") and snippet.text.endswith("entry ends.")
    assert not controller.drops.reader.busy
    window.undo_action.trigger()
    assert window.case.count("snippet") == 0 and window.case.count("source") == 0


def test_cancel_while_a_drop_is_read_adds_nothing(qtbot, tmp_path, monkeypatch) -> None:
    """Cancel during the read of a large drop: the case stays as it was."""
    window, controller = capture_window_with_case(qtbot, tmp_path)
    release = _slow_reading(monkeypatch)
    drop_on(window.centralWidget(), mime_of({"text/html": b"<p>x</p>" * 10_000,
                                             "text/x-moz-url-priv": URL}))  # fmt: skip
    assert controller.drops.reader.busy
    controller.drops.reader.dialog.findChild(QPushButton).click()  # the dialog's Cancel
    assert not controller.drops.reader.busy
    release.set()
    qtbot.wait(300)
    assert window.case.count("snippet") == 0 and window.case.count("source") == 0


def test_a_failing_read_of_a_drop_is_a_message(qtbot, tmp_path, monkeypatch) -> None:
    """Whatever goes wrong reading a large drop ends in a message, and nothing is added."""
    window, controller = capture_window_with_case(qtbot, tmp_path)
    shown: list[str] = []
    monkeypatch.setattr(window, "show_error", shown.append)

    def broken(data: dict[str, bytes]) -> object:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(reading, "read_payload", broken)
    drop_on(window.centralWidget(), mime_of({"text/html": b"<i>y</i>" * 10_000,
                                             "text/x-moz-url-priv": URL}))  # fmt: skip
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == [
        "The dropped text could not be read (RecursionError: maximum recursion depth "
        "exceeded). Nothing was added."
    ]
    assert window.case.count("source") == 0 and not controller.drops.reader.busy


@pytest.mark.parametrize("size", [100, 20_000])
def test_small_drops_stay_immediate(qtbot, tmp_path, size: int) -> None:
    """A drop with little HTML is handled at once, as before (no worker, no dialog)."""
    window, controller = capture_window_with_case(qtbot, tmp_path)
    html = b"<p>" + b"w" * size + b"</p>"
    assert not reading.is_heavy({"text/html": html})
    controller.drops.handle({"text/html": html, "text/x-moz-url-priv": URL}, None,
                            window.rect().center())  # fmt: skip
    assert window.case.count("snippet") == 1 and not controller.drops.reader.busy


def test_closing_the_case_during_a_long_file_capture_does_not_wait(
    qtbot, tmp_path, monkeypatch
) -> None:
    """Closing the case while one file's reader is stuck: the close returns within seconds,
    nothing was added, and the case opens again (its lock was released)."""
    from casefile.capture import files
    from casefile.storage import open_case

    window, controller = capture_window_with_case(qtbot, tmp_path)
    release = threading.Event()

    def stuck(data: bytes, name: str) -> object:
        release.wait(60)
        raise RuntimeError("released")

    monkeypatch.setitem(files._EXTRACTORS, ".txt", stuck)
    path = tmp_path / "long.txt"
    path.write_text("words")
    before = window.case.count("source")
    case_path = window.case.path
    controller.capture_files(reading.Dropped(files=(path,)), None)
    qtbot.waitUntil(lambda: controller.job is not None and controller.job.worker.is_alive())
    qtbot.wait(200)
    started = time.monotonic()
    try:
        window.close_case()
        assert time.monotonic() - started < 5
        with open_case(case_path) as case:
            assert case.count("source") == before
    finally:
        release.set()
    qtbot.waitUntil(lambda: controller.idle)


def test_closing_the_case_while_a_drop_is_read_does_not_wait(qtbot, tmp_path, monkeypatch) -> None:
    """Closing the case while a large drop is still being read returns at once; nothing is added."""
    from casefile.storage import open_case

    window, controller = capture_window_with_case(qtbot, tmp_path)
    release = _slow_reading(monkeypatch)
    drop_on(window.centralWidget(), mime_of({"text/html": b"<p>x</p>" * 10_000,
                                             "text/x-moz-url-priv": URL}))  # fmt: skip
    assert controller.drops.reader.busy
    case_path = window.case.path
    started = time.monotonic()
    try:
        window.close_case()
        assert time.monotonic() - started < 5
    finally:
        release.set()
    assert not controller.drops.reader.busy
    with open_case(case_path) as case:
        assert case.count("snippet") == 0 and case.count("source") == 0
