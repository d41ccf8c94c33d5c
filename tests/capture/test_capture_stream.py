"""Many files stored while others are still read: same result, one step, all or nothing."""

from __future__ import annotations

import threading

import pytest

from casefile.capture import CaptureCancelled, CaptureError
from casefile.capture.stream import FileStream


def _readers() -> int:
    return sum(1 for t in threading.enumerate() if t.name == "casefile-read")


def test_stream_stores_every_file_in_one_step(write, case) -> None:
    """100 files read and stored together become 100 sources, removed by one undo."""
    paths = [write(f"s{i:03}.txt", f"stream text {i}") for i in range(100)]
    seen: list[int] = []
    stream = FileStream(paths, case, progress=lambda done, total, _label: seen.append(done))
    change = case.execute(stream.command())
    capture = stream.capture()
    assert case.count("source") == 100 and len(capture.sources) == 100
    assert change.action == "Add 100 files"
    assert seen[0] == 0 and seen[-1] == 100
    assert {s.file_name for s in case.store.all("source")} == {p.name for p in paths}
    case.revert(change)
    assert case.count("source") == 0
    assert _readers() == 0


def test_stream_reports_duplicates(write, case) -> None:
    """A file already in the case, and a twin in the same drop, are not stored twice."""
    first = write("a.txt", "same")
    case.execute(FileStream([first], case).command())
    stream = FileStream(
        [write("b.txt", "same"), write("c.txt", "new"), write("d.txt", "new")], case
    )
    case.execute(stream.command())
    capture = stream.capture()
    assert case.count("source") == 2
    assert capture.messages == (
        "b.txt is already in the case as 'a.txt'; it was not stored again.",
        "d.txt has the same content as c.txt; it is kept once.",
    )


def test_stream_bad_file_rolls_back_everything(write, case) -> None:
    """One vanished file among many: nothing is stored and the message names it."""
    paths = [write(f"g{i}.txt", f"good {i}") for i in range(40)]
    paths.insert(20, paths[0].with_name("missing.txt"))
    history = len(case.history(limit=1000))
    with pytest.raises(CaptureError, match=r"1 of 41 files .*\n• missing\.txt cannot be found"):
        case.execute(FileStream(paths, case).command())
    assert case.count("source") == 0 and len(case.history(limit=1000)) == history
    assert _readers() == 0


def test_stream_cancel_rolls_back_everything(write, case) -> None:
    """Cancel half-way leaves the case as it was and stops the reader."""
    paths = [write(f"k{i}.txt", f"keep {i}") for i in range(60)]
    done: list[int] = []
    stream = FileStream(paths, case, progress=lambda d, _t, _l: done.append(d),
                        cancelled=lambda: len(done) >= 30)  # fmt: skip
    with pytest.raises(CaptureCancelled):
        case.execute(stream.command())
    stream.close()
    assert case.count("source") == 0
    assert _readers() == 0


def test_stream_refuses_no_files_and_too_many(write, case) -> None:
    """No files, or more than the limit, are refused before anything is read."""
    from casefile.capture import Limits

    with pytest.raises(CaptureError, match="Nothing to add"):
        FileStream([], case)
    with pytest.raises(CaptureError, match="at most 1"):
        FileStream([write("x.txt", "x"), write("y.txt", "y")], case, Limits(max_files=1))


def test_stream_skip_bad_stores_the_good_files(write, case) -> None:
    """With skip_bad the readable files are stored and the others reported as skipped."""
    paths = [write("ok.txt", "fine"), write("zero.txt", b""), write("ok2.txt", "also")]
    stream = FileStream(paths, case, skip_bad=True)
    case.execute(stream.command())
    assert case.count("source") == 2
    assert stream.capture().messages == (
        "Skipped: zero.txt is empty (0 bytes); there is nothing to keep.",
    )
