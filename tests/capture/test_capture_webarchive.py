"""Web archives (WARC, WACZ) and saved single-file pages (MHTML) become page sources."""

from __future__ import annotations

import hashlib

import pytest
from archive_samples import PAGES, make_mhtml, make_wacz, make_warc

from casefile.capture import capture_files, read_file, snippet_from_selection
from casefile.core.model import Source


def _sources(case) -> dict[str, Source]:
    return {s.url: s for s in case.store.all("source")}


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("crawl.warc.gz", make_warc()),
        ("crawl.warc", make_warc(gzip=False)),
        ("crawl.wacz", make_wacz()),
    ],
)
def test_each_archived_page_becomes_a_source(write, case, name: str, data: bytes) -> None:
    """Every HTML page in a WARC/WACZ is a source with its URL, capture date, text and the
    archive as its original; images and redirects are not pages."""
    path = write(name, data)
    case.execute(capture_files([path], case).command)
    sources = _sources(case)
    assert set(sources) == {url for url, _, _ in PAGES}
    digest = hashlib.sha256(data).hexdigest()
    for url, date, html in PAGES:
        source = sources[url]
        assert source.retrieved == date
        assert source.sha256 == digest
        assert source.file_name == name
        assert case.store.original(digest).data == data
        payload = hashlib.sha256(html.encode()).hexdigest()
        assert f"SHA-256 of the archived payload: {payload}" in (source.notes or "")
    assert sources[PAGES[0][0]].title == "Harbour Holdings Ltd"
    assert (
        sources[PAGES[0][0]].text == "Harbour Holdings Ltd\n\nDirector: Jana Kovářová since 2019."
    )


def test_archived_page_is_found_by_search_and_quoted(write, case) -> None:
    """Words of an archived page are found by search; a quote keeps its exact offsets."""
    case.execute(capture_files([write("crawl.wacz", make_wacz())], case).command)
    hits = case.search("Kovářová")
    assert [h.kind for h in hits] == ["source"]
    assert case.search("稀土")
    source = _sources(case)[PAGES[1][0]]
    text = source.text or ""
    start = text.index("MV Aurora")
    capture = snippet_from_selection(source, start, start + len("MV Aurora"))
    case.execute(capture.command)
    snippet = case.get("snippet", capture.snippets[0])
    assert snippet.text == "MV Aurora"
    assert snippet.offset == (start, start + 9)


def test_same_archive_twice_is_kept_once(write, case) -> None:
    """Adding an archive already in the case reuses its pages instead of copying them."""
    path = write("crawl.warc.gz", make_warc())
    case.execute(capture_files([path], case).command)
    again = capture_files([path], case)
    assert again.command is None
    assert len(again.reused) == 1
    assert case.count("source") == 2


def test_archive_without_pages_is_stored_with_a_note(write, case) -> None:
    """A WARC holding only an image is stored as the archive, saying it has no pages."""
    data = make_warc(pages=(), extra=True)
    capture = capture_files([write("images.warc", data)], case)
    case.execute(capture.command)
    (source,) = case.store.all("source")
    assert source.text is None
    assert "no HTML pages" in " ".join(capture.messages)


def test_undo_removes_every_page(write, case) -> None:
    """All pages of one archive are one undo step."""
    change = case.execute(capture_files([write("crawl.wacz", make_wacz())], case).command)
    assert case.count("source") == 2
    case.revert(change)
    assert case.count("source") == 0


def test_mhtml_page_keeps_address_and_save_date(write, case) -> None:
    """A saved .mhtml page gives its text, its Content-Location URL and the date it was saved."""
    data = make_mhtml()
    item = read_file(write("saved.mhtml", data))
    assert item.content.text == "The MV Aurora was held on Monday. 稀土 cargo listed."
    assert item.content.url == "https://news.example/port"
    assert item.content.retrieved == "2025-04-18T11:00:05Z"
    assert item.content.title == "Ship seized"
    case.execute(capture_files([write("saved.mht", data)], case).command)
    (source,) = case.store.all("source")
    assert source.sha256 == hashlib.sha256(data).hexdigest()
    assert source.retrieved == "2025-04-18T11:00:05Z"
