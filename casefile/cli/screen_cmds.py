"""``casefile screen``: candidates from a FollowTheMoney list on disk; changes nothing."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser(
        "screen",
        help="match the case's people and organisations against an FtM list (changes nothing)",
    )
    p.add_argument("case", type=Path)
    p.add_argument("list", type=Path, metavar="LIST.ftm.json")
    p.add_argument("--threshold", type=float, default=None,
                   help="lowest score shown, 0-100 (default 88)")  # fmt: skip
    p.add_argument("--json", action="store_true", help="print the candidates as JSON")
    p.set_defaults(handler=cmd_screen)


def cmd_screen(args: argparse.Namespace) -> int:
    from casefile.cli.passphrase import open_case
    from casefile.core.errors import CaseError
    from casefile.core.model import Entity
    from casefile.interchange import ftm
    from casefile.interchange.screening import DEFAULT_THRESHOLD, screen

    threshold = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    if not 0 <= threshold <= 100:
        raise CaseError("--threshold is a score from 0 to 100")
    ftm.model()
    with open_case(args.case, read_only=True) as case:
        entities = [e for e in case.store.all("entity") if isinstance(e, Entity)]
    found = screen(entities, args.list, threshold)
    if args.json:
        rows = [
            {
                "entity": c.entity, "entity_name": c.entity_name, "list_id": c.list_id,
                "caption": c.caption, "schema": c.schema, "score": c.score,
                "matched": list(c.matched), "datasets": list(c.datasets),
            }
            for c in found
        ]  # fmt: skip
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not found:
        print(f"no candidates at or above {threshold:g} among {len(entities)} entities")
    for c in found:
        print(
            f"{c.score:5.1f}  {c.entity_name} [{c.entity}]  ~  {c.caption} [{c.list_id}, {c.schema}]"
        )
        print(f"       {'; '.join(c.matched)}")
    return 0
