"""Encrypted cases on the command line: passphrases from a file, the environment or a prompt."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

SECRET = "tide 'table' 42"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m casefile`` with arguments and no terminal on stdin."""
    return subprocess.run(
        [sys.executable, "-m", "casefile", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )


def _secret_file(tmp_path: Path, text: str = SECRET, name: str = "pass.txt") -> str:
    path = tmp_path / name
    path.write_text(text + "\n", encoding="utf-8")
    return str(path)


def test_every_command_takes_the_passphrase_from_a_file_or_the_environment(
    tmp_path: Path,
) -> None:
    """new --encrypt, add, search, check and backups work with a scripted passphrase."""
    case, pw = tmp_path / "sealed.casefile", _secret_file(tmp_path)
    out = run("new", str(case), "--title", "Harbour", "--encrypt", "--passphrase-file", pw)
    assert out.returncode == 0, out.stderr
    note = tmp_path / "note.txt"
    note.write_text("Harbour master saw the ship 稀土 at dawn.", encoding="utf-8")
    assert run("add", str(case), str(note), "--passphrase-file", pw).returncode == 0
    found = run("search", str(case), "稀土", env={"CASEFILE_PASSPHRASE": SECRET})
    assert found.returncode == 0 and "[稀土]" in found.stdout, found.stderr
    assert run("check", str(case), "--passphrase-file", pw).returncode == 0
    listed = run("backups", str(case), "--now", env={"CASEFILE_PASSPHRASE": SECRET})
    assert listed.returncode == 0, listed.stderr
    for out in (found, listed):
        assert "tide" not in out.stdout + out.stderr  # the passphrase is never echoed


def test_without_a_passphrase_or_terminal_the_message_says_how_to_give_one(
    tmp_path: Path,
) -> None:
    """No passphrase and no terminal: one line naming --passphrase-file, exit status 1."""
    case, pw = tmp_path / "sealed.casefile", _secret_file(tmp_path)
    run("new", str(case), "--title", "T", "--encrypt", "--passphrase-file", pw)
    out = run("search", str(case), "x")
    assert out.returncode == 1
    assert out.stderr.startswith("casefile: error: sealed.casefile is an encrypted case")
    assert "--passphrase-file" in out.stderr and "Traceback" not in out.stderr
    wrong = run("check", str(case), env={"CASEFILE_PASSPHRASE": "tide"})
    assert wrong.returncode == 1 and "passphrase is wrong" in wrong.stderr
    assert "tide" not in wrong.stderr.replace("passphrase is wrong", "")


def test_encrypt_passphrase_and_decrypt_round_trip(tmp_path: Path) -> None:
    """encrypt writes a checked new file, passphrase re-keys it, decrypt writes a plain one."""
    plain, sealed, back = (tmp_path / n for n in ("p.casefile", "s.casefile", "b.casefile"))
    assert run("demo", str(plain)).returncode == 0
    before = plain.read_bytes()
    first, second = _secret_file(tmp_path), _secret_file(tmp_path, "second one", "new.txt")
    out = run("encrypt", str(plain), str(sealed), "--passphrase-file", first)
    assert out.returncode == 0, out.stderr
    assert plain.read_bytes() == before and not sealed.read_bytes().startswith(b"SQLite")
    out = run("passphrase", str(sealed), "--passphrase-file", first,
              "--new-passphrase-file", second)  # fmt: skip
    assert out.returncode == 0 and "1 backup(s)" in out.stdout, out.stderr
    assert run("check", str(sealed), "--passphrase-file", first).returncode == 1
    out = run("decrypt", str(sealed), str(back), "--passphrase-file", second)
    assert out.returncode == 0, out.stderr
    assert back.read_bytes().startswith(b"SQLite format 3")
    assert run("check", str(back)).returncode == 0
    assert run("search", str(back), "稀土").stdout == run("search", str(plain), "稀土").stdout


def test_the_passphrase_is_typed_at_a_prompt_without_echo(tmp_path: Path) -> None:
    """In a terminal the passphrase is asked for, and what is typed is not shown."""
    case, pw = tmp_path / "sealed.casefile", _secret_file(tmp_path)
    run("new", str(case), "--title", "T", "--encrypt", "--passphrase-file", pw)
    pid, fd = pty.fork()
    if pid == 0:  # the child: casefile on a terminal
        os.execv(sys.executable, [sys.executable, "-m", "casefile", "check", str(case)])
    output = b""
    sent = False
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 1024)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        if not sent and b"Passphrase for sealed.casefile:" in output:
            os.write(fd, SECRET.encode() + b"\n")
            sent = True
    _, status = os.waitpid(pid, 0)
    text = output.decode(errors="replace")
    assert sent, text
    assert os.waitstatus_to_exitcode(status) == 0, text
    assert "sealed.casefile: ok" in text and "tide" not in text


BLOCKED = "import sys; sys.modules['sqlcipher3'] = None; from casefile.cli import main; "


def _without_sqlcipher(*args: str) -> subprocess.CompletedProcess[str]:
    code = BLOCKED + f"sys.exit(main({list(args)!r}))"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def test_without_the_sqlcipher_wheel_plain_cases_work_and_encryption_says_why(
    tmp_path: Path,
) -> None:
    """Where the wheel is missing, plain cases work on Python's sqlite3; encryption says
    it needs SQLCipher, for a new encrypted case and for opening one."""
    plain, sealed = tmp_path / "p.casefile", tmp_path / "s.casefile"
    assert _without_sqlcipher("demo", str(plain)).returncode == 0
    assert _without_sqlcipher("check", str(plain)).returncode == 0
    assert "稀土" in _without_sqlcipher("search", str(plain), "稀土").stdout
    out = _without_sqlcipher("new", str(sealed), "--title", "T", "--encrypt")
    assert out.returncode == 1 and "need SQLCipher" in out.stderr and not sealed.exists()
    run("new", str(sealed), "--title", "T", "--encrypt", "--passphrase-file",
        _secret_file(tmp_path))  # fmt: skip
    out = _without_sqlcipher("check", str(sealed))
    assert out.returncode == 1 and "need SQLCipher" in out.stderr, out.stderr
    engine = (
        "from casefile.storage import engine; print(engine.sqlite3.__name__, engine.ENCRYPTION)"
    )
    shown = subprocess.run([sys.executable, "-c", BLOCKED + engine], capture_output=True, text=True)
    assert shown.stdout.split() == ["sqlite3", "False"]
