"""Child of the crash harness: applies random commands to a case until it is killed.

Run as ``python crash_child.py CASE LOG SEED COUNT``. For every change it writes
``PENDING n [[kind, id, after-json], ...]`` to LOG *before* the transaction commits, then
``ACK n`` once ``Case.execute`` (or ``revert``) has returned, i.e. after the commit; ``FAILED n``
if the command was refused. LOG is written with unbuffered ``os.write`` so a SIGKILL loses
nothing that was written. The parent reads LOG after the kill and knows, for every record,
the state it must find: the acknowledged one, or for the one unacknowledged change, all of
its before images or all of its after images.
"""

from __future__ import annotations

import json
import os
import random
import sys
import types
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parents[1])]

from crash_actions import ACTIONS, World  # noqa: E402

from casefile.core import commands as real_commands  # noqa: E402
from casefile.core.commands import Change  # noqa: E402
from casefile.core.errors import CaseError  # noqa: E402
from casefile.core.serial import to_json  # noqa: E402
from casefile.storage import case as case_module  # noqa: E402
from casefile.storage import open_case  # noqa: E402


class Log:
    """Unbuffered line log: each line is one write(2), complete before we go on."""

    def __init__(self, path: str) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        self.seq = 0

    def line(self, *parts: Any) -> None:
        text = " ".join(str(p) for p in parts) + "\n"
        os.write(self.fd, text.encode("utf-8"))

    def pending(self, change: Change, store: Any = None) -> None:
        self.seq += 1
        images = [[rc.kind, rc.ident, to_json(rc.after)] for rc in change.records]
        if change.bulk is not None and not change.bulk.removes:  # an import: its added
            rows = store.conn.execute(  # records are named in the history, not the change
                "SELECT kind, object_id FROM history_added WHERE seq = ?", (change.bulk.seq,)
            ).fetchall()
            images += [[k, i, to_json(store.get(k, i))] for k, i in rows]
        self.line("PENDING", self.seq, json.dumps(images, ensure_ascii=True))


def install_hooks(log: Log) -> None:
    """Report every change between its planning and its commit (the real code path runs)."""

    def execute(store: Any, command: real_commands.Command) -> Change:
        change = real_commands.execute(store, command)
        log.pending(change, store)
        return change

    def replay(store: Any, change: Change) -> None:
        real_commands.replay(store, change)
        log.pending(change, store)

    proxy = types.SimpleNamespace(**vars(real_commands))
    proxy.execute = execute
    proxy.replay = replay
    case_module.commands = proxy  # type: ignore[assignment]


def main(argv: list[str]) -> int:
    path, log_path, seed, count = Path(argv[1]), argv[2], int(argv[3]), int(argv[4])
    log = Log(log_path)
    install_hooks(log)
    case = open_case(path, passphrase=os.environ.get("CASEFILE_PASSPHRASE"))
    world = World.load(case)
    log.line("READY")
    rng = random.Random(seed)
    names = [name for name, _ in ACTIONS]
    weights = [weight for _, weight in ACTIONS]
    for _ in range(count):
        name = rng.choices(names, weights)[0]
        before = log.seq
        try:
            world.run(name, case, rng)
        except CaseError as err:
            if log.seq > before:
                log.line("FAILED", log.seq, json.dumps(str(err)))
            continue
        if log.seq > before:
            log.line("ACK", log.seq, name)
    case.close()
    log.line("CLOSED")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
