"""Test set-up: offscreen Qt before anything imports it, no network, fresh cases."""

from __future__ import annotations

import gc
import os
import socket
from collections.abc import Iterator
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_SCALE_FACTOR", "1")
# Never the real system keyring, in this process or any it starts: the null backend keeps
# nothing; tests of remembered passphrases install an in-memory one (tests/storage).
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"

import pytest


class NetworkAccessError(AssertionError):
    """Raised when anything in the test suite tries to reach the network."""


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_create_connection = socket.create_connection


def _allowed(address: object) -> bool:
    # Local UNIX sockets (used by some toolkits internally) are not network access.
    return isinstance(address, (str, bytes))


def _guard_connect(self: socket.socket, address: object) -> None:
    if not _allowed(address):
        raise NetworkAccessError(f"network access attempted during tests: {address!r}")
    _real_connect(self, address)  # type: ignore[arg-type]


def _guard_connect_ex(self: socket.socket, address: object) -> int:
    if not _allowed(address):
        raise NetworkAccessError(f"network access attempted during tests: {address!r}")
    return _real_connect_ex(self, address)  # type: ignore[arg-type]


def _guard_create_connection(address: object, *args: object, **kwargs: object) -> socket.socket:
    raise NetworkAccessError(f"network access attempted during tests: {address!r}")


socket.socket.connect = _guard_connect  # type: ignore[method-assign]
socket.socket.connect_ex = _guard_connect_ex  # type: ignore[method-assign]
socket.create_connection = _guard_create_connection  # type: ignore[assignment]


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Keep settings, recent files, backups and the sample copy out of the real home."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(home / "runtime"))
    (home / "runtime").mkdir(mode=0o700)
    yield


@pytest.fixture
def case_path(tmp_path: Path) -> Path:
    """A path for a new case file in a fresh folder."""
    return tmp_path / "test.casefile"


@pytest.fixture
def new_case(case_path: Path) -> Iterator[object]:
    """A freshly created, open case file that is closed after the test."""
    from casefile.storage import create_case

    case = create_case(case_path, "Test case", reference="T-1", marking="OFFICIAL")
    yield case
    if case.conn is not None:
        case.close()


@pytest.fixture(autouse=True)
def _garbage_collected_on_the_gui_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """As in the app: in Qt tests, Python collects garbage only on the GUI thread."""
    if "qtbot" in request.fixturenames or "qapp" in request.fixturenames:
        from casefile.gui.common import gc_policy

        gc_policy.install(request.getfixturevalue("qapp"))
        yield
        gc.collect()  # on this (the GUI) thread; tests without Qt keep Python's default
        gc.enable()
        return
    yield


@pytest.fixture
def memory_keyring() -> Iterator[dict[tuple[str, str], str]]:
    """An in-memory keyring for the test (never the system's): its entries, by (service, id)."""
    import keyring
    from keyring.backend import KeyringBackend
    from keyring.errors import PasswordDeleteError

    entries: dict[tuple[str, str], str] = {}

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            return entries.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            entries[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            if entries.pop((service, username), None) is None:
                raise PasswordDeleteError("not remembered")

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    yield entries
    keyring.set_keyring(previous)
