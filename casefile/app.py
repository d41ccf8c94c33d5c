"""Wires the concrete pieces together and starts the window."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

APP_NAME = "casefile"


def sample_path() -> Path:
    """Where the editable copy of the sample case lives (the user's data folder)."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "Sample case.casefile"


def write_sample(path: Path) -> None:
    """Write the built-in sample case to ``path``."""
    from casefile.storage.sample import write_sample as write

    write(path)


def make_application(argv: list[str] | None = None) -> Any:
    """The QApplication (created once), named so QSettings has a home."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    if isinstance(app, QApplication):
        app.setApplicationDisplayName("casefile")
        from casefile import APP_ID
        from casefile.gui.common.app_icon import app_icon

        app.setDesktopFileName(APP_ID)  # the desktop entry and Wayland app id it belongs to
        app.setWindowIcon(app_icon())  # every window and dialog carries it
    from casefile.gui.common import gc_policy
    from casefile.gui.common.fonts import install_shipped_fonts

    install_shipped_fonts()  # quotes in CJK, Arabic, Hebrew readable without system fonts

    gc_policy.install(app)  # worker threads must never run Python's garbage collector
    return app


def make_window() -> Any:
    """A main window with its dependencies handed in (settings, sample case)."""
    from PySide6.QtCore import QSettings

    from casefile.gui.window.main_window import MainWindow

    window = MainWindow(QSettings(), sample_path(), write_sample)
    _install_extensions(window)
    return window


EXTENSIONS = (
    "casefile.gui.capture.hooks",
    "casefile.gui.records.quick_add",
    "casefile.gui.brief.hooks",
    "casefile.gui.window.backups",
    "casefile.gui.analysis.hooks",
    "casefile.gui.drawings.hooks",
    "casefile.gui.interchange.hooks",
    "casefile.gui.window.crypt",
    "casefile.gui.window.package_import",
    "casefile.gui.window.opening_check",
)


def _install_extensions(window: Any) -> None:
    """Let other gui modules add their actions: each has ``install(window)``."""
    import importlib

    for name in EXTENSIONS:
        importlib.import_module(name).install(window)


def open_window(case: str | None, demo: bool) -> Any:
    """Show the window on the start page, a case, or a fresh copy of the sample case."""
    make_application()
    window = make_window()
    window.show()
    from casefile.gui.common.fonts import warm_up_fonts

    if demo:
        window.open_sample()
    elif case:
        window.open_path(Path(case))
    else:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(50, warm_up_fonts)
    return window


def _report_unexpected(window: Any) -> None:
    """Show an unexpected error in plain words and keep running (details go to stderr)."""
    import traceback

    def hook(kind: type[BaseException], error: BaseException, trace: Any) -> None:
        traceback.print_exception(kind, error, trace, file=sys.stderr)
        window.show_error(
            f"Something went wrong: {error or kind.__name__}. Every change already made is "
            "saved; you can carry on, or close and reopen the case."
        )

    sys.excepthook = hook


def run_gui(case: str | None, demo: bool) -> int:
    """Start the desktop application and run it until the window is closed."""
    app = make_application()
    window = open_window(case, demo)
    _report_unexpected(window)
    code = int(app.exec())
    sys.excepthook = sys.__excepthook__
    window.close()
    window.deleteLater()
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return code
