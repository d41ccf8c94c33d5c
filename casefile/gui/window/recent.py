"""The recent cases list, kept in QSettings (most recent first)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

KEY = "recent/cases"
LIMIT = 12


class RecentCases:
    """Paths of recently opened cases; missing files stay listed until removed."""

    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    def paths(self) -> list[Path]:
        value = self.settings.value(KEY, [])
        items: list[object] = [value] if isinstance(value, str) else list(value or [])  # type: ignore[call-overload]
        return [Path(str(v)) for v in items]

    def add(self, path: Path) -> None:
        resolved = path.resolve()
        rest = [p for p in self.paths() if p != resolved]
        self._save([resolved, *rest][:LIMIT])

    def remove(self, path: Path) -> None:
        self._save([p for p in self.paths() if p != path])

    def _save(self, paths: list[Path]) -> None:
        self.settings.setValue(KEY, [str(p) for p in paths])
        self.settings.sync()
