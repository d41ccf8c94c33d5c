"""A captured original leaves the case only as a copy, and only when the user asks."""

from __future__ import annotations

import stat
from pathlib import Path

from gui_helpers import close, make_window

from casefile.storage.sample import MANIFEST_BYTES


def _manifest_editor(qtbot, tmp_path: Path):
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    window.navigate_to("source", "s-manifest")
    view = window.register("source")
    assert view.editor.record.id == "s-manifest"
    return window, view.editor


def test_save_a_copy_writes_the_exact_captured_bytes(qtbot, tmp_path: Path) -> None:
    """Saving the original writes byte-for-byte what was captured."""
    window, editor = _manifest_editor(qtbot, tmp_path)
    assert editor.save_original.isEnabled()
    target = tmp_path / "out" / "manifest.txt"
    target.parent.mkdir()
    assert editor.originals.save(editor.record, target) == target
    assert target.read_bytes() == MANIFEST_BYTES
    close(window)


def test_open_asks_first_and_opens_a_read_only_copy(qtbot, tmp_path: Path) -> None:
    """Opening asks, then hands another program a read-only copy, never the case's bytes."""
    window, editor = _manifest_editor(qtbot, tmp_path)
    opened: list[Path] = []
    asked: list[str] = []
    editor.originals.opener = opened.append
    editor.originals.confirm = lambda _parent, message: asked.append(message) or False
    editor.open_original.click()
    assert asked and "keldby-manifest-2024-03.txt" in asked[0] and opened == []
    editor.originals.confirm = lambda _parent, _message: True
    editor.open_original.click()
    assert len(opened) == 1 and opened[0].read_bytes() == MANIFEST_BYTES
    assert not opened[0].stat().st_mode & stat.S_IWUSR
    assert opened[0].parent != tmp_path
    close(window)


def test_an_altered_original_is_not_handed_out(qtbot, tmp_path: Path) -> None:
    """Bytes that no longer match their recorded SHA-256 are refused with a plain message."""
    window, editor = _manifest_editor(qtbot, tmp_path)
    errors: list[str] = []
    window.session.show_error = errors.append
    sha = editor.record.sha256
    with window.case.lock:
        window.case.conn.execute(
            "UPDATE originals SET data = ? WHERE sha256 = ?", (b"tampered", sha)
        )
    opened: list[Path] = []
    editor.originals.opener = opened.append
    editor.originals.confirm = lambda _parent, _message: True
    editor.open_original.click()
    assert opened == [] and "no longer matches" in errors[0]
    close(window)


def test_sources_without_a_file_offer_nothing_to_open(qtbot, tmp_path: Path) -> None:
    """A source with no captured file shows the copy buttons disabled."""
    window = make_window(qtbot, tmp_path)
    assert window.open_sample()
    window.navigate_to("source", "s-article")
    editor = window.register("source").editor
    assert not editor.save_original.isEnabled() and not editor.open_original.isEnabled()
    close(window)
