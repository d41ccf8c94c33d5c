"""Subcommands for automatic backups: list them, make one now, restore one."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser(
        "backups",
        help="list the automatic backups of a case (newest first)",
        description="List the automatic backups of CASE, newest first. The number in the "
        "first column can be given to 'casefile restore'.",
    )
    p.add_argument("case", type=Path)
    p.add_argument("--now", action="store_true", help="write a verified backup now first")
    p.set_defaults(handler=cmd_backups)

    p = sub.add_parser(
        "restore",
        help="restore a backup into a case file",
        description="Restore BACKUP (a backup file, or its number from 'casefile backups "
        "CASE') into CASE. An existing CASE is only replaced with --force, and is then kept "
        "in its backups folder first.",
    )
    p.add_argument("backup", help="a backup file, or its number in 'casefile backups CASE'")
    p.add_argument("case", type=Path)
    p.add_argument("--force", action="store_true", help="replace CASE if it exists")
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser(
        "compact",
        help="give the free space inside a case file back to the disk",
        description="Rewrite CASE without the free pages that deleted records left behind "
        "(SQLite VACUUM). Needs free disk space about the size of the case's records; on a "
        "full disk nothing is changed.",
    )
    p.add_argument("case", type=Path)
    p.set_defaults(handler=cmd_compact)


def cmd_backups(args: argparse.Namespace) -> int:
    from casefile.cli.passphrase import open_case
    from casefile.storage import backups

    if args.now:
        with open_case(args.case) as case:
            made = backups.make_backup(case)
        print(f"wrote {made.path}")
    found = backups.list_backups(args.case)
    if not found:
        print(f"no backups of {args.case} (they are kept in {backups.folder_for(args.case)})")
    for number, backup in enumerate(found, start=1):
        print(f"{number}\t{backup.label}\t{backup.path}")
    _say_reclaimable(args.case)
    return 0


def _say_reclaimable(case: Path) -> None:
    """One line when the case file holds free space worth giving back to the disk."""
    from casefile.storage.space import from_header, size_words

    found = from_header(case)
    if found is not None and found.worth_compacting():
        print(
            f"{case.name} takes {size_words(found.file_bytes)} on disk, of which "
            f"{size_words(found.free_bytes)} is free space left by deleted records (backups "
            f"leave it out); 'casefile compact {case}' gives it back to the disk"
        )


def cmd_compact(args: argparse.Namespace) -> int:
    from casefile.cli.passphrase import open_case
    from casefile.storage.backups import compact_case
    from casefile.storage.space import size_words

    with open_case(args.case) as case:
        before, after = compact_case(case)
    print(
        f"compacted {args.case}: {size_words(before.file_bytes)} -> "
        f"{size_words(after.file_bytes)} ({size_words(before.free_bytes)} of free space given "
        "back to the disk)"
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from casefile.storage import backups

    source = _backup_path(args.backup, args.case)
    from casefile.cli.passphrase import with_passphrase

    kept = with_passphrase(
        source.name,
        lambda key: backups.restore_backup(source, args.case, force=args.force, passphrase=key),
    )
    print(f"restored {args.case} from {source}")
    if kept != args.case:
        print(f"the replaced file was kept as {kept}")
    return 0


def _backup_path(given: str, case: Path) -> Path:
    from casefile.storage import backups

    path = Path(given)
    if path.exists() or not given.isdigit():
        if not path.exists():
            raise backups.BackupError(f"{given}: no such backup file.")
        return path
    found = backups.list_backups(case)
    number = int(given)
    if not found:  # a number counts CASE's own backups: a new file has none
        raise backups.BackupError(
            f"{case.name} has no backups, so there is no backup number {number} of it. To "
            "restore a backup of another case into a new file, give the backup file's path "
            "('casefile backups OTHER-CASE' lists them with their paths)."
        )
    if not 1 <= number <= len(found):
        raise backups.BackupError(
            f"{case.name} has {len(found)} backup(s); there is no number {number}."
        )
    return found[number - 1].path
