"""Details a captured file proposes about itself: title, kind, author, publisher, date, address.

Found in a web page's ``<title>`` and ``<meta>`` tags, a PDF's document information, a Word
file's core properties, or a text's first line. They are proposals, not facts: the window
shows them to the user to confirm, and ``casefile add`` takes them as defaults. Every value is
cleaned here: plain text on one line (tags, control characters and runs of white space taken
out), trimmed to a length a form can show, and dates reduced to the partial dates a source
holds (``2025``, ``2025-04``, ``2025-04-17``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from casefile.core import dates
from casefile.core.errors import ValidationError

MAX_TITLE = 300
MAX_VALUE = 200
MAX_URL = 2_000
FIELDS = ("title", "kind", "author", "publisher", "published", "url")

_TAG = re.compile(r"</?[A-Za-z!?][^<>]{0,2000}>")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SPACE = re.compile(r"\s+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ISO_DAY = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?=$|[T\s+Z]|[-+]\d{2}:?\d{2}$)")
_PDF_DATE = re.compile(r"^\s*(?:D:)?(\d{4})(\d{2})?(\d{2})?")

# Where a web page says who wrote it, who published it and when: the first found wins.
_HTML_AUTHOR = ("author", "article:author", "dc.creator", "dcterms.creator", "byl",
                "parsely-author", "sailthru.author", "twitter:creator")  # fmt: skip
_HTML_PUBLISHER = ("og:site_name", "publisher", "dc.publisher", "dcterms.publisher",
                   "application-name")  # fmt: skip
_HTML_PUBLISHED = ("article:published_time", "datepublished", "og:published_time",
                   "published_time", "pubdate", "publish-date", "date", "dc.date",
                   "dc.date.issued", "dcterms.issued", "dcterms.created", "citation_date",
                   "citation_publication_date", "parsely-pub-date", "sailthru.date")  # fmt: skip
_HTML_TITLE = ("og:title", "twitter:title", "dc.title", "citation_title")
_HTML_URL = ("og:url",)


@dataclass(frozen=True)
class Proposal:
    """What a file says about itself, each value with where it was found (``origins``)."""

    title: str | None = None
    kind: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: str | None = None
    url: str | None = None
    origins: tuple[tuple[str, str], ...] = ()  # (field, where it was found)

    def values(self) -> dict[str, str]:
        """The fields that hold a proposal, in the order of ``FIELDS``."""
        found = {name: getattr(self, name) for name in FIELDS}
        return {name: value for name, value in found.items() if value}

    def origin(self, field: str) -> str:
        """Where ``field`` was found ('' when it was not)."""
        return dict(self.origins).get(field, "")

    @property
    def empty(self) -> bool:
        return not self.values()


def clean(value: object, limit: int = MAX_VALUE) -> str | None:
    """One line of plain text: tags, control characters and extra white space taken out,
    trimmed at ``limit`` characters (ending in "…"); None when nothing is left."""
    if value is None:
        return None
    text = str(value)[: limit * 20]
    text = _SURROGATE.sub("\ufffd", text)
    text = _TAG.sub(" ", text)
    text = _CONTROL.sub(" ", text)
    text = _SPACE.sub(" ", text).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text or None


def clean_url(value: object) -> str | None:
    """A web address as found, if it is one (http or https, no spaces), else None."""
    text = clean(value, MAX_URL)
    if text is None or " " in text or text.endswith("…"):
        return None
    return text if re.match(r"^https?://[^/\s]+", text, re.IGNORECASE) else None


def partial_date(value: object) -> str | None:
    """The partial date a date or timestamp stands for (``2025-04-17T08:00Z`` -> 2025-04-17;
    a PDF's ``D:20250417…``), or None when it is not one."""
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    text = clean(value, 100)
    if text is None:
        return None
    match = _ISO_DAY.match(text) or _PDF_DATE.match(text)
    if match is None:
        return None
    candidate = "-".join(part for part in match.groups() if part)
    try:
        return dates.normalise_partial(candidate)
    except ValidationError:
        return None


def _first(meta: Mapping[str, str], names: Iterable[str]) -> tuple[str, str] | None:
    for name in names:
        if meta.get(name):
            return name, meta[name]
    return None


def _propose(**found: tuple[str | None, str]) -> Proposal:
    """The proposal of what was found; the kind alone (nothing else found) is no proposal."""
    values = {name: value for name, (value, _where) in found.items() if value}
    if set(values) <= {"kind"}:
        return Proposal()
    origins = tuple((name, found[name][1]) for name in FIELDS if name in values)
    return Proposal(**values, origins=origins)


def from_html(
    title: str | None, canonical: str | None, meta: Iterable[tuple[str, str]]
) -> Proposal:
    """A saved web page: ``<title>`` (or og:title), author, site name, date, canonical link."""
    named = dict(meta)
    title_meta = _first(named, _HTML_TITLE)
    found_title, title_where = (title, "the page's <title>")
    if not clean(title) and title_meta:
        found_title, title_where = title_meta[1], f"<meta {title_meta[0]}>"
    author = _first(named, _HTML_AUTHOR)
    publisher = _first(named, _HTML_PUBLISHER)
    published = next(
        (
            (day, f"<meta {name}>")
            for name in _HTML_PUBLISHED
            if (day := partial_date(named.get(name))) is not None
        ),
        None,
    )
    url_meta = _first(named, _HTML_URL)
    url = clean_url(canonical)
    url_where = "the page's canonical link"
    if url is None and url_meta:
        url, url_where = clean_url(url_meta[1]), f"<meta {url_meta[0]}>"
    return _propose(
        title=(clean(found_title, MAX_TITLE), title_where),
        kind=("web", "a saved web page"),
        author=(_author(author[1]) if author else None, f"<meta {author[0]}>" if author else ""),
        publisher=(
            clean(publisher[1]) if publisher else None,
            f"<meta {publisher[0]}>" if publisher else "",
        ),
        published=published or (None, ""),
        url=(url, url_where),
    )


def _author(value: str) -> str | None:
    """An author as a name: an address-like value (a profile URL) is not a name."""
    text = clean(value)
    return None if text is None or re.match(r"^https?://", text, re.IGNORECASE) else text


def from_pdf(info: Mapping[str, object]) -> Proposal:
    """A PDF's document information (``/Title``, ``/Author``, ``/CreationDate``) or XMP."""
    return _propose(
        title=(clean(info.get("title"), MAX_TITLE), "the PDF's document title"),
        kind=("document", "a PDF document"),
        author=(clean(info.get("author")), "the PDF's author"),
        publisher=(clean(info.get("publisher")), "the PDF's producer details"),
        published=(partial_date(info.get("created")), "the PDF's creation date"),
    )


def from_docx(title: object, author: object, created: object) -> Proposal:
    """A Word file's core properties: title, author (creator) and creation date."""
    return _propose(
        title=(clean(title, MAX_TITLE), "the document's properties (title)"),
        kind=("document", "a Word document"),
        author=(clean(author), "the document's properties (author)"),
        published=(partial_date(created), "the document's properties (created)"),
    )


def from_text(text: str | None) -> Proposal:
    """A plain text: its first non-empty line is its title when more text follows it and it
    is short enough to be one (a saved article starts so; a one-line note has no title)."""
    lines = [line.strip() for line in (text or "")[:20_000].splitlines() if line.strip()]
    if len(lines) < 2 or len(lines[0]) > MAX_TITLE:
        return Proposal()
    title = lines[0].lstrip("#").strip()  # a Markdown heading's marks are not the title
    return _propose(
        title=(clean(title, MAX_TITLE), "the first line of the text"),
        kind=("document", "a text document") if clean(title) else (None, ""),
    )


__all__ = [
    "FIELDS",
    "MAX_TITLE",
    "MAX_VALUE",
    "Proposal",
    "clean",
    "clean_url",
    "from_docx",
    "from_html",
    "from_pdf",
    "from_text",
    "partial_date",
]
