"""The window's brief export runs in a process of its own: the window is never held by it."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from casefile.core.commands import PutRecords
from casefile.core.model import Claim, EvidenceLink, Snippet, Source
from casefile.gui.brief.dialog import BriefDialog
from casefile.storage import create_case, open_case
from casefile.storage.sample import write_sample


def _dialog(qtbot: Any, case: Any, tmp_path: Path) -> BriefDialog:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    dialog = BriefDialog(case, settings, opener=lambda _path: None)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(tmp_path / "out.pdf"))
    return dialog


def _big_case(path: Path) -> Any:
    case = create_case(path, "Big")
    sources = [Source(f"s{i}", f"Source {i}") for i in range(40)]
    snippets = [Snippet(f"n{i}", "word " * 80, f"s{i % 40}", date="2024") for i in range(2500)]
    claims = [Claim(f"c{i}", f"Claim {i}", evidence=tuple(EvidenceLink(f"n{(i * 6 + k) % 2500}")
              for k in range(6))) for i in range(300)]  # fmt: skip
    case.execute(PutRecords("big", [*sources, *snippets, *claims]))
    return case


def test_the_brief_is_built_outside_the_windows_process(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The brief's model is built in another process, so its long steps never hold the window."""
    from casefile.brief import build as build_module

    def not_here(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("the brief's model was built in the window's process")

    monkeypatch.setattr(build_module, "build", not_here)
    path = tmp_path / "sample.casefile"
    write_sample(path)
    with open_case(path) as case:
        dialog = _dialog(qtbot, case, tmp_path)
        dialog.export()
        qtbot.waitUntil(lambda: dialog.job is None, timeout=60_000)
        assert dialog.result is not None, dialog.status.text()
        assert dialog.result.pages > 5 and (tmp_path / "out.pdf").exists()
        dialog.reject()


def test_cancel_while_writing_removes_the_partial_brief(qtbot: Any, tmp_path: Path) -> None:
    """Cancel once pages are being written stops the export and leaves no partial file."""
    with _big_case(tmp_path / "big.casefile") as case:
        dialog = _dialog(qtbot, case, tmp_path)
        dialog.export()
        qtbot.waitUntil(lambda: dialog.progress.value() > 0, timeout=60_000)
        dialog._cancel_or_close()
        qtbot.waitUntil(lambda: dialog.job is None, timeout=60_000)
        assert "cancelled" in dialog.status.text()
        assert not (tmp_path / "out.pdf").exists()
        assert not list(tmp_path.glob(".brief-*"))
        dialog.reject()


def test_a_brief_process_that_dies_is_said_in_words(qtbot: Any, tmp_path: Path) -> None:
    """If the brief's process is killed (out of memory), the dialog says so and writes nothing."""
    with _big_case(tmp_path / "big.casefile") as case:
        dialog = _dialog(qtbot, case, tmp_path)
        dialog.export()
        qtbot.waitUntil(lambda: bool(multiprocessing.active_children()), timeout=30_000)
        for child in multiprocessing.active_children():
            if child.name == "casefile-brief" and child.pid is not None:
                os.kill(child.pid, signal.SIGKILL)
        qtbot.waitUntil(lambda: dialog.job is None, timeout=60_000)
        assert "stopped before the brief was written" in dialog.status.text()
        assert dialog.result is None
        assert not (tmp_path / "out.pdf").exists()
        assert case.count("snippet") == 2500
        dialog.reject()


def test_the_brief_process_loads_no_qt() -> None:
    """The brief's process starts without Qt (it only needs the brief and the package writer)."""
    code = (
        "import sys, casefile.gui.brief.export_process, casefile.storage.brief_source\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt loaded'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
