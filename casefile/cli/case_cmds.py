"""Subcommands that work on the case file: new, export, search, check, demo."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("new", help="create an empty case file")
    p.add_argument("case", type=Path)
    p.add_argument("--title", required=True)
    p.add_argument("--reference")
    p.add_argument("--marking")
    p.add_argument("--encrypt", action="store_true",
                   help="encrypt the case with a passphrase (asked twice, or from "
                   "--passphrase-file / CASEFILE_PASSPHRASE)")  # fmt: skip
    p.set_defaults(handler=cmd_new)

    from casefile.cli import interchange_cmds

    p = sub.add_parser("import", help="merge a JSON case package into a case (created if missing)")
    p.add_argument("case", type=Path)
    p.add_argument("package", type=Path, nargs="?")
    interchange_cmds.add_import_options(p)
    p.add_argument("--as-new", action="store_true",
                   help="import the package's records that conflict with evidence in the case "
                   "under new ids (references inside the package follow), keeping both")  # fmt: skip
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("export", help="write the case as a JSON package, FtM, tables or graphs")
    p.add_argument("case", type=Path)
    p.add_argument("--json", dest="out", type=Path, metavar="OUT.json")
    p.add_argument("--force", action="store_true",
                   help="replace an output even if it is another (closed) case file, and "
                   "export even when the case fails its check")  # fmt: skip
    interchange_cmds.add_export_options(p)
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("search", help="full-text search of a case")
    p.add_argument("case", type=Path)
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true", help="print the hits as JSON")
    p.set_defaults(handler=cmd_search)

    p = sub.add_parser("check", help="verify integrity, stored originals, offsets and references")
    p.add_argument("case", type=Path)
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("demo", help="write the built-in sample case")
    p.add_argument("case", type=Path)
    p.set_defaults(handler=cmd_demo)


def cmd_new(args: argparse.Namespace) -> int:
    from casefile.cli.passphrase import new_passphrase
    from casefile.storage import create_case
    from casefile.storage.cipher import require_encryption

    if args.encrypt:
        require_encryption()
    key = new_passphrase(args.case.name) if args.encrypt else None
    with create_case(args.case, args.title, args.reference, args.marking, passphrase=key):
        pass
    print(f"created {'the encrypted case ' if key else ''}{args.case}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from casefile.cli import import_cmds, interchange_cmds
    from casefile.core.errors import CaseError

    if (args.package is None) == (args.ftm is None):
        raise CaseError("give either a JSON case package or --ftm FILE to import")
    if args.ftm is not None:
        if args.as_new:
            raise CaseError("--as-new is for JSON case packages")
        return interchange_cmds.run_ftm_import(args)
    return import_cmds.import_json_package(args)


def cmd_export(args: argparse.Namespace) -> int:
    from casefile.cli import interchange_cmds
    from casefile.cli.passphrase import open_case
    from casefile.cli.vetting import vet
    from casefile.core.errors import CaseError
    from casefile.storage.outputs import check_output
    from casefile.storage.package import write_package

    if args.out is None and not interchange_cmds.wants_export(args):
        raise CaseError("say what to write: --json, --ftm, --csv, --xlsx, --gexf or --graphml")
    if args.out is None:
        return interchange_cmds.run_exports(args)
    check_output(args.out, args.case, force=args.force, what="the package")  # before opening
    if interchange_cmds.wants_export(args):
        interchange_cmds.check_outputs(args)
    with open_case(args.case, read_only=True) as case:
        vet(case, args.force, "casefile export", originals=True)
        write_package(case, args.out, force=args.force)
    print(f"exported {args.case} to {args.out}")
    return interchange_cmds.run_exports(args) if interchange_cmds.wants_export(args) else 0


def cmd_search(args: argparse.Namespace) -> int:
    from casefile.cli.passphrase import open_case

    with open_case(args.case, read_only=True) as case:
        hits = case.search(args.query, limit=args.limit)
    if args.json:
        rows = [
            {
                "kind": h.kind,
                "id": h.id,
                "title": h.title,
                "fragment": h.fragment.text,
                "matches": [list(s) for s in h.fragment.spans],
            }
            for h in hits
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not hits:
        print("no matches")
    for hit in hits:
        marked = _mark(hit.fragment.text, hit.fragment.spans)
        print(f"{hit.kind}\t{hit.id}\t{_one_line(hit.title, 80)}\t{marked}")
    return 0


def _one_line(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _mark(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    out, last = [], 0
    for start, end in spans:
        out += [text[last:start], "[", text[start:end], "]"]
        last = end
    out.append(text[last:])
    return " ".join("".join(out).split())


def cmd_check(args: argparse.Namespace) -> int:
    from casefile.cli.passphrase import open_case
    from casefile.storage.check import check_case

    with open_case(args.case, read_only=True) as case:
        problems = check_case(case)
    if not problems:
        print(f"{args.case}: ok")
        return 0
    for problem in problems:
        print(problem)
    print(f"casefile: error: {len(problems)} problem(s) found in {args.case}", file=sys.stderr)
    return 1


def cmd_demo(args: argparse.Namespace) -> int:
    from casefile.storage.sample import write_sample

    write_sample(args.case)
    print(f"wrote the sample case to {args.case}")
    return 0
