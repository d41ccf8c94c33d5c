"""OCR engines compared on pages rendered from known text with the shipped fonts.

For each script (Latin with accents, Chinese simplified and traditional, Russian, Arabic) a
page is drawn at 150 dpi and read back by Tesseract (Debian packages, through pipes as casefile calls it)
and RapidOCR (rapidocr-onnxruntime, the models inside its wheel). Character accuracy is
1 - edit distance / length over the text with white space removed; time is wall-clock
seconds per page on this machine. Run once, on demand:

    .venv/bin/python benchmarks/bench_ocr.py [--engines tesseract,rapidocr]
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path

FONTS = Path(__file__).resolve().parents[1] / "resources" / "fonts"

SAMPLES: dict[str, tuple[str, str, str]] = {
    # script: (font file, tesseract languages, text)
    "Latin": (
        "NotoSans-Regular.ttf",
        "Latin",
        "The director of Harbour Holdings Ltd signed the transfer on 17 April 2025.\n"
        "Le navire a quitté le port de Marseille à l'aube, déclare le témoin.\n"
        "Die Gesellschaft übernahm 45 % der Anteile für 3,2 Mio. Euro.\n"
        "La empresa pagó la factura número 2231 en efectivo, según el acta.\n"
        "Zarząd spółki zatwierdził umowę w Gdańsku dnia 3 maja.",
    ),
    "Chinese (simplified)": (
        "DroidSansFallbackFull.ttf",
        "chi_sim",
        "中国稀土集团有限公司于二〇二五年四月成立。\n"
        "该公司的董事长在上海签署了转让协议。\n"
        "船舶于周一在港口被扣押，货物清单共十二箱。",
    ),
    "Chinese (traditional)": (
        "DroidSansFallbackFull.ttf",
        "chi_tra",
        "該公司的董事長在香港簽署了轉讓協議。\n"
        "證人表示船舶於週一離開港口。\n"
        "銀行帳戶的資金已轉入海外公司。",
    ),
    "Russian": (
        "NotoSans-Regular.ttf",
        "rus",
        "Директор компании подписал договор в Москве 17 апреля.\n"
        "Судно покинуло порт Новороссийск в понедельник утром.\n"
        "Средства были переведены на счёт в другом банке.",
    ),
    "Arabic": (
        "NotoSansArabic-Regular.ttf",
        "ara",
        "وقع مدير الشركة على العقد في دبي يوم الخميس.\n"
        "غادرت السفينة الميناء صباح يوم الاثنين.\n"
        "تم تحويل الأموال إلى حساب في بنك آخر.",
    ),
}

PAGE = (1240, 1754)  # A4 at 150 dpi


def render(script: str) -> object:
    """A white page with the sample's lines in black, shaped right to left for Arabic."""
    from PIL import Image, ImageDraw, ImageFont, features

    font_file, _, text = SAMPLES[script]
    font = ImageFont.truetype(str(FONTS / font_file), 30)
    page = Image.new("L", PAGE, 255)
    draw = ImageDraw.Draw(page)
    y = 120
    rtl = script == "Arabic"
    raqm = features.check("raqm")  # with libraqm Pillow shapes and orders the line itself
    for line in text.splitlines():
        shown = _visual(line) if rtl and not raqm else line
        direction = "rtl" if rtl and raqm else None
        width = draw.textlength(shown, font=font, direction=direction)
        x = PAGE[0] - 100 - width if rtl else 100
        draw.text((x, y), shown, fill=0, font=font, direction=direction)
        y += 60
    return page


def _visual(line: str) -> str:
    import arabic_reshaper
    from bidi.algorithm import get_display

    return str(get_display(arabic_reshaper.reshape(line)))


def accuracy(expected: str, found: str) -> float:
    """Character accuracy: 1 - edit distance / length, white space ignored."""
    from rapidfuzz.distance import Levenshtein

    want = "".join(expected.split())
    got = "".join(found.split())
    return max(0.0, 1 - Levenshtein.distance(want, got) / len(want))


def tesseract(script: str) -> Callable[[object], str]:
    from casefile.capture import ocr

    languages = SAMPLES[script][1]
    return lambda image: ocr.tesseract(image, "-l", languages)


_RAPID: list[object] = []


def rapidocr(script: str) -> Callable[[object], str]:
    import numpy as np

    if not _RAPID:
        from rapidocr_onnxruntime import RapidOCR

        _RAPID.append(RapidOCR())
    engine = _RAPID[0]

    def read(image: object) -> str:
        result, _ = engine(np.asarray(image.convert("RGB")))  # type: ignore[attr-defined, operator]
        return "\n".join(str(item[1]) for item in result or [])

    return read


ENGINES = {"tesseract": tesseract, "rapidocr": rapidocr}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="tesseract,rapidocr")
    args = parser.parse_args()
    print(f"{'script':24} {'engine':10} {'accuracy':>9} {'s/page':>7}   (cores: {os.cpu_count()})")
    for script in SAMPLES:
        page = render(script)
        expected = SAMPLES[script][2]
        for name in args.engines.split(","):
            read = ENGINES[name](script)
            started = time.perf_counter()
            found = read(page)
            seconds = time.perf_counter() - started
            print(f"{script:24} {name:10} {accuracy(expected, found):9.1%} {seconds:7.2f}")


if __name__ == "__main__":
    main()
