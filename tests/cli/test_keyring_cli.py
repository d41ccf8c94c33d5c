"""The command line uses a passphrase remembered in the system keyring, unless --no-keyring."""

from __future__ import annotations

from pathlib import Path

import pytest

from casefile.cli import main
from casefile.core import commands
from casefile.core.model import Entity
from casefile.storage import create_case, remembered

PASS = "remembered tide"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def sealed(tmp_path: Path) -> Path:
    path = tmp_path / "sealed.casefile"
    with create_case(path, "Sealed", passphrase=PASS) as case:
        case.execute(commands.Create(Entity("e1", "Anja Kowalczyk")))
    return path


def test_a_remembered_passphrase_opens_the_case_without_asking(
    sealed: Path, memory_keyring: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    """Remembered (in the window), the CLI opens the case with no file, variable or prompt;
    with --no-keyring it asks again (and without a terminal says how to give one)."""
    remembered.remember(sealed, PASS)
    code, out, err = _run(capsys, "search", str(sealed), "Kowalczyk")
    assert code == 0, err
    assert "Kowalczyk" in out and PASS not in out + err
    code, out, err = _run(capsys, "search", str(sealed), "Kowalczyk", "--no-keyring")
    assert code == 1 and "is an encrypted case" in err


def test_without_a_remembered_passphrase_nothing_changes(
    sealed: Path, memory_keyring: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nothing remembered: the usual message; the CLI never stores a passphrase itself."""
    code, _out, err = _run(capsys, "search", str(sealed), "Kowalczyk")
    assert code == 1 and "is an encrypted case" in err
    secret = sealed.with_name("pass.txt")
    secret.write_text(PASS + "\n", encoding="utf-8")
    code, _out, err = _run(capsys, "search", str(sealed), "Anja", "--passphrase-file", str(secret))
    assert code == 0, err
    assert memory_keyring == {}


def test_a_stale_remembered_passphrase_is_said_so(
    sealed: Path, memory_keyring: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    """A remembered passphrase that no longer opens the case is reported, then the usual
    ways are tried."""
    remembered.remember(sealed, "an old passphrase")
    code, _out, err = _run(capsys, "search", str(sealed), "Kowalczyk")
    assert code == 1
    assert "no longer opens sealed.casefile" in err and "is an encrypted case" in err
