"""Encrypted cases: nothing readable at rest, clear refusals, everything else the same."""

from __future__ import annotations

import hashlib
import random
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from casefile.capture import Limits
from casefile.capture.stream import FileStream
from casefile.core import commands
from casefile.core.errors import CaseError
from casefile.core.model import Entity
from casefile.storage import backups, create_case, open_case
from casefile.storage.check import check_case
from casefile.storage.cipher import PassphraseNeeded, WrongPassphrase
from casefile.storage.encryption import change_passphrase, write_copy

PASS = "marker test passphrase"
LATIN, CJK, QUOTE = "Quuxbridgewater", "秘密标记词", "ledger shows Zorbafield"
MARKERS = [LATIN.encode(), CJK.encode(), QUOTE.encode(), b"SQLite format 3"]


@pytest.fixture
def scratch_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the process's temporary directory at a folder the test can scan."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)
    yield folder
    tempfile.tempdir = None


def _found(paths: list[Path]) -> set[bytes]:
    hits = set()
    for path in paths:
        data = path.read_bytes()
        hits |= {m for m in MARKERS if m in data}
    return hits


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def _write_marked_case(tmp_path: Path, passphrase: str | None) -> tuple[Path, Path, Path]:
    """A case with the markers in a name, a title and a captured original; returns the
    case, the write-ahead log copied while it was open, and its backups folder."""
    original = tmp_path / "source" / "ledger.txt"
    original.parent.mkdir()
    original.write_text(f"Notes.\nThe {QUOTE} paid twice in 2024.\n", encoding="utf-8")
    path = tmp_path / "cases" / "marked.casefile"
    path.parent.mkdir()
    root = tmp_path / "backups"
    with create_case(path, f"{LATIN} inquiry", passphrase=passphrase) as case:
        case.execute(commands.Create(Entity("e1", f"{CJK} {LATIN}", description=QUOTE)))
        stream = FileStream([original], case, Limits())
        try:
            case.execute(stream.command())
        finally:
            stream.close()
        assert case.search("Zorbafield"), "the quote is in the case"
        wal = tmp_path / "captured.wal"
        shutil.copyfile(path.with_name(path.name + "-wal"), wal)
        backups.make_backup(case, root=root)
    with open_case(path, read_only=True, passphrase=passphrase) as case:
        assert check_case(case) == []  # the check's scratch copies go through the temp dir
    return path, wal, root


def test_an_encrypted_case_keeps_nothing_readable_on_disk(
    tmp_path: Path, scratch_tmp: Path
) -> None:
    """No marker word, quote or SQLite header in the file, its live log, backups or temp."""
    path, wal, root = _write_marked_case(tmp_path, PASS)
    assert _found([path]) == set()
    assert _found([wal]) == set()
    assert _files(root) and _found(_files(root)) == set()
    assert _found(_files(scratch_tmp)) == set()


def test_the_same_scan_finds_the_markers_in_a_plain_case(tmp_path: Path, scratch_tmp: Path) -> None:
    """The scan can fail: on a plain case it finds every marker where the case keeps it."""
    path, wal, root = _write_marked_case(tmp_path, None)
    assert _found([path]) == set(MARKERS)
    assert {LATIN.encode(), CJK.encode()} <= _found([wal])
    assert set(MARKERS) <= _found(_files(root))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def encrypted(case_path: Path) -> Path:
    with create_case(case_path, "Sealed", passphrase=PASS) as case:
        case.execute(commands.Create(Entity("e1", "Anja")))
    return case_path


def _unchanged(path: Path, before: str) -> None:
    assert _digest(path) == before
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_a_wrong_passphrase_is_refused_in_words_and_changes_nothing(encrypted: Path) -> None:
    """A wrong passphrase says so and leaves the file (and its folder) exactly as it was."""
    before = _digest(encrypted)
    for read_only in (False, True):
        with pytest.raises(WrongPassphrase, match="passphrase is wrong"):
            open_case(encrypted, read_only=read_only, passphrase="not it")
    with pytest.raises(PassphraseNeeded, match="is an encrypted case"):
        open_case(encrypted)
    _unchanged(encrypted, before)


def test_a_renamed_encrypted_case_is_still_recognised(encrypted: Path) -> None:
    """Renamed to anything, it is still taken for an encrypted case and opens."""
    renamed = encrypted.with_name("holiday-photos.zip")
    encrypted.rename(renamed)
    before = _digest(renamed)
    with pytest.raises(PassphraseNeeded, match=r"holiday-photos\.zip is an encrypted case"):
        open_case(renamed)
    _unchanged(renamed, before)
    with open_case(renamed, passphrase=PASS) as case:
        assert case.get("entity", "e1") is not None


@pytest.mark.parametrize("cut", [5000, 4096 * 3])
def test_a_truncated_encrypted_case_is_refused_and_unchanged(encrypted: Path, cut: int) -> None:
    """Cut short (mid-page or at a page boundary), it is called damaged, not a bad key."""
    data = encrypted.read_bytes()
    encrypted.write_bytes(data[:cut])
    before = _digest(encrypted)
    with pytest.raises(CaseError, match="cut short") as raised:
        open_case(encrypted, passphrase=PASS)
    assert not isinstance(raised.value, WrongPassphrase)
    _unchanged(encrypted, before)


def test_random_bytes_are_not_taken_for_a_text_or_a_case(tmp_path: Path) -> None:
    """A text file is 'not a case'; random whole pages only fail the passphrase."""
    text = tmp_path / "notes.casefile"
    text.write_text("just some notes\n" * 1000, encoding="utf-8")
    with pytest.raises(CaseError, match="not a casefile case"):
        open_case(text, passphrase=PASS)
    noise = tmp_path / "noise.casefile"
    noise.write_bytes(random.Random(7).randbytes(4096 * 4))
    with pytest.raises(WrongPassphrase):
        open_case(noise, passphrase=PASS)


def test_encrypt_decrypt_and_rekey_keep_every_record(tmp_path: Path, new_case) -> None:  # type: ignore[no-untyped-def]
    """A case encrypted, re-keyed and decrypted again holds the same records and checks clean."""
    new_case.execute(commands.Create(Entity("e1", "Anja Petrović 稀土")))
    sealed, plain = tmp_path / "sealed.casefile", tmp_path / "plain-again.casefile"
    write_copy(new_case, sealed, "first")
    with open_case(sealed, passphrase="first") as case:
        assert case.encrypted and case.search("稀土")[0].id == "e1"
        assert change_passphrase(case, "second") == 1  # the backup made first is re-keyed
    with pytest.raises(WrongPassphrase):
        open_case(sealed, passphrase="first")
    with open_case(sealed, passphrase="second") as case:
        write_copy(case, plain, None)
        with pytest.raises(CaseError, match="would replace it"):
            write_copy(case, plain, None)
    with open_case(plain) as case:
        assert not case.encrypted and check_case(case) == []
        assert case.get("entity", "e1") == new_case.get("entity", "e1")


def test_backups_of_an_encrypted_case_restore_only_with_its_passphrase(
    tmp_path: Path, encrypted: Path
) -> None:
    """A backup is encrypted with the case's key; restoring asks for it and checks it."""
    with open_case(encrypted, passphrase=PASS) as case:
        made = backups.make_backup(case)
    target = tmp_path / "restored.casefile"
    with pytest.raises(PassphraseNeeded):
        backups.restore_backup(made.path, target)
    with pytest.raises(WrongPassphrase):
        backups.restore_backup(made.path, target, passphrase="nope")
    assert not target.exists()
    backups.restore_backup(made.path, target, passphrase=PASS)
    with open_case(target, passphrase=PASS) as case:
        assert case.get("entity", "e1") is not None


def test_an_encrypted_case_closed_cleanly_reopens_without_the_page_check(
    encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reopening an encrypted case exactly as casefile left it skips the slow page check;
    a changed file gets it again (and a changed page fails SQLCipher's HMAC)."""
    from casefile.storage import connection

    deep: list[bool] = []
    real = connection._verify_file

    def spy(path: Path, name: str, deep_check: bool = True, key: str | None = None) -> int:
        deep.append(deep_check)
        return real(path, name, deep_check, key)

    monkeypatch.setattr(connection, "_verify_file", spy)
    with open_case(encrypted, passphrase=PASS):
        pass
    with open_case(encrypted, passphrase=PASS):
        pass
    assert deep[-1] is False
    data = bytearray(encrypted.read_bytes())
    data[4096 + 100] ^= 0xFF  # one byte of page 2
    encrypted.write_bytes(bytes(data))
    with pytest.raises(CaseError):
        open_case(encrypted, passphrase=PASS)
    assert deep[-1] is True
