"""Small images of known text in each script, drawn with the shipped fonts, for OCR tests."""

from __future__ import annotations

import io
from pathlib import Path

FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"

LINES = {
    "Latin": ("NotoSans-Regular.ttf", "Harbour Holdings paid 3,200 euros"),
    "Chinese (simplified)": ("DroidSansFallbackFull.ttf", "中国稀土集团签署协议"),
    "Chinese (traditional)": ("DroidSansFallbackFull.ttf", "董事長簽署轉讓協議"),
    "Russian": ("NotoSans-Regular.ttf", "Директор подписал договор"),
    "Arabic": ("NotoSansArabic-Regular.ttf", "وقع مدير الشركة على العقد"),
}


def line_image(script: str, fmt: str = "PNG", lines: tuple[str, ...] | None = None) -> bytes:
    """One or more lines of the script's sample drawn black on white, 32 px type."""
    from PIL import Image, ImageDraw, ImageFont, features

    font_file, text = LINES[script]
    font = ImageFont.truetype(str(FONTS / font_file), 32)
    rows = lines or (text,)
    image = Image.new("L", (900, 40 + 60 * len(rows)), 255)
    draw = ImageDraw.Draw(image)
    rtl = script == "Arabic"
    for number, row in enumerate(rows):
        direction = "rtl" if rtl and features.check("raqm") else None
        width = draw.textlength(row, font=font, direction=direction)
        x = 880 - width if rtl else 20
        draw.text((x, 20 + 60 * number), row, fill=0, font=font, direction=direction)
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()
