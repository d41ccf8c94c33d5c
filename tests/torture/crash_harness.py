"""Parent side of the crash harness: run the child, SIGKILL it at random, check nothing is lost.

Usable from tests (``run_rounds``) and by hand::

    python tests/torture/crash_harness.py ROUNDS [SEED]
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CHILD = HERE / "crash_child.py"

Key = tuple[str, str]
State = dict[Key, str]
KINDS = ("case", "entity", "relationship", "source", "snippet", "claim")


@dataclass
class Stats:
    """What a run of the harness did and found."""

    rounds: int = 0
    kills: int = 0
    clean_exits: int = 0
    acknowledged: int = 0
    records_checked: int = 0
    in_flight_applied: int = 0
    in_flight_absent: int = 0
    reopen_seconds_max: float = 0.0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.rounds} rounds ({self.kills} SIGKILLs, {self.clean_exits} clean exits), "
            f"{self.acknowledged} acknowledged changes checked, {self.records_checked} record "
            f"comparisons, in-flight change applied {self.in_flight_applied}x / absent "
            f"{self.in_flight_absent}x, slowest reopen {self.reopen_seconds_max:.2f}s, "
            f"{len(self.problems)} problems, {self.seconds:.1f}s"
        )


def snapshot(case: object) -> State:
    """Every record of the case as its canonical JSON."""
    from casefile.core.serial import to_json

    state: State = {}
    for kind in KINDS:
        for record in case.store.all(kind):  # type: ignore[attr-defined]
            state[(kind, record.id)] = to_json(record)  # type: ignore[assignment]
    return state


def history_count(case: object) -> int:
    """History entries, one per record a change touched (an import's added ids are listed in
    ``history_added`` under its one ``package`` row)."""
    sql = (
        "SELECT (SELECT count(*) FROM history WHERE kind != 'package') "
        "+ (SELECT count(*) FROM history_added)"
    )
    return int(case.conn.execute(sql).fetchone()[0])  # type: ignore[attr-defined]


class Harness:
    """One case file tortured round after round; ``model`` is what must be in it."""

    def __init__(
        self,
        path: Path,
        seed: int,
        child: Path = CHILD,
        delay: float = 0.3,
        passphrase: str | None = None,
    ) -> None:
        from casefile.storage import create_case

        self.path, self.passphrase = path, passphrase
        self.child, self.delay = child, delay
        self.rng = random.Random(seed)
        with create_case(path, "Crash harness", passphrase=passphrase) as case:
            self.model = snapshot(case)
            self.history = history_count(case)
        self.stats = Stats()

    def run(self, rounds: int) -> Stats:
        started = time.monotonic()
        for number in range(rounds):
            self.round(number)
        self.stats.seconds = time.monotonic() - started
        return self.stats

    def round(self, number: int) -> None:
        log = self.path.with_name(f"round-{number}.log")
        err = self.path.with_name(f"round-{number}.err")
        mode = self.rng.choices(("early", "mid", "finish"), (1, 8, 1))[0]
        count = self.rng.randint(1, 30) if mode == "finish" else 1_000_000
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        if self.passphrase is not None:  # the children open the case as the CLI does
            env["CASEFILE_PASSPHRASE"] = self.passphrase
        args = [sys.executable, str(self.child), str(self.path), str(log)]
        args += [str(self.rng.randrange(2**32)), str(count)]
        with err.open("wb") as errors:
            child = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=errors)
            killed = self._kill_at_random(child, log, mode)
        self.stats.rounds += 1
        self.stats.kills += killed
        if not killed:
            self.stats.clean_exits += 1
            if child.returncode != 0:
                tail = err.read_text(errors="replace")[-2000:]
                self.stats.problems.append(f"round {number}: child crashed:\n{tail}")
        lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
        self.verify(number, lines, clean=not killed)
        log.unlink(missing_ok=True)
        err.unlink(missing_ok=True)

    def _kill_at_random(self, child: subprocess.Popen[bytes], log: Path, mode: str) -> bool:
        if mode == "finish":
            child.wait(timeout=120)
            return False
        if mode == "early":
            time.sleep(self.rng.uniform(0.0, 0.4))
        else:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and child.poll() is None:
                if log.exists() and b"READY" in log.read_bytes()[:200]:
                    break
                time.sleep(0.005)
            time.sleep(self.rng.uniform(0.0, self.delay))
        if child.poll() is not None:
            return False
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        return True

    def verify(self, number: int, lines: list[str], clean: bool) -> None:
        from casefile.storage import open_case
        from casefile.storage.check import check_case

        acked, in_flight = self._replay_log(number, lines)
        self.stats.acknowledged += acked
        if clean and in_flight is not None:
            self.stats.problems.append(f"round {number}: a clean exit left a change unacknowledged")
        started = time.monotonic()
        try:
            case = open_case(self.path, passphrase=self.passphrase)
        except Exception as err:  # the reopen itself failing is the worst finding
            self.stats.problems.append(f"round {number}: reopen failed: {err!r}")
            return
        self.stats.reopen_seconds_max = max(
            self.stats.reopen_seconds_max, time.monotonic() - started
        )
        try:
            found, history = snapshot(case), history_count(case)
            self._compare(number, found, history, in_flight)
            if history != self.history:
                self.stats.problems.append(
                    f"round {number}: history has {history} entries, expected {self.history}"
                )
                self.history = history
            self.stats.problems += [f"round {number}: check: {p}" for p in check_case(case)]
        finally:
            case.close()
        leftovers = [p.name for p in self.path.parent.glob(self.path.name + "-*")]
        if leftovers:
            self.stats.problems.append(f"round {number}: files left after close: {leftovers}")

    def _replay_log(self, number: int, lines: list[str]) -> tuple[int, list[list[str]] | None]:
        pending: dict[int, list[list[str]]] = {}
        acked = 0
        for line in lines:
            word, _, rest = line.partition(" ")
            if word == "PENDING":
                seq, _, images = rest.partition(" ")
                pending.clear()  # one before it without ACK failed and was rolled back
                pending[int(seq)] = json.loads(images)
            elif word in ("ACK", "FAILED"):
                images = pending.pop(int(rest.split(" ")[0]))
                if word == "ACK":
                    self._apply(images)
                    acked += 1
        if len(pending) > 1:
            self.stats.problems.append(f"round {number}: {len(pending)} changes in flight at once")
        return acked, next(iter(pending.values()), None)

    def _apply(self, images: list[list[str]]) -> None:
        for kind, ident, after in images:
            if after is None:
                self.model.pop((kind, ident), None)
            else:
                self.model[(kind, ident)] = after
        self.history += len(images)

    def _compare(
        self, number: int, found: State, history: int, in_flight: list[list[str]] | None
    ) -> None:
        touched = {(k, i) for k, i, _ in in_flight or []}
        for key in self.model.keys() | found.keys():
            if key in touched:
                continue
            self.stats.records_checked += 1
            if self.model.get(key) != found.get(key):
                self._lost(number, key, found)
        if in_flight is None:
            return
        after = dict(self.model)
        for kind, ident, image in in_flight:
            after.pop((kind, ident), None) if image is None else after.__setitem__(
                (kind, ident), image
            )
        now = {key: found.get(key) for key in touched}
        # The history rows are written in the same transaction: they say whether it committed.
        committed = history == self.history + len(in_flight)
        expected = after if committed else self.model
        if now != {key: expected.get(key) for key in touched}:
            self.stats.problems.append(
                f"round {number}: the change in flight was half applied "
                f"({len(touched)} records, history says committed={committed})"
            )
            self.model = {**self.model, **{k: v for k, v in now.items() if v is not None}}
        elif committed:
            self.stats.in_flight_applied += 1
            self._apply(in_flight)
        else:
            self.stats.in_flight_absent += 1
        self.stats.records_checked += len(touched)

    def _lost(self, number: int, key: Key, found: State) -> None:
        expected, actual = self.model.get(key), found.get(key)
        what = "lost" if actual is None else "unexpected" if expected is None else "differs"
        self.stats.problems.append(f"round {number}: {key[0]} {key[1]} {what}")
        if actual is None:
            self.model.pop(key, None)
        else:
            self.model[key] = actual  # report once, then track the file's state


def run_rounds(folder: Path, rounds: int, seed: int = 1, passphrase: str | None = None) -> Stats:
    """Torture one new case in ``folder`` for ``rounds`` rounds (encrypted with a passphrase)."""
    return Harness(folder / "crash.casefile", seed, passphrase=passphrase).run(rounds)


def run_gui_rounds(folder: Path, rounds: int, seed: int = 1) -> Stats:
    """The same against the real window, offscreen, driven by a script."""
    child = HERE / "gui_crash_child.py"
    return Harness(folder / "crash.casefile", seed, child=child, delay=1.5).run(rounds)


if __name__ == "__main__":
    import tempfile

    sys.path[:0] = [str(HERE.parent), str(ROOT)]
    with tempfile.TemporaryDirectory() as tmp:
        result = run_rounds(Path(tmp), int(sys.argv[1]), int(sys.argv[2]) if sys.argv[2:] else 1)
    print(result.summary())
    print("\n".join(result.problems[:20]))
    sys.exit(1 if result.problems else 0)
