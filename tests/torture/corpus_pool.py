"""A small pool of corpus workers with a per-file timeout: a hang fails, it never blocks."""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
WORKER = HERE / "corpus_worker.py"


class _Worker:
    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(HERE.parents[1])}
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            text=True,
            bufsize=1,
        )
        self.task: Path | None = None
        self.started = 0.0

    def send(self, path: Path) -> None:
        assert self.proc.stdin is not None
        self.task, self.started = path, time.monotonic()
        self.proc.stdin.write(f"{path}\n")
        self.proc.stdin.flush()

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                with contextlib.suppress(BrokenPipeError):
                    pipe.close()


def run_pool(paths: list[Path], workers: int = 2, timeout: float = 10.0) -> dict[str, Any]:
    """Results per path; a file a worker did not finish in ``timeout`` s is a ``hang``."""
    queue = list(reversed(paths))
    results: dict[str, Any] = {}
    pool = [_Worker() for _ in range(max(1, min(workers, len(paths))))]
    selector = selectors.DefaultSelector()
    for worker in pool:
        _register(selector, worker)
    try:
        for worker in pool:
            if queue:
                worker.send(queue.pop())
        while any(w.task is not None for w in pool):
            for key, _ in selector.select(timeout=0.5):
                worker = key.data
                line = worker.proc.stdout.readline()
                if not line:  # the worker died: a crash of the process itself
                    results[str(worker.task)] = {"path": str(worker.task), "died": True}
                    worker = _replace(selector, pool, worker)
                else:
                    results[str(worker.task)] = json.loads(line)
                worker.task = None
                if queue:
                    worker.send(queue.pop())
            for worker in list(pool):
                if worker.task is not None and time.monotonic() - worker.started > timeout:
                    results[str(worker.task)] = {"path": str(worker.task), "hang": True}
                    fresh = _replace(selector, pool, worker)
                    if queue:
                        fresh.send(queue.pop())
    finally:
        for worker in pool:
            worker.kill()
        selector.close()
    return results


def _register(selector: selectors.BaseSelector, worker: _Worker) -> None:
    assert worker.proc.stdout is not None
    selector.register(worker.proc.stdout, selectors.EVENT_READ, worker)


def _replace(selector: selectors.BaseSelector, pool: list[_Worker], worker: _Worker) -> _Worker:
    selector.unregister(worker.proc.stdout)  # type: ignore[arg-type]
    worker.kill()
    fresh = _Worker()
    pool[pool.index(worker)] = fresh
    _register(selector, fresh)
    return fresh
