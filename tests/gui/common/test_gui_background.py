"""Long work in the background helper: Cancel and closing leave the case exactly as before."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gui_helpers import every_row
from PySide6.QtWidgets import QWidget

from casefile.core.commands import PutRecords
from casefile.core.model import Snippet, Source
from casefile.gui.common.session import LARGE_STEP, Session
from casefile.storage import connection, create_case, open_case

SECRET = "correct horse battery staple"


_PARENTS: list[QWidget] = []


def _session(qtbot: Any, case: Any, errors: list[str]) -> Session:
    parent = QWidget()
    qtbot.addWidget(parent)
    _PARENTS[:] = [parent]  # the window the session's dialogs belong to
    return Session(case, errors.append, parent)


def _records(count: int) -> list[Any]:
    source = Source("src-1", "Leaked ledger")
    return [source] + [
        Snippet(f"n{i:05d}", f"payment {i} to the agent", "src-1") for i in range(count)
    ]


def _cancel_after(case: Any, session: Session, calls: int) -> list[int]:
    """The user clicks Cancel once the worker has written ``calls`` times."""
    seen: list[int] = []
    store = case.store
    put_many, delete = store.put_many, store.delete

    def count() -> None:
        seen.append(1)
        if len(seen) == calls:
            step = session.step
            (step or _running(session)).cancel()

    def put(records: Any) -> None:
        put_many(records)
        count()

    def remove(kind: str, ident: str) -> None:
        delete(kind, ident)
        count()

    store.put_many, store.delete = put, remove
    return seen


def _running(session: Session) -> Any:
    from casefile.gui.common import background

    return next(iter(background._RUNNING))


def test_cancelled_undo_of_an_encrypted_case_changes_nothing(qtbot, tmp_path: Path) -> None:
    """Cancel during a large undo of an encrypted case leaves its records and history untouched."""
    path = tmp_path / "secret.casefile"
    case = create_case(path, "Secret", passphrase=SECRET)
    errors: list[str] = []
    session = _session(qtbot, case, errors)
    assert session.push(PutRecords("Add ledger", _records(LARGE_STEP + 100))) is not None
    with case.lock:
        before = every_row(case.conn)
    seen = _cancel_after(case, session, 50)
    session.undo()
    assert session.busy
    qtbot.waitUntil(lambda: not session.busy, timeout=30_000)
    assert 50 <= len(seen) < LARGE_STEP + 101 and errors == []
    assert session.stack.index() == 1 and case.count("snippet") == LARGE_STEP + 100
    case.close()
    fresh = connection.connect(path, read_only=True, passphrase=SECRET)
    try:
        assert every_row(fresh) == before
    finally:
        fresh.close()


def test_cancelled_import_adds_nothing(qtbot, tmp_path: Path) -> None:
    """Cancel while a large import is being stored adds nothing and leaves no undo step."""
    case = create_case(tmp_path / "c.casefile", "Case")
    errors: list[str] = []
    session = _session(qtbot, case, errors)
    with case.lock:
        before = every_row(case.conn)
    _cancel_after(case, session, 1)
    change = session.push_long(PutRecords("Import package", _records(2000)), "Importing…")
    assert change is None and errors == []
    assert session.stack.count() == 0 and case.count("snippet") == 0
    with case.lock:
        assert every_row(case.conn) == before
    case.close()


def test_closing_the_case_during_a_large_undo_cancels_it(qtbot, tmp_path: Path) -> None:
    """Closing the case while a large undo runs stops it; the reopened case still has the data."""
    path = tmp_path / "c.casefile"
    case = create_case(path, "Case")
    session = _session(qtbot, case, [])
    session.push(PutRecords("Add ledger", _records(3000)))
    session.undo()
    assert session.busy
    session.stop()  # what the window does first when it closes the case
    assert not session.busy and session.step is None
    case.close()
    with open_case(path) as reopened:
        count = reopened.count("snippet")
    assert count in (0, 3000)  # the undo either rolled back whole or had committed whole
    assert session.stack.index() == (1 if count else 0)
