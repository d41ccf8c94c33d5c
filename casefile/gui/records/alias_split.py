"""Split an alias back out into its own person or organisation, as one undoable step."""

from __future__ import annotations

from typing import Any

from casefile.core.merge import SplitAlias


def split_alias(session: Any, entity: str, alias: str) -> str | None:
    """Push the split; return the new entity's id, or None when it was refused (shown)."""
    command = SplitAlias(entity, alias)
    change = session.push(command)
    return command.new_ident if change is not None else None
