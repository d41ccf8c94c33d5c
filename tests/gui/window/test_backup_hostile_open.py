"""Hostile and damaged files through the window's open path: refused in plain words, unchanged."""

from __future__ import annotations

import hashlib
import random
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from gui_helpers import close, make_window

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "torture"))

from corpus import build, corpus_entries, make_bases

from casefile.gui.window.backups import install


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "not a file"


@pytest.mark.timeout(300)
def test_window_refuses_hostile_files_in_plain_words(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening a damaged or hostile file from the window never crashes, hangs or alters it."""
    window = make_window(qtbot, tmp_path)
    install(window)
    errors: list[str] = []
    monkeypatch.setattr(window, "show_error", errors.append)
    entries = corpus_entries()
    chosen = [e for e in entries if e.expect == "refuse"]
    damaged = [e for e in entries if e.expect == "any"]
    chosen += random.Random(4).sample(damaged, 40)
    built = build(chosen, tmp_path / "corpus", make_bases(tmp_path / "bases"))
    opened = 0
    try:
        for entry, path in built:
            before, count = _digest(path), len(errors)
            started = time.monotonic()
            if window.open_path(path):
                opened += 1
                assert entry.expect == "any", entry.name
                window.close_case()
            else:
                assert len(errors) > count, f"{entry.name}: refused without a word"
                assert "Traceback" not in errors[-1]
                assert _digest(path) == before, f"{entry.name}: a refused file was changed"
            assert time.monotonic() - started < 5, entry.name
    finally:
        close(window)
    assert opened < len(built)
