"""A dropped web archive with many pages asks which pages to add; only those become sources."""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

from capture_gui_helpers import capture_window_with_case, drop_on
from gui_helpers import close
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtWidgets import QDialogButtonBox

from casefile.capture.archive_pages import list_pages
from casefile.gui.capture.page_picker import PageListModel, PagePicker

sys.path.insert(0, str(Path(__file__).parents[2] / "capture"))
from archive_samples import make_warc
from test_capture_archive_pages import site

SHOTS = Path("/tmp/casefile-shots")


def _files_mime(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def _archive(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(make_warc(site(count)))
    return path


def _urls(window) -> list[str]:
    return sorted(s.url for s in window.case.store.all("source"))


def test_picked_pages_become_sources_in_one_undo_step(qtbot, qtmodeltester, tmp_path) -> None:
    """Dropping a 25-page archive opens the picker; filtering, checking none, then all shown,
    and unchecking one with Space adds exactly the pages left checked, as one undo step."""
    window, controller = capture_window_with_case(qtbot, tmp_path)
    path = _archive(tmp_path, 25)
    drop_on(window.centralWidget(), _files_mime(path))
    qtbot.waitUntil(lambda: controller.archives.picker is not None, timeout=20_000)
    picker = controller.archives.picker
    qtmodeltester.check(PageListModel(picker.listing.pages), force_py=True)  # outlives picker
    assert picker.model.count == 25
    assert picker.count_label.text() == "25 of 25 pages chosen"
    ok = picker.buttons.button(QDialogButtonBox.StandardButton.Ok)
    picker.none_button.click()
    assert picker.model.count == 0 and not ok.isEnabled()
    qtbot.keyClicks(picker.filter, "NEWS")
    assert picker.proxy.rowCount() == 12
    picker.all_button.click()
    assert picker.count_label.text() == "12 of 25 pages chosen"
    picker.table.setFocus()
    picker.table.setCurrentIndex(picker.proxy.index(0, 0))
    qtbot.keyClick(picker.table, Qt.Key.Key_Space)
    assert picker.model.count == 11
    SHOTS.mkdir(exist_ok=True)
    picker.grab().save(str(SHOTS / "page_picker.png"))
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.idle and window.case.count("source") == 11, timeout=20_000)
    expected = sorted(f"https://site.example/news/{i}" for i in range(3, 25, 2))
    assert _urls(window) == expected
    assert window.session.stack.count() == 1
    window.undo_action.trigger()
    assert window.case.count("source") == 0
    window.redo_action.trigger()
    assert _urls(window) == expected
    close(window)


def test_cancelling_the_picker_adds_nothing(qtbot, tmp_path) -> None:
    """Cancel in the picker leaves the case unchanged and says so."""
    window, controller = capture_window_with_case(qtbot, tmp_path)
    drop_on(window.centralWidget(), _files_mime(_archive(tmp_path, 15)))
    qtbot.waitUntil(lambda: controller.archives.picker is not None, timeout=20_000)
    controller.archives.picker.buttons.rejected.emit()
    qtbot.waitUntil(lambda: controller.idle)
    assert window.case.count("source") == 0
    assert "no pages of crawl.warc.gz were chosen" in window.statusBar().currentMessage()
    assert window.session.stack.count() == 0
    close(window)


def test_small_archive_is_taken_whole_without_asking(qtbot, tmp_path) -> None:
    """An archive of a few pages is added whole: no picker, every page a source."""
    window, controller = capture_window_with_case(qtbot, tmp_path)
    text = tmp_path / "note.txt"
    text.write_text("a note", encoding="utf-8")
    drop_on(window.centralWidget(), _files_mime(_archive(tmp_path, 4), text))
    qtbot.waitUntil(lambda: controller.idle and window.case.count("source") == 5, timeout=20_000)
    assert controller.archives.picker is None
    urls = {s.url for s in window.case.store.all("source")}
    assert urls == {f"https://site.example/{k}/{i}" for i, k in enumerate(["shop", "news"] * 2)} | {
        None
    }
    close(window)


def test_a_long_listing_starts_with_nothing_checked(qtbot, qtmodeltester, tmp_path) -> None:
    """Up to 100 pages start checked; past that nothing is (the user filters, then checks),
    and past 2,000 checked pages the picker refuses to go on (at most 2,000 at once)."""
    from casefile.capture.archive_pages import ArchivedPage

    pages = lambda n: tuple(ArchivedPage(i, f"https://x/{i}", None, None, 1) for i in range(n))  # noqa: E731
    assert PageListModel(pages(100)).count == 100
    assert PageListModel(pages(101)).count == 0
    path = tmp_path / "big.warc"
    path.write_bytes(make_warc(site(2_100), gzip=False, extra=False))
    listing = list_pages(path)
    qtmodeltester.check(PageListModel(listing.pages), force_py=True)
    picker = PagePicker(None, listing)
    qtbot.addWidget(picker)
    ok = picker.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert picker.model.count == 0 and not ok.isEnabled()
    picker.all_button.click()
    assert picker.model.count == 2_100 and not ok.isEnabled()
    assert "at most 2,000 can be added at once" in picker.count_label.text()
    qtbot.keyClicks(picker.filter, "/shop/")
    picker.none_button.click()
    assert picker.model.count == 1_050 and ok.isEnabled()


def test_a_bomb_archive_is_refused_without_a_picker(qtbot, tmp_path, monkeypatch) -> None:
    """A .warc.gz bomb (a 2 GB page of zeros) gets no picker: the capture refuses it in
    words and the case is unchanged."""
    from test_capture_webarchive_hostile import _gzip_member_of_zeros

    window, controller = capture_window_with_case(qtbot, tmp_path)
    shown: list[str] = []
    monkeypatch.setattr(window, "show_error", shown.append)
    head = gzip.compress(
        b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: https://x.example/\r\n"
        b"Content-Type: text/html\r\nContent-Length: 2147483648\r\n\r\n"
    )
    path = tmp_path / "bomb.warc.gz"
    path.write_bytes(head + _gzip_member_of_zeros(64 << 20) * 2)
    drop_on(window.centralWidget(), _files_mime(path))
    qtbot.waitUntil(lambda: controller.idle and bool(shown), timeout=60_000)
    assert controller.archives.picker is None
    assert "bomb.warc.gz" in shown[0] and "it was not added" in shown[0]
    assert window.case.count("source") == 0 and window.session.stack.count() == 0
    close(window)
