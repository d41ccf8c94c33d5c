"""A package merge plan in words: the conflict report and the preview of an import."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from casefile.core.commands import NOUNS
from casefile.core.model import EvidenceLink, Kind
from casefile.core.package_merge import ORDER, MergePlan

REPORT_ORDER: tuple[Kind, ...] = (
    "entity",
    "relationship",
    "source",
    "snippet",
    "claim",
    "section",
)
SHOWN = 20
"""Conflicts and updated records listed one by one; the rest are counted."""


@dataclass
class ImportReport:
    """What an import did."""

    added: dict[Kind, int]
    updated: dict[Kind, int]
    ignored: list[str]
    unchanged: int = 0
    renamed: int = 0

    def summary(self) -> str:
        parts = []
        for kind in REPORT_ORDER:
            total = self.added.get(kind, 0) + self.updated.get(kind, 0)
            if total:
                singular, plural = NOUNS[kind]
                parts.append(f"{total} {singular if total == 1 else plural}")
        new = sum(self.added.values())
        changed = sum(self.updated.values())
        if not parts:
            return "nothing to import: the case already holds everything in the package"
        what = ", ".join(parts)
        extra = f", {self.unchanged} unchanged" if self.unchanged else ""
        renamed = f", {self.renamed} under new ids" if self.renamed else ""
        return f"imported {what} ({new} new{renamed}, {changed} updated{extra})"


def counted(count: int, kind: Kind) -> str:
    singular, plural = NOUNS[kind]
    return f"{count} {singular if count == 1 else plural}"


def conflict_message(name: str, plan: MergePlan) -> str:
    """One paragraph: the package was refused, which ids and fields conflict, what to do."""
    count = len(plan.conflicts)
    listed = "; ".join(str(c) for c in plan.conflicts[:SHOWN])
    more = f"; and {count - SHOWN} more" if count > SHOWN else ""
    records = "record has" if count == 1 else "records have"
    return (
        f"{name} was not imported, the case is unchanged: {count} {records} the id of "
        f"evidence already in the case but different content ({listed}{more}). Captured "
        "evidence is never rewritten; import the package as new records instead "
        "(casefile import --as-new) to keep both."
    )


def preview_lines(plan: MergePlan) -> list[str]:
    """What an import would do, one line each: added, updated field by field, conflicts."""
    lines: list[str] = []
    added = Counter(plan.added)
    if added:
        lines.append("would add: " + _by_kind(added))
    renamed = sorted(plan.renamed.items(), key=lambda item: ORDER.index(item[0][0]))
    for (kind, old), new in renamed[:SHOWN]:
        lines.append(f"  as new: {kind} {old} -> {new}")
    if len(renamed) > SHOWN:
        lines.append(f"  … and {len(renamed) - SHOWN} more under new ids")
    if plan.updated:
        lines.append("would update: " + _by_kind(Counter(u.after.KIND for u in plan.updated)))
    for update in plan.updated[:SHOWN]:
        rec = update.after
        for name in update.fields():
            old, new = getattr(update.before, name), getattr(rec, name)
            lines.append(f"  {rec.KIND} {rec.id}: {name}: {_short(old)} -> {_short(new)}")
    if len(plan.updated) > SHOWN:
        lines.append(f"  … and {len(plan.updated) - SHOWN} more updated records")
    if plan.unchanged:
        lines.append(f"unchanged: {plan.unchanged} record{'s' if plan.unchanged != 1 else ''}")
    if plan.conflicts:
        lines.append(f"conflicts: {len(plan.conflicts)} (the import would be refused)")
        lines += [f"  {c}" for c in plan.conflicts[:SHOWN]]
        if len(plan.conflicts) > SHOWN:
            lines.append(f"  … and {len(plan.conflicts) - SHOWN} more")
    lines += [f"problem: {p}" for p in plan.problems]
    if not lines or (plan.empty and not plan.conflicts and not plan.problems):
        lines.append("nothing would change: the case already holds everything in the package")
    return lines


def _by_kind(counts: Counter[Kind]) -> str:
    return ", ".join(counted(counts[k], k) for k in ORDER if counts[k])


def _short(value: Any, limit: int = 60) -> str:
    if value is None or value == ():
        return "(empty)"
    if isinstance(value, tuple):
        text = ", ".join(_short(v, 30) for v in value)
    elif isinstance(value, EvidenceLink):
        text = f"{value.snippet} ({value.stance})"
    elif isinstance(value, str):
        text = repr(" ".join(value.split()))
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
