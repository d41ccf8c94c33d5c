"""``casefile digest`` and ``casefile verify``: the case's content digest, a brief's proof."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("digest", help="print the case's content digest (SHA-256)",
                       description="Print the SHA-256 of the case's JSON package (what "
                       "'casefile export CASE --json' writes): the same whether the case is "
                       "open or closed, and unchanged by exports recorded in its history.")  # fmt: skip
    p.add_argument("case", type=Path)
    p.set_defaults(handler=cmd_digest)
    v = sub.add_parser("verify", help="check a brief PDF against what it embeds",
                       description="Check a casefile brief with nothing but the PDF: embedded "
                       "originals against their recorded SHA-256, each quote against its source "
                       "text and against the page text where it is cited, the case reference "
                       "and marking, and any signature. Exit status 0 only when every check "
                       "passes.")  # fmt: skip
    v.add_argument("brief", type=Path, metavar="BRIEF.pdf")
    v.set_defaults(handler=cmd_verify)


def cmd_digest(args: argparse.Namespace) -> int:
    from casefile.cli.passphrase import open_case
    from casefile.storage.digest import content_digest

    with open_case(args.case, read_only=True) as case:
        print(f"{content_digest(case)}  {args.case}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from casefile.brief.verify import verify
    from casefile.core.errors import CaseError

    if not args.brief.is_file():
        raise CaseError(f"{args.brief} does not exist or is not a file.")
    report = verify(args.brief)
    print(_inert(report.text()))
    if not report.ok:
        print(f"casefile: error: {args.brief.name} did not verify "
              f"({len(report.failures)} check(s) failed)", file=sys.stderr)  # fmt: skip
        return 1
    return 0


def _inert(text: str) -> str:
    """Control characters from the PDF made visible, never sent raw to the terminal."""
    return "".join(
        c if c == "\n" or (c.isprintable() or c == " ") else f"\\x{ord(c):02x}" for c in text
    )
