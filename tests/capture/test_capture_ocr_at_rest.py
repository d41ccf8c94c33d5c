"""OCR leaves no page of the evidence on disk: scans go through pipes, never temp files."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from ocr_samples import line_image

from casefile.capture import capture_files, ocr
from casefile.storage import create_case

if not ocr.available() or shutil.which("pdftoppm") is None:
    pytest.skip("Tesseract OCR (and pdftoppm) are not installed", allow_module_level=True)

PASS = "ocr at rest passphrase"
WORDS = ("Quuxbridge", "Zorbafield")  # read by OCR from the images, then stored by the case


@pytest.fixture
def watched_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The process's temp folder pointed at a scanned folder; every time a program starts
    (pdftoppm, tesseract) the files lying in it are noted: that is when a reader that
    hands pages over as files would have written them."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)
    seen: list[str] = []
    real = subprocess.Popen

    class Watched(real):  # type: ignore[misc,valid-type]
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            seen.extend(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", Watched)
    yield seen
    seen.extend(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    tempfile.tempdir = None


def _scan_pdf() -> bytes:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(450, 80))
    image = line_image("Latin", lines=(f"{WORDS[1]} paid the harbour",))
    page.drawImage(ImageReader(io.BytesIO(image)), 0, 0, 450, 50)
    page.showPage()
    page.save()
    return out.getvalue()


def _ocr_capture(tmp_path: Path, passphrase: str | None) -> tuple[bytes, bytes]:
    """A screenshot and a scanned PDF captured with OCR; the case file and its live log."""
    folder = tmp_path / "evidence"
    folder.mkdir()
    shot = folder / "screenshot.png"
    shot.write_bytes(line_image("Latin", lines=(f"{WORDS[0]} Holdings signed",)))
    scan = folder / "scan.pdf"
    scan.write_bytes(_scan_pdf())
    path = tmp_path / "case" / "scans.casefile"
    path.parent.mkdir()
    with create_case(path, "Scans", passphrase=passphrase) as case:
        case.execute(capture_files([shot, scan], case).command)
        for word in WORDS:
            assert case.search(word), f"OCR read {word} into the case"
        wal = path.with_name(path.name + "-wal").read_bytes()
    return path.read_bytes(), wal


def test_ocr_on_an_encrypted_case_puts_nothing_in_clear_on_disk(
    tmp_path: Path, watched_tmp: list[str]
) -> None:
    """Scans read by OCR into an encrypted case: no page in the temp folder at any moment,
    and the words read are nowhere in the case file or its log."""
    data, wal = _ocr_capture(tmp_path, PASS)
    assert watched_tmp == []
    for word in WORDS:
        assert word.encode() not in data and word.encode() not in wal


def test_ocr_on_a_plain_case_shows_the_scan_can_fail(
    tmp_path: Path, watched_tmp: list[str]
) -> None:
    """The same capture on a plain case: the words read are found in its file, so the scan
    sees what OCR stored; the temp folder stays empty there too."""
    data, wal = _ocr_capture(tmp_path, None)
    assert watched_tmp == []
    for word in WORDS:
        assert word.encode() in data + wal
