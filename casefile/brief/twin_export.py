"""Write the DOCX or Markdown twin of a prepared brief: the same report model as the PDF (so the
same sections, tags filter, redaction and marking), through the same output guard, atomically.

A Markdown brief's pictures go in a folder beside it, ``NAME_files/``, linked relatively."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from casefile.brief.export import ExportResult, file_sha256
from casefile.brief.model import BriefModel
from casefile.brief.twin_blocks import Block, Picture
from casefile.brief.twin_story import blocks
from casefile.core.errors import CaseError
from casefile.core.outputs import output_disk_full, refuse_unsafe_output


def pictures_folder(out: Path) -> Path:
    """Where a Markdown brief's pictures go: ``NAME_files`` beside it."""
    return out.with_name(f"{out.stem}_files")


def write_twin(
    model: BriefModel,
    out: Path | str,
    fmt: str,
    protected: Sequence[Path] = (),
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportResult:
    """Write the DOCX or Markdown brief of ``model`` to ``out`` (refused before any work when
    it is a case, the log of one or one of ``protected``; nothing is left behind on failure
    or when ``cancelled()`` turns true, which is asked as the work goes on)."""
    from casefile.brief import twin_pictures
    from casefile.brief.render import BriefCancelled

    def tick(done: int, total: int) -> None:
        if cancelled is not None and cancelled():
            raise BriefCancelled()
        if progress is not None:
            progress(done, total)

    out = Path(out)
    refuse_unsafe_output(out, protected, force=force, what="the brief")
    if not out.parent.is_dir():
        raise CaseError(f"The folder {out.parent} does not exist.")
    drawn: list[Picture] = []

    def draw(name: str) -> tuple[Picture, int] | None:
        found = twin_pictures.draw(model, name)
        if found is not None:
            drawn.append(found[0])
        return found

    medium = "DOCX" if fmt == "docx" else "Markdown"
    content = blocks(model, medium, draw)
    tick(0, len(content) + 1)
    written: list[Path] = []
    try:
        if fmt == "docx":
            data = _docx_bytes(model, content, tick)
            tick(len(content), len(content) + 1)
            _atomic(out, data)
        elif fmt == "md":
            from casefile.brief.twin_markdown import markdown

            folder = pictures_folder(out)
            text = markdown(model, content, folder.name).encode("utf-8")
            tick(len(content), len(content) + 1)
            written = _write_pictures(folder, drawn, protected, force)
            _atomic(out, text)
        else:
            raise CaseError(f"The brief's format must be docx or md here, not {fmt!r}.")
    except BaseException as err:
        for path in written:
            path.unlink(missing_ok=True)
        full = output_disk_full(out, err)
        if full is not None:
            raise full from None
        raise
    if progress is not None:
        progress(len(content) + 1, len(content) + 1)
    return ExportResult(out, 0, file_sha256(out), fmt)


def _docx_bytes(model: BriefModel, content: list[Block], tick: Callable[[int, int], None]) -> bytes:
    import io

    from casefile.brief.twin_docx import write_docx

    stream = io.BytesIO()
    write_docx(model, content, stream, tick)
    return stream.getvalue()


def _write_pictures(folder: Path, pictures: list[Picture], protected: Sequence[Path],
                    force: bool) -> list[Path]:  # fmt: skip
    """Each picture into ``folder`` (made if missing); the paths written."""
    if not pictures:
        return []
    if folder.exists() and not folder.is_dir():
        raise CaseError(f"{folder.name} beside the brief is a file, not a folder: the brief's "
                        "pictures go there. Move it or choose another name. Nothing was written.")  # fmt: skip
    for picture in pictures:
        refuse_unsafe_output(folder / picture.name, protected, force=force, what="a picture")
    made = not folder.exists()
    folder.mkdir(exist_ok=True)
    written: list[Path] = []
    try:
        for picture in pictures:
            _atomic(folder / picture.name, picture.png)
            written.append(folder / picture.name)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        if made:
            folder.rmdir()
        raise
    return written


def _atomic(out: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``out`` and move it into place."""
    handle, temp = tempfile.mkstemp(prefix=".brief-", suffix=out.suffix, dir=out.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, out)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
