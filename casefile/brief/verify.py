"""``casefile verify``: check a brief PDF against what it embeds, needing nothing but the PDF.

Checks, each reported on its own line:

- the manifest and the case package are embedded, and the package's SHA-256 is the one the
  manifest records (an edited package fails);
- each embedded original's SHA-256 equals the one its source records in the package;
- each quote equals its source's text at its offsets (or is found in that text when the
  snippet has no offsets);
- each quote appears word for word in the PDF's page text just before its ``E<n> · Grade``
  line, at every place it is printed (an edited page fails);
- the PDF's case reference, marking and issue date agree with the manifest and the package;
- a signature, when there is one: who signed, when (as claimed) and whether the document
  changed after signing (``brief.signing``).
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casefile.brief.attach import MANIFEST, PACKAGE
from casefile.core.errors import CaseError

_BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass
class Report:
    """The outcome of every check: (what, ok, detail) lines and the failures among them."""

    title: str = ""
    lines: list[tuple[str, bool | None, str]] = field(default_factory=list)

    def add(self, what: str, ok: bool | None, detail: str = "") -> None:
        """``ok`` None: not checkable here (said so, not a failure)."""
        self.lines.append((what, ok, detail))

    @property
    def failures(self) -> list[tuple[str, bool | None, str]]:
        return [line for line in self.lines if line[1] is False]

    @property
    def ok(self) -> bool:
        return not self.failures and bool(self.lines)

    def text(self) -> str:
        out = [self.title] if self.title else []
        for what, ok, detail in self.lines:
            mark = "OK    " if ok else ("FAILED" if ok is False else "--    ")
            out.append(f"{mark} {what}" + (f": {detail}" if detail else ""))
        verdict = "verified" if self.ok else f"NOT verified ({len(self.failures)} failed)"
        out.append(f"Result: {verdict}")
        return "\n".join(out)


def verify(path: Path | str) -> Report:
    """Every check of the module notes on one brief PDF."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    path = Path(path)
    if path.suffix.lower() in (".docx", ".md", ".markdown"):
        raise CaseError(
            f"{path.name} is a Word or Markdown brief: only a PDF brief carries the evidence "
            "and the manifest that verify checks. Verify the PDF brief of the same export."
        )
    try:
        data = path.read_bytes()
        with _quiet_pypdf():
            reader = PdfReader(io.BytesIO(data), strict=False)
            attachments = {n: blobs[0] for n, blobs in reader.attachments.items() if blobs}
            pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise CaseError(
            f"{path.name} cannot be read: it is damaged or not a PDF ({err})."
        ) from None
    report = Report(f"Brief {path.name}: {len(pages)} pages")
    manifest = _json(attachments.get(MANIFEST))
    if manifest is None or manifest.get("format") != "casefile-brief-manifest":
        report.add("casefile manifest", False, "this PDF embeds no casefile brief manifest")
        return report
    package_bytes = attachments.get(PACKAGE, b"")
    package = _package(report, manifest, package_bytes)
    if package is None:
        return report
    _facts(report, manifest, package, reader, pages)
    _originals(report, manifest, package, attachments)
    _quotes(report, manifest, package, pages)
    _narrative(report, manifest, package, pages)
    from casefile.brief import signing

    signing.report_signatures(report, data)
    return report


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs its repairs ("EOF marker not found") to stderr as raw lines; verify says
    in its own words whether the PDF could be read, so those are held back."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _json(raw: bytes | None) -> dict[str, Any] | None:
    if raw is None:
        return None
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def _package(report: Report, manifest: dict[str, Any], raw: bytes) -> dict[str, Any] | None:
    wanted = str((manifest.get("package") or {}).get("sha256", ""))
    actual = hashlib.sha256(raw).hexdigest()
    if not raw:
        report.add("embedded case package", False, "missing")
        return None
    if actual != wanted:
        report.add("embedded case package", False,
                   f"its SHA-256 is {actual}, the manifest records {wanted}: it was changed")  # fmt: skip
        return None
    package = _json(raw)
    if package is None or package.get("format") != "casefile-package":
        report.add("embedded case package", False, "not a casefile case package")
        return None
    counts = ", ".join(
        f"{len(package.get(k) or [])} {k}" for k in ("claims", "snippets", "sources", "entities")
    )
    report.add("embedded case package", True, f"SHA-256 {actual} ({counts})")
    return package


def _facts(report: Report, manifest: dict[str, Any], package: dict[str, Any],
           reader: Any, pages: list[str]) -> None:  # fmt: skip
    case = package.get("case") or {}
    reference = case.get("reference") or ""
    said = manifest.get("case") or {}
    same = said.get("reference") == case.get("reference") and said.get("title") == case.get("title")
    report.add("case title and reference", same and _in_metadata(reader, reference),
               f"{case.get('title')!s} (ref {reference or 'none'})")  # fmt: skip
    marking = str(manifest.get("marking") or "")
    unmarked = [i + 1 for i, text in enumerate(pages) if squash(marking) not in squash(text)]
    report.add("handling marking on every page", bool(marking) and not unmarked,
               marking + (f"; missing on page(s) {_pages(unmarked)}" if unmarked else ""))  # fmt: skip
    if reference:
        missing = [i + 1 for i, text in enumerate(pages) if squash(reference) not in squash(text)]
        report.add("case reference on every page", not missing,
                   f"missing on page(s) {_pages(missing)}" if missing else reference)  # fmt: skip
    digest = manifest.get("case_digest") or ""
    report.add("case content digest at export", None, digest or "not recorded")


def _in_metadata(reader: Any, reference: str) -> bool:
    subject = str((reader.metadata or {}).get("/Subject", ""))
    return not reference or reference in subject


def _originals(report: Report, manifest: dict[str, Any], package: dict[str, Any],
               attachments: dict[str, bytes]) -> None:  # fmt: skip
    sources = {s.get("id"): s for s in package.get("sources") or [] if isinstance(s, dict)}
    listed = manifest.get("originals") or []
    for item in listed:
        name, source = str(item.get("name")), sources.get(item.get("source"))
        blob = attachments.get(name)
        recorded = (source or {}).get("sha256")
        if blob is None:
            report.add(f"original {name}", False, "listed in the manifest but not embedded")
            continue
        actual = hashlib.sha256(blob).hexdigest()
        if source is None:
            report.add(f"original {name}", False, "its source is not in the package")
        elif actual != recorded:
            report.add(f"original {name}", False,
                       f"SHA-256 {actual}, the source records {recorded}")  # fmt: skip
        else:
            report.add(f"original {name}", True, f"SHA-256 {actual} ({len(blob):,} bytes)")
    embedded = {str(i.get("name")) for i in listed}
    left = sum(1 for s in sources.values() if s.get("sha256")) - len(embedded)
    if left > 0:
        report.add(f"{left} original(s) not embedded", None,
                   "their recorded hashes are printed; the files themselves are not in the PDF")  # fmt: skip


def _quotes(report: Report, manifest: dict[str, Any], package: dict[str, Any],
            pages: list[str]) -> None:  # fmt: skip
    snippets = {s.get("id"): s for s in package.get("snippets") or [] if isinstance(s, dict)}
    sources = {s.get("id"): s for s in package.get("sources") or [] if isinstance(s, dict)}
    text, starts = _document(pages, _furniture(manifest))
    for item in manifest.get("quotes") or []:
        number, snippet = item.get("number"), snippets.get(item.get("snippet"))
        what = f"quote E{number}"
        if snippet is None:
            report.add(what, False, "its snippet is not in the embedded package")
            continue
        quote = str(snippet.get("text") or "")
        problem = _against_source(quote, snippet, sources.get(snippet.get("source")))
        if problem:
            report.add(what, False, problem)
            continue
        cut = bool(item.get("cut"))
        problem = _in_pages(quote, int(number), cut, text, starts)
        fine = "matches its source and the page text" + (
            " (the brief prints only its beginning: the quote is longer than a field may be)"
            if cut
            else ""
        )
        report.add(what, not problem, problem or fine)


def _narrative(report: Report, manifest: dict[str, Any], package: dict[str, Any],
               pages: list[str]) -> None:  # fmt: skip
    """Each evidence citation of the assessment: printed, and standing for a quote that is in
    the package and printed word for word (checked with the quotes) under the same number."""
    snippets = {s.get("id") for s in package.get("snippets") or [] if isinstance(s, dict)}
    quoted = {f"E{q.get('number')}": q.get("snippet") for q in manifest.get("quotes") or []}
    text = squash(" ".join(pages))
    for item in manifest.get("narrative_citations") or []:
        label, snippet = str(item.get("label")), item.get("snippet")
        what = f"assessment citation [{label}]"
        if snippet not in snippets:
            report.add(what, False, "the quote it cites is not in the embedded package")
        elif quoted.get(label) != snippet:
            report.add(what, False, f"{label} is not the quote the assessment cites")
        elif squash(f"[{label}]") not in text:
            report.add(what, False, "not printed in the PDF's text")
        else:
            report.add(what, True, "stands for a quote printed word for word")


def _against_source(quote: str, snippet: dict[str, Any], source: dict[str, Any] | None) -> str:
    if source is None:
        return "" if not snippet.get("source") else "its source is not in the package"
    body = source.get("text")
    if not isinstance(body, str):
        return ""
    offset = snippet.get("offset")
    if isinstance(offset, list) and len(offset) == 2:
        start, end = offset
        if not (isinstance(start, int) and isinstance(end, int)) or body[start:end] != quote:
            return f"differs from its source's text at offsets {start}–{end}"
        return ""
    return "" if quote in body else "not found in its source's text"


def _in_pages(quote: str, number: int, cut: bool, text: str, starts: list[int]) -> str:
    """'' when the quote stands before every ``E<n> · Grade`` line; else what is wrong."""
    label = squash(f"E{number} · Grade")
    wanted = squash(quote if not cut else quote[:2000])
    found, bad = 0, []
    for match in re.finditer(re.escape(label), text):
        if text[match.start() - 1 : match.start()].isdigit():
            continue
        found += 1
        before = text[max(0, match.start() - len(wanted) - 4000) : match.start()]
        ok = wanted in before if cut else before.endswith(wanted) or _loose(quote, before)
        if not ok:
            bad.append(_page_of(match.start(), starts))
    if not found:
        return "not printed in the PDF's text (its label is missing)"
    if bad:
        return f"the text printed on page(s) {_pages(bad)} differs from the quote"
    return ""


def _loose(quote: str, before: str) -> bool:
    """Right-to-left text mixed with numbers comes out of a PDF in display order: every word
    must still be there, in the text just before the label."""
    if not any(unicodedata.bidirectional(c) in ("R", "AL") for c in quote):
        return False
    window = before[-(len(squash(quote)) * 2 + 20) :]
    return all(squash(word) in window for word in quote.split())


def _furniture(manifest: dict[str, Any]) -> list[str]:
    """What every page repeats above its body (squashed): marking, reference, date, footer."""
    from casefile.core import dates

    case = manifest.get("case") or {}
    ref, title = case.get("reference") or "", case.get("title") or ""
    try:
        issued = dates.display(str(manifest.get("issue_date") or ""))
    except (ValueError, CaseError):
        issued = str(manifest.get("issue_date") or "")
    items = [str(manifest.get("marking") or ""), f"Ref. {ref}" if ref else "",
             f"Issued {issued}", f"casefile brief · {ref or title}"]  # fmt: skip
    return [squash(i) for i in items if squash(i)]


_PAGE_NUMBER = re.compile(r"Page\d+of\d+$")


def _body(page: str, furniture: list[str]) -> str:
    """A page's squashed text without its furniture, so a quote reads on across pages."""
    flat = _PAGE_NUMBER.sub("", squash(page))
    stripped = True
    while stripped:
        stripped = False
        for item in furniture:
            if flat.startswith(item):
                flat, stripped = flat[len(item) :], True
    return flat


def _document(pages: list[str], furniture: list[str]) -> tuple[str, list[int]]:
    starts, parts, at = [], [], 0
    for page in pages:
        starts.append(at)
        flat = _body(page, furniture)
        parts.append(flat)
        at += len(flat)
    return "".join(parts), starts


def _page_of(position: int, starts: list[int]) -> int:
    page = 1
    for i, start in enumerate(starts):
        if start <= position:
            page = i + 1
    return page


def _pages(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:10])
    return shown + (f" and {len(numbers) - 10} more" if len(numbers) > 10 else "")


def squash(text: str) -> str:
    """Text without whitespace or bidi marks, in NFKC (line wrapping moves spaces; shaped
    Arabic letters come out of a PDF as presentation forms)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", _BIDI_MARKS.sub("", text)))


__all__ = ["Report", "squash", "verify"]
