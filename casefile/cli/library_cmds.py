"""``casefile library``: the cross-case index — add folders, search, where else, list."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("library", help="the cross-case library: names and text across cases")
    lib = p.add_subparsers(dest="library_command", metavar="ACTION", required=True)
    q = lib.add_parser("add", help="index the case files in these folders (and remember them)")
    q.add_argument("folders", type=Path, nargs="+", metavar="DIR")
    q.set_defaults(handler=cmd_add)
    q = lib.add_parser("update", help="re-index new and changed cases in the library's folders")
    q.set_defaults(handler=cmd_update)
    q = lib.add_parser("list", help="the cases the library knows, and which cannot be read")
    q.set_defaults(handler=cmd_list)
    q = lib.add_parser("search", help="people, organisations and text across every case")
    q.add_argument("text")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_search)
    q = lib.add_parser("where", help="the other cases in which a case's entity appears")
    q.add_argument("case", type=Path)
    q.add_argument("entity", metavar="ENTITY_ID")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_where)


def _print_statuses(statuses: list[Any]) -> None:
    ok = [s for s in statuses if s.status == "ok"]
    print(f"{len(ok)} case{'s' if len(ok) != 1 else ''} indexed")
    for s in statuses:
        if s.status != "ok":
            kept = " (kept from an earlier index)" if s.status == "stale" else ""
            print(f"unreadable{kept}: {s.path}: {s.problem}")


def cmd_add(args: argparse.Namespace) -> int:
    from casefile.storage.library import Library

    with Library() as library:
        _print_statuses(library.add_folders(args.folders))
    return 0


def cmd_update(args: argparse.Namespace) -> int:
    from casefile.storage.library import Library

    with Library() as library:
        _print_statuses(library.update())
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from casefile.storage.library import Library

    with Library() as library:
        for folder in library.folders():
            print(f"folder: {folder}")
        for s in library.cases():
            print(f"{s.status}\t{s.path}\t{s.title or ''}\t{s.problem or ''}")
    return 0


def _print_hits(hits: list[Any], statuses: list[Any], as_json: bool) -> None:
    bad = [s for s in statuses if s.status != "ok"]
    if as_json:
        rows = [
            {"case": h.case_path, "case_title": h.case_title, "entity": h.entity_id,
             "entity_name": h.entity_name, "score": h.score, "why": h.why}
            for h in hits
        ]  # fmt: skip
        unreadable = [{"case": s.path, "status": s.status, "problem": s.problem} for s in bad]
        print(json.dumps({"hits": rows, "unreadable": unreadable}, ensure_ascii=False, indent=2))
        return
    if not hits:
        print("no matches in the library")
    for h in hits:
        who = f"{h.entity_name} [{h.entity_id}]" if h.entity_id else "(snippets)"
        print(f"{h.score:5.1f}  {h.case_title}  {who}  {h.why}  ({h.case_path})")
    for s in bad:
        print(f"not searched, unreadable: {s.path}: {s.problem}")


def cmd_search(args: argparse.Namespace) -> int:
    from casefile.storage.library import Library

    with Library() as library:
        statuses = library.update()
        _print_hits(library.search(args.text), statuses, args.json)
    return 0


def cmd_where(args: argparse.Namespace) -> int:
    from casefile.storage.library import Library

    with Library() as library:
        statuses = library.update()
        _print_hits(library.where(args.case, args.entity), statuses, args.json)
    return 0
