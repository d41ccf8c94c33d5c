"""The tree of duplicate suggestions: groups of likely-same entities, their members, aliases."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from casefile.core.commands import Change
from casefile.core.duplicates import Cluster, Suggestion
from casefile.core.model import Entity
from casefile.gui.analysis.duplicates_groups import Group, Member
from casefile.gui.common.text import one_line, tooltip

Index = QModelIndex | QPersistentModelIndex
CountLinks = Callable[[list[str]], dict[str, int]]
HEADERS = ("Name", "In the merge", "Why it looks like the same one", "Score", "Linked")
HEADER_TIPS = (
    "Ticked entries are merged into the one in bold",
    "What a merge does to each entry",
    "The closest match and why; hover for every match",
    "How sure the match is, out of 100",
    "Evidence mentions, claims and relationships that refer to it",
)
ID_ROLE = Qt.ItemDataRole.UserRole
ROW_KIND_ROLE = Qt.ItemDataRole.UserRole + 1
KEEPS, JOINS, LEFT, KEPT = "keeps its name", "becomes an alias", "left as it is", "kept"
MERGED_WHY = "Its aliases are listed below; Split alias out takes one back out"
TEXT_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def _aligned(column: int, role: int) -> Any:
    if role == Qt.ItemDataRole.TextAlignmentRole and column in (3, 4):
        return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return None


def _reason(pair: Suggestion | None) -> tuple[str, str]:
    return (pair.reason, f"{pair.score:.0f}") if pair else ("", "")


class DuplicatesModel(QAbstractItemModel):
    """Groups at the top, their members below (checkable: merge or not), aliases below those.

    Internal ids: 0 for a group row, the group's node for a member row, the member's node for
    an alias row. The model follows every committed change to the entities it shows.
    """

    def __init__(self, parent: Any = None, count_links: CountLinks | None = None) -> None:
        super().__init__(parent)
        self.groups: list[Group] = []
        self._nodes: dict[int, Group | Member] = {}
        self._rows: dict[int, int] = {}
        self._next = 1
        self.count_links = count_links

    # --- filling -------------------------------------------------------------------------

    def set_clusters(
        self, found: Iterable[Cluster], entities: dict[str, Entity], links: dict[str, int]
    ) -> None:
        self.beginResetModel()
        self.groups, self._nodes = [], {}
        for cluster in found:
            members = [entities[i] for i in cluster.members if i in entities]
            if len(members) < 2:
                continue
            group = Group(self._new_node(), cluster, known=set(cluster.members))
            self._nodes[group.node] = group
            group.members = [self._member(group, e, links.get(e.id, 0)) for e in members]
            group.survivor = max(group.members, key=lambda m: m.links).entity.id
            direct = {i for p in group.pairs_of(group.survivor) for i in (p.first, p.second)}
            for member in group.members:  # a chain of likenesses is offered, not ticked
                member.included = member.entity.id in direct
            self.groups.append(group)
        self._renumber()
        self.endResetModel()

    def _new_node(self) -> int:
        self._next += 1
        return self._next

    def _member(self, group: Group, entity: Entity, links: int, included: bool = True) -> Member:
        member = Member(self._new_node(), group, entity, links, included)
        self._nodes[member.node] = member
        return member

    def _renumber(self) -> None:
        self._rows = {g.node: row for row, g in enumerate(self.groups)}

    # --- the tree --------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        node = self.node(parent)
        return self.createIndex(row, column, node.node) if node is not None else QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        owner = self._nodes.get(index.internalId())
        if isinstance(owner, Group):
            return self.createIndex(self._rows[owner.node], 0, 0)
        if isinstance(owner, Member):
            return self.createIndex(owner.group.members.index(owner), 0, owner.group.node)
        return QModelIndex()

    def node(self, index: Index) -> Group | Member | None:
        """The group or member of a group or member row; None for an alias row."""
        if not index.isValid():
            return None
        owner = self._nodes.get(index.internalId()) if index.internalId() else None
        if owner is None and index.internalId() == 0:
            return self.groups[index.row()] if index.row() < len(self.groups) else None
        if isinstance(owner, Group) and index.row() < len(owner.members):
            return owner.members[index.row()]
        return None

    def alias_at(self, index: Index) -> tuple[Member, str] | None:
        """The member and the alias of an alias row."""
        owner = self._nodes.get(index.internalId()) if index.isValid() else None
        if isinstance(owner, Member) and index.row() < len(owner.entity.aliases):
            return owner, owner.entity.aliases[index.row()]
        return None

    def group_of(self, index: Index) -> Group | None:
        """The group a row of any level belongs to."""
        node = self.node(index)
        if node is None:
            found = self.alias_at(index)
            node = found[0] if found else None
        return node.group if isinstance(node, Member) else node

    def index_of(self, node: Group | Member, column: int = 0) -> QModelIndex:
        if isinstance(node, Group):
            return self.createIndex(self._rows[node.node], column, 0)
        return self.createIndex(node.group.members.index(node), column, node.group.node)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.groups)
        if parent.column() != 0:
            return 0
        node = self.node(parent)
        if isinstance(node, Group):
            return len(node.members)
        return len(node.entity.aliases) if isinstance(node, Member) else 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS[section]
        return None

    # --- cells -----------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self.node(index)
        if isinstance(node, Group):
            return self._group_data(node, index.column(), role)
        if isinstance(node, Member):
            return self._member_data(node, index.column(), role)
        alias = self.alias_at(index)
        return self._alias_data(alias, index.column(), role) if alias else None

    def _cell(self, values: tuple[str, ...], column: int, role: int, tip: str = "") -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return one_line(values[column], 160)
        if values[column] or tip:
            return tooltip(tip if tip and column in (0, 2) else values[column])
        return None

    def _group_data(self, group: Group, column: int, role: int) -> Any:
        if role == ROW_KIND_ROLE:
            return "group"
        if role == ID_ROLE:
            return group.survivor
        if role == Qt.ItemDataRole.FontRole:
            return _bold() if column == 0 else None
        if role not in TEXT_ROLES:
            return _aligned(column, role)
        names = " / ".join(m.entity.name for m in group.members)
        if group.merged:
            survivor = group.member(group.survivor)
            name = survivor.entity.name if survivor else ""
            done = f"{len(group.merged_away)} merged into it; Undo reverses the merge"
            values = (f"Merged into “{name}”", "merged", done, "", "")
        else:
            why, score = _reason(group.cluster.pairs[0] if group.cluster.pairs else None)
            links = str(sum(m.links for m in group.members))
            values = (names, f"{len(group.members)} entries", why, score, links)
        return self._cell(values, column, role, names)

    def _member_data(self, member: Member, column: int, role: int) -> Any:
        group, ident = member.group, member.entity.id
        survivor = ident == group.survivor
        if role == ROW_KIND_ROLE:
            return "member"
        if role == ID_ROLE:
            return ident
        if role == Qt.ItemDataRole.CheckStateRole:
            if column != 0 or group.merged:
                return None
            checked = member.included or survivor
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.FontRole:
            return _bold() if column == 0 and survivor else None
        if role not in TEXT_ROLES:
            return _aligned(column, role)
        if group.merged and survivor:
            why, score, state = MERGED_WHY, "", KEPT
        else:
            why, score = _reason(self._pair_for(member))
            state = KEEPS if survivor else JOINS if member.included else LEFT
        values = (member.entity.name, state, why, score, str(member.links))
        tip = "\n".join(p.reason for p in group.pairs_of(ident)[:20])
        return self._cell(values, column, role, tip or member.entity.name)

    @staticmethod
    def _pair_for(member: Member) -> Suggestion | None:
        """The pair that ties a member to the kept entry, or else to any other member."""
        group, ident = member.group, member.entity.id
        pairs = group.pairs_of(ident)
        if ident != group.survivor:
            with_kept = [p for p in pairs if group.survivor in (p.first, p.second)]
            if with_kept:
                return with_kept[0]
        present = set(group.ids())
        return next((p for p in pairs if {p.first, p.second} <= present), None)

    def _alias_data(self, found: tuple[Member, str], column: int, role: int) -> Any:
        member, alias = found
        if role == ROW_KIND_ROLE:
            return "alias"
        if role == ID_ROLE:
            return member.entity.id
        if role not in TEXT_ROLES:
            return None
        fresh = alias in member.group.merged_names and member.group.merged
        values = (alias, "merged-in alias" if fresh else "alias", "", "", "")
        tip = f"An alias of “{member.entity.name}”. Split it out to make it its own entry."
        return self._cell(values, column, role, tip)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        node = self.node(index)
        if (
            isinstance(node, Member)
            and index.column() == 0
            and node.entity.id != node.group.survivor
            and not node.group.merged
        ):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        node = self.node(index)
        if role != Qt.ItemDataRole.CheckStateRole or not isinstance(node, Member):
            return False
        if not self.flags(index) & Qt.ItemFlag.ItemIsUserCheckable:
            return False
        node.included = Qt.CheckState(value) == Qt.CheckState.Checked
        self._changed_row(node)
        self._changed_row(node.group)
        return True

    def _changed_row(self, node: Group | Member) -> None:
        last = len(HEADERS) - 1
        self.dataChanged.emit(self.index_of(node), self.index_of(node, last))

    # --- choices ---------------------------------------------------------------------------

    def set_survivor(self, member: Member) -> None:
        """This member keeps its name; the others merge into it."""
        group = member.group
        group.survivor = member.entity.id
        member.included = True
        for other in group.members:
            self._changed_row(other)
        self._changed_row(group)

    def dismiss(self, group: Group) -> None:
        """Remove a group (the user says its members are not the same)."""
        row = self._rows[group.node]
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.groups[row]
        self._forget(group)
        self._renumber()
        self.endRemoveRows()

    def _forget(self, group: Group) -> None:
        self._nodes.pop(group.node, None)
        for member in group.members:
            self._nodes.pop(member.node, None)

    def add_member(self, group: Group, entity: Entity, included: bool = False) -> Member:
        """Add an entity (an alias just split out) to a group, not merged by default."""
        row = len(group.members)
        self.beginInsertRows(self.index_of(group), row, row)
        member = self._member(group, entity, 0, included)
        group.members.append(member)
        group.known.add(entity.id)
        if not included:
            group.split_out.add(entity.id)
        self.endInsertRows()
        self._changed_row(group)
        return member

    # --- following changes -----------------------------------------------------------------

    def apply_change(self, change: Change) -> None:
        """Follow created, edited and deleted entities of the groups shown."""
        touched: list[Member] = []
        for rc in change.records:
            if rc.kind != "entity":
                continue
            if rc.after is None:
                self._remove_entity(rc.ident)
            elif isinstance(rc.after, Entity):
                touched += self._update_entity(rc.after, created=rc.before is None)
        self._recount(touched)

    def _groups_knowing(self, ident: str) -> list[Group]:
        return [g for g in self.groups if ident in g.known]

    def _remove_entity(self, ident: str) -> None:
        for group in self._groups_knowing(ident):
            member = group.member(ident)
            if member is None:
                continue
            if len(group.members) < 3 and group.merged_into is None:
                self.dismiss(group)
                continue
            row = group.members.index(member)
            self.beginRemoveRows(self.index_of(group), row, row)
            del group.members[row]
            self._nodes.pop(member.node, None)
            self.endRemoveRows()
            if group.survivor == ident and group.members:
                group.survivor = group.members[0].entity.id
            self._changed_row(group)

    def _update_entity(self, entity: Entity, created: bool) -> list[Member]:
        touched: list[Member] = []
        for group in self._groups_knowing(entity.id):
            member = group.member(entity.id)
            if member is None and created:
                included = entity.id not in group.split_out
                member = self.add_member(group, entity, included=included)
            if member is not None:
                self._replace(member, entity)
                touched.append(member)
        return touched

    def _replace(self, member: Member, entity: Entity) -> None:
        parent = self.index_of(member)
        if member.entity.aliases != entity.aliases:
            if member.entity.aliases:
                self.beginRemoveRows(parent, 0, len(member.entity.aliases) - 1)
                member.entity = Entity(entity.id, entity.name, entity.kind)
                self.endRemoveRows()
            if entity.aliases:
                self.beginInsertRows(parent, 0, len(entity.aliases) - 1)
                member.entity = entity
                self.endInsertRows()
        member.entity = entity
        self._changed_row(member)
        self._changed_row(member.group)

    def _recount(self, members: list[Member]) -> None:
        if not members or self.count_links is None:
            return
        counts = self.count_links(list(dict.fromkeys(m.entity.id for m in members)))
        for member in members:
            member.links = counts.get(member.entity.id, member.links)
            self._changed_row(member)
            self._changed_row(member.group)
