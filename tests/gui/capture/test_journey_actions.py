"""The issue's job done the way a user does it, counting actions and keystrokes.

One article dropped as a file (its proposed details kept with Enter), 6 claims typed, 15
people and organisations with aliases added by quick add, 15 quotes made with Ctrl+E and
graded and linked to their claim in place. Every step goes through real key events
and mouse clicks on the window's own actions and dialogs; the case is checked at the end.
Twelve relationships are added by quick add too (from – type – to, names found by any words).
"""

from __future__ import annotations

from pathlib import Path

from capture_gui_helpers import drop_on
from gui_helpers import activate, close, make_window, settle
from PySide6.QtCore import QMimeData, Qt, QTimer, QUrl
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from casefile.gui.capture import hooks as capture_hooks
from casefile.gui.records import quick_add
from casefile.storage import create_case

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
CLAIMS = [f"Claim number {n}: executive {n} left the group." for n in range(1, 7)]
PEOPLE = [(f"Person {n}; Alias {n}a; Alias {n}b", "p") for n in range(1, 11)] + [
    (f"Company {n}; Co {n}; Firm {n}", "o") for n in range(1, 6)
]
QUOTES = [f"Quote {n:02d} says executive {1 + n % 6} left." for n in range(15)]
ARTICLE = "Executives leave China Harbour Group\n\n" + "\n".join(QUOTES) + "\n"


class Counter:
    """Actions (key chords, clicks, confirmations) and keystrokes, as the user makes them."""

    def __init__(self, qtbot) -> None:  # type: ignore[no-untyped-def]
        self.qtbot, self.actions, self.keys = qtbot, 0, 0

    def chord(self, widget, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
        self.actions += 1
        self.keys += 1
        self.qtbot.keyClick(widget, key, modifiers)

    def type(self, widget, text: str) -> None:  # type: ignore[no-untyped-def]
        self.keys += len(text)
        self.qtbot.keyClicks(widget, text)

    def gesture(self) -> None:
        """A mouse gesture (a drop, a drag over words) done by the test's own events."""
        self.actions += 1


def _when_modal(then) -> None:  # type: ignore[no-untyped-def]
    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.focusWidget() is None:
            QTimer.singleShot(20, check)
            return
        then(dialog)

    QTimer.singleShot(20, check)


def test_journey_counts_actions_and_keystrokes(qtbot, tmp_path: Path) -> None:
    """The job is done through the window alone; the counts are printed; the case is right."""
    window = make_window(qtbot, tmp_path)
    capture_hooks.install(window)
    quick_add.install(window)
    window.install_case(create_case(tmp_path / "journey.casefile", "Journey"))
    activate(qtbot, window)
    count = Counter(qtbot)
    # 1. the article, dropped as a file; its proposed title kept with Enter
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(article))])
    count.gesture()
    drop_on(window.centralWidget(), mime)
    controller = window.capture
    qtbot.waitUntil(lambda: controller.idle and controller.proposals is not None)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is controller.proposals.editors[0]["title"])
    count.chord(QApplication.focusWidget(), Qt.Key.Key_Return)
    settle()
    # 2. six claims: Ctrl+5, then Ctrl+Shift+N, the statement, Tab for each
    activate(qtbot, window)
    count.chord(window, Qt.Key.Key_5, CTRL)
    for statement in CLAIMS:
        count.chord(window, Qt.Key.Key_N, CTRL | SHIFT)
        count.type(QApplication.focusWidget(), statement)
        count.chord(QApplication.focusWidget(), Qt.Key.Key_Tab)
    # 3. fifteen people and organisations with aliases: Ctrl+Shift+P, the line, Tab, kind, Enter
    for line, kind in PEOPLE:

        def answer(dialog, line=line, kind=kind) -> None:  # type: ignore[no-untyped-def]
            count.type(dialog.focusWidget(), line)
            count.chord(dialog.focusWidget(), Qt.Key.Key_Tab)
            count.type(dialog.focusWidget(), kind)
            count.chord(dialog.focusWidget(), Qt.Key.Key_Return)

        _when_modal(answer)
        activate(qtbot, window)
        count.chord(window, Qt.Key.Key_P, CTRL | SHIFT)
    # 4. twelve relationships: Ctrl+Shift+R, words of one name or alias, Tab, the type in
    # words, Tab, words of the other, Enter
    for n in range(12):

        def relate(dialog, n=n) -> None:  # type: ignore[no-untyped-def]
            count.type(dialog.focusWidget(), f"Alias {1 + n % 10}a")
            count.chord(dialog.focusWidget(), Qt.Key.Key_Tab)
            count.type(dialog.focusWidget(), "director of")
            count.chord(dialog.focusWidget(), Qt.Key.Key_Tab)
            count.type(dialog.focusWidget(), f"Firm {1 + n % 5}")
            count.chord(dialog.focusWidget(), Qt.Key.Key_Return)

        _when_modal(relate)
        activate(qtbot, window)
        count.chord(window, Qt.Key.Key_R, CTRL | SHIFT)
    # 5. fifteen quotes: the source page, then per quote a drag over the words, Ctrl+E, the
    # grade digit, Tab Tab, words of the claim, Tab, the stance letter, Enter
    activate(qtbot, window)
    count.chord(window, Qt.Key.Key_3, CTRL)
    sources = window.register("source")
    (source_id,) = window.case.store.ids("source")
    sources.select(source_id)
    viewer = sources.editor.viewer
    for n, quote in enumerate(QUOTES):
        start = ARTICLE.index(quote)
        cursor = viewer.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(start + len(quote), QTextCursor.MoveMode.KeepAnchor)
        count.gesture()  # the drag over the words
        viewer.setTextCursor(cursor)
        activate(qtbot, window)
        viewer.setFocus()
        count.chord(viewer, Qt.Key.Key_E, CTRL)
        panel = sources.editor.grading
        qtbot.waitUntil(lambda panel=panel: QApplication.focusWidget() is panel.credibility)
        count.type(QApplication.focusWidget(), "2")
        count.chord(QApplication.focusWidget(), Qt.Key.Key_Tab)
        count.chord(QApplication.focusWidget(), Qt.Key.Key_Tab)
        count.type(QApplication.focusWidget(), f"number {1 + n % 6}:")
        count.chord(QApplication.focusWidget(), Qt.Key.Key_Tab)
        count.type(QApplication.focusWidget(), "s")
        count.chord(QApplication.focusWidget(), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda panel=panel: not panel.isVisible())
    print(f"\njourney: {count.actions} actions, {count.keys} keystrokes "
          "(1 source, 15 quotes, 15 people/organisations, 12 relationships, "
          "6 claims with evidence)")  # fmt: skip
    case = window.case
    assert case.count("source") == 1
    (source,) = case.store.all("source")
    assert (source.title, source.kind) == ("Executives leave China Harbour Group", "document")
    assert sorted(c.statement for c in case.store.all("claim")) == sorted(CLAIMS)
    entities = {e.name: e for e in case.store.all("entity")}
    assert len(entities) == 15 and entities["Company 3"].kind == "organisation"
    assert entities["Person 7"].aliases == ("Alias 7a", "Alias 7b")
    names = {e.id: e.name for e in entities.values()}
    pairs = sorted(
        (names[r.source], r.type, names[r.target]) for r in case.store.all("relationship")
    )
    assert len(pairs) == 12 and ("Person 1", "director of", "Company 1") in pairs
    assert ("Person 10", "director of", "Company 5") in pairs
    snippets = list(case.store.all("snippet"))
    assert sorted(s.text for s in snippets) == sorted(QUOTES)
    assert {s.credibility for s in snippets} == {2}
    texts = {s.id: s.text for s in snippets}
    for claim in case.store.all("claim"):
        executive = claim.statement.split(":")[0].split()[-1]
        linked = [texts[link.snippet] for link in claim.evidence]
        assert linked and all(f"executive {executive} left" in t for t in linked)
        assert {link.stance for link in claim.evidence} == {"supports"}
    close(window)
