"""Property tests: parsers never crash on odd input and never alter the captured words."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from casefile.capture import CaptureError, read_payload, snippet_from_selection
from casefile.capture.htmltext import html_to_text
from casefile.capture.textdecode import decode_text
from casefile.core.model import Source

_WORDS = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=200)


@settings(max_examples=150, deadline=None)
@given(_WORDS)
def test_utf8_text_decodes_to_the_same_words(words: str) -> None:
    """Any UTF-8 text (without control characters) decodes back to exactly the same words."""
    assert decode_text(words.encode("utf-8")) == (words, "utf-8")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
@example(".HTM")
@example("http://example.org/page.html")
@example("report.html")
def test_html_to_text_never_crashes(markup: str) -> None:
    """Any HTML-ish text converts to text without an error (a file-name-like text too)."""
    assert isinstance(html_to_text(markup).text, str)


def test_text_that_looks_like_a_file_name_is_kept_as_text() -> None:
    """Dropped words such as '.HTM' or an address are captured as those very words."""
    assert html_to_text(".HTM").text == ".HTM"
    assert html_to_text("http://example.org/a.html").text == "http://example.org/a.html"


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(["text/plain", "text/html", "text/uri-list",
                                        "text/x-moz-url", "_NETSCAPE_URL"]),
                       st.binary(max_size=200)))  # fmt: skip
def test_any_payload_is_understood_or_refused_clearly(data: dict[str, bytes]) -> None:
    """Any drop payload is either understood or refused with a user message, never a crash."""
    try:
        read_payload(data)
    except CaptureError as err:
        assert str(err)


@settings(max_examples=150, deadline=None)
@given(_WORDS, st.data())
def test_selection_snippet_quotes_exactly(text: str, data: st.DataObject) -> None:
    """A snippet made from any selection holds exactly the selected characters at its offsets."""
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    source = Source("s", "S", text=text, pages=(0, len(text) // 2))
    try:
        capture = snippet_from_selection(source, start, end)
    except CaptureError:
        assert not text[start:end].strip()
        return
    snippet = capture.parts[0].record
    assert snippet.text == text[start:end] == text[slice(*snippet.offset)]
