"""Long work in the window runs through one helper: the same progress, Cancel and closing."""

from __future__ import annotations

import ast
import threading
from pathlib import Path

from PySide6.QtWidgets import QPushButton, QWidget

from casefile.gui.common.background import BackgroundOp

GUI = Path(__file__).resolve().parents[3] / "casefile" / "gui"
HELPER = GUI / "common" / "background.py"
THREADS = {"Thread", "QThread", "QThreadPool", "QRunnable", "ThreadPoolExecutor", "PolledJob",
           "start_new_thread"}  # fmt: skip


def _thread_makers(path: Path) -> set[str]:
    """The names in ``path`` that make or wrap a worker thread."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in THREADS:
            found.add(node.attr)
        elif isinstance(node, ast.Name) and node.id in THREADS:
            found.add(node.id)
        elif isinstance(node, ast.alias) and node.name.rsplit(".", 1)[-1] in THREADS:
            found.add(node.name)
    return found


def test_only_the_background_helper_starts_worker_threads() -> None:
    """Every long job offers the same progress, Cancel and closing: no room runs its own thread."""
    assert _thread_makers(HELPER) == {"Thread"}  # the scan sees the helper's own thread
    elsewhere = {
        str(path.relative_to(GUI)): sorted(names)
        for path in sorted(GUI.rglob("*.py"))
        if path != HELPER and (names := _thread_makers(path))
    }
    assert elsewhere == {}


def test_cancel_goes_once_the_work_is_completing(qtbot) -> None:
    """Once long work reaches its last step, which always completes, its dialog offers no Cancel."""
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    saving, saved = threading.Event(), threading.Event()

    def work(op: BackgroundOp[str]) -> str:
        op.report(1, 2, "Reading…")
        saving.wait(10)
        op.report(2, 2, "Saving…")
        op.completing()
        saved.wait(10)
        return "saved"

    outcomes: list[object] = []
    op = BackgroundOp(parent, "Adding…", work, show_after_ms=0)
    op.start(outcomes.append)
    qtbot.waitUntil(lambda: op.dialog is not None and op.dialog.isVisible())
    dialog = op.dialog
    assert dialog is not None and dialog.findChild(QPushButton) is not None
    saving.set()
    qtbot.waitUntil(lambda: dialog.labelText() == "Saving…")
    qtbot.waitUntil(lambda: dialog.findChild(QPushButton) is None)
    op.cancel()  # closing the case meanwhile: storing completes all the same
    saved.set()
    qtbot.waitUntil(lambda: bool(outcomes))
    assert outcomes[0].value == "saved"  # type: ignore[attr-defined]
