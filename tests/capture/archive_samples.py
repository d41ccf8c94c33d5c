"""Web archives made in the test with warcio: WARC (plain and gzip), WACZ and MHTML."""

from __future__ import annotations

import io
import json
import zipfile
from email.message import EmailMessage

PAGES = (
    (
        "https://registry.example/company/4411",
        "2025-04-17T09:30:00Z",
        "<html><head><title>Harbour Holdings Ltd</title></head><body>"
        "<h1>Harbour Holdings Ltd</h1><p>Director: Jana Kovářová since 2019.</p></body></html>",
    ),
    (
        "https://news.example/port",
        "2025-04-18T11:00:05Z",
        "<html><head><title>Ship seized</title></head><body>"
        "<p>The MV Aurora was held on Monday. 稀土 cargo listed.</p></body></html>",
    ),
)


def make_warc(
    pages: tuple[tuple[str, str, str], ...] = PAGES, gzip: bool = True, extra: bool = True
) -> bytes:
    """A WARC with a request and a response per page, plus an image and a redirect."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    for url, date, html in pages:
        body = html.encode("utf-8")
        http = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http,
            warc_headers_dict={"WARC-Date": date},
        )  # fmt: skip
        writer.write_record(record)
    if extra:
        png = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://news.example/logo.png",
                "response",
                payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
                length=72,
                http_headers=png,
            )
        )
        moved = StatusAndHeaders(
            "301 Moved", [("Content-Type", "text/html"), ("Location", "/port")], "HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(
                "https://news.example/old",
                "response",
                payload=io.BytesIO(b"<p>moved</p>"),
                length=12,
                http_headers=moved,
            )
        )
    return out.getvalue()


def make_wacz(warc: bytes | None = None) -> bytes:
    """A WACZ: the WARC under archive/, a pages index and a datapackage.json."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("archive/data.warc.gz", warc if warc is not None else make_warc())
        pages = [{"format": "json-pages-1.0", "id": "pages"}]
        pages += [{"url": url, "ts": date} for url, date, _ in PAGES]
        archive.writestr("pages/pages.jsonl", "\n".join(json.dumps(p) for p in pages))
        archive.writestr("datapackage.json", json.dumps({"profile": "data-package"}))
    return out.getvalue()


def make_mhtml() -> bytes:
    """A page saved by a browser as one file: HTML plus an image, multipart/related."""
    msg = EmailMessage()
    msg["From"] = "<Saved by Blink>"
    msg["Snapshot-Content-Location"] = "https://news.example/port"
    msg["Subject"] = "Ship seized"
    msg["Date"] = "Fri, 18 Apr 2025 13:00:05 +0200"
    msg.set_content(PAGES[1][2], subtype="html", charset="utf-8")
    msg.replace_header("Content-Type", 'text/html; charset="utf-8"')
    msg["Content-Location"] = "https://news.example/port"
    msg.add_related(b"\x89PNG\r\n\x1a\n", maintype="image", subtype="png",
                    headers=["Content-Location: https://news.example/logo.png"])  # fmt: skip
    return bytes(msg)
