"""The window's brief export, built and written in a process of its own.

In a worker thread, a whole-case brief held the window up: its model is hundreds of
thousands of small objects, and single C-level steps of building and freeing it (a sort, a
dict growing, letting go of the model) kept the interpreter from the window's thread for
100–500 ms at a time; its memory (gigabytes at a million quotes) stayed with the window.
Here the ``BackgroundOp`` worker starts a process (spawned: a process that runs threads is
never forked) that prepares, renders and writes the brief with the same service as the
command line. The case is read only by this process — its file is held exclusively by the
open case, and an encrypted case's key never leaves it: the worker answers the child's
questions over a pipe (records a batch at a time, stored originals, the content digest)
and passes its progress on. Signing happens here, once the child has written the file.

Cancel stops a child that is still reading or building at once (nothing is written yet);
a child that is writing is asked to stop, and removes its partial file itself.

This module imports no Qt: the child imports it, and only what the brief needs.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from casefile.brief.embedding import Embedding
from casefile.brief.export import ExportResult
from casefile.brief.model import BriefOptions
from casefile.brief.render import BriefCancelled
from casefile.brief.service import BriefCase, Signing
from casefile.core.errors import CaseError
from casefile.core.model import CaseInfo, Kind, Original, Record

BATCH = 250  # records a message: pickling one batch is one step of the worker (~10 ms)
POLL_SECONDS = 0.05
PROGRESS_EVERY = 0.1  # seconds between the child's progress messages
ENDED = (
    "The brief's process stopped before the brief was written (the computer may have run "
    "out of memory). No file was written."
)


@dataclass(frozen=True)
class BriefJob:
    """What the child is told when it starts: plain, picklable values."""

    options: BriefOptions
    embedding: Embedding
    out: Path
    fmt: str
    info: CaseInfo
    case_path: Path | None
    read_only: bool
    protected: tuple[Path, ...]


def export_in_process(
    case: BriefCase,
    options: BriefOptions,
    embedding: Embedding,
    out: Path,
    fmt: str,
    sign: Signing | None,
    report: Callable[[int, int], None],
    cancelled: Callable[[], bool],
) -> tuple[BriefOptions, ExportResult]:
    """Write the brief in a child process (call on a worker thread, which answers it);
    the options the brief was made with (as redaction left them) and what was written."""
    job = BriefJob(options, embedding, out, fmt, case.info(), case.path, case.read_only,
                   tuple(case.protected_paths()))  # fmt: skip
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    child = context.Process(target=child_main, args=(theirs, job), name="casefile-brief",
                            daemon=True)  # fmt: skip
    child.start()
    theirs.close()
    try:
        used, written = _Answerer(ours, child, case, report, cancelled).serve()
    finally:
        ours.close()
        if child.is_alive():
            child.terminate()
        child.join()
    if sign is not None:
        from casefile.brief import service

        written = service.sign_written(written, sign)
    return used, written


class _Answerer:
    """The worker's side of the pipe: answers the child until it has written the brief."""

    def __init__(
        self,
        pipe: Connection,
        child: Any,
        case: BriefCase,
        report: Callable[[int, int], None],
        cancelled: Callable[[], bool],
    ) -> None:
        self.pipe, self.child, self.case = pipe, child, case
        self.report, self.cancelled = report, cancelled
        self.writing = False  # the child has begun the file: it must remove it itself
        self.asked_to_stop = False

    def serve(self) -> tuple[BriefOptions, ExportResult]:
        while True:
            self._stop_if_cancelled()
            if not self.pipe.poll(POLL_SECONDS):
                if not self.child.is_alive() and not self.pipe.poll():
                    raise CaseError(ENDED)
                continue
            try:
                message = self.pipe.recv()
            except (EOFError, OSError):
                raise CaseError(ENDED) from None
            tag = message[0]
            if tag == "all":
                self._stream(message[1])
            elif tag == "original":
                self.pipe.send(self.case.original(message[1]))
            elif tag == "digest":
                self.pipe.send(self.case.digest())
            elif tag == "writing":  # may it begin the file? Not once Cancel was asked
                self.writing = not self.cancelled()
                self.pipe.send(self.writing)
            elif tag == "progress":
                self.report(message[1], message[2])
            elif tag == "done":
                return message[1], message[2]
            elif tag == "error":
                raise _error(*message[1:])

    def _stop_if_cancelled(self) -> None:
        if not self.cancelled():
            return
        if not self.writing:  # nothing is written yet: stop it now
            self.child.terminate()
            raise BriefCancelled()
        if not self.asked_to_stop:  # it removes its partial file and answers "cancelled"
            self.asked_to_stop = True
            self.pipe.send(("cancel",))

    def _stream(self, kind: Kind) -> None:
        batch: list[Record] = []
        for record in self.case.all(kind):
            batch.append(record)
            if len(batch) == BATCH:
                self.pipe.send(batch)
                batch = []
                self._stop_if_cancelled()
        if batch:
            self.pipe.send(batch)
        self.pipe.send(None)


def _error(kind: str, text: str, errno: int | None = None) -> BaseException:
    """The child's failure, raised again here (its own classes need not survive a pickle)."""
    if kind == "cancelled":
        return BriefCancelled()
    if kind == "case":
        return CaseError(text)
    if kind == "os":
        return OSError(errno or 0, text)
    return RuntimeError(text)


# --- in the child -------------------------------------------------------------------------


class _PipedCase:
    """The open case as the child sees it: ``service.BriefCase`` answered over the pipe."""

    def __init__(self, pipe: Connection, job: BriefJob) -> None:
        self.pipe, self.job = pipe, job

    @property
    def path(self) -> Path | None:
        return self.job.case_path

    @property
    def read_only(self) -> bool:
        return self.job.read_only

    def info(self) -> CaseInfo:
        return self.job.info

    def all(self, kind: Kind) -> Iterator[Record]:
        self.pipe.send(("all", kind))
        while (batch := self.pipe.recv()) is not None:
            yield from batch

    def original(self, sha256: str) -> Original | None:
        self.pipe.send(("original", sha256))
        found: Original | None = self.pipe.recv()
        return found

    def digest(self) -> str:
        self.pipe.send(("digest",))
        return str(self.pipe.recv())

    def package(self, info: CaseInfo, records: Sequence[Record]) -> bytes:
        from casefile.storage.brief_source import package_of

        return package_of(info, records)

    def protected_paths(self) -> list[Path]:
        return list(self.job.protected)

    def record_export(self, name: str, record: str) -> None:
        raise AssertionError("the window records the export, not the child")


class _Progress:
    """The child's progress and Cancel: a message at most every ``PROGRESS_EVERY``."""

    def __init__(self, pipe: Connection) -> None:
        self.pipe = pipe
        self.sent = 0.0
        self.stop = False

    def report(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.sent >= PROGRESS_EVERY or done >= total:
            self.sent = now
            self.pipe.send(("progress", done, total))

    def cancelled(self) -> bool:
        while not self.stop and self.pipe.poll():
            self.stop = self.pipe.recv() == ("cancel",)
        return self.stop


def child_main(pipe: Connection, job: BriefJob) -> None:
    """The child process: prepare, render and write the brief; tell the worker how it ended."""
    from casefile.brief import service

    try:
        prepared = service.prepare(_PipedCase(pipe, job), job.options, job.embedding)
        pipe.send(("writing",))
        if not pipe.recv():
            raise BriefCancelled()
        progress = _Progress(pipe)
        written = service.write(prepared, job.out, progress.report, progress.cancelled,
                                fmt=job.fmt)  # fmt: skip
        pipe.send(("done", prepared.model.options, written))
    except BriefCancelled:
        pipe.send(("error", "cancelled", ""))
    except CaseError as err:
        pipe.send(("error", "case", str(err)))
    except OSError as err:
        pipe.send(("error", "os", err.strerror or str(err), err.errno))
    except Exception as err:  # said in words by the window; never a traceback
        pipe.send(("error", "other", f"{type(err).__name__}: {err}"))
    finally:
        pipe.close()


__all__ = ["BriefJob", "child_main", "export_in_process"]
