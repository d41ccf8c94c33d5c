"""``casefile --install-desktop`` / ``--uninstall-desktop``: the desktop entry, the MIME type
of case files and the icons, registered under the user's XDG data folder.

Everything comes from the package (``casefile.resources``, read with importlib.resources);
the desktop entry's ``Exec`` is rewritten to start this very casefile (a virtual environment's
script, ``python -m casefile`` or a bundle), so it works without ``casefile`` on the PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import casefile

APP_ID = casefile.APP_ID
MIME_TYPE = "application/x-casefile"
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")  # a desktop-entry Exec argument with these is quoted


@dataclass(frozen=True)
class Placed:
    """One file casefile puts under the data folder: where from, where to (relative)."""

    source: Traversable
    target: str


def data_home() -> Path:
    """$XDG_DATA_HOME if it is an absolute path, else ~/.local/share (the XDG rule)."""
    value = os.environ.get("XDG_DATA_HOME", "")
    if value and os.path.isabs(value):
        return Path(value)
    return Path.home() / ".local" / "share"


def launcher() -> list[str]:
    """The command line that starts this casefile: a bundle, the running script, or -m."""
    if getattr(sys, "frozen", False):
        return [str(Path(sys.executable).resolve())]
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name == "casefile" and script.is_file():
        return [str(script.resolve())]
    # The interpreter's path is kept as it is, not resolved: a virtual environment's python
    # is a link to the base interpreter, which has no casefile installed.
    python = Path(os.path.abspath(sys.executable))
    found = shutil.which("casefile")
    if found and Path(os.path.abspath(found)).parent == python.parent:
        return [str(Path(found).resolve())]
    return [str(python), "-m", "casefile"]


def exec_quote(argument: str) -> str:
    """Quote one Exec argument as the Desktop Entry spec asks, then escape it as a string."""
    quoted = argument.replace("%", "%%")
    if any(char in _RESERVED for char in argument):
        inner = "".join("\\" + c if c in '"`$\\' else c for c in quoted)
        quoted = f'"{inner}"'
    return quoted.replace("\\", "\\\\")


def _assets() -> Traversable:
    return resources.files("casefile.resources")


def placed_files() -> list[Placed]:
    """Every file an install puts in place, relative to the data folder."""
    assets = _assets()
    icons = assets / "icons"
    placed = [
        Placed(assets / "desktop" / f"{APP_ID}.desktop", f"applications/{APP_ID}.desktop"),
        Placed(assets / "desktop" / f"{APP_ID}.mime.xml", f"mime/packages/{APP_ID}.xml"),
        Placed(assets / "desktop" / f"{APP_ID}.metainfo.xml", f"metainfo/{APP_ID}.metainfo.xml"),
        Placed(icons / f"{APP_ID}.svg", f"icons/hicolor/scalable/apps/{APP_ID}.svg"),
    ]
    for size in sorted((icons / "hicolor").iterdir(), key=lambda d: int(d.name.split("x")[0])):
        png = size / "apps" / f"{APP_ID}.png"
        if png.is_file():
            placed.append(Placed(png, f"icons/hicolor/{size.name}/apps/{APP_ID}.png"))
    return placed


def desktop_entry(command: Sequence[str]) -> str:
    """The shipped desktop entry with Exec and TryExec starting ``command``."""
    text = (_assets() / "desktop" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    lines = []
    for line in text.splitlines():
        if line.startswith("Exec="):
            line = "Exec=" + " ".join(exec_quote(part) for part in command) + " %f"
        elif line.startswith("TryExec="):
            line = "TryExec=" + command[0].replace("\\", "\\\\")
        lines.append(line)
    return "\n".join(lines) + "\n"


def _refresh(home: Path, say: Callable[[str], None]) -> None:
    """Run the caches' tools that are installed, so the change shows without a new login."""
    steps = (
        (["update-mime-database", str(home / "mime")], "the MIME database"),
        (["update-desktop-database", "-q", str(home / "applications")], "the desktop entries"),
        (["gtk-update-icon-cache", "-q", "-f", "-t", str(home / "icons" / "hicolor")],
         "the icon cache"),
    )  # fmt: skip
    for command, what in steps:
        if not Path(command[-1]).is_dir():
            continue
        if shutil.which(command[0]) is None:
            say(f"  {command[0]} is not installed: {what} refreshes at the next login.")
            continue
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
        except (OSError, subprocess.TimeoutExpired) as err:
            say(f"  {command[0]} could not run ({err}); {what} refreshes at the next login.")
            continue
        if done.returncode == 0:
            say(f"  updated {what} ({command[0]})")
        else:
            problem = " ".join((done.stderr or done.stdout).split())[:200]
            say(f"  {command[0]} failed ({problem}); {what} refreshes at the next login.")


def install(home: Path, command: Sequence[str], say: Callable[[str], None] = print) -> list[Path]:
    """Put the desktop entry, MIME package, metainfo and icons under ``home``; return them."""
    written = []
    for item in placed_files():
        target = home / item.target
        target.parent.mkdir(parents=True, exist_ok=True)
        if item.target.startswith("applications/"):
            data = desktop_entry(command).encode("utf-8")
        else:
            data = item.source.read_bytes()
        scratch = target.with_name(f".{target.name}.part")
        scratch.write_bytes(data)
        os.replace(scratch, target)
        written.append(target)
    say(f"Installed casefile for the desktop under {home}:")
    say(f"  applications/{APP_ID}.desktop  (starts {' '.join(command)})")
    say(f"  mime/packages/{APP_ID}.xml  (*.casefile files are {MIME_TYPE})")
    say(f"  metainfo/{APP_ID}.metainfo.xml  (what software centres show)")
    icons = [p for p in written if "/icons/" in p.as_posix()]
    say(f"  {len(icons)} icons in icons/hicolor/*/apps/ ({APP_ID}.png, .svg)")
    _refresh(home, say)
    return written


def uninstall(home: Path, say: Callable[[str], None] = print) -> list[Path]:
    """Remove exactly the files ``install`` puts in place; return them."""
    removed = []
    for item in placed_files():
        target = home / item.target
        if target.is_file() or target.is_symlink():
            target.unlink()
            removed.append(target)
    if removed:
        say(f"Removed casefile's desktop integration from {home} ({len(removed)} files).")
    else:
        say(f"casefile's desktop integration was not installed under {home}: nothing removed.")
    _refresh(home, say)
    return removed


def run(remove: bool) -> int:
    """The command-line action: install or uninstall for this user; 0 on success."""
    home = data_home()
    if remove:
        uninstall(home)
    else:
        install(home, launcher())
    return 0
