"""Passphrases of encrypted cases on the command line.

Typed at a prompt without echo (``getpass``), or, for scripts, read from
``--passphrase-file FILE`` (its first line) or the environment variable
``CASEFILE_PASSPHRASE``. Both are less safe than typing: a file stays on disk and the
environment of a process can be read by the same user. Every subcommand accepts
``--passphrase-file``; a passphrase given for a plain case is not used. A passphrase is
never printed, logged or written anywhere by casefile.

A passphrase the user chose to remember in the system keyring (in the window; with the
``casefile[keyring]`` extra) is used when none is given, unless ``--no-keyring``; the
command line never stores one.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from casefile.core.errors import CaseError

ENV = "CASEFILE_PASSPHRASE"
NEW_ENV = "CASEFILE_NEW_PASSPHRASE"
TRIES = 3
T = TypeVar("T")

_options: dict[str, Path | None] = {"file": None, "new_file": None}
_keyring = {"use": True}


def add_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FILE",
        help=f"read the passphrase of an encrypted case from the first line of FILE (for "
        f"scripts; less safe than typing it, as is the environment variable {ENV})",
    )
    parser.add_argument(
        "--no-keyring",
        action="store_true",
        help="do not use a passphrase remembered in the system keyring",
    )


def configure(args: argparse.Namespace) -> None:
    """Remember where this run's passphrases come from (called once by ``main``)."""
    _options["file"] = getattr(args, "passphrase_file", None)
    _options["new_file"] = getattr(args, "new_passphrase_file", None)
    _keyring["use"] = not getattr(args, "no_keyring", False)


def scripted(new: bool = False) -> str | None:
    """The passphrase given by file or environment, or None."""
    source = _options["new_file" if new else "file"]
    if source is not None:
        try:
            text = source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise CaseError(f"The passphrase file {source} cannot be read ({err}).") from None
        lines = text.splitlines()
        return lines[0] if lines else ""
    return os.environ.get(NEW_ENV if new else ENV)


def ask(prompt: str) -> str:
    """Ask without echo; a command without a terminal says how to give a passphrase."""
    if not sys.stdin.isatty():
        raise CaseError(
            f"{prompt.rstrip(': ')}: no terminal to ask on; give it with --passphrase-file "
            f"FILE or the environment variable {ENV}."
        )
    return getpass.getpass(prompt)


def with_passphrase(name: str, action: Callable[[str | None], T], path: Path | None = None) -> T:
    """Run ``action`` with the scripted passphrase (else the one remembered in the system
    keyring for the case at ``path``, else none); when the file turns out to be encrypted,
    ask on the terminal, up to three times for a wrong one."""
    from casefile.storage.cipher import PassphraseNeeded, WrongPassphrase

    given = scripted()
    if given is None and path is not None and _keyring["use"]:
        from casefile.storage import remembered

        recalled = remembered.recall(path)
        if recalled is not None:
            try:
                return action(recalled)
            except WrongPassphrase:
                print(
                    f"The passphrase remembered in the system keyring no longer opens {name}.",
                    file=sys.stderr,
                )
    try:
        return action(given)
    except PassphraseNeeded:
        if not sys.stdin.isatty():
            raise CaseError(
                f"{name} is an encrypted case: give its passphrase with --passphrase-file "
                f"FILE or the environment variable {ENV}, or run the command in a terminal "
                "to type it."
            ) from None
    except WrongPassphrase:
        if given is not None or not sys.stdin.isatty():
            raise
    for attempt in range(1, TRIES + 1):
        try:
            return action(ask(f"Passphrase for {name}: "))
        except WrongPassphrase:
            if attempt == TRIES:
                raise
            print("That passphrase does not open it; try again.", file=sys.stderr)
    raise AssertionError("unreachable")


def open_case(path: Path | str, read_only: bool = False, **options: Any) -> Any:
    """``storage.open_case`` that asks for the passphrase of an encrypted case."""
    from casefile.storage import open_case as open_stored

    return with_passphrase(
        Path(path).name,
        lambda key: open_stored(path, read_only=read_only, passphrase=key, **options),
        Path(path),
    )


def new_passphrase(what: str, new: bool = False) -> str:
    """A passphrase for a new encryption: scripted, or typed twice the same."""
    given = scripted(new)
    if given is not None:
        return given
    first = ask(f"New passphrase for {what}: ")
    if ask("The same passphrase again: ") != first:
        raise CaseError("The two passphrases differ; nothing was changed.")
    return first
