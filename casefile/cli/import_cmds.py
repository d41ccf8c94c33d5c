"""``casefile import`` of a JSON case package: preview, refuse or merge it.

The package is checked against the case on a read-only connection first, so a refused,
previewed or empty import leaves the case file byte for byte as it was; only an import
that changes something opens the case for writing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def import_json_package(args: argparse.Namespace) -> int:
    """``casefile import CASE PACKAGE.json [--dry-run] [--as-new]``."""
    from casefile.cli.passphrase import open_case
    from casefile.core.merge_report import preview_lines
    from casefile.storage.case import memory_case
    from casefile.storage.package import plan_import, read_package, refusal

    package = read_package(args.package)
    name = args.package.name
    case_path: Path = args.case
    exists = case_path.exists()
    with open_case(case_path, read_only=True) if exists else memory_case() as case:
        plan = plan_import(case, package, args.as_new)
    if args.dry_run:
        print(f"dry run: {name} into {case_path}{'' if exists else ' (a new case)'}")
        for line in preview_lines(plan):
            print(line)
        print("nothing was changed")
        return 0
    error = refusal(plan, name)
    if error is not None:
        raise error
    if exists and plan.empty and not _new_originals(case_path, package):
        print("nothing to import: the case already holds everything in the package")
        _print_ignored(package.ignored)
        return 0
    return _apply(case_path, exists, package, args.as_new, name)


def _new_originals(case_path: Path, package: Any) -> bool:
    from casefile.cli.passphrase import open_case
    from casefile.storage.package import has_new_originals

    with open_case(case_path, read_only=True) as case:
        return has_new_originals(case, package)


def _apply(case_path: Path, exists: bool, package: Any, as_new: bool, name: str) -> int:
    from casefile.cli.passphrase import open_case
    from casefile.storage import create_case
    from casefile.storage.case import remove_unfinished
    from casefile.storage.package import import_package

    case = open_case(case_path) if exists else create_case(case_path, package.case.title)
    try:
        report = import_package(case, package, as_new, name=name)
    except BaseException:
        case.close()
        if not exists:
            remove_unfinished(case_path)
        raise
    case.close()
    print(report.summary())
    _print_ignored(package.ignored)
    return 0


def _print_ignored(ignored: list[str]) -> None:
    for warning in ignored:
        print(f"ignored: {warning}", file=sys.stderr)
