"""Passphrases remembered in the system keyring (optional: ``casefile[keyring]``).

Off unless the user ticks "Remember in the system keyring" when opening an encrypted case;
never stored otherwise. An entry is kept under the case's own id, not its path, so a case
that is renamed or moved is still recognised: the id is the SQLCipher salt, the first 16
bytes of the file, which are random per case, stored in clear by SQLCipher (they are not
secret) and kept by a passphrase change. A copy made with ``cp`` is the same case with the
same passphrase; an encrypted copy written by casefile has a salt of its own.

Every keyring error (no keyring service, a locked or refusing one) counts as "nothing
remembered": the passphrase is then asked as usual.
"""

from __future__ import annotations

import importlib.util
import stat
from pathlib import Path

from casefile.storage import cipher

SERVICE = "casefile"
ENABLE_KEYRING = (
    "To let casefile remember passphrases in the system keyring, install its keyring "
    "support: pip install 'casefile[keyring]'."
)


def available() -> bool:
    """Is the ``keyring`` package installed?"""
    return importlib.util.find_spec("keyring") is not None


def case_id(path: Path) -> str | None:
    """The id a passphrase is remembered under (None for a file that is not an encrypted
    case, or cannot be read)."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a pipe or device would block the read
            return None
        with path.open("rb") as handle:
            first_page = handle.read(cipher.PAGE_SIZE)
    except (OSError, ValueError):
        return None
    if not cipher.looks_encrypted(first_page):
        return None
    return f"case-{first_page[:16].hex()}"


def recall(path: Path) -> str | None:
    """The passphrase remembered for the case at ``path``, or None."""
    ident = case_id(path)
    if ident is None or not available():
        return None
    import keyring

    try:
        found = keyring.get_password(SERVICE, ident)
    except Exception:  # keyring backends raise many kinds of error: nothing remembered
        return None
    return found if isinstance(found, str) and found else None


def remember(path: Path, passphrase: str) -> str | None:
    """Store the passphrase for the case at ``path``; None when stored, else why not."""
    ident = case_id(path)
    if ident is None:
        return "Only the passphrase of an encrypted case can be remembered."
    if not available():
        return ENABLE_KEYRING
    import keyring

    try:
        keyring.set_password(SERVICE, ident, passphrase)
    except Exception as err:  # no keyring service, or it refused
        return f"The system keyring did not store the passphrase ({type(err).__name__})."
    return None


def forget(path: Path) -> bool:
    """Remove the remembered passphrase of the case at ``path``; True if there was one."""
    ident = case_id(path)
    if ident is None or not available():
        return False
    import keyring

    try:
        if keyring.get_password(SERVICE, ident) is None:
            return False
        keyring.delete_password(SERVICE, ident)
    except Exception:
        return False
    return True


def replace(path: Path, passphrase: str) -> None:
    """After a passphrase change: a remembered passphrase is replaced by the new one (one
    that was never remembered stays unremembered)."""
    if recall(path) is not None:
        remember(path, passphrase)


__all__ = ["ENABLE_KEYRING", "available", "case_id", "forget", "recall", "remember", "replace"]
