"""Faithful text: every user string of a hostile case extracts from the PDF exactly as stored."""

from __future__ import annotations

import brief_helpers
import pytest
from brief_helpers import (
    HOSTILE_TEXTS,
    flat,
    hostile_case,
    pdftotext_pages,
    pypdf_pages,
    render,
    squash,
)

from casefile.brief.fonts import UncoveredCharactersError
from casefile.core.commands import PutRecords
from casefile.core.model import Entity
from casefile.storage.case import memory_case

# Mixed-direction text with numbers or brackets next to an Arabic run is displayed in correct
# Unicode bidi order, which extractors read back in display order; it is checked word by word.
EXACT = {k: v for k, v in HOSTILE_TEXTS.items() if k != "mixed_rtl"}
SHORT = {k: v for k, v in EXACT.items() if not k.startswith("long_")}


@pytest.fixture(scope="module")
def hostile_pdf() -> bytes:
    with hostile_case() as case:
        return render(case)


def variants(text: str) -> list[str]:
    return [f"Quote {text} end", f"Claim {text}", text, f"{text} alias", f"Source {text}"]


@pytest.mark.parametrize("key", list(EXACT))
def test_pypdf_extracts_every_hostile_string_exactly(hostile_pdf: bytes, key: str) -> None:
    """Quotes, claims, names, aliases and titles in any script copy out of the PDF unchanged."""
    text = squash("".join(pypdf_pages(hostile_pdf)))
    for wanted in variants(EXACT[key]):
        assert squash(wanted) in text, wanted


@pytest.mark.parametrize("key", list(SHORT))
def test_pdftotext_extracts_every_hostile_string_exactly(hostile_pdf: bytes, key: str) -> None:
    """poppler's pdftotext (plain or layout mode) reads the same strings back."""
    texts = []
    for mode in ([], ["-layout"]):
        brief_helpers.MODE[:] = mode
        texts.append(squash("".join(pdftotext_pages(hostile_pdf))))
    brief_helpers.MODE[:] = []
    wanted_all = variants(SHORT[key])
    if key in ("arabic", "hebrew", "emoji"):
        # pdftotext guesses each page's direction; an RTL name followed by an English word
        # on a page full of RTL text comes back with the English word first; and the tall
        # emoji glyph boxes make it merge the next line into an emoji line.
        wanted_all.remove(f"{SHORT[key]} alias")
    for wanted in wanted_all:
        assert any(squash(wanted) in t for t in texts), wanted


def test_markup_prints_literally_with_spaces(hostile_pdf: bytes) -> None:
    """`Suspect <John> & AT&T said "x<y"` prints exactly that, spaces included."""
    text = flat("\n".join(pypdf_pages(hostile_pdf)))
    assert 'Quote Suspect <John> & AT&T said "x<y" end' in text
    assert '<para><font name="Courier">x</font><br/></para> &amp; &bogus;' in text


def test_mixed_direction_text_keeps_every_word(hostile_pdf: bytes) -> None:
    """Mixed Arabic and English prints all its words (display order may differ on copy)."""
    text = flat("\n".join(pypdf_pages(hostile_pdf)))
    for word in ("Director:", "محمد", "ACME", "مصر", "2025"):
        assert word in text


def test_emoji_have_a_correct_tounicode_map(hostile_pdf: bytes) -> None:
    """Characters above U+FFFF (emoji) extract as themselves, not as garbage."""
    assert "😀🔥💣" in "".join(pypdf_pages(hostile_pdf))
    assert "😀🔥💣" in "".join(pdftotext_pages(hostile_pdf))


@pytest.mark.parametrize(
    "text, code",
    [("नमस्ते", "U+0928"), ("a\x07b", "U+0007"), ("\ue000", "U+E000"), ("\U0001d11e", "U+1D11E")],
)
def test_uncovered_characters_are_reported_before_export(text: str, code: str) -> None:
    """A character no shipped font has stops the export with a message naming it."""
    with memory_case() as case:
        case.execute(PutRecords("x", [Entity("e-1", f"Name {text}")]))
        with pytest.raises(UncoveredCharactersError) as err:
            render(case)
    assert code in str(err.value)
    assert "entity" in str(err.value)


def test_line_breaks_of_every_kind_print_as_breaks() -> None:
    """CR LF, form feeds and Unicode line separators in a quote become line breaks."""
    with memory_case() as case:
        case.execute(PutRecords("x", [Entity("e-1", "A\r\nB\x0cC\u2028D\tE")]))
        text = "\n".join(pypdf_pages(render(case)))
    assert "A\nB\nC\nD E" in text
