"""Bad files get clear messages in the user's words, and a bad file means nothing is added."""

from __future__ import annotations

from pathlib import Path

import pytest

from casefile.capture import (
    CaptureCancelled,
    CaptureError,
    Limits,
    capture_files,
    read_file,
    read_files,
)


def test_empty_file_is_refused(write) -> None:
    """A 0-byte file is refused with a message saying it is empty."""
    with pytest.raises(CaptureError, match=r"empty\.txt is empty \(0 bytes\)"):
        read_file(write("empty.txt", b""))


def test_directory_is_refused(tmp_path: Path) -> None:
    """A folder dropped as a file is refused, saying to add the files inside it."""
    folder = tmp_path / "evidence"
    folder.mkdir()
    with pytest.raises(CaptureError, match=r"evidence is a folder"):
        read_file(folder)


def test_vanished_file_is_refused(tmp_path: Path) -> None:
    """A file deleted between the drop and the read gets a 'moved or deleted' message."""
    with pytest.raises(CaptureError, match=r"gone\.pdf cannot be found: it was moved or deleted"):
        read_file(tmp_path / "gone.pdf")


def test_unreadable_file_is_refused(write, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file the user may not read gets a 'permission denied' message."""
    path = write("secret.txt", "hidden")

    def denied(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", denied)
    with pytest.raises(CaptureError, match=r"secret\.txt cannot be read: permission denied"):
        read_file(path)


def test_too_large_file_names_the_limit(write) -> None:
    """A file over the per-file limit is refused; the message gives its size and the limit."""
    path = write("huge.log", b"x" * 3 * 1024 * 1024)
    limits = Limits(max_file_bytes=2 * 1024 * 1024)
    with pytest.raises(CaptureError, match=r"huge\.log is 3\.0 MB; .* up to 2\.0 MB each"):
        read_file(path, limits)


def test_default_limit_is_200_mb() -> None:
    """The default per-file limit is 200 MB."""
    assert Limits().max_file_bytes == 200 * 1024 * 1024


def test_fifo_is_refused(tmp_path: Path) -> None:
    """A named pipe is refused instead of blocking the capture forever."""
    import os

    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    with pytest.raises(CaptureError, match=r"pipe\.txt is not an ordinary file"):
        read_file(pipe)


def test_one_bad_file_among_500_adds_nothing(write, case) -> None:
    """500 files with one empty file: nothing is added, and the message names the bad file."""
    paths = [write(f"f{i:03}.txt", f"note {i}") for i in range(499)]
    paths.append(write("blank.txt", b""))
    before = case.count("source")
    with pytest.raises(CaptureError) as info:
        capture_files(paths, case)
    message = str(info.value)
    assert message.startswith("Nothing was added: 1 of 500 files cannot be taken.")
    assert "blank.txt is empty" in message
    assert case.count("source") == before


def test_skip_bad_takes_the_good_files(write, case) -> None:
    """With skip_bad the readable files are planned and the others reported as skipped."""
    good = write("good.txt", "fine")
    capture = capture_files([good, write("bad.txt", b"")], case, skip_bad=True)
    assert len(capture.sources) == 1
    assert any(m.startswith("Skipped: bad.txt is empty") for m in capture.messages)


def test_500_files_are_read_with_progress(write) -> None:
    """500 files at once are all read, with progress reported for each."""
    paths = [write(f"n{i}.txt", f"line {i}") for i in range(500)]
    seen: list[tuple[int, int]] = []
    items, problems = read_files(paths, progress=lambda i, n, name: seen.append((i, n)))
    assert len(items) == 500 and not problems
    assert seen[0] == (0, 500) and seen[-1] == (500, 500)


def test_too_many_files_are_refused(write) -> None:
    """More files than the limit allows are refused up front with the limit named."""
    paths = [write(f"m{i}.txt", "x") for i in range(3)]
    with pytest.raises(CaptureError, match=r"Too many files at once \(3\); add at most 2"):
        read_files(paths, Limits(max_files=2))


def test_cancel_stops_reading(write) -> None:
    """Cancelling while files are read stops with a 'nothing was added' message."""
    paths = [write(f"c{i}.txt", "x") for i in range(5)]
    calls = iter([False, False, True])
    with pytest.raises(CaptureCancelled, match="nothing was added"):
        read_files(paths, cancelled=lambda: next(calls))


def test_no_files_is_refused() -> None:
    """An empty list of files gets a 'nothing to add' message."""
    with pytest.raises(CaptureError, match="Nothing to add"):
        read_files([])
