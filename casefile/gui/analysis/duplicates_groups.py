"""A group of likely duplicates as the duplicates view holds it: members, choices, history."""

from __future__ import annotations

from dataclasses import dataclass, field

from casefile.core.duplicates import Cluster, Suggestion
from casefile.core.model import Entity


@dataclass(eq=False)
class Member:
    """One entity in a group: its record, how many records link to it, and whether it merges."""

    node: int
    group: Group
    entity: Entity
    links: int = 0
    included: bool = True


@dataclass(eq=False)
class Group:
    """Entities suggested as one, the one that would keep its name, and what was merged."""

    node: int
    cluster: Cluster
    members: list[Member] = field(default_factory=list)
    survivor: str = ""
    known: set[str] = field(default_factory=set)
    merged_into: str | None = None
    merged_away: set[str] = field(default_factory=set)
    split_out: set[str] = field(default_factory=set)
    merged_names: set[str] = field(default_factory=set)
    by_member: dict[str, list[Suggestion]] = field(default_factory=dict)

    def pairs_of(self, ident: str) -> list[Suggestion]:
        """The suggestions that involve ``ident``, best first (indexed once per group)."""
        if not self.by_member:
            for pair in self.cluster.pairs:
                self.by_member.setdefault(pair.first, []).append(pair)
                self.by_member.setdefault(pair.second, []).append(pair)
        return self.by_member.get(ident, [])

    def ids(self) -> list[str]:
        return [m.entity.id for m in self.members]

    def member(self, ident: str) -> Member | None:
        return next((m for m in self.members if m.entity.id == ident), None)

    @property
    def merged(self) -> bool:
        present = set(self.ids())
        return self.merged_into in present and not (self.merged_away & present)

    def merge_plan(self) -> tuple[str, list[str]]:
        """The entity that survives and the included others that would merge into it."""
        others = [m.entity.id for m in self.members if m.included and m.entity.id != self.survivor]
        return self.survivor, others
