"""Every font a brief uses is embedded in it, so it prints the same on any machine."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from brief_helpers import hostile_case, render, sample_case
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from casefile.brief.model import SECTIONS

ALL = tuple(SECTIONS)


def _fonts(data: bytes) -> dict[str, bool]:
    """Every font resource of every page (and of its forms): name -> embedded."""
    found: dict[str, bool] = {}

    def visit(resources: DictionaryObject | None) -> None:
        if resources is None:
            return
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            desc_font = descendants[0].get_object() if descendants else font
            descriptor = desc_font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font.get("/BaseFont"))] = embedded
        for xobject in (resources.get("/XObject") or {}).values():
            visit(xobject.get_object().get("/Resources"))

    for page in PdfReader(io.BytesIO(data)).pages:
        visit(page.get("/Resources"))
    return found


@pytest.mark.parametrize("which", ["sample", "hostile"])
def test_every_font_of_a_full_brief_is_embedded(which: str) -> None:
    """A brief with every section, the drawings and every script names only embedded fonts."""
    with sample_case() if which == "sample" else hostile_case() as case:
        data = render(case, sections=ALL, chronology_drawing=True)
    fonts = _fonts(data)
    assert fonts, "the brief uses fonts"
    assert all(fonts.values()), {k: v for k, v in fonts.items() if not v}
    assert b"/Helvetica" not in data


def test_pdffonts_lists_only_embedded_fonts() -> None:
    """poppler's pdffonts, as a reader would check it, says 'emb yes' for every font."""
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    with sample_case() as case:
        data = render(case, sections=ALL, chronology_drawing=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "b.pdf"
        path.write_bytes(data)
        out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = out.stdout.splitlines()[2:]
    assert rows
    for row in rows:
        assert row.split()[-5] == "yes", row
