"""PySide6 6.12's lost references to None/True/False never abort a long working session."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = """
import os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
import casefile.gui  # noqa: F401  (installs the guard)
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel

class Emitter(QObject):
    flag = Signal(bool)

app = QApplication([])
label, box, emitter = QLabel(), QCheckBox(), Emitter()
emitter.flag.connect(lambda value: None)
for i in range(60_000):
    label.setText("x")
    box.setChecked(i % 2 == 0)
    emitter.flag.emit(True)
    emitter.flag.emit(False)
print("survived")
"""


def test_sixty_thousand_calls_and_emits_do_not_abort() -> None:
    """A session of many edits and signals keeps running instead of aborting the app."""
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert out.returncode == 0, out.stderr[-500:]
    assert out.stdout.strip() == "survived"
