"""File → Export ▸ Case package (JSON)…: the same package ``casefile export`` writes.

The case is checked first, as the command line does; a case that fails its check is written
only when the user says so. Checking and writing run in a worker behind a progress dialog.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

from casefile.core.errors import CaseError
from casefile.core.inert import inert
from casefile.gui.common import dialogs

FILTER = "Case packages (*.json);;All files (*)"
SHOWN = 5


def suggested_path(case: Any) -> Path:
    """A file name from the case's name, next to the case file (or in the home folder)."""
    stem = re.sub(r"[^\w \-]+", "_", " ".join(str(case.name).split())).strip(" _") or "case"
    folder = Path(case.path).parent if getattr(case, "path", None) else Path.home()
    return folder / f"{stem}.json"


def ask_export_path(window: Any) -> Path | None:
    """Where to write the package (".json" added when the name has no suffix)."""
    start = str(suggested_path(window.case))
    name, _ = QFileDialog.getSaveFileName(window, "Export case package", start, FILTER)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix else path.with_name(path.name + ".json")


def problems_text(problems: list[str]) -> str:
    """What the check found, in a few lines the user can read."""
    listed = "\n".join(f"• {inert(p)}" for p in problems[:SHOWN])
    more = f"\n… and {len(problems) - SHOWN} more" if len(problems) > SHOWN else ""
    return (
        f"The case fails its check ({len(problems)} problem(s)):\n{listed}{more}\n\n"
        "A package written now carries these problems to whoever imports it. "
        "Export anyway?"
    )


def confirm_problems(window: Any, problems: list[str]) -> bool:
    box = dialogs.message_box(window, "Export case package", problems_text(problems))
    box.setIcon(QMessageBox.Icon.Warning)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Yes).setText("&Export anyway")
    return box.exec() == QMessageBox.StandardButton.Yes


def export_package_file(
    window: Any, path: Path, confirm: Callable[[Any, list[str]], bool] = confirm_problems
) -> bool:
    """Check the open case, then write it to ``path`` as a JSON package; True when written.

    Errors (an output that would overwrite a case, a full disk, no permission) are shown
    in plain words; nothing is left behind at ``path`` then."""
    from casefile.storage.check import sound_problems
    from casefile.storage.outputs import check_output
    from casefile.storage.package import write_package

    case = window.case
    if case is None:
        window.show_error("Open a case first.")
        return False
    try:
        check_output(path, case.path, what="the package")
        work = lambda: sound_problems(case, originals=True)  # noqa: E731
        problems = dialogs.run_with_progress(window, "Checking the case…", work)
        if problems and not confirm(window, problems):
            return False

        def write() -> None:
            with case.lock:
                write_package(case, path)

        dialogs.run_with_progress(window, f"Writing {path.name}…", write)
    except (CaseError, OSError) as err:
        window.show_error(f"The package was not written: {_reason(err)}")
        return False
    window.statusBar().showMessage(f"Exported the case to {path}", 10_000)
    return True


def _reason(err: BaseException) -> str:
    if isinstance(err, OSError) and err.strerror:
        where = f" ({err.filename})" if err.filename else ""
        return f"{err.strerror}{where}."
    return str(err)


def export_action(window: Any) -> None:
    """The slot of File → Export ▸ Case package (JSON)…"""
    if window.case is None:
        window.show_error("Open a case first.")
        return
    path = ask_export_path(window)
    if path is not None:
        export_package_file(window, path)
