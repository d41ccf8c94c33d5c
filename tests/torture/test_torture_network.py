"""No network, no execution: the socket guard works, and casefile never fetches or launches."""

from __future__ import annotations

import ast
import os
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "casefile"

FETCHING_MODULES = {
    "urllib.request", "http.client", "http.server", "requests", "urllib3", "httpx",
    "aiohttp", "ftplib", "smtplib", "poplib", "imaplib", "socket", "ssl", "webbrowser",
    "subprocess", "PySide6.QtNetwork", "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets",
}  # fmt: skip
# Opening a file with the system's program happens only on an explicit user action, for a
# file casefile wrote itself (the exported brief), never for a captured original on its own.
# The only places that hand a file to another program, each after the user asked for it:
# the brief just exported, and a read-only copy of a captured original (after a question).
SYSTEM_OPENERS_ALLOWED = {"casefile/gui/brief/dialog.py", "casefile/gui/records/source_original.py"}
# The one module that starts local programs: OCR runs Tesseract (and pdftoppm to draw a scanned
# page), found on the PATH, with no network use; nothing else may import subprocess.
LOCAL_PROGRAMS_ALLOWED = {
    "casefile/capture/ocr.py": {"subprocess"},
    # --install-desktop runs the desktop's cache tools (update-mime-database and the like)
    "casefile/cli/desktop.py": {"subprocess"},
}


def test_socket_guard_refuses_connections() -> None:
    """Any attempt to reach the network during the tests fails loudly."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        with pytest.raises(AssertionError, match="network access"):
            sock.connect(("127.0.0.1", 9))
        with pytest.raises(AssertionError, match="network access"):
            sock.connect_ex(("127.0.0.1", 9))
    with pytest.raises(AssertionError, match="network access"):
        socket.create_connection(("example.org", 80), timeout=1)
    with pytest.raises(AssertionError, match="network access"):
        urllib.request.urlopen("http://127.0.0.1:9/", timeout=1)


def _imports(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_no_module_imports_a_way_to_fetch_or_launch() -> None:
    """No part of casefile can fetch a URL or start another program (checked in the source)."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        allowed = LOCAL_PROGRAMS_ALLOWED.get(str(path.relative_to(ROOT)), set())
        bad = (_imports(tree) & FETCHING_MODULES) - allowed
        if bad:
            offenders.append(f"{path.relative_to(ROOT)}: {sorted(bad)}")
        source = path.read_text(encoding="utf-8")
        opener = any(n in source for n in ("openUrl", "startfile", "xdg-open", "QProcess"))
        if opener and str(path.relative_to(ROOT)) not in SYSTEM_OPENERS_ALLOWED:
            offenders.append(f"{path.relative_to(ROOT)}: opens files with other programs")
    assert offenders == []


AUDITED = """
import sys
events = []
WATCH = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request",
         "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
         "os.startfile", "webbrowser.open")
sys.addaudithook(lambda event, args: events.append((event, repr(args)[:200]))
                 if event.startswith(WATCH) else None)
from pathlib import Path
from casefile.cli import main
case, out, other, doc = (Path(p) for p in sys.argv[1:5])
steps = [["demo", str(case)], ["search", str(case), "稀土"], ["check", str(case)],
         ["export", str(case), "--json", str(out)], ["import", str(other), str(out)],
         ["add", str(other), str(doc)], ["backups", str(case), "--now"],
         ["brief", str(case), "-o", str(case.with_suffix(".pdf"))]]
for step in steps:
    status = main(step)
    assert status == 0, (step, status)
print(events)
import socket
try:
    socket.getaddrinfo("localhost", None)  # proves the hook sees such calls
except OSError:
    pass
print(len(events))
"""


@pytest.mark.timeout(300)
def test_everyday_work_makes_no_network_or_process_calls(tmp_path: Path) -> None:
    """Creating, searching, checking, exporting, importing, adding files and briefing stay local."""
    doc = tmp_path / "page.html"
    doc.write_text('<html><img src="http://example.org/x.png"><a href="https://e.org">x</a>'
                   '<link rel="stylesheet" href="http://e.org/s.css">Body text</html>')  # fmt: skip
    paths = [tmp_path / n for n in ("demo.casefile", "out.json", "other.casefile")] + [doc]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-c", AUDITED, *map(str, paths)],
        capture_output=True, text=True, env=env, timeout=280,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    *_, events, after_probe = run.stdout.strip().splitlines()
    assert events == "[]"
    assert after_probe == "1", "the audit hook must see a name lookup"
