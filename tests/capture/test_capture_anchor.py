"""Words found more than once in a source are anchored where they were taken, never guessed."""

from __future__ import annotations

import pytest

from casefile.capture import SourceChoice, capture_payload
from casefile.capture.anchor import OccurrenceNeeded
from casefile.core.commands import Create
from casefile.core.model import Snippet, Source
from casefile.storage.case import Case, memory_case

URL = "https://news.example/harbour"
WORDS = "normal personnel arrangement"
TEXT = (
    "The ministry called the appointment a normal personnel arrangement on Monday. "
    "Critics said the so-called normal personnel arrangement hid a payment."
)
FIRST, SECOND = TEXT.index(WORDS), TEXT.rindex(WORDS)


def _case() -> Case:
    case = memory_case()
    case.execute(Create(Source("s1", "Harbour article", kind="web", url=URL, text=TEXT)))
    return case


def _quote(case: Case, capture) -> Snippet:  # type: ignore[no-untyped-def]
    assert capture.command is not None
    case.execute(capture.command)
    snippet = case.get("snippet", capture.snippets[0])
    assert isinstance(snippet, Snippet) and snippet.text == WORDS
    return snippet


def test_a_text_fragment_address_picks_the_second_occurrence() -> None:
    """'#:~:text=the so-called-,normal…' anchors at offset of the second occurrence."""
    case = _case()
    url = f"{URL}#:~:text=the%20so-called-,normal%20personnel%20arrangement,-hid"
    capture = capture_payload(
        {"text/plain": WORDS.encode(), "text/x-moz-url-priv": url.encode("utf-16-le")}, case
    )
    snippet = _quote(case, capture)
    assert snippet.offset == (SECOND, SECOND + len(WORDS)) and snippet.source == "s1"


def test_the_page_around_a_windows_html_fragment_picks_the_occurrence() -> None:
    """A clipboard 'HTML Format' payload holding the page around the selection decides."""
    case = _case()
    body = (
        b"<html><body><p>The ministry called the appointment a normal personnel arrangement "
        b"on Monday. Critics said the so-called <!--StartFragment-->"
    )
    fragment = WORDS.encode()
    tail = b"<!--EndFragment--> hid a payment.</p></body></html>"
    header = "Version:0.9\r\nStartHTML:{:010d}\r\nEndHTML:{:010d}\r\n"
    header += "StartFragment:{:010d}\r\nEndFragment:{:010d}\r\nSourceURL:" + URL + "\r\n"
    size = len(header.format(0, 0, 0, 0))
    start = size + len(body)
    raw = header.format(size, start + len(fragment) + len(tail), start, start + len(fragment))
    payload = raw.encode() + body + fragment + tail
    capture = capture_payload({"text/html": payload, "text/plain": WORDS.encode()}, case)
    assert _quote(case, capture).offset == (SECOND, SECOND + len(WORDS))


def test_without_a_hint_the_user_is_asked_and_the_choice_is_kept() -> None:
    """No context: OccurrenceNeeded lists both starts; the chosen one is stored."""
    case = _case()
    with pytest.raises(OccurrenceNeeded) as info:
        capture_payload({"text/plain": WORDS.encode()}, case, SourceChoice(existing="s1"))
    assert info.value.starts == (FIRST, SECOND) and "2 times" in str(info.value)
    assert case.count("snippet") == 0
    choice = SourceChoice(existing="s1", occurrence=SECOND)
    capture = capture_payload({"text/plain": WORDS.encode()}, case, choice)
    assert _quote(case, capture).offset == (SECOND, SECOND + len(WORDS))


def test_words_found_once_need_no_question() -> None:
    """A single occurrence is anchored directly."""
    case = _case()
    capture = capture_payload({"text/plain": b"hid a payment"}, case, SourceChoice(existing="s1"))
    snippet = case.get("snippet", capture.snippets[0]) if case.execute(capture.command) else None  # type: ignore[arg-type]
    assert isinstance(snippet, Snippet)
    assert snippet.offset == (TEXT.index("hid a payment"), TEXT.index("hid a payment") + 13)
