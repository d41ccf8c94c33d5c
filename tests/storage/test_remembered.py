"""Passphrases remembered in the system keyring: only when asked, under the case's id (so a
renamed case is still known), replaced on a passphrase change, forgotten on request."""

from __future__ import annotations

from pathlib import Path

from casefile.storage import create_case, open_case, remembered
from casefile.storage.encryption import change_passphrase

PASS = "keyring test passphrase"


def _sealed(folder: Path, name: str = "sealed.casefile") -> Path:
    path = folder / name
    with create_case(path, "Sealed", passphrase=PASS):
        pass
    return path


def test_nothing_is_remembered_unless_asked(tmp_path: Path, memory_keyring: dict) -> None:
    """Creating and opening an encrypted case stores nothing in the keyring."""
    path = _sealed(tmp_path)
    with open_case(path, passphrase=PASS):
        pass
    assert memory_keyring == {}
    assert remembered.recall(path) is None


def test_a_remembered_passphrase_follows_the_case_when_renamed(
    tmp_path: Path, memory_keyring: dict
) -> None:
    """Remembered under the case's id (its salt), not its path: a renamed or moved case is
    still recognised; the entry never holds the file's name."""
    path = _sealed(tmp_path)
    assert remembered.remember(path, PASS) is None
    ((service, ident),) = memory_keyring
    assert service == "casefile" and ident.startswith("case-") and "sealed" not in ident
    moved = tmp_path / "elsewhere" / "renamed.casefile"
    moved.parent.mkdir()
    path.rename(moved)
    assert remembered.recall(moved) == PASS
    with open_case(moved, passphrase=remembered.recall(moved)) as case:
        assert case.encrypted


def test_another_case_is_not_opened_by_it(tmp_path: Path, memory_keyring: dict) -> None:
    """Two encrypted cases have different ids; a plain case has none."""
    first, second = _sealed(tmp_path, "a.casefile"), _sealed(tmp_path, "b.casefile")
    remembered.remember(first, PASS)
    assert remembered.recall(second) is None
    plain = tmp_path / "plain.casefile"
    with create_case(plain, "Plain"):
        pass
    assert remembered.case_id(plain) is None
    assert remembered.remember(plain, "x") is not None and len(memory_keyring) == 1


def test_a_passphrase_change_replaces_only_a_remembered_one(
    tmp_path: Path, memory_keyring: dict
) -> None:
    """After a change the remembered passphrase is the new one; a case never remembered
    stays unremembered."""
    path, other = _sealed(tmp_path, "a.casefile"), _sealed(tmp_path, "b.casefile")
    remembered.remember(path, PASS)
    for target in (path, other):
        with open_case(target, passphrase=PASS) as case:
            change_passphrase(case, "new words")
        remembered.replace(target, "new words")
    assert remembered.recall(path) == "new words"
    assert remembered.recall(other) is None and len(memory_keyring) == 1


def test_forget_removes_it(tmp_path: Path, memory_keyring: dict) -> None:
    """Forget removes the entry; forgetting again says there was none."""
    path = _sealed(tmp_path)
    remembered.remember(path, PASS)
    assert remembered.forget(path) is True
    assert memory_keyring == {} and remembered.recall(path) is None
    assert remembered.forget(path) is False


def test_a_failing_keyring_counts_as_nothing_remembered(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """No keyring service (the null backend of the tests' environment): nothing recalled,
    remembering says it was not stored, in words."""
    path = _sealed(tmp_path)
    assert remembered.recall(path) is None
    problem = remembered.remember(path, PASS)
    assert remembered.recall(path) is None
    assert problem is None or "keyring" in problem
    monkeypatch.setattr(remembered, "available", lambda: False)
    assert remembered.remember(path, PASS) == remembered.ENABLE_KEYRING
