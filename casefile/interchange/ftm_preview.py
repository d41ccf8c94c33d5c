"""The preview of a FollowTheMoney import: counts, what is already in the case, duplicates."""

from __future__ import annotations

from collections.abc import Iterable

from casefile.core.duplicates import suggest
from casefile.core.model import Entity
from casefile.interchange.ftm_import import FtmImport

SHOWN_DUPLICATES = 10


def preview(plan: FtmImport, existing: Iterable[Entity] | None) -> str:
    """Counts of what an import would add or update, and likely duplicates (never merged)."""
    lines = [f"FollowTheMoney dataset {plan.dataset}: {plan.summary()}"]
    if existing is not None:
        have = {e.id: e for e in existing}
        updated = sum(1 for e in plan.entities if e.id in have)
        lines.append(f"new: {len(plan.entities) - updated}, already in the case: {updated}")
        incoming = {e.id for e in plan.entities} - set(have)
        merged = dict(have)
        merged.update({e.id: e for e in plan.entities})
        pairs = [
            s for s in suggest(merged.values()) if (s.first in incoming) != (s.second in incoming)
        ]
        lines.append(
            f"likely duplicates of people or organisations already in the case: {len(pairs)} "
            "(review them under Analysis → Duplicates; nothing is merged)"
        )
        lines += [
            f"  {s.score:.0f}  {s.first_name}  ~  {s.second_name}" for s in pairs[:SHOWN_DUPLICATES]
        ]
    lines += [f"left out: {problem}" for problem in plan.problems]
    return "\n".join(lines)
