"""Small helpers shared by the torture tests."""

from __future__ import annotations

import pytest


def require_slow(request: pytest.FixtureRequest) -> None:
    """Skip a long setting unless the run selected it with ``-m slow``."""
    if "slow" not in (request.config.getoption("markexpr") or "") or "not slow" in (
        request.config.getoption("markexpr") or ""
    ):
        pytest.skip("long setting: run with -m slow")
