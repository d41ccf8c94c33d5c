"""Records dragged inside casefile: the internal drag type, and reading it back for a case."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

IDS_TYPE = "application/x-casefile-ids"


@dataclass(frozen=True)
class InternalIds:
    """Records dragged inside casefile: their kind and ids, and which case they belong to."""

    case: str
    kind: str
    ids: tuple[str, ...]


def case_token(case: Any) -> str:
    """Names the open case so a drag from another case or window is not taken for ours."""
    return str(case.path) if getattr(case, "path", None) else f"memory:{id(case)}"


def internal_ids(data: dict[str, bytes], case: Any) -> InternalIds | None:
    """The records of an internal drag from this case, or None (external or another case)."""
    raw = data.get(IDS_TYPE)
    if not raw:
        return None
    try:
        value = json.loads(raw.decode("utf-8"))
        ids = InternalIds(str(value["case"]), str(value["kind"]), tuple(map(str, value["ids"])))
    except (ValueError, KeyError, TypeError):
        return None
    return ids if ids.case == case_token(case) and ids.ids else None
