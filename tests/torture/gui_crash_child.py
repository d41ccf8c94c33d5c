"""GUI child of the crash harness: the real window, offscreen, edited by a script until killed.

Run as ``python gui_crash_child.py CASE LOG SEED COUNT``. A timer drives the window the way
a user would: new records from the registers, typing into their fields (saved by the
editors' own debounce), undo and redo from the Edit menu, links and deletes pushed through
the session. The log has the same ``PENDING``/``ACK`` lines as ``crash_child``; ``ACK`` is
written by a case listener, which the case calls only after the commit.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path
from typing import Any

os.environ["QT_QPA_PLATFORM"] = "offscreen"
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent), str(HERE.parents[1])]

from crash_actions import BUILDERS, WORDS, World  # noqa: E402
from crash_child import Log, install_hooks  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit  # noqa: E402

from casefile import app  # noqa: E402

KINDS = ("entity", "source", "snippet", "claim")
TYPED = [w for w in WORDS if w.isascii() and w.isalpha()]


class Driver:
    """One random user action per timer tick."""

    def __init__(self, window: Any, log: Log, seed: int, count: int) -> None:
        self.window, self.log, self.count = window, log, count
        self.rng = random.Random(seed)
        self.world = World.load(window.case)
        window.case.subscribe(lambda change: log.line("ACK", log.seq, "gui"))
        self.timer = QTimer()
        self.timer.setInterval(3)
        self.timer.timeout.connect(self.step)

    def step(self) -> None:
        if self.count <= 0:
            self.timer.stop()
            self.window.close()  # a clean exit: flushes typing and closes the case
            QApplication.quit()
            return
        self.count -= 1
        self.world = World.load(self.window.case)
        action = self.rng.choices(
            (self.new, self.type, self.flush, self.undo, self.redo, self.push), (2, 5, 1, 1, 1, 2)
        )[0]
        action()

    def new(self) -> None:
        kind = self.rng.choice(KINDS)
        view = self.window.workspace.register(kind)
        self.window.workspace.pages.setCurrentWidget(view)
        view.create_record()

    def type(self) -> None:
        widget = QApplication.focusWidget()
        if isinstance(widget, (QLineEdit, QPlainTextEdit)) and not widget.isReadOnly():
            text = " ".join(self.rng.choice(TYPED) for _ in range(self.rng.randint(1, 3)))
            QTest.keyClicks(widget, text)  # QTest types ASCII only; pushes carry the rest

    def flush(self) -> None:
        self.window.workspace.flush()

    def undo(self) -> None:
        self.window.undo_action.trigger()

    def redo(self) -> None:
        self.window.redo_action.trigger()

    def push(self) -> None:
        name = self.rng.choice(("link", "mention", "edit", "add_relationship", "delete"))
        command = BUILDERS[name](self.world, self.window.case, self.rng)
        if command is not None:
            self.window.session.push(command)


def main(argv: list[str]) -> int:
    path, log_path, seed, count = Path(argv[1]), argv[2], int(argv[3]), int(argv[4])
    log = Log(log_path)
    install_hooks(log)
    application = app.make_application([sys.argv[0]])
    window = app.make_window()
    window.show_error = lambda message: print(f"error shown: {message}", file=sys.stderr)
    window.show()
    if not window.open_path(path):
        return 3
    driver = Driver(window, log, seed, count)
    log.line("READY")
    driver.timer.start()
    application.exec()
    log.line("CLOSED")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
