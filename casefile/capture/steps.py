"""A capture's command with progress and cancel checks between its parts (for long drops)."""

from __future__ import annotations

from collections.abc import Callable

from casefile.capture.limits import CaptureCancelled
from casefile.core.commands import Command, Composite, Op, Store


class _Checked(Command):
    """One part of a long capture: checks for Cancel and reports progress before it runs."""

    def __init__(self, inner: Command, before: Callable[[], None]) -> None:
        self.inner = inner
        self.name = inner.name
        self.originals = inner.originals
        self._before = before

    def plan(self, store: Store) -> list[Op]:
        self._before()
        return self.inner.plan(store)


def with_checks(
    command: Composite,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Composite:
    """The same command, reporting (done, total) and raising ``CaptureCancelled`` on Cancel.

    Raising inside the case's transaction rolls back every part already stored, so a
    cancelled capture leaves the case exactly as it was.
    """
    total = len(command.parts)
    counter = iter(range(total))

    def before() -> None:
        done = next(counter, total)
        if cancelled is not None and cancelled():
            raise CaptureCancelled()
        if progress is not None:
            progress(done, total)

    parts = [p if isinstance(p, Composite) else _Checked(p, before) for p in command.parts]
    return Composite(command.name, parts)


__all__ = ["with_checks"]
