"""The ``casefile add CASE FILE...`` subcommand: capture files through the drop code."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser(
        "add",
        help="add files to a case as sources (text extracted, originals kept)",
        description="Add files to a case as sources, exactly as dropping them on the window "
        "does: the original bytes are kept with their SHA-256, the text is extracted, and a "
        "file already in the case is reported, not stored twice. All files are added as one "
        "step, or none are.",
    )
    p.add_argument("case", type=Path, help="the .casefile to add to")
    p.add_argument("files", type=Path, nargs="+", metavar="FILE")
    p.add_argument(
        "--max-size",
        type=float,
        default=200,
        metavar="MB",
        help="refuse files larger than this many megabytes (default 200)",
    )
    p.add_argument(
        "--skip-bad",
        action="store_true",
        help="add the files that can be read and skip the others (default: add none)",
    )
    p.add_argument(
        "--pages",
        metavar="PATTERN",
        help="from web archives (WARC/WACZ), add only the pages whose address matches this "
        "pattern (* and ? wildcards, e.g. 'https://example.org/news/*'; default: every page)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="add even when the case fails its check (the problems are still reported)",
    )
    p.set_defaults(handler=cmd_add)


def cmd_add(args: argparse.Namespace) -> int:
    from casefile.capture import Limits
    from casefile.capture.limits import MB
    from casefile.capture.parts import PageChoice
    from casefile.capture.stream import FileStream
    from casefile.cli.passphrase import open_case
    from casefile.cli.vetting import vet

    limits = Limits(max_file_bytes=int(args.max_size * MB))
    with open_case(args.case) as case:
        vet(case, args.force, "casefile add")
        pages = {}
        if args.pages:
            choice = PageChoice(pattern=args.pages)
            pages = {str(path): choice for path in args.files}
        stream = FileStream(args.files, case, limits, skip_bad=args.skip_bad, pages=pages)
        try:
            case.execute(stream.command())
        finally:
            stream.close()
        capture = stream.capture()
        command = capture.command
    for line in capture.added:
        print(f"added {line}")
    for proposed in capture.proposals:
        print(proposal_line(proposed))
    for message in capture.messages:
        print(message, file=sys.stderr if message.startswith("Skipped") else sys.stdout)
    if command is None:
        print("nothing new was added")
    return 0


def proposal_line(proposed: Any) -> str:
    """What details a file proposed about itself and were taken as the source's defaults."""
    from casefile.core.inert import inert

    found = [
        f"{name} '{inert(value)}' ({proposed.proposal.origin(name)})"
        for name, value in proposed.proposal.values().items()
    ]
    return f"  {inert(proposed.file_name)}: took from the file " + "; ".join(found)
