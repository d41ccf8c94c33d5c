"""The brief dialog's proof options: what the PDF embeds, redaction with a preview, signing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from casefile.core.model import KINDS
from casefile.gui.brief.people_model import PeopleModel, name_filter
from casefile.gui.common.background import BackgroundOp, Outcome
from casefile.gui.common.panels import read_chunks
from casefile.gui.common.text import buddy_label

EMBED_CHOICES = (
    ("Originals up to 50 MB", "budget"),
    ("All originals", "all"),
    ("Hashes only (no originals)", "hashes"),
)
COUNT_AFTER_MS = 300
"""The places are counted once typing has paused this long (each count reads the case)."""
COUNT_CHUNK = 250
"""Records read at a time by the count: one read of 2,000 long sources held the window."""
COUNTED_KINDS = tuple(k for k in KINDS if k != "case")  # the case info is counted first


class ProofOptions:
    """Embedding, redaction (people and organisations, free terms) and signing: the widgets
    (owned by the dialog) and what they describe."""

    def __init__(self, case: Any, parent: QWidget) -> None:
        self.case, self.parent = case, parent
        self.embed = QComboBox(parent)
        for title, mode in EMBED_CHOICES:
            self.embed.addItem(title, mode)
        self.embed.setToolTip("Which original files of cited sources the PDF carries; the "
                              "case package of what the brief shows is always embedded.")  # fmt: skip
        self.people_model = PeopleModel(parent)
        self.people_filter = QLineEdit(parent)
        self.people_filter.setPlaceholderText("Find people and organisations…")
        self.people_filter.setAccessibleName("Find people and organisations to redact")
        self.people_filter.setClearButtonEnabled(True)
        shown = name_filter(self.people_model, parent)
        self.people_filter.textChanged.connect(shown.setFilterFixedString)
        self.people = QListView(parent)
        self.people.setAccessibleName("People and organisations to redact")
        self.people.setMaximumHeight(110)
        self.people.setUniformItemSizes(True)  # 100,000 rows are laid out without measuring
        self.people.setModel(shown)
        self.people_box = QVBoxLayout()
        self.people_box.addWidget(self.people_filter)
        self.people_box.addWidget(self.people)
        self.people_model.load(case)
        self.terms = QPlainTextEdit(parent)
        self.terms.setPlaceholderText("Terms to redact, one per line")
        self.terms.setMaximumHeight(60)
        self.preview = QLabel("Nothing is redacted.", parent)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setWordWrap(True)
        self.key = QLineEdit(parent)
        self.key.setAccessibleName("Sign with")
        self.key.setPlaceholderText("not signed (choose a .p12 file to sign)")
        choose = QPushButton("Choose &key…", parent)
        choose.clicked.connect(self._choose_key)
        self.choose_key = choose
        key_row = QHBoxLayout()
        key_row.addWidget(self.key, 1)
        key_row.addWidget(choose)
        self._count_timer = QTimer(parent)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_AFTER_MS)
        self._count_timer.timeout.connect(self._count)
        self._counting: BackgroundOp[Any] | None = None
        self._redactor: Any = None
        self.people_model.ticked_changed.connect(self.update_preview)
        self.terms.textChanged.connect(self.update_preview)
        self.key_row = key_row

    def add_rows(self, form: QFormLayout) -> None:
        """Put the options in the dialog's own form (one column of labels)."""
        form.addRow(buddy_label("Em&bed", self.embed), self.embed)
        form.addRow(buddy_label("Redact &people", self.people_filter), self.people_box)
        form.addRow(buddy_label("Redact te&rms", self.terms), self.terms)
        form.addRow("", self.preview)
        form.addRow(buddy_label("Sign &with", self.key), self.key_row)

    def allow_pdf_only(self, allowed: bool) -> None:
        """Embedding and signing belong to a PDF: off (greyed) for a Word or Markdown brief."""
        for widget in (self.embed, self.key, self.choose_key):
            widget.setEnabled(allowed)

    # --- redaction -----------------------------------------------------------------

    def redactions(self) -> tuple[str, ...]:
        """The redaction choices as ``entity:ID`` and free terms, in the order shown."""
        chosen = [f"entity:{ident}" for ident in self.people_model.chosen()]
        terms = [t.strip() for t in self.terms.toPlainText().splitlines() if t.strip()]
        return (*chosen, *terms)

    def update_preview(self) -> None:
        """What each mark stands for at once; how many places in the case it replaces once
        counted in the background (reading a 200,000-quote case took seconds a key press)."""
        from casefile.brief import redact
        from casefile.brief.model import CaseContent
        from casefile.core.errors import CaseError

        self.stop_counting()
        specs = self.redactions()
        if not specs:
            self.preview.setText("Nothing is redacted.")
            return
        ticked = [s.partition(":")[2] for s in specs if s.startswith("entity:")]
        with self.case.lock:  # the ticked ones, whose names and aliases are redacted
            found = self.case.store.get_many("entity", ticked)
        people = CaseContent.of(self.case.info(), found.values())
        try:
            redactor = redact.plan(people, specs)
        except CaseError as err:
            self.preview.setText(str(err))
            return
        self._redactor = redactor
        self._show(redactor, None)
        self._count_timer.start()

    def _show(self, redactor: Any, counts: dict[str, int] | None) -> None:
        first: dict[str, str] = {}
        for text, label in redactor.terms:
            first.setdefault(label, text)
        lines = []
        for label, text in first.items():
            mark = label.removeprefix("[redacted: ").rstrip("]")
            shown = text if len(text) <= 60 else text[:59] + "…"
            places = "counting…" if counts is None else f"{counts.get(mark, 0):,} place(s)"
            lines.append(f"[redacted: {mark}] for “{shown}” — {places}")
        self.preview.setText("Preview:\n" + "\n".join(lines))

    def _count(self) -> None:
        """Count the places each mark replaces, a chunk of records at a time, in a worker."""
        redactor, case = self._redactor, self.case

        def work(op: BackgroundOp[Any]) -> Any:
            found = redactor.places([case.info()])
            for kind in COUNTED_KINDS:
                for chunk in read_chunks(case, kind, COUNT_CHUNK):
                    op.check()
                    found.update(redactor.places(chunk))
            return found

        # No parent: a count dropped as the dialog closes ends in its own time, unseen.
        op: BackgroundOp[Any] = BackgroundOp(None, "Counting what is redacted…", work,
                                             show_after_ms=None,
                                             thread_name="casefile-redaction-count")  # fmt: skip
        self._counting = op
        op.start(lambda outcome: self._counted(op, redactor, outcome))

    def _counted(self, op: BackgroundOp[Any], redactor: Any, outcome: Outcome[Any]) -> None:
        if op is not self._counting or not isValid(self.preview):
            return
        self._counting = None
        if outcome.value is not None:
            self._show(redactor, dict(redactor.counts(outcome.value)))

    def stop(self) -> None:
        """The dialog is closing: reads and counts in progress end unseen."""
        self.people_model.stop()
        self.stop_counting()

    def stop_counting(self) -> None:
        """Drop a count in progress (the choices changed, or the dialog is closing)."""
        self._count_timer.stop()
        op, self._counting = self._counting, None
        if op is not None and op.running:
            op.abandon()

    # --- signing -------------------------------------------------------------------

    def _choose_key(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.parent, "Sign with certificate", self.key.text(), "PKCS#12 (*.p12 *.pfx)"
        )
        if path:
            self.key.setText(path)

    def signing(self) -> Any:
        """The signer when a key file is chosen (its passphrase asked now, never stored);
        None when not signing. Raises ``CaseError`` when the key cannot be used."""
        key = self.key.text().strip()
        if not key:
            return None
        from casefile.brief import service, signing
        from casefile.core.errors import CaseError

        passphrase, ok = QInputDialog.getText(
            self.parent, "Sign the brief", f"Passphrase for {Path(key).name}:",
            QLineEdit.EchoMode.Password,
        )  # fmt: skip
        if not ok:
            raise CaseError("Signing was cancelled; no file was written.")
        return service.Signing(signing.load_signer(Path(key), passphrase.encode("utf-8")))

    def embedding(self) -> Any:
        from casefile.brief.embedding import Embedding

        return Embedding(str(self.embed.currentData()))
