"""Files read in one thread while the case stores those already read, in one transaction.

Reading (disk, decoding, hashing) and storing (SQLite, which lets other threads run) overlap,
so a drop of many files costs little more than storing them. The command's parts are made
while it runs: each part is planned from the next file read, so a file already in the case
is still found. A bad file, or Cancel, raises inside the transaction and rolls back all.

No wait is endless: the reader always sends an end marker when it stops, whatever stopped
it, and the storing side waits in short steps, checking Cancel and whether the reader still
lives. Any error inside a reader becomes a message naming the file.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from casefile.capture.files import Extracted, problem_report, read_file
from casefile.capture.formats import short_error
from casefile.capture.limits import CaptureCancelled, CaptureError, Limits, watching
from casefile.capture.parts import PageChoice, chosen_pages
from casefile.capture.plan import Capture, FilePlanner
from casefile.core.capture_ports import SourceLookup
from casefile.core.commands import Command, Composite
from casefile.core.inert import file_name, inert

Progress = Callable[[int, int, str], None]
AHEAD = 32  # files read ahead of the one being stored (bounds memory)
WAIT = 0.1  # seconds between checks of Cancel and of the reader while waiting for a file
LINGER = 2.0  # seconds a stopped reader gets to finish; then it is left to end on its own
_END = "\x00end"  # the reader's last word (a problem message never starts with NUL)
STOPPED = "Reading the files stopped unexpectedly; nothing was added."


class _StreamingComposite(Composite):
    """A composite whose parts are produced while it runs (one transaction, one undo step)."""

    def __init__(self, name: str, parts: Iterator[Command]) -> None:
        self.name = name
        self.parts = parts  # type: ignore[assignment]  # consumed once, by commands.execute


class FileStream:
    """One capture of many files: ``command`` stores them; ``capture`` says what happened."""

    def __init__(
        self,
        paths: Sequence[str | Path],
        lookup: SourceLookup,
        limits: Limits | None = None,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
        skip_bad: bool = False,
        pages: Mapping[str, PageChoice] | None = None,
    ) -> None:
        self.paths = list(paths)
        self.pages = dict(pages or {})  # str(path) -> the archived pages to take from it
        self.skip_bad = skip_bad
        self.problems: list[str] = []
        self.limits = limits or Limits()
        self.planner = FilePlanner(lookup)
        self._progress = progress
        self._cancelled = cancelled or (lambda: False)
        self._queue: queue.Queue[Extracted | str] = queue.Queue(AHEAD + 1)
        self._stop = threading.Event()
        if not self.paths:
            raise CaptureError("Nothing to add: no files were given.")
        if len(self.paths) > self.limits.max_files:
            raise CaptureError(
                f"Too many files at once ({len(self.paths):,}); "
                f"add at most {self.limits.max_files:,} at a time."
            )

    def command(self) -> Composite:
        """The command to execute (once): it reads, plans and stores as it goes."""
        return _StreamingComposite(self.planner.capture(len(self.paths)).name, self._parts())

    def capture(self) -> Capture:
        """What was planned: new sources, files already in the case, messages."""
        planned = self.planner.capture(len(self.paths))
        skipped = tuple(f"Skipped: {p}" for p in self.problems)
        return replace(planned, messages=planned.messages + skipped)

    def _parts(self) -> Iterator[Command]:
        reader = threading.Thread(target=self._read_all, name="casefile-read", daemon=True)
        reader.start()
        problems = self.problems
        try:
            for index, path in enumerate(self.paths):
                item = self._next(reader)
                if self._cancelled():
                    raise CaptureCancelled()
                self._report(index, f"Adding {inert(file_name(Path(path).name)[0])}")
                if isinstance(item, str):
                    problems.append(item)
                if problems and not self.skip_bad:  # all or nothing: name every bad file
                    continue
                if isinstance(item, str):
                    continue
                command = self.planner.add(item)
                if command is not None:
                    yield command
            if problems and not self.skip_bad:
                raise CaptureError(problem_report(problems, len(self.paths)))
            self._report(len(self.paths), "Saving to the case file…")
        finally:
            self._stop.set()
            deadline = time.monotonic() + LINGER
            while reader.is_alive() and time.monotonic() < deadline:
                self._drain()
                reader.join(0.05)
            self._drain()

    def _next(self, reader: threading.Thread) -> Extracted | str:
        """The next file read, waiting in short steps: Cancel or a dead reader end the wait."""
        while True:
            try:
                item = self._queue.get(timeout=WAIT)
            except queue.Empty:
                if self._cancelled():
                    raise CaptureCancelled() from None
                if not reader.is_alive() and self._queue.empty():
                    raise CaptureError(STOPPED) from None
                continue
            if item == _END:
                raise CaptureError(STOPPED)
            return item

    def close(self) -> None:
        """Stop reading ahead (after the command ran, or if it never will)."""
        self._stop.set()

    def _read_all(self) -> None:
        try:
            with watching(self._should_stop):
                for path in self.paths:
                    if self._stop.is_set() or not self._put(self._read_one(path)):
                        return
        finally:
            self._put(_END)

    def _read_one(self, path: str | Path) -> Extracted | str:
        try:
            with chosen_pages(self.pages.get(str(path))):
                return read_file(path, self.limits)
        except CaptureError as err:
            return str(err)
        except Exception as err:  # never lost with the thread: the storing side is told
            shown = inert(file_name(Path(path).name)[0])
            return f"{shown} could not be read ({type(err).__name__}: {short_error(err)})."

    def _put(self, item: Extracted | str) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def _should_stop(self) -> bool:
        return self._stop.is_set() or self._cancelled()

    def _drain(self) -> None:
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                return

    def _report(self, done: int, label: str) -> None:
        if self._progress is not None:
            self._progress(done, len(self.paths), label)


__all__ = ["AHEAD", "FileStream"]
