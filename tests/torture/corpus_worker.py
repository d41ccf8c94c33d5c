"""Worker process of the hostile-file test: opens files it is sent and reports what happened.

Reads one file path per line on stdin, writes one JSON result per line on stdout. Every
hardened connection gets a trap function; if schema-defined code ever calls it, the result
says so. The parent kills a worker that does not answer in time (a hang).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
import time
import traceback
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parents[1])]

from corpus import TRAP  # noqa: E402

from casefile.core.errors import CaseError  # noqa: E402
from casefile.storage import connection, open_case  # noqa: E402
from casefile.storage.check import verify_originals  # noqa: E402

CALLS: list[str] = []
_real_harden = connection.harden


def _trapped_harden(conn: Any) -> None:
    _real_harden(conn)
    conn.create_function(TRAP, -1, lambda *args: CALLS.append(repr(args)) or 1)


connection.harden = _trapped_harden


def fingerprint(path: Path) -> str:
    """Hash of the file's bytes (or what it is, for non-files) and of its side files."""
    parts = []
    for item in sorted(path.parent.glob(path.name + "*")):
        mode = item.lstat().st_mode
        if stat.S_ISREG(mode):
            parts.append(f"{item.name}:{hashlib.sha256(item.read_bytes()).hexdigest()}")
        else:
            parts.append(f"{item.name}:{stat.S_IFMT(mode)}")
    return ";".join(parts)


def exercise(path: Path, read_only: bool) -> dict[str, Any]:
    """Open the file and read from it as the app would; classify what happened."""
    started = time.monotonic()
    try:
        case = open_case(path, read_only=read_only)
    except CaseError as err:
        return {"outcome": "refused", "message": str(err), "seconds": time.monotonic() - started}
    except Exception:
        return {"outcome": "crash", "message": traceback.format_exc(limit=6)}
    opened = "opened_ro" if case.read_only else "opened_rw"
    try:
        for kind in ("case", "entity", "relationship", "source", "snippet", "claim"):
            case.count(kind)  # type: ignore[arg-type]
            for number, _record in enumerate(case.store.all(kind)):  # type: ignore[arg-type]
                if number > 200:
                    break
        case.search("alpha", limit=5)
        case.history(5)
        verify_originals(case)
    except CaseError as err:
        return {"outcome": opened, "read_error": str(err), "seconds": time.monotonic() - started}
    except Exception:
        return {"outcome": opened, "read_crash": traceback.format_exc(limit=6)}
    finally:
        with contextlib.suppress(Exception):
            case.close()
    return {"outcome": opened, "seconds": time.monotonic() - started}


def handle(path: Path) -> dict[str, Any]:
    before = fingerprint(path)
    result: dict[str, Any] = {"path": str(path)}
    result["ro"] = exercise(path, read_only=True)
    result["ro_modified"] = fingerprint(path) != before
    result["rw"] = exercise(path, read_only=False)
    if result["rw"]["outcome"] in ("refused", "crash"):
        result["rw_modified"] = fingerprint(path) != before
    result["trap_calls"] = list(CALLS)
    CALLS.clear()
    return result


def main() -> int:
    os.environ.setdefault("CASEFILE_CORPUS_WORKER", "1")
    for line in sys.stdin:
        result = handle(Path(line.strip()))
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
