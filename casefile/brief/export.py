"""Export a brief: build the model, render to a temporary file, move it into place, hash it."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from casefile import __version__
from casefile.brief.attach import Attachment
from casefile.brief.build import build
from casefile.brief.model import BriefModel, BriefOptions, CaseContent, Custody
from casefile.core.errors import CaseError
from casefile.core.outputs import output_disk_full, refuse_unsafe_output


@dataclass(frozen=True)
class ExportResult:
    """What was written: where, how many pages (0 when not counted: a DOCX or Markdown
    brief), the SHA-256 of the file's bytes, and its format (pdf, docx, md)."""

    path: Path
    pages: int
    sha256: str
    format: str = "pdf"

    def history_record(self, options: BriefOptions) -> str:
        """The JSON recorded in the case history for this export."""
        return json.dumps(
            {
                "file": self.path.name,
                "sha256": self.sha256,
                "pages": self.pages,
                "issue_date": options.issue_date,
                "sections": list(options.sections),
                "marking": options.marking,
                "author": options.author,
                "tags": sorted(options.tags),
                "include_notes": options.include_notes,
                "page_size": options.page_size,
                "matrix_claims": list(options.matrix_claims),
                "chronology_drawing": options.chronology_drawing,
                **({"redact": list(options.redact)} if options.redact else {}),
                **({"format": self.format} if self.format != "pdf" else {}),
            },
            ensure_ascii=False,
            sort_keys=True,
        )


def file_sha256(path: Path | None) -> str:
    """The SHA-256 of a file as it is on disk now ("" when there is no file)."""
    if path is None or not Path(path).exists():
        return ""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def export_brief(
    content: CaseContent,
    options: BriefOptions,
    out: Path | str,
    custody: Custody | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    protected: Sequence[Path] = (),
    force: bool = False,
) -> ExportResult:
    """Write the brief PDF of these records to ``out`` with nothing embedded (tests and
    benchmarks; casefile itself goes through ``brief.service``, which checks and embeds)."""
    options = options.with_defaults()
    model = build(content, options, custody or Custody(version=__version__))
    return export_model(model, out, progress, cancelled, protected, force)


def export_model(
    model: BriefModel,
    out: Path | str,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    protected: Sequence[Path] = (),
    force: bool = False,
    attachments: Sequence[Attachment] = (),
) -> ExportResult:
    """Write the brief PDF of a report model to ``out`` (atomically: nothing is left behind
    on failure), with ``attachments`` embedded.

    ``out`` is refused before any work when it is a case file, the log of one, or one of
    ``protected`` (the case itself and every open case, which the caller knows); another,
    closed case file is replaced only with ``force``."""
    from casefile.brief.render import BriefRenderer

    out = Path(out)
    refuse_unsafe_output(out, protected, force=force, what="the brief")
    if not out.parent.is_dir():
        raise CaseError(f"The folder {out.parent} does not exist.")
    renderer = BriefRenderer(model, progress, cancelled, attachments)
    handle, temp = tempfile.mkstemp(prefix=".brief-", suffix=".pdf", dir=out.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            pages = renderer.render(stream)
        os.chmod(temp, 0o644)
        os.replace(temp, out)
    except BaseException as err:
        Path(temp).unlink(missing_ok=True)
        full = output_disk_full(out, err) or output_disk_full(out, err.__cause__)
        if full is not None:  # the renderer may have wrapped the write error in its own
            raise full from None
        raise
    return ExportResult(out, pages, file_sha256(out))
