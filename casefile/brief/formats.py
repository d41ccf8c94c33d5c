"""The brief's file formats and how a file name chooses one (light: no layout code, so the
dialog can check a name on the GUI thread without loading the renderer)."""

from __future__ import annotations

from pathlib import Path

from casefile.core.errors import CaseError

FORMATS = ("pdf", "docx", "md")
SUFFIXES = {".pdf": "pdf", ".docx": "docx", ".md": "md", ".markdown": "md"}
WORDS = {"pdf": "PDF", "docx": "Word (DOCX)", "md": "Markdown"}


def format_of(out: Path | str, chosen: str | None = None) -> str:
    """The brief's format: the one chosen, else the one the file name's extension names
    (.pdf, .docx, .md or .markdown; a PDF for any other name)."""
    suffix = Path(out).suffix.lower()
    named = SUFFIXES.get(suffix)
    if chosen is not None:
        if chosen not in FORMATS:
            raise CaseError(f"The brief's format must be pdf, docx or md, not {chosen!r}.")
        if named is not None and named != chosen:
            raise CaseError(
                f"{Path(out).name} ends in {suffix} but the format chosen is {chosen}: "
                f"name the file .{chosen} or choose the format {named}."
            )
        return chosen
    return named or "pdf"


__all__ = ["FORMATS", "SUFFIXES", "WORDS", "format_of"]
