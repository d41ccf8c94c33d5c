"""A failing extractor never hangs casefile: every error reaches the waiting side in words."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from casefile.capture import CaptureCancelled, CaptureError, files, stream
from casefile.capture.limits import checkpoint
from casefile.capture.stream import FileStream
from casefile.cli import main
from casefile.storage import open_case


class OddFailure(Exception):
    """An error no casefile code knows about."""


_FAILURES = [RecursionError("maximum recursion depth exceeded"), MemoryError(),
             OddFailure("parser state 0x1f"), KeyError("w:body"), AssertionError()]  # fmt: skip
_SAMPLES = {suffix: b"some bytes" for suffix in files._EXTRACTORS}  # every reader there is


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "c.casefile"
    assert main(["new", str(path), "--title", "Reader failures"]) == 0
    return path


def _add_within(seconds: float, args: list[str]) -> int:
    """Run ``casefile add`` and insist it returns within ``seconds``."""
    result: list[int] = []
    worker = threading.Thread(target=lambda: result.append(main(["add", *args])), daemon=True)
    started = time.monotonic()
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"casefile add still waiting after {seconds} s"
    assert time.monotonic() - started < seconds
    return result[0]


def _assert_unchanged_and_unlocked(case_file: Path) -> None:
    with open_case(case_file) as case:  # a writable open: the lock was released
        assert case.count("source") == 0


@pytest.mark.parametrize("suffix", sorted(_SAMPLES))
def test_any_error_in_any_extractor_is_a_clear_refusal(
    suffix: str, case_file: Path, write, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever an extractor raises, `casefile add` refuses the file by name within 5 s."""
    for number, failure in enumerate(_FAILURES):

        def broken(data: bytes, name: str, failure: BaseException = failure) -> object:
            raise failure

        monkeypatch.setitem(files._EXTRACTORS, suffix, broken)
        path = write(f"evidence{number}{suffix}", _SAMPLES[suffix])
        good = write(f"good{number}.txt", b"fine words")
        if suffix == ".txt":
            good = write(f"good{number}.bin", b"fine bytes")
        capsys.readouterr()
        assert _add_within(5, [str(case_file), str(good), str(path)]) == 1
        err = capsys.readouterr().err
        assert err.startswith("casefile: error: Nothing was added"), err
        assert f"evidence{number}{suffix}" in err and "Traceback" not in err
        _assert_unchanged_and_unlocked(case_file)


def test_pdf_found_by_its_bytes_fails_cleanly(case_file: Path, write, capsys, monkeypatch) -> None:
    """A PDF without a .pdf name goes to the PDF reader; its failure is refused in words too."""

    def broken(data: bytes, name: str) -> object:
        raise OddFailure("xref")

    monkeypatch.setattr(files.formats, "pdf_file", broken)
    path = write("scan", b"%PDF-1.7 whatever")
    assert _add_within(5, [str(case_file), str(path)]) == 1
    assert "scan could not be read; its reader failed (OddFailure: xref)" in capsys.readouterr().err
    _assert_unchanged_and_unlocked(case_file)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
@pytest.mark.parametrize("escape", [SystemExit, KeyboardInterrupt, GeneratorExit])
def test_a_reader_thread_that_dies_never_leaves_the_case_waiting(
    escape: type[BaseException], case_file: Path, write, capsys, monkeypatch
) -> None:
    """Even an exit the reader does not catch ends the wait with a refusal, lock released."""

    def dying(path: object, limits: object = None) -> object:
        raise escape()

    monkeypatch.setattr(stream, "read_file", dying)
    path = write("a.txt", "words")
    assert _add_within(5, [str(case_file), str(path)]) == 1
    assert "Reading the files stopped unexpectedly" in capsys.readouterr().err
    _assert_unchanged_and_unlocked(case_file)


def test_a_reader_that_vanishes_without_a_word_is_noticed(write, case, monkeypatch) -> None:
    """A reader thread gone without its end marker is found dead; the capture is refused."""
    monkeypatch.setattr(FileStream, "_read_all", lambda self: None)
    command = FileStream([write("a.txt", "words")], case).command()
    started = time.monotonic()
    with pytest.raises(CaptureError, match="stopped unexpectedly"):
        case.execute(command)
    assert time.monotonic() - started < 5 and case.count("source") == 0


def test_cancel_stops_one_long_file(write, case, monkeypatch) -> None:
    """Cancel during one long extraction stops it at its next checkpoint, within a second."""
    steps: list[int] = []

    def long_job(data: bytes, name: str) -> object:
        for step in range(10**9):
            steps.append(step)
            checkpoint()
            time.sleep(0.001)
        raise AssertionError("never reached")

    monkeypatch.setitem(files._EXTRACTORS, ".txt", long_job)
    cancel = threading.Event()
    stream_ = FileStream([write("long.txt", "x")], case, cancelled=cancel.is_set)
    threading.Timer(0.3, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(CaptureCancelled):
        case.execute(stream_.command())
    assert time.monotonic() - started < 1.5
    count = len(steps)
    time.sleep(0.2)
    assert len(steps) == count, "the extraction went on after Cancel"
    assert case.count("source") == 0


def test_cancel_does_not_wait_for_a_reader_stuck_in_a_parser(write, case, monkeypatch) -> None:
    """A parser that never checks in still cannot hold Cancel: the case is free in seconds."""
    release = threading.Event()

    def stuck(data: bytes, name: str) -> object:
        release.wait(30)
        raise OddFailure("released")

    monkeypatch.setitem(files._EXTRACTORS, ".txt", stuck)
    cancel = threading.Event()
    stream_ = FileStream([write("stuck.txt", "x")], case, cancelled=cancel.is_set)
    threading.Timer(0.2, cancel.set).start()
    started = time.monotonic()
    try:
        with pytest.raises(CaptureCancelled):
            case.execute(stream_.command())
        assert time.monotonic() - started < 5 and case.count("source") == 0
    finally:
        release.set()
