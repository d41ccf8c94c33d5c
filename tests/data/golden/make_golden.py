"""Make one golden case file with the casefile code on ``sys.path`` (any released version).

Run from a checkout of the version to capture (the commit before the next migration was
added), e.g.::

    git worktree add /tmp/v4 44f6fdd~1
    PYTHONPATH=/tmp/v4 python tests/data/golden/make_golden.py tests/data/golden/schema4.casefile

It creates a case, imports ``golden_package.json`` (one undo step), edits a person's notes,
deletes a quote and closes the case cleanly. ``test_golden_cases.py`` opens copies of the
files with today's code (which migrates them) and checks what they hold. The script only
uses calls every released version has (``create_case``, ``parse_package``,
``import_package``, ``Edit``, ``DeleteRecords``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from casefile.core.commands import DeleteRecords, Edit
from casefile.storage import create_case
from casefile.storage.package import import_package, parse_package

HERE = Path(__file__).resolve().parent


def main(out: str, passphrase: str | None = None) -> None:
    extra = {"passphrase": passphrase} if passphrase else {}
    case = create_case(Path(out), "Golden case", reference="GOLD-1", marking="TLP:AMBER", **extra)
    try:
        raw = (HERE / "golden_package.json").read_bytes()
        import_package(case, parse_package(raw, "golden_package.json"))
        case.execute(Edit("entity", "e1", {"notes": "Met the buyer in Ganzhou."}))
        case.execute(DeleteRecords("snippet", ["n3"]))
    finally:
        case.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
