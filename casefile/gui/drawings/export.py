"""Export a drawing (link chart or chronology scene) as PNG or SVG, with a white margin."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QFileDialog, QGraphicsItem, QGraphicsScene, QWidget

from casefile.core.errors import CaseError
from casefile.gui.common.palette import LIGHT, themed

MAX_PIXELS = 12000  # longest side of a PNG export; larger drawings are scaled down
MAX_AREA = 16_000_000  # pixels of a PNG export (64 MB in memory, seconds to encode);
# a chart larger than that is exported whole, and readable, as SVG
MARGIN = 24.0


class ExportError(CaseError):
    """The drawing could not be written."""


def export_scene(scene: QGraphicsScene, path: Path, rect: QRectF | None = None) -> Path:
    """Write ``rect`` of the scene (default: everything drawn) to ``path`` (.png or .svg)."""
    source = (rect or scene.itemsBoundingRect()).marginsAdded(
        QMarginsF(MARGIN, MARGIN, MARGIN, MARGIN)
    )
    suffix = path.suffix.lower()
    if suffix not in (".png", ".svg"):
        raise ExportError(f"Choose a file name ending in .png or .svg (not '{path.name}').")
    cached = [(item, item.cacheMode()) for item in scene.items()]
    for item, _mode in cached:  # cached items would be drawn as bitmaps, not as vectors
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    try:
        with themed(scene, LIGHT):  # on paper's white sheet, whatever the window's palette
            (_write_svg if suffix == ".svg" else _write_png)(scene, path, source)
    finally:
        for item, mode in cached:
            item.setCacheMode(mode)
    return path


def _write_svg(scene: QGraphicsScene, path: Path, source: QRectF) -> None:
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(int(source.width()), int(source.height())))
    generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
    generator.setTitle(path.stem)
    generator.setDescription("Exported from casefile")
    painter = QPainter()
    if not painter.begin(generator):
        raise ExportError(f"{path} could not be written.")
    try:
        painter.fillRect(QRectF(0, 0, source.width(), source.height()), QColor("white"))
        scene.render(painter, QRectF(0, 0, source.width(), source.height()), source)
    finally:
        painter.end()
    if not path.exists():
        raise ExportError(f"{path} could not be written.")


def _write_png(scene: QGraphicsScene, path: Path, source: QRectF) -> None:
    area = max(source.width() * source.height(), 1.0)
    scale = min(
        2.0, MAX_PIXELS / max(source.width(), source.height(), 1.0), (MAX_AREA / area) ** 0.5
    )
    size = QSize(max(1, int(source.width() * scale)), max(1, int(source.height() * scale)))
    image = QImage(size, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    try:
        scene.render(painter, QRectF(0, 0, size.width(), size.height()), source)
    finally:
        painter.end()
    if not image.save(str(path)):  # the .png suffix chooses the format
        raise ExportError(f"{path} could not be written.")


def ask_export_path(parent: QWidget, title: str, stem: str) -> Path | None:
    """Ask where to export; the filter chosen decides the format when no suffix is typed."""
    name, chosen = QFileDialog.getSaveFileName(
        parent, title, stem, "PNG image (*.png);;SVG drawing (*.svg)"
    )
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() not in (".png", ".svg"):
        path = path.with_suffix(".svg" if "svg" in chosen.lower() else ".png")
    return path


def export_or_report(
    session: object, scene: QGraphicsScene, path: Path, rect: QRectF
) -> Path | None:
    """Export ``rect`` of a scene; a failure is shown in the window in plain words."""
    try:
        return export_scene(scene, path, rect)
    except CaseError as err:
        show_error = getattr(session, "show_error", None)
        if show_error is not None:
            show_error(str(err))
        return None
