"""Offline OCR of images and scanned PDFs with Tesseract (optional: the system's Tesseract).

The words read become the source's text; where each word sits (page, box in pixels) is kept
as an OCR layer beside the original, whose bytes and SHA-256 never change. The script of
each page is found by Tesseract's own detection (or, on a small image, by trying each
installed script and keeping the most confident reading); without Tesseract an image is
stored as an attachment, with a note saying how to turn OCR on.

No page of the evidence touches the disk in clear (an encrypted case's scans included): the
PDF goes to pdftoppm on its standard input and each page comes back as PNG on its standard
output; Tesseract reads the page from ``stdin`` and writes its words to ``stdout``. (Not
through pytesseract: it writes every image it reads to a temporary file.)
"""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
import warnings
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from casefile.capture import formats
from casefile.capture.filetext import FileText
from casefile.capture.formats import NO_TEXT_LAYER
from casefile.capture.limits import CaptureError, checkpoint
from casefile.core.model import OCR_LAYER, Original
from casefile.core.ocrlayer import OcrLayer, Word

MAX_PAGES = 100  # pages read by OCR from one file
MAX_PIXELS = 40_000_000  # one page image (a 600 dpi A4 scan is 35 megapixels)
SURE = 90.0  # mean word confidence at which a reading is taken without trying other scripts
PDF_PAGE_PIXELS = 2000  # longest side a scanned PDF page is drawn at for OCR
PAGE_SECONDS = 120  # one program run on one page
ENABLE_OCR = (
    "casefile reads the words in images and scans when Tesseract OCR is installed: "
    "install the system's tesseract-ocr packages (Debian/Ubuntu: "
    "tesseract-ocr tesseract-ocr-script-latn tesseract-ocr-chi-sim tesseract-ocr-chi-tra "
    "tesseract-ocr-rus tesseract-ocr-ara). See the README."
)
_SCRIPTS = {  # Tesseract's script name -> the language packs that read it, best first
    "Latin": ("Latin", "eng"),
    "Cyrillic": ("rus",),
    "Han": ("chi_sim", "chi_tra"),
    "HanS": ("chi_sim",),
    "HanT": ("chi_tra",),
    "Arabic": ("ara",),
}


@functools.lru_cache(maxsize=1)
def installed_languages() -> frozenset[str]:
    """Tesseract's installed language packs; empty when OCR is not available."""
    program = shutil.which("tesseract")
    if program is None:
        return frozenset()
    try:
        done = subprocess.run([program, "--list-langs"], capture_output=True, text=True,
                              timeout=30, check=False)  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    names = [line.strip() for line in done.stdout.splitlines()[1:]]
    return frozenset(n for n in names if n and n != "osd")


def available() -> bool:
    """Can casefile read text from images here?"""
    return bool(installed_languages())


def image_file(data: bytes, name: str) -> FileText:
    """An image (PNG, JPEG, TIFF with any number of pages, WebP…): its words, if OCR is on."""
    if not available():
        return FileText(None, note=f"Stored without text: {ENABLE_OCR}")
    try:
        pages = list(_image_pages(data, name))
    except _TooLarge as err:
        return FileText(None, note=str(err))
    return read_pages(pages, name)


def pdf_file(data: bytes, name: str) -> FileText:
    """A PDF: its text layer; pages without one (scans) are read with OCR. In a PDF mixing
    both, only the scanned pages are read, and each keeps its own place and page number."""
    content = formats.pdf_file(data, name)
    if content.text is not None:
        return _mixed(content, data, name)
    if not (content.note or "").startswith(NO_TEXT_LAYER):
        return content
    if not available():
        return replace(content, note=f"{content.note} {ENABLE_OCR}")
    try:
        pages = _pdf_pages(data, name)
    except _TooLarge as err:  # the original is kept, with the reason it has no text
        return replace(content, note=str(err))
    read = read_pages(pages, name)
    if read.text is None:
        return replace(content, note=f"{content.note} {read.note}")
    return replace(content, text=read.text, pages=read.pages, note=read.note, layers=read.layers)


def _mixed(content: FileText, data: bytes, name: str) -> FileText:
    """A PDF with a text layer whose blank pages may be scans: those pages read by OCR."""
    text = content.text or ""
    starts = list(content.pages)
    blank = [
        n for n in range(1, len(starts) + 1) if not text[slice(*_slot(text, starts, n))].strip()
    ]
    if not blank:
        return content
    listed = _numbers(blank)
    if not available():
        return replace(content, note=_joined(content.note, f"{listed} without text (scanned?): "
                                              f"{ENABLE_OCR}"))  # fmt: skip
    if len(blank) > MAX_PAGES:
        return replace(content, note=_joined(content.note, f"{listed} without text were not "
                                              f"read by OCR (more than {MAX_PAGES} pages)."))  # fmt: skip
    images = _pdf_pages(data, name, blank)
    words: list[Word] = []
    sizes = [(0, 0)] * len(starts)  # a page with its own text layer has no page image
    for number, image in zip(blank, images, strict=True):
        checkpoint()
        begin, end = _slot(text, starts, number)
        read, found = _read_page(image, number, begin)
        slot = read + ("\n\n" if number < len(starts) else "")
        text = text[:begin] + slot + text[end:]
        for later in range(number, len(starts)):
            starts[later] += len(slot) - (end - begin)
        sizes[number - 1] = image.size
        words.extend(found)
    if not words:
        return replace(content, note=_joined(content.note, f"{listed} without text: OCR found "
                                              "no words on them."))  # fmt: skip
    version = tesseract_version()
    layer = OcrLayer(f"Tesseract {version}", tuple(sizes), tuple(words))
    note = (f"{listed} read by OCR (Tesseract {version}; the place of every word is kept); "
            "the other pages have their own text layer.")  # fmt: skip
    original = Original("", OCR_LAYER, layer.to_json())  # its key is set by the planner
    return replace(content, text=text, pages=tuple(starts), note=_joined(content.note, note),
                   layers=(original,))  # fmt: skip


def _slot(text: str, starts: list[int], number: int) -> tuple[int, int]:
    """Where page ``number`` (1-based) lies in the joined text, with the gap after it."""
    return starts[number - 1], starts[number] if number < len(starts) else len(text)


def _numbers(pages: list[int]) -> str:
    shown = ", ".join(map(str, pages[:20])) + (", …" if len(pages) > 20 else "")
    return f"Page {shown}" if len(pages) == 1 else f"Pages {shown}"


def _joined(first: str | None, second: str) -> str:
    return f"{first} {second}" if first else second


def _image_pages(data: bytes, name: str) -> Iterator[Any]:
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        with warnings.catch_warnings():  # casefile's own, lower limit is checked next
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
        _check_pixels(image.size, name)
        frames = getattr(image, "n_frames", 1)
        if frames > MAX_PAGES:
            raise _TooLarge(_too_many(f"it has {frames:,} pages"))
        for frame in ImageSequence.Iterator(image):
            _check_pixels(frame.size, name)
            yield frame.convert("L")
    except (CaptureError, _TooLarge):
        raise
    except Image.DecompressionBombError:
        raise CaptureError(_too_big(name)) from None
    except (UnidentifiedImageError, OSError, ValueError, EOFError, SyntaxError) as err:
        raise CaptureError(
            f"{name} is damaged or not an image casefile can read ({err})."
        ) from None


def _check_pixels(size: tuple[int, int], name: str) -> None:
    width, height = size
    if width * height > MAX_PIXELS or width <= 0 or height <= 0:
        raise _TooLarge(
            f"Stored without text: it is {width:,} × {height:,} pixels, and casefile reads images "
            f"of up to {MAX_PIXELS // 1_000_000} megapixels with OCR."
        )


class _TooLarge(Exception):
    """A real image too large to read with OCR: kept as an attachment, not refused."""


def _too_many(what: str) -> str:
    return (f"Stored without text: {what}, and casefile reads up to {MAX_PAGES} pages with OCR "
            "(split it and add the pieces to have their words read).")  # fmt: skip


def _too_big(name: str) -> str:
    return (
        f"{name} claims to be larger than Pillow will decode safely (a decompression bomb?); "
        "it was not added."
    )


def _pdf_pages(data: bytes, name: str, numbers: list[int] | None = None) -> list[Any]:
    """Pages of a scanned PDF (``numbers``, 1-based; default all) as images, drawn by
    poppler's pdftoppm (longest side fixed, so a page that claims to be metres wide cannot
    make a huge image)."""
    from PIL import Image

    program = shutil.which("pdftoppm")
    if program is None:
        raise CaptureError(f"{name} is a scan, and reading it needs pdftoppm (poppler-utils).")
    from pypdf import PdfReader

    count = len(PdfReader(io.BytesIO(data)).pages)
    if len(numbers or range(count)) > MAX_PAGES:
        raise _TooLarge(_too_many(f"it is a scan of {count:,} pages"))
    pages: list[Any] = []
    for number in numbers or range(1, count + 1):
        checkpoint()
        command = [program, "-f", str(number), "-l", str(number), "-gray", "-png",
                   "-scale-to", str(PDF_PAGE_PIXELS), "-singlefile", "-"]  # fmt: skip
        try:  # the PDF in on stdin, the page out on stdout: nothing written to disk
            drawn = subprocess.run(command, input=data, capture_output=True,
                                   timeout=PAGE_SECONDS, check=True).stdout  # fmt: skip
            with Image.open(io.BytesIO(drawn)) as image:
                pages.append(image.convert("L"))
        except (OSError, ValueError, subprocess.SubprocessError):
            raise CaptureError(f"{name}: page {number} of the scan cannot be drawn.") from None
    return pages


def tesseract(page: Any, *arguments: str) -> str:
    """Run Tesseract on one page image, through pipes: the page goes in as PNG on stdin and
    what Tesseract writes comes back from stdout (never a file)."""
    program = shutil.which("tesseract")
    if program is None:
        raise CaptureError(f"Tesseract OCR is not installed. {ENABLE_OCR}")
    image = io.BytesIO()
    page.save(image, "PNG")
    try:
        done = subprocess.run([program, "stdin", "stdout", *arguments], input=image.getvalue(),
                              capture_output=True, timeout=PAGE_SECONDS, check=False)  # fmt: skip
    except (OSError, subprocess.SubprocessError) as err:
        raise CaptureError(f"Tesseract could not read a page ({type(err).__name__}).") from None
    if done.returncode != 0:
        raise _TesseractFailed(done.stderr.decode("utf-8", "replace").strip()[-200:])
    return done.stdout.decode("utf-8", "replace")


class _TesseractFailed(Exception):
    """Tesseract ended with an error (a page it cannot analyse, a missing language pack)."""


@functools.lru_cache(maxsize=1)
def tesseract_version() -> str:
    """Tesseract's version (``5.3.0``), for the note and the OCR layer."""
    program = shutil.which("tesseract")
    done = subprocess.run([program or "tesseract", "--version"], capture_output=True,
                          text=True, timeout=30, check=False)  # fmt: skip
    first = (done.stdout or done.stderr).split("\n", 1)[0].split()
    return first[1] if len(first) > 1 else "unknown version"


def _table(tsv: str) -> dict[str, list[str]]:
    """Tesseract's TSV output as columns (``text``, ``conf``, ``left``…), one entry a row."""
    lines = tsv.splitlines()
    if not lines:
        return {"text": []}
    header = lines[0].split("\t")
    columns: dict[str, list[str]] = {key: [] for key in header}
    for line in lines[1:]:
        cells = line.split("\t", len(header) - 1)
        cells += [""] * (len(header) - len(cells))
        for key, cell in zip(header, cells, strict=True):
            columns[key].append(cell)
    return columns


def read_pages(pages: list[Any], name: str) -> FileText:
    """OCR of page images: the text, where each page starts, and the layer of word boxes."""
    parts: list[str] = []
    starts: list[int] = []
    words: list[Word] = []
    sizes: list[tuple[int, int]] = []
    position = 0
    for number, page in enumerate(pages, start=1):
        checkpoint()
        if parts:
            parts.append("\n\n")
            position += 2
        starts.append(position)
        sizes.append(page.size)
        text, found = _read_page(page, number, position)
        parts.append(text)
        words.extend(found)
        position += len(text)
    text = "".join(parts)
    version = tesseract_version()
    layer = OcrLayer(f"Tesseract {version}", tuple(sizes), tuple(words))
    note = f"Text read by OCR (Tesseract {version}); the place of every word is kept."
    if not text.strip():
        return FileText(None, note="OCR found no words in it; it is stored without text.")
    original = Original("", OCR_LAYER, layer.to_json())  # its key is set by the planner
    return FileText(text, pages=tuple(starts) if len(pages) > 1 else (), note=note,
                    layers=(original,))  # fmt: skip


def _read_page(page: Any, number: int, offset: int) -> tuple[str, list[Word]]:
    data = _best_reading(page)
    lines: dict[tuple[int, int, int], list[int]] = {}
    for index, word in enumerate(data["text"]):
        if str(word).strip():
            key = (data["block_num"][index], data["par_num"][index], data["line_num"][index])
            lines.setdefault(key, []).append(index)
    text = ""
    words: list[Word] = []
    previous: tuple[int, int, int] | None = None
    for key, indexes in lines.items():
        if previous is not None:
            text += "\n" if key[:2] == previous[:2] else "\n\n"
        previous = key
        for position, index in enumerate(indexes):
            word = str(data["text"][index]).strip()
            if position and not (_wide(text[-1]) and _wide(word[0])):
                text += " "  # Chinese and Japanese words are written without spaces
            left, top = int(data["left"][index]), int(data["top"][index])
            box = (left, top, left + int(data["width"][index]), top + int(data["height"][index]))
            start = offset + len(text)
            text += word
            words.append(Word(start, start + len(word), number, box))
    return text, words


def _best_reading(page: Any) -> dict[str, list[Any]]:
    """Tesseract's words with boxes, in the languages of the page's script."""
    best: tuple[float, dict[str, list[Any]]] | None = None
    for languages in _candidates(page):
        try:
            data: dict[str, list[Any]] = _table(tesseract(page, "-l", languages, "tsv"))
        except _TesseractFailed as err:
            raise CaptureError(f"Tesseract could not read a page: {err}") from None
        read = [(max(0.0, float(c)), len(str(t).strip()))
                for c, t in zip(data["conf"], data["text"], strict=False) if str(t).strip()]  # fmt: skip
        characters = sum(n for _, n in read)
        confidence = sum(c * n for c, n in read) / characters if characters else 0.0
        if best is None or confidence > best[0]:
            best = (confidence, data)
        if confidence >= SURE or not read:  # sure enough, or no text on the page at all
            break
    assert best is not None
    return best[1]


def _wide(character: str) -> bool:
    """Chinese, Japanese and Korean characters (written without spaces between words)."""
    return "\u2e80" <= character <= "\u9fff" or "\uf900" <= character <= "\ufaff"


def _candidates(page: Any) -> list[str]:
    """The language set for the page's detected script; on a page too small to detect,
    one set per installed script (the most confident reading wins)."""
    try:
        osd = dict(
            line.split(": ", 1)
            for line in tesseract(page, "--psm", "0").splitlines()
            if ": " in line
        )
        script = osd.get("Script", "")
        chosen = _packs(script) if script in _SCRIPTS else None
        if chosen and float(osd.get("Script confidence", 0)) >= 1.0:
            return [chosen]
    except (_TesseractFailed, ValueError):
        pass
    every = [_packs(script) for script in ("Latin", "Cyrillic", "Han", "Arabic")]
    return [packs for packs in every if packs] or ["eng"]


def _packs(script: str) -> str | None:
    """The installed packs for a script: ``Latin`` (else ``eng``), ``chi_sim+chi_tra``…"""
    chosen = [p for p in _SCRIPTS[script] if p in installed_languages()]
    if not chosen:
        return None
    return chosen[0] if script == "Latin" else "+".join(chosen)


__all__ = [
    "ENABLE_OCR",
    "available",
    "image_file",
    "installed_languages",
    "pdf_file",
    "tesseract",
    "tesseract_version",
]
