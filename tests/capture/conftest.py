"""Fixtures for capture tests: a fresh in-memory case and a file writer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def case() -> Iterator[object]:
    """A fresh in-memory case."""
    from casefile.storage.case import memory_case

    c = memory_case("Capture test")
    yield c
    c.close()


@pytest.fixture
def write(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write bytes to a file in the test folder and return its path."""

    def _write(name: str, data: bytes | str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    return _write
