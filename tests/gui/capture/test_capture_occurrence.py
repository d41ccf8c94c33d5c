"""Words dropped that occur twice in the source: the user picks the occurrence, in context."""

from __future__ import annotations

from pathlib import Path

from capture_gui_helpers import capture_window_with_case, drop_on, mime_of
from gui_helpers import close

from casefile.capture import SourceChoice
from casefile.capture.anchor import OccurrenceNeeded
from casefile.core.commands import Create
from casefile.core.model import Snippet, Source
from casefile.gui.capture.occurrence import OccurrencePicker

WORDS = "normal personnel arrangement"
TEXT = (
    "The ministry called the appointment a normal personnel arrangement on Monday. "
    "Critics said the so-called normal personnel arrangement hid a payment <b>here</b>."
)
SECOND = TEXT.rindex(WORDS)


def _window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    window, controller = capture_window_with_case(qtbot, tmp_path)
    window.case.execute(Create(Source("s1", "Harbour <article>", text=TEXT)))
    controller.drops.choose_source = lambda *_a: SourceChoice(existing="s1")
    return window, controller


def test_the_user_picks_the_second_occurrence_and_the_quote_is_stored_there(
    qtbot, tmp_path: Path
) -> None:
    """A drop of words found twice asks once; the chosen place is the quote's offsets."""
    window, controller = _window(qtbot, tmp_path)
    asked: list[tuple[int, ...]] = []

    def choose(_parent, _case, words: str, need: OccurrenceNeeded) -> int:  # type: ignore[no-untyped-def]
        asked.append(need.starts)
        assert words == WORDS
        return need.starts[1]

    controller.drops.choose_occurrence = choose
    drop_on(window.centralWidget(), mime_of({"text/plain": WORDS.encode()}))
    qtbot.waitUntil(lambda: window.case.count("snippet") == 1)
    snippet = next(iter(window.case.store.all("snippet")))
    assert isinstance(snippet, Snippet) and snippet.offset == (SECOND, SECOND + len(WORDS))
    assert asked == [(TEXT.index(WORDS), SECOND)]
    close(window)


def test_dismissing_the_occurrence_question_adds_nothing(qtbot, tmp_path: Path) -> None:
    """Cancel leaves the case and the undo stack as they were."""
    window, controller = _window(qtbot, tmp_path)
    controller.drops.choose_occurrence = lambda *_a: None
    drop_on(window.centralWidget(), mime_of({"text/plain": WORDS.encode()}))
    qtbot.wait(50)
    assert window.case.count("snippet") == 0 and window.session.stack.count() == 0
    close(window)


def test_the_dialog_shows_each_occurrence_in_context_as_plain_text(qtbot) -> None:
    """Each row shows the words with the text around them; the second row gives its offset."""
    source = Source("s1", "Harbour <article>", text=TEXT)
    dialog = OccurrencePicker(None, source, WORDS, (TEXT.index(WORDS), SECOND))
    qtbot.addWidget(dialog)
    rows = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert len(rows) == 2
    assert "appointment a »normal personnel arrangement« on Monday" in rows[0]
    assert "so-called »normal personnel arrangement« hid a payment <b>here</b>" in rows[1]
    dialog.list.setCurrentRow(1)
    assert dialog.chosen() == SECOND
