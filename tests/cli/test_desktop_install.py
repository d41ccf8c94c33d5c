"""Desktop integration: the shipped entry, MIME type, metainfo and icons, and
``casefile --install-desktop`` / ``--uninstall-desktop`` into a temporary XDG data folder."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

import pytest

from casefile import __version__
from casefile.cli import desktop
from casefile.core.outputs import APPLICATION_ID

APP = desktop.APP_ID
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
needs_validator = pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None,
    reason="desktop-file-validate missing (Debian package desktop-file-utils; .ci/run installs it)",
)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _install(home: Path, command: list[str]) -> list[Path]:
    lines: list[str] = []
    written = desktop.install(home, command, lines.append)
    assert lines[0] == f"Installed casefile for the desktop under {home}:"
    return written


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_package_carries_the_icon_in_every_size() -> None:
    """The icon ships as an SVG and as a PNG of each hicolor size, each exactly that size."""
    icons = resources.files("casefile.resources") / "icons"
    assert (icons / f"{APP}.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    sizes = []
    for folder in (icons / "hicolor").iterdir():
        side = int(folder.name.split("x")[0])
        assert _png_size((folder / "apps" / f"{APP}.png").read_bytes()) == (side, side)
        sizes.append(side)
    assert sorted(sizes) == [16, 22, 24, 32, 48, 64, 128, 256, 512]


def test_install_places_entry_mime_package_and_icons(tmp_path: Path) -> None:
    """An install creates the desktop entry (starting this casefile), MIME package and icons."""
    home = tmp_path / "data"
    written = _install(home, ["/opt/case tools/bin/casefile"])
    names = {p.relative_to(home).as_posix() for p in written}
    assert f"applications/{APP}.desktop" in names
    assert f"mime/packages/{APP}.xml" in names
    assert f"icons/hicolor/16x16/apps/{APP}.png" in names
    assert f"icons/hicolor/512x512/apps/{APP}.png" in names
    assert f"icons/hicolor/scalable/apps/{APP}.svg" in names
    entry = (home / "applications" / f"{APP}.desktop").read_text(encoding="utf-8")
    assert 'Exec="/opt/case tools/bin/casefile" %f\n' in entry
    assert "TryExec=/opt/case tools/bin/casefile\n" in entry
    assert f"Icon={APP}\n" in entry and "MimeType=application/x-casefile;\n" in entry
    mime = ET.parse(home / "mime" / "packages" / f"{APP}.xml").getroot()
    kind = mime.find(f"{MIME_NS}mime-type")
    assert kind is not None and kind.get("type") == "application/x-casefile"
    glob = kind.find(f"{MIME_NS}glob")
    assert glob is not None and glob.get("pattern") == "*.casefile"
    inner = kind.find(f"{MIME_NS}magic/{MIME_NS}match/{MIME_NS}match")
    assert inner is not None and inner.get("offset") == "68"
    assert int(inner.get("value", ""), 16) == APPLICATION_ID


@needs_validator
@pytest.mark.parametrize(
    "command",
    [
        ["/usr/bin/casefile"],
        ["/home/a b/venv $x/bin/python3", "-m", "casefile"],
        ['/tmp/q"uo`te\\100%/casefile'],
    ],
)
def test_installed_entry_is_valid(tmp_path: Path, command: list[str]) -> None:
    """desktop-file-validate accepts the installed entry, however odd the launcher's path."""
    home = tmp_path / "data"
    _install(home, command)
    entry = home / "applications" / f"{APP}.desktop"
    done = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


@needs_validator
def test_shipped_entry_is_valid() -> None:
    """The desktop entry in the package passes desktop-file-validate as shipped."""
    with resources.as_file(resources.files("casefile.resources") / "desktop") as folder:
        done = subprocess.run(
            ["desktop-file-validate", str(folder / f"{APP}.desktop")],
            capture_output=True,
            text=True,
        )
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


@pytest.mark.skipif(
    shutil.which("appstreamcli") is None, reason="appstreamcli missing (Debian package appstream)"
)
def test_metainfo_is_valid_and_names_this_release() -> None:
    """The AppStream metainfo validates (offline, strict) and lists the current version."""
    metainfo = resources.files("casefile.resources") / "desktop" / f"{APP}.metainfo.xml"
    with resources.as_file(metainfo) as path:
        done = subprocess.run(
            ["appstreamcli", "validate", "--no-net", "--strict", str(path)],
            capture_output=True,
            text=True,
        )
    assert done.returncode == 0, done.stdout + done.stderr
    root = ET.fromstring(metainfo.read_bytes())
    assert root.findtext("id") == APP
    assert root.findtext("launchable") == f"{APP}.desktop"
    release = root.find("releases/release")
    assert release is not None and release.get("version") == __version__


@pytest.mark.skipif(
    shutil.which("gio") is None or shutil.which("update-mime-database") is None,
    reason="gio (libglib2.0-bin) or update-mime-database (shared-mime-info) missing",
)
def test_installed_type_recognises_cases_by_content_and_name(tmp_path: Path) -> None:
    """After an install, a plain case is application/x-casefile even when renamed (magic)."""
    home = tmp_path / "data"
    _install(home, ["/usr/bin/casefile"])
    case = tmp_path / "c.casefile"
    made = subprocess.run(
        [sys.executable, "-m", "casefile", "new", str(case), "--title", "T"], capture_output=True
    )
    assert made.returncode == 0
    renamed = tmp_path / "copy.db"
    shutil.copy(case, renamed)
    locked = tmp_path / "locked.casefile"  # an encrypted case: random bytes, known by name
    locked.write_bytes(os.urandom(8192))
    env = {**os.environ, "XDG_DATA_HOME": str(home), "XDG_DATA_DIRS": "/usr/share"}
    for path in (case, renamed, locked):
        done = subprocess.run(
            ["gio", "info", "-a", "standard::content-type", str(path)],
            capture_output=True,
            text=True,
            env=env,
        )
        assert "standard::content-type: application/x-casefile" in done.stdout, path


def test_uninstall_removes_exactly_what_install_added(tmp_path: Path) -> None:
    """Uninstall takes away casefile's files and nothing else of the user's."""
    home = tmp_path / "data"
    theirs = {
        "applications/editor.desktop": b"[Desktop Entry]\nType=Application\nName=E\nExec=e\n",
        "icons/hicolor/16x16/apps/editor.png": b"not really a png",
        "mime/packages/editor.xml": b"<mime-info/>",
        "notes.txt": b"mine",
    }
    for name, data in theirs.items():
        (home / name).parent.mkdir(parents=True, exist_ok=True)
        (home / name).write_bytes(data)
    written = _install(home, ["/usr/bin/casefile"])
    lines: list[str] = []
    removed = desktop.uninstall(home, lines.append)
    assert sorted(removed) == sorted(written)
    left = _files(home)
    for name, data in theirs.items():
        assert left[name] == data
    assert not [name for name in left if "casefile" in name.lower()], left.keys()
    assert lines[0] == f"Removed casefile's desktop integration from {home} ({len(written)} files)."
    again: list[str] = []
    assert desktop.uninstall(home, again.append) == []
    assert "nothing removed" in again[0]


def test_command_line_installs_under_xdg_data_home(tmp_path: Path) -> None:
    """``casefile --install-desktop`` says what it did under $XDG_DATA_HOME; uninstall undoes it."""
    home = tmp_path / "xdg"
    env = {**os.environ, "XDG_DATA_HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-m", "casefile", "--install-desktop"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert f"under {home}" in done.stdout and f"applications/{APP}.desktop" in done.stdout
    entry = (home / "applications" / f"{APP}.desktop").read_text(encoding="utf-8")
    assert f"Exec={os.path.abspath(sys.executable)} -m casefile %f" in entry  # the venv python
    done = subprocess.run(
        [sys.executable, "-m", "casefile", "--uninstall-desktop"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0 and "Removed casefile's desktop integration" in done.stdout
    assert not (home / "applications" / f"{APP}.desktop").exists()


def test_exec_quoting_follows_the_desktop_entry_rules() -> None:
    """A launcher path with spaces, quotes, dollars or percent signs is quoted and escaped."""
    assert desktop.exec_quote("/usr/bin/casefile") == "/usr/bin/casefile"
    assert desktop.exec_quote("/a b/casefile") == '"/a b/casefile"'
    assert desktop.exec_quote("/x$y/c") == '"/x\\\\$y/c"'
    assert desktop.exec_quote("/100%/c") == "/100%%/c"


def test_entry_started_with_python_m_keeps_the_virtual_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Installed with `python -m casefile` from a virtual environment, the entry starts that
    environment's python (a link to the base one, which has no casefile), not the base."""
    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    python = bin_dir / "python"
    python.symlink_to(Path(sys.executable).resolve())
    monkeypatch.setattr(sys, "executable", str(python))
    monkeypatch.setattr(sys, "argv", [str(tmp_path / "casefile" / "__main__.py")])
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert desktop.launcher() == [str(python), "-m", "casefile"]
    script = bin_dir / "casefile"
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    monkeypatch.setattr(shutil, "which", lambda name: str(script))
    assert desktop.launcher() == [str(script)]
