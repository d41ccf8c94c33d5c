"""Shared helpers for the brief tests: sample and hostile cases, rendering, text extraction."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from casefile.brief.build import build
from casefile.brief.model import BriefOptions, CaseContent, Custody
from casefile.brief.render import BriefRenderer
from casefile.core.commands import PutRecords
from casefile.core.model import CaseInfo, Claim, Entity, EvidenceLink, Relationship, Snippet, Source
from casefile.storage.case import Case, memory_case
from casefile.storage.sample import fill_sample

DATE = "2026-11-25"
HOSTILE_TEXTS = {
    "markup": 'Suspect <John> & AT&T said "x<y"',
    "tags": '<b>bold</b> <para><font name="Courier">x</font><br/></para> &amp; &bogus;',
    "chinese": "中国稀土集团有限公司",
    "japanese": "東京都港区 カタカナ ひらがな",
    "korean": "삼성전자 주식회사",
    "arabic": "شركة النفط الوطنية",
    "hebrew": "חברת הנפט",
    "emoji": "Meeting 😀🔥💣 at the port 👍",
    "cyrillic": "Газпром Нефть",
    "greek": "ΣΊΣΥΦΟΣ Καλημέρα κόσμε",
    "accents": "Café Müller Petrović Łódź",
    "mixed_rtl": "Director: محمد (CEO) of ACME مصر 2025",
    "long_arabic": " ".join(["شركة النفط الوطنية"] * 40),
    "long_hebrew": " ".join(["חברת הנפט הלאומית"] * 30),
}


def sample_case() -> Case:
    case = memory_case()
    fill_sample(case)
    return case


def hostile_case() -> Case:
    """Every record field that the brief prints holds hostile or multi-script text."""
    case = memory_case()
    names = list(HOSTILE_TEXTS.items())
    info = CaseInfo(
        "Hostile & <strange> case — 稀土", "REF-<1>&2", "Summary: x<y & 😀", "TLP:AMBER & <x>"
    )
    entities = [
        Entity(f"e-{key}", text, "person" if i % 2 else "organisation", (f"{text} alias", "別名"))
        for i, (key, text) in enumerate(names)
    ]
    sources = [Source(f"s-{key}", f"Source {text}", "web", url=f"https://example.invalid/{key}?a=1&b=<2>",
                      author=text, published="2025-04", retrieved="2025-04-18T09:30:00Z",
                      reliability="B") for key, text in names]  # fmt: skip
    snippets = [Snippet(f"n-{key}", f"Quote {text} end", f"s-{key}", "p. <4>", None, 2, "2025-04-17",
                        (f"e-{key}",)) for key, text in names]  # fmt: skip
    claims = [
        Claim(f"c-{key}", f"Claim {text}", ("supported", "disputed", "unverified", "refuted")[i % 4],
              "likely", f"Claimant {text}", (f"e-{key}",), (EvidenceLink(f"n-{key}", "supports", text),))
        for i, (key, text) in enumerate(names)
    ]  # fmt: skip
    rels = [Relationship("r-1", "e-markup", "e-arabic", "director of <x>", "2025", "2025-06")]
    case.execute(PutRecords("hostile", [info, *entities, *sources, *snippets, *claims, *rels]))
    return case


def content_of(case: Case) -> CaseContent:
    return CaseContent.read(case.info(), case.store)


def render(case: Case, **options: object) -> bytes:
    opts = BriefOptions(issue_date=DATE, **options)  # type: ignore[arg-type]
    model = build(content_of(case), opts, Custody("case.casefile", "ab" * 32, "test"))
    out = io.BytesIO()
    BriefRenderer(model).render(out)
    return out.getvalue()


def pypdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def pdftotext_pages(data: bytes) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "b.pdf"
        path.write_bytes(data)
        out = subprocess.run(["pdftotext", *MODE, "-enc", "UTF-8", str(path), "-"], capture_output=True,
                             text=True, check=True).stdout  # fmt: skip
    return out.split("\f")[: out.count("\f")]


MODE: list[str] = []
_BIDI_MARKS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def squash(text: str) -> str:
    """Text without whitespace and the bidi marks extractors add (line wrapping moves spaces)."""
    return re.sub(r"\s+", "", _BIDI_MARKS.sub("", text))


def flat(text: str) -> str:
    """Text with each run of whitespace as one space."""
    return " ".join(_BIDI_MARKS.sub("", text).split())
