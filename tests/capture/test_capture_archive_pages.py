"""Picking archived pages: the listing a picker shows, and a capture of only the chosen pages."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from archive_samples import PAGES, make_wacz, make_warc
from budget import PEAK_MB, SECONDS

from casefile.capture import CaptureError, Limits
from casefile.capture.archive_pages import LIST_MAX, is_archive, list_pages
from casefile.capture.parts import PageChoice
from casefile.capture.stream import FileStream


def site(count: int) -> tuple[tuple[str, str, str], ...]:
    """``count`` archived pages, each with its own address, title and day."""
    return tuple(
        (
            f"https://site.example/{'news' if i % 2 else 'shop'}/{i}",
            f"2025-03-{1 + i % 28:02d}T08:00:00Z",
            f"<html><head><title>Page {i}</title></head><body><p>Body {i}.</p></body></html>",
        )
        for i in range(count)
    )


def _capture(case, path: Path, choice: PageChoice | None) -> None:
    stream = FileStream([path], case, Limits(), pages={str(path): choice} if choice else None)
    try:
        case.execute(stream.command())
    finally:
        stream.close()


def test_listing_names_each_page_with_title_date_and_size(write) -> None:
    """The listing shows every HTML page (not images, not redirects) in the order read."""
    path = write("crawl.warc.gz", make_warc())
    listing = list_pages(path)
    assert [p.url for p in listing.pages] == [url for url, _, _ in PAGES]
    assert [p.index for p in listing.pages] == [0, 1]
    assert listing.pages[0].title == "Harbour Holdings Ltd"
    assert listing.pages[1].captured == "2025-04-18T11:00:05Z"
    assert listing.pages[0].size == len(PAGES[0][2].encode())
    wacz = list_pages(write("crawl.wacz", make_wacz()))
    assert [p.title for p in wacz.pages] == ["Harbour Holdings Ltd", "Ship seized"]
    assert is_archive(path) and is_archive(Path("x.WACZ")) and not is_archive(Path("x.html"))


def test_only_the_chosen_pages_become_sources(write, case) -> None:
    """A choice of page numbers from the listing adds exactly those pages, no others."""
    path = write("site.warc", make_warc(site(30), gzip=False))
    listing = list_pages(path)
    chosen = frozenset({3, 4, 17})
    _capture(case, path, PageChoice(indexes=chosen, sha256=listing.sha256))
    urls = sorted(s.url for s in case.store.all("source"))
    assert urls == sorted(listing.pages[i].url for i in chosen)
    assert {s.text for s in case.store.all("source")} == {f"Body {i}." for i in chosen}


def test_choice_for_a_file_that_changed_is_refused(write, case) -> None:
    """Pages picked from one version of a file are not applied to a changed file."""
    path = write("site.warc", make_warc(site(12), gzip=False))
    listing = list_pages(path)
    path.write_bytes(make_warc(site(13), gzip=False))
    with pytest.raises(CaptureError, match="changed after its pages were listed"):
        _capture(case, path, PageChoice(indexes=frozenset({1}), sha256=listing.sha256))
    assert case.count("source") == 0


def test_a_pattern_takes_matching_addresses(write, case) -> None:
    """``casefile add --pages`` keeps the pages whose address matches the pattern."""
    path = write("site.wacz", make_wacz(make_warc(site(10))))
    _capture(case, path, PageChoice(pattern="https://site.example/news/*"))
    urls = sorted(s.url for s in case.store.all("source"))
    assert urls == sorted(f"https://site.example/news/{i}" for i in (1, 3, 5, 7, 9))
    other = write("site2.wacz", make_wacz(make_warc(site(3))))
    with pytest.raises(CaptureError, match=r"None of the pages of site2\.wacz were chosen"):
        _capture(case, other, PageChoice(pattern="https://elsewhere/*"))


def test_cli_add_pages_pattern(tmp_path: Path, write) -> None:
    """``casefile add --pages PATTERN`` adds only matching pages; without it, every page."""
    from casefile.storage import create_case, open_case

    case_path = tmp_path / "c.casefile"
    create_case(case_path, "CLI").close()
    path = write("site.warc", make_warc(site(6), gzip=False))
    done = subprocess.run(
        [sys.executable, "-m", "casefile", "add", str(case_path), str(path),
         "--pages", "*/shop/*"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with open_case(case_path) as case:
        urls = sorted(s.url for s in case.store.all("source"))
    assert urls == [f"https://site.example/shop/{i}" for i in (0, 2, 4)]


_CHILD = r"""
import json, sys, time
from casefile.capture import CaptureError
from casefile.capture.archive_pages import list_pages
started = time.perf_counter()
message, pages, more = None, 0, False
try:
    listing = list_pages(sys.argv[1])
    pages, more = len(listing.pages), listing.more
except CaptureError as err:
    message = str(err)
seconds = time.perf_counter() - started
with open("/proc/self/status") as status:
    peak = int(next(l for l in status if l.startswith("VmHWM:")).split()[1]) / 1024
print(json.dumps({"message": message, "seconds": seconds, "peak_mb": peak, "pages": pages,
                  "more": more}))
"""


def _list_in_child(path: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True,
                          text=True, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _html_records(count: int) -> bytes:
    out = []
    for i in range(count):
        body = f"<title>p{i}</title>".encode()
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
        out.append(
            b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://x.example/%d\r\n"
            b"WARC-Date: 2025-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response"
            b"\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n" % (i, len(http), http)
        )
    return b"".join(out)


def test_listing_a_huge_archive_stays_in_budget(write) -> None:
    """An archive of 49,000 pages lists its first 10,000 in < 5 s and < 500 MB (and says
    there are more); 60,000 records are refused in budget."""
    listed = _list_in_child(write("big.warc.gz", gzip.compress(_html_records(49_000))))
    assert listed["message"] is None and listed["pages"] == LIST_MAX and listed["more"]
    assert listed["seconds"] < SECONDS and listed["peak_mb"] < PEAK_MB, listed
    record = b"WARC/1.0\r\nWARC-Type: metadata\r\nContent-Length: 2\r\n\r\nhi\r\n\r\n"
    refused = _list_in_child(write("huge.warc.gz", gzip.compress(record * 60_000)))
    assert "more than 50,000 records" in (refused["message"] or "")
    assert refused["seconds"] < SECONDS and refused["peak_mb"] < PEAK_MB, refused
