"""Exports and imports for other tools: FollowTheMoney, CSV, XLSX, GEXF, GraphML.

``casefile export`` and ``casefile import`` take these options next to the JSON package
(``case_cmds`` registers them through ``add_export_options``/``add_import_options``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from casefile.core.errors import CaseError

EXPORT_OPTIONS = ("ftm", "csv", "xlsx", "gexf", "graphml")


def add_export_options(p: Any) -> None:
    p.add_argument(
        "--ftm",
        type=Path,
        metavar="OUT.ftm.json",
        help="FollowTheMoney entities, one JSON object a line (Aleph, OpenSanctions)",
    )
    p.add_argument("--csv", type=Path, metavar="DIR", help="one CSV file per register in DIR")
    p.add_argument(
        "--bom", action="store_true", help="start each CSV with a UTF-8 byte order mark (for Excel)"
    )
    p.add_argument("--xlsx", type=Path, metavar="OUT.xlsx", help="one sheet per register")
    p.add_argument("--gexf", type=Path, metavar="OUT.gexf", help="the link chart's graph (Gephi)")
    p.add_argument("--graphml", type=Path, metavar="OUT.graphml", help="the graph as GraphML")
    p.add_argument("--no-co-mentions", action="store_true",
                   help="graphs: relationships only, no co-mention edges")  # fmt: skip


def add_import_options(p: Any) -> None:
    p.add_argument(
        "--ftm",
        type=Path,
        metavar="IN.ftm.json",
        help="import people, organisations and relationships from FollowTheMoney",
    )
    p.add_argument("--dry-run", action="store_true",
                   help="show what would be imported and change nothing")  # fmt: skip


def wants_export(args: argparse.Namespace) -> bool:
    return any(getattr(args, name, None) is not None for name in EXPORT_OPTIONS)


def check_outputs(args: argparse.Namespace) -> None:
    """Refuse, before anything is written, an output that could replace a case or backups."""
    from casefile.interchange.tables import FILE_NAMES
    from casefile.storage.outputs import check_output

    force = getattr(args, "force", False)
    for name in ("ftm", "xlsx", "gexf", "graphml"):
        out = getattr(args, name, None)
        if out is not None:
            check_output(out, args.case, force=force, what=f"the {name.upper()} export")
    if args.csv is not None:
        if args.csv.exists() and not args.csv.is_dir():
            raise CaseError(f"{args.csv} is a file; --csv needs a folder for the CSV files.")
        for file_name in FILE_NAMES.values():
            check_output(args.csv / file_name, args.case, force=force, what="the CSV export")


def run_exports(args: argparse.Namespace) -> int:
    """Write every export asked for, reading the case once (read-only)."""
    from casefile.cli.passphrase import open_case
    from casefile.interchange.content import CaseRecords

    check_outputs(args)
    if args.ftm is not None:
        from casefile.interchange import ftm

        ftm.model()  # say how to install it before reading anything
    with open_case(args.case, read_only=True) as case:
        records = CaseRecords.read(case.info(), case.store)

        def original(sha256: str) -> bytes | None:
            found = case.store.original(sha256)
            return found.data if found is not None else None

        if args.ftm is not None:
            _export_ftm(records, args.ftm, original)
    co_mentions = not args.no_co_mentions
    if args.csv is not None or args.xlsx is not None:
        from casefile.interchange import writers
        from casefile.interchange.tables import tables

        registers = tables(records)
        if args.csv is not None:
            written = writers.write_csv(args.csv, registers, bom=args.bom)
            print(f"wrote {len(written)} CSV files to {args.csv}")
        if args.xlsx is not None:
            cut = writers.write_xlsx(args.xlsx, registers, records.info.title)
            print(f"wrote {args.xlsx}")
            if cut:
                print(f"note: {cut} cells were cut to Excel's 32,767 characters", file=sys.stderr)
    if args.gexf is not None or args.graphml is not None:
        from casefile.interchange import graphs

        if args.gexf is not None:
            g = graphs.write_gexf(records, args.gexf, co_mentions)
            print(f"wrote {args.gexf} ({g.number_of_nodes()} nodes, {g.number_of_edges()} edges)")
        if args.graphml is not None:
            g = graphs.write_graphml(records, args.graphml, co_mentions)
            print(
                f"wrote {args.graphml} ({g.number_of_nodes()} nodes, {g.number_of_edges()} edges)"
            )
    return 0


def _export_ftm(records: Any, out: Path, original: Any) -> None:
    from casefile.interchange import ftm_export
    from casefile.interchange.writers import atomic

    with atomic(out, "w", encoding="utf-8", newline="\n") as handle:
        count = ftm_export.write_lines(records, handle, original)
    print(f"wrote {count} FollowTheMoney entities to {out}")


def run_ftm_import(args: argparse.Namespace) -> int:
    """Import (or with ``--dry-run`` preview) a FollowTheMoney file into a case."""
    from casefile.cli.passphrase import open_case
    from casefile.interchange.ftm_import import read_file
    from casefile.storage import create_case

    source: Path = args.ftm
    if not source.is_file():
        raise CaseError(f"{source} is not a file.")
    case_path: Path = args.case
    if args.dry_run:
        if case_path.exists():
            with open_case(case_path, read_only=True) as case:
                plan = read_file(source, lambda i: case.get("entity", i) is not None)
                print(preview(plan, case))
        else:
            plan = read_file(source)
            print(preview(plan, None))
        return 0
    created = not case_path.exists()
    first = read_file(source) if created else None
    case = create_case(case_path, first.dataset) if first is not None else open_case(case_path)
    try:
        plan = first or read_file(source, lambda i: case.get("entity", i) is not None)
        report = store_import(case, plan)
    except BaseException:
        case.close()
        if created:
            case_path.unlink(missing_ok=True)
        raise
    case.close()
    print(f"{report} from {plan.dataset}")
    for problem in plan.problems:
        print(f"left out: {problem}", file=sys.stderr)
    return 0


def store_import(case: Any, plan: Any) -> str:
    """Store an FtM import as one undoable step (merge by id); say what it did."""
    from casefile.interchange.ftm_import import command, report

    return str(report(case.execute(command(plan))))


def preview(plan: Any, case: Any) -> str:
    """The import preview (counts, duplicates) and the dry-run notice."""
    from casefile.core.model import Entity
    from casefile.interchange.ftm_preview import preview as text

    existing = None
    if case is not None:
        existing = [e for e in case.store.all("entity") if isinstance(e, Entity)]
    return text(plan, existing) + "\ndry run: nothing was changed"
