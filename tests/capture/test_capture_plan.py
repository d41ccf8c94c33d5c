"""Captures stored in a case: provenance, reuse of known URLs and files, one undo step."""

from __future__ import annotations

import hashlib

import pytest
from capture_samples import PAGES, make_docx, make_eml, make_pdf

from casefile.capture import (
    CaptureError,
    SourceChoice,
    SourceNeeded,
    capture_files,
    capture_payload,
    snippet_from_selection,
)
from casefile.core.commands import Create
from casefile.core.model import Claim, Entity, Snippet, Source

NOW = "2025-04-17T09:30:00Z"


def _sources(case) -> list[Source]:
    return list(case.store.all("source"))


def test_files_become_sources_with_full_provenance(write, case) -> None:
    """Each dropped file becomes a file source with bytes, hash, type, name, size and text."""
    paths = [
        write("a.txt", "Plain words."),
        write("r.pdf", make_pdf(PAGES)),
        write("m.eml", make_eml()),
        write("d.docx", make_docx()),
    ]
    capture = capture_files(paths, case)
    case.execute(capture.command)
    by_name = {s.file_name: s for s in _sources(case)}
    assert set(by_name) == {"a.txt", "r.pdf", "m.eml", "d.docx"}
    for path in paths:
        source = by_name[path.name]
        data = path.read_bytes()
        assert source.kind == ("document" if path.suffix in (".pdf", ".docx") else "file")
        assert source.sha256 == hashlib.sha256(data).hexdigest()
        assert source.size == len(data)
        assert source.retrieved is not None
        assert case.store.original(source.sha256).data == data
    assert by_name["a.txt"].text == "Plain words."
    assert len(by_name["r.pdf"].pages) == 3
    assert by_name["m.eml"].title == "Shipment from Rotterdam"
    assert by_name["d.docx"].media_type.endswith("wordprocessingml.document")


def test_several_files_are_one_undo_step(write, case) -> None:
    """Three files dropped together are removed by a single undo."""
    capture = capture_files([write(f"{n}.txt", n) for n in "xyz"], case)
    change = case.execute(capture.command)
    assert case.count("source") == 3
    case.revert(change)
    assert case.count("source") == 0


def test_same_file_twice_is_not_stored_twice(write, case) -> None:
    """A file whose SHA-256 is already in the case is reported and its source selected."""
    first = capture_files([write("one.txt", "same bytes")], case)
    case.execute(first.command)
    again = capture_files([write("copy.txt", "same bytes")], case)
    assert again.command is None
    assert again.reused == first.sources
    assert again.selection == (("source", first.sources[0]),)
    assert again.messages == (
        "copy.txt is already in the case as 'one.txt'; it was not stored again.",
    )


def test_duplicate_within_one_drop_is_kept_once(write, case) -> None:
    """Two identical files in one drop make one source, and the user is told."""
    capture = capture_files([write("a.txt", "twin"), write("b.txt", "twin")], case)
    assert len(capture.sources) == 1
    assert capture.messages == ("b.txt has the same content as a.txt; it is kept once.",)


def test_scanned_pdf_source_says_it_has_no_text(write, case) -> None:
    """A PDF without a text layer is stored with a note, and the user is told."""
    capture = capture_files([write("scan.pdf", make_pdf([""]))], case)
    case.execute(capture.command)
    (source,) = _sources(case)
    assert source.text is None and "no text layer" in (source.notes or "")
    assert any("no text layer" in m for m in capture.messages)


def test_text_with_new_url_creates_web_source_and_exact_snippet(case) -> None:
    """Words from a page create a web source (URL, title, retrieved) and an exact snippet."""
    html = b"<p>Crew of <b>12</b> held.</p>"
    moz = "https://port.example/a\nPort news".encode("utf-16-le")
    capture = capture_payload(
        {"text/html": html, "text/x-moz-url": moz, "text/plain": b" Crew of 12 held. "}, case
    )
    case.execute(capture.command)
    (source,) = _sources(case)
    snippet = case.get("snippet", capture.snippets[0])
    assert (source.kind, source.url, source.title) == ("web", "https://port.example/a", "Port news")
    assert source.retrieved is not None and source.media_type == "text/html"
    assert case.store.original(source.sha256).data == html
    assert snippet.text == " Crew of 12 held. "
    assert source.text[slice(*snippet.offset)] == snippet.text
    assert snippet.captured is not None


def test_text_from_known_url_reuses_the_source(case) -> None:
    """A second passage from the same page lands in the existing source."""
    first = capture_payload({"text/plain": b"One.", "text/uri-list": b"https://x.example/"}, case)
    case.execute(first.command)
    second = capture_payload({"text/plain": b"Two.", "text/uri-list": b"https://x.example/"}, case)
    case.execute(second.command)
    assert case.count("source") == 1
    snippet = case.get("snippet", second.snippets[0])
    assert snippet.source == first.sources[0]


def test_text_without_url_needs_a_choice(case) -> None:
    """Words with no page address ask for a source; a new title creates one."""
    data = {"text/plain": b"Overheard at the port."}
    with pytest.raises(SourceNeeded):
        capture_payload(data, case)
    capture = capture_payload(data, case, SourceChoice(new_title="Call notes"))
    case.execute(capture.command)
    (source,) = _sources(case)
    assert source.title == "Call notes" and source.url is None
    assert case.get("snippet", capture.snippets[0]).text == "Overheard at the port."


def test_text_into_chosen_source_finds_its_offsets_and_page(write, case) -> None:
    """Words dropped into a chosen PDF source get their offsets and page when found there."""
    files = capture_files([write("r.pdf", make_pdf(PAGES))], case)
    case.execute(files.command)
    choice = SourceChoice(existing=files.sources[0])
    capture = capture_payload({"text/plain": b"the ship sailed"}, case, choice)
    case.execute(capture.command)
    snippet = case.get("snippet", capture.snippets[0])
    assert snippet.location == "p. 2"
    assert case.get("source", files.sources[0]).text[slice(*snippet.offset)] == "the ship sailed"


def test_links_become_web_sources_and_known_ones_are_reused(case) -> None:
    """Dropped links make web sources without fetching; a known address is reused."""
    first = capture_payload({"text/uri-list": b"https://a.example/\r\n"}, case)
    case.execute(first.command)
    data = {"text/uri-list": b"https://a.example/\r\nhttps://b.example/\r\n"}
    second = capture_payload(data, case)
    case.execute(second.command)
    assert sorted(s.url for s in _sources(case)) == ["https://a.example/", "https://b.example/"]
    assert second.reused == first.sources
    assert "already in the case" in second.messages[0]


def test_drop_on_claim_links_snippet_with_stance_in_one_step(case) -> None:
    """A drop on a claim adds the snippet and links it with the chosen stance, undone at once."""
    case.execute(Create(Claim("c1", "The ship was held.")))
    data = {"text/plain": b"Held at dawn.", "text/uri-list": b"https://p.example/"}
    capture = capture_payload(data, case).linked_to_claim("c1", "refutes")
    change = case.execute(capture.command)
    claim = case.get("claim", "c1")
    assert [(e.snippet, e.stance) for e in claim.evidence] == [(capture.snippets[0], "refutes")]
    case.revert(change)
    assert case.get("claim", "c1").evidence == ()
    assert case.count("snippet") == 0 and case.count("source") == 0


def test_drop_on_entity_adds_a_mention(case) -> None:
    """A drop on a person makes the new snippet mention that person."""
    case.execute(Create(Entity("e1", "Ana Díaz")))
    data = {"text/plain": b"Ana signed.", "text/uri-list": b"https://p.example/"}
    capture = capture_payload(data, case).mentioning("e1")
    case.execute(capture.command)
    assert case.get("snippet", capture.snippets[0]).entities == ("e1",)


def test_selection_snippet_has_exact_offsets_and_page(write, case) -> None:
    """A selection in a PDF source's text becomes a snippet with exact offsets and its page."""
    files = capture_files([write("r.pdf", make_pdf(PAGES))], case)
    case.execute(files.command)
    source = case.get("source", files.sources[0])
    start = source.text.index("Third")
    capture = snippet_from_selection(source, start, start + 10, now=NOW)
    case.execute(capture.command)
    snippet = case.get("snippet", capture.snippets[0])
    assert isinstance(snippet, Snippet)
    assert (snippet.text, snippet.location, snippet.captured) == ("Third page", "p. 3", NOW)
    across = snippet_from_selection(source, 5, source.pages[1] + 3)
    assert case.execute(across.command) and case.get("snippet", across.snippets[0]).location == (
        "pp. 1–2"
    )


def test_empty_selection_is_refused(case) -> None:
    """Making a snippet from nothing selected gets a clear message."""
    source = Source("s", "S", text="Some words")
    with pytest.raises(CaptureError, match="Select some text"):
        snippet_from_selection(source, 3, 3)


def test_execute_without_notify_lets_the_caller_notify_later(write, case) -> None:
    """A capture committed in a worker tells the views only when the GUI thread says so."""
    seen: list[str] = []
    case.subscribe(lambda change: seen.append(change.action))
    change = case.execute(capture_files([write("w.txt", "words")], case).command, notify=False)
    assert seen == [] and case.count("source") == 1
    case.notify(change)
    assert seen == ["Add file"]


def test_quote_with_citation_keeps_the_words_exactly() -> None:
    """A snippet dragged out reads as its exact quote with a short citation."""
    from casefile.capture.citation import quote_with_citation

    source = Source("s", "Harbour report", url="https://p.example/r", retrieved=NOW)
    snippet = Snippet("n", "  The ship <left> at 6. ", source="s", location="p. 4")
    assert quote_with_citation(snippet, source) == (
        "“  The ship <left> at 6. ”\n— Harbour report, p. 4, https://p.example/r, retrieved 2025-04-17"
    )
    assert quote_with_citation(snippet, None).endswith("— p. 4")
