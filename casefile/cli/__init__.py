"""The command line: ``casefile [CASE]`` opens the window, subcommands work without it.

Subcommand modules register themselves in ``SUBCOMMAND_MODULES``; each has
``register(subparsers)`` and keeps heavy imports inside its handlers so that
``casefile --version`` answers fast and window-less commands never import Qt.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from casefile import __version__
from casefile.cli import passphrase

SUBCOMMAND_MODULES = (
    "casefile.cli.case_cmds",
    "casefile.cli.capture_cmds",
    "casefile.cli.brief_cmds",
    "casefile.cli.backup_cmds",
    "casefile.cli.screen_cmds",
    "casefile.cli.library_cmds",
    "casefile.cli.proof_cmds",
    "casefile.cli.crypt_cmds",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="casefile",
        description="An offline case-file manager for investigators. "
        "Run 'casefile' or 'casefile CASE' to open the window.",
    )
    parser.add_argument("--version", action="version", version=f"casefile {__version__}")
    _desktop_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMAND_MODULES:
        importlib.import_module(name).register(sub)
    for command in sub.choices.values():  # every command accepts an encrypted case
        passphrase.add_option(command)
    return parser


def gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="casefile",
        description="Open the casefile window (with no CASE, the start page). "
        "Run 'casefile --help' for the subcommands.",
    )
    parser.add_argument("case", nargs="?", help="the .casefile to open")
    parser.add_argument("--demo", action="store_true", help="open a fresh copy of the sample case")
    _desktop_options(parser)
    return parser


def _desktop_options(parser: argparse.ArgumentParser) -> None:
    desktop = parser.add_mutually_exclusive_group()
    desktop.add_argument("--install-desktop", action="store_true",
                         help="add casefile to the desktop's menu, with its icon and the "
                         "*.casefile file type (for this user)")  # fmt: skip
    desktop.add_argument(
        "--uninstall-desktop", action="store_true", help="remove what --install-desktop added"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 user error, 2 usage error)."""
    from casefile.cli.terminal import inert_output  # nothing from a case acts on the terminal

    with inert_output():
        return _main(list(sys.argv[1:] if argv is None else argv))


def _main(args: list[str]) -> int:
    parser = build_parser()
    subcommands = _subcommand_names(parser)
    if args and args[0] in ("--version", "-h", "--help"):
        parser.parse_args(args[:1])
        return 0
    if not args or args[0] not in subcommands:
        options = gui_parser().parse_args(args)
        if options.install_desktop or options.uninstall_desktop:
            from casefile.cli import desktop

            return _run(lambda: desktop.run(remove=options.uninstall_desktop))
        return _run(lambda: _open_window(options.case, options.demo))
    namespace = parser.parse_args(args)
    passphrase.configure(namespace)
    return _run(lambda: namespace.handler(namespace))


def _subcommand_names(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def _run(action) -> int:  # type: ignore[no-untyped-def]
    from casefile.core.errors import CaseError

    try:
        result = action()
    except CaseError as err:
        fail(str(err))
        return 1
    except KeyboardInterrupt:
        fail("interrupted")
        return 1
    except OSError as err:
        fail(f"{err.strerror or err}" + (f": {err.filename}" if err.filename else ""))
        return 1
    except Exception as err:  # a bug: still one line in words, never a traceback
        fail(f"an unexpected problem stopped the command ({type(err).__name__}: {err}); "
             "changes in progress were rolled back. Please report it.")  # fmt: skip
        return 1
    return int(result or 0)


def fail(message: str) -> None:
    """Print a one-line user error in the conventional form."""
    first = " ".join(str(message).split())
    print(f"casefile: error: {first}", file=sys.stderr)


def _open_window(case: str | None, demo: bool) -> int:
    try:
        from casefile import app
    except ImportError as err:
        fail(f"the window cannot start: {err}")
        return 1
    return app.run_gui(case, demo)
