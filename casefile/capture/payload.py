"""What a drop or paste carried (media type -> bytes), understood without touching the case."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from casefile.capture.htmltext import html_to_text
from casefile.capture.limits import CaptureError
from casefile.capture.textdecode import decode_text, decode_utf16_payload, looks_utf16

_WEB = ("http://", "https://")
_CF_HEADER = re.compile(rb"^(Version|StartHTML|EndHTML|StartFragment|EndFragment|SourceURL):")
HTML_TYPES = ("text/html", 'application/x-qt-windows-mime;value="HTML Format"')


@dataclass(frozen=True)
class Link:
    """A web address with the title the dragging application gave it, if any."""

    url: str
    title: str | None = None


@dataclass(frozen=True)
class Dropped:
    """A drop or paste understood: words with their page, web links, or local files."""

    text: str | None = None
    html: bytes | None = None
    url: str | None = None
    title: str | None = None
    links: tuple[Link, ...] = ()
    files: tuple[Path, ...] = ()
    image: bytes | None = None  # an image carried as bytes, with no file or address
    image_type: str | None = None
    before: str | None = None  # page text just before the words, when the drop holds it
    after: str | None = None  # ... and just after (to anchor words found more than once)

    @property
    def needs_source(self) -> bool:
        """Words arrived with no page address: the user must pick or create the source."""
        return bool(self.text) and not self.url and not self.files


def read_payload(data: Mapping[str, bytes]) -> Dropped:
    """Understand a drop's or paste's media types; raise ``CaptureError`` when it is empty."""
    uris = _uri_list(data.get("text/uri-list", b""))
    titled = _titled_links(data)
    files = tuple(p for p in (_local_path(u) for u in uris) if p is not None)
    if files:
        return Dropped(files=files)
    html, text, page_url = _html_part(data)
    before, after = _around(data)
    plain = _plain(data)
    words = plain if plain is not None and plain.strip() else text
    web = [u for u in uris if u.lower().startswith(_WEB)]
    link_words = {u.strip() for u in [*web, *(t.url for t in titled)]}
    if web and (not words or words.strip() in link_words or _only_urls(words, link_words)):
        titles = {t.url: t.title for t in titled}
        return Dropped(links=tuple(Link(u, titles.get(u)) for u in web))
    if not words or not words.strip():
        if titled and not web:
            return Dropped(links=tuple(titled))
        image_type, image = _image_part(data)
        if image is not None:
            return Dropped(url=page_url or _source_url(data), image=image, image_type=image_type)
        raise CaptureError("Nothing to add: the drop carried no text, link or file.")
    url = page_url or _source_url(data) or (titled[0].url if titled else None)
    if url is None and len(web) == 1:
        url = web[0]
    title = next((t.title for t in titled if t.url == url and t.title), None)
    return Dropped(text=words, html=html, url=url, title=title, before=before, after=after)


def _plain(data: Mapping[str, bytes]) -> str | None:
    for key in ("text/plain;charset=utf-8", "text/plain", "UTF8_STRING", "STRING", "TEXT"):
        if key in data:
            decoded = decode_text(data[key])
            if decoded is None:
                raise CaptureError(
                    "The dropped text is not readable text (it is not UTF-8 or another "
                    "known encoding)."
                )
            return decoded[0]
    return None


def _html_part(data: Mapping[str, bytes]) -> tuple[bytes | None, str | None, str | None]:
    """(html fragment, its text, SourceURL of a Windows CF_HTML fragment)."""
    raw = next((data[k] for k in HTML_TYPES if data.get(k)), None)
    if raw is None:
        return None, None, None
    source_url = None
    fragment = raw
    if _CF_HEADER.match(raw):
        fragment, source_url = _cf_html(raw)
    if looks_utf16(fragment):
        markup: str | bytes = decode_utf16_payload(fragment)
    else:
        markup = fragment
    return fragment, html_to_text(markup).text or None, source_url


_MARKS = (b"<!--StartFragment-->", b"<!--EndFragment-->")


def _around(data: Mapping[str, bytes]) -> tuple[str | None, str | None]:
    """Text of the page around the selected fragment, when an HTML payload carries it: a
    Windows clipboard payload's StartHTML..StartFragment and EndFragment..EndHTML, or the
    markup outside ``<!--StartFragment-->`` ... ``<!--EndFragment-->``."""
    raw = next((data[k] for k in HTML_TYPES if data.get(k)), None)
    if raw is None or looks_utf16(raw):
        return None, None
    head, tail = b"", b""
    if _CF_HEADER.match(raw):
        header = _cf_header(raw)
        try:
            start, end = int(header["StartFragment"]), int(header["EndFragment"])
            first = int(header.get("StartHTML", raw.find(b"<")))
            last = int(header.get("EndHTML", len(raw)))
        except (KeyError, ValueError):
            return None, None
        if 0 <= first <= start <= end <= last <= len(raw):
            head, tail = raw[first:start], raw[end:last]
    elif _MARKS[0] in raw and _MARKS[1] in raw:
        head, _, rest = raw.partition(_MARKS[0])
        tail = rest.partition(_MARKS[1])[2]
    before = html_to_text(head).text if head.strip() else None
    after = html_to_text(tail).text if tail.strip() else None
    return before or None, after or None


def _cf_header(raw: bytes) -> dict[str, str]:
    header: dict[str, str] = {}
    for line in raw.split(b"<", 1)[0].splitlines():
        key, _, value = line.decode("ascii", "replace").partition(":")
        header[key.strip()] = value.strip()
    return header


def _cf_html(raw: bytes) -> tuple[bytes, str | None]:
    """The fragment and SourceURL of a Windows clipboard "HTML Format" payload."""
    header: dict[str, str] = {}
    for line in raw.split(b"<", 1)[0].splitlines():
        key, _, value = line.decode("ascii", "replace").partition(":")
        header[key.strip()] = value.strip()
    url = header.get("SourceURL") or None
    try:
        start, end = int(header["StartFragment"]), int(header["EndFragment"])
    except (KeyError, ValueError):
        return raw[raw.find(b"<") :], url
    if 0 <= start <= end <= len(raw):
        return raw[start:end], url
    return raw[raw.find(b"<") :], url


def _image_part(data: Mapping[str, bytes]) -> tuple[str | None, bytes | None]:
    """(media type, bytes) of an image carried as data (a screenshot pasted, an image
    dragged out of an application without its file); common formats first."""
    types = [t for t in data if t.lower().startswith("image/") and data[t]]
    types.sort(key=lambda t: _IMAGE_ORDER.index(t) if t in _IMAGE_ORDER else len(_IMAGE_ORDER))
    return (types[0].lower(), data[types[0]]) if types else (None, None)


_IMAGE_ORDER = ("image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp")


def _uri_list(raw: bytes) -> list[str]:
    if not raw:
        return []
    text = decode_utf16_payload(raw) if looks_utf16(raw) else raw.decode("utf-8", "replace")
    lines = (line.strip() for line in text.replace("\x00", "").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _titled_links(data: Mapping[str, bytes]) -> list[Link]:
    """Links from ``text/x-moz-url`` (UTF-16: url, newline, title) and ``_NETSCAPE_URL``."""
    out: list[Link] = []
    for key in ("text/x-moz-url", "_NETSCAPE_URL"):
        raw = data.get(key)
        if not raw:
            continue
        lines = [ln.strip() for ln in decode_utf16_payload(raw).replace("\x00", "").splitlines()]
        for i in range(0, len(lines), 2):
            if lines[i]:
                title = lines[i + 1] if i + 1 < len(lines) and lines[i + 1] else None
                out.append(Link(lines[i], title))
    return out


def _source_url(data: Mapping[str, bytes]) -> str | None:
    """The page a selection was dragged from (Firefox's ``text/x-moz-url-priv``)."""
    raw = data.get("text/x-moz-url-priv")
    if not raw:
        return None
    lines = decode_utf16_payload(raw).replace("\x00", "").split()
    return lines[0] if lines else None


def _only_urls(words: str, links: set[str]) -> bool:
    return all(part in links for part in words.split())


def _local_path(uri: str) -> Path | None:
    parts = urlsplit(uri)
    if parts.scheme.lower() != "file":
        return None
    if parts.netloc not in ("", "localhost"):
        return Path(f"//{parts.netloc}{unquote(parts.path)}")
    return Path(unquote(parts.path))


__all__ = ["HTML_TYPES", "Dropped", "Link", "read_payload"]
