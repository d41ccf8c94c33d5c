"""Subcommands for encrypted cases: encrypt, decrypt, change the passphrase."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from casefile.cli import passphrase


def register(sub: Any) -> None:
    p = sub.add_parser(
        "encrypt",
        help="write an encrypted copy of a case into a new file",
        description="Write CASE, encrypted with a new passphrase, to the new file OUT, and "
        "check the copy before keeping it. CASE itself is not changed: remove it yourself "
        "once the encrypted copy opens (a deleted file may remain readable on the disk).",
    )
    p.add_argument("case", type=Path)
    p.add_argument("out", type=Path)
    p.set_defaults(handler=cmd_encrypt)

    p = sub.add_parser(
        "decrypt",
        help="write a plain (unencrypted) copy of an encrypted case into a new file",
        description="Write the encrypted CASE to the new file OUT without encryption, and "
        "check the copy before keeping it. CASE itself is not changed.",
    )
    p.add_argument("case", type=Path)
    p.add_argument("out", type=Path)
    p.set_defaults(handler=cmd_decrypt)

    p = sub.add_parser(
        "passphrase",
        help="change the passphrase of an encrypted case (and of its backups)",
        description="Re-encrypt CASE under a new passphrase, after a verified backup; its "
        "backups are re-encrypted too. For scripts the new passphrase can come from "
        f"--new-passphrase-file FILE or the environment variable {passphrase.NEW_ENV}.",
    )
    p.add_argument("case", type=Path)
    p.add_argument("--new-passphrase-file", type=Path, metavar="FILE",
                   help="read the new passphrase from the first line of FILE")  # fmt: skip
    p.set_defaults(handler=cmd_passphrase)


def cmd_encrypt(args: argparse.Namespace) -> int:
    from casefile.cli.passphrase import open_case
    from casefile.core.errors import CaseError
    from casefile.storage.cipher import require_encryption
    from casefile.storage.encryption import write_copy

    require_encryption()
    with open_case(args.case, read_only=True) as case:  # a plain case: no passphrase asked
        if case.encrypted:
            raise CaseError(f"{args.case.name} is already encrypted.")
        key = passphrase.new_passphrase(args.out.name)
        write_copy(case, args.out, key)
    print(f"wrote the encrypted case {args.out}; {args.case} is unchanged")
    return 0


def cmd_decrypt(args: argparse.Namespace) -> int:
    from casefile.core.errors import CaseError
    from casefile.storage.encryption import write_copy

    with passphrase.open_case(args.case, read_only=True) as case:
        if not case.encrypted:
            raise CaseError(f"{args.case.name} is not encrypted.")
        write_copy(case, args.out, None)
    print(f"wrote the unencrypted case {args.out}; {args.case} is unchanged")
    return 0


def cmd_passphrase(args: argparse.Namespace) -> int:
    from casefile.storage.encryption import change_passphrase

    with passphrase.open_case(args.case) as case:
        rekeyed = change_passphrase(case, passphrase.new_passphrase(args.case.name, new=True))
    print(f"changed the passphrase of {args.case} and of {rekeyed} backup(s)")
    return 0
