"""Before export, brief or add: does the case pass its own check? Stop, or go on with --force."""

from __future__ import annotations

import sys
from typing import Any

SHOWN = 5


def vet(case: Any, force: bool, command: str, originals: bool = False) -> None:
    """Raise a ``CaseError`` naming the problems ``casefile check`` would report.

    With ``force`` the command goes on, and says so on standard error.
    """
    from casefile.core.errors import CaseError
    from casefile.core.inert import inert
    from casefile.storage.check import sound_problems

    problems = sound_problems(case, originals=originals)
    if not problems:
        return
    count = len(problems)
    listed = "; ".join(inert(p) for p in problems[:SHOWN])
    more = f"; and {count - SHOWN} more" if count > SHOWN else ""
    found = f"{count} problem{'s' if count != 1 else ''} ({listed}{more})"
    if not force:
        raise CaseError(
            f"{case.path.name if case.path else 'the case'} fails its check: {found}. "
            f"Run 'casefile check' to see them all; '{command} --force' goes on anyway."
        )
    print(f"casefile: warning: going on with --force despite {found}", file=sys.stderr)
