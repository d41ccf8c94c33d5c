"""The brief dialog's proof options: what the PDF embeds, redaction with a preview, signing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from casefile.gui.common.text import buddy_label

EMBED_CHOICES = (
    ("Originals up to 50 MB", "budget"),
    ("All originals", "all"),
    ("Hashes only (no originals)", "hashes"),
)


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
        self.people = QListWidget(parent)
        self.people.setAccessibleName("People and organisations to redact")
        self.people.setMaximumHeight(110)
        for entity in sorted(case.store.all("entity"), key=lambda e: e.name.casefold()):
            item = QListWidgetItem(entity.name)
            item.setData(Qt.ItemDataRole.UserRole, entity.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.people.addItem(item)
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
        self._ticked: set[int] = set()
        """Rows of the people ticked (asking 20,000 rows at export stalled the window)."""
        self.people.itemChanged.connect(self._tick)
        self.terms.textChanged.connect(self.update_preview)
        self.key_row = key_row

    def add_rows(self, form: QFormLayout) -> None:
        """Put the options in the dialog's own form (one column of labels)."""
        form.addRow(buddy_label("Em&bed", self.embed), self.embed)
        form.addRow(buddy_label("Redact &people", self.people), self.people)
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
        ticked = (self.people.item(row) for row in sorted(self._ticked))
        chosen = [f"entity:{item.data(Qt.ItemDataRole.UserRole)}" for item in ticked]
        terms = [t.strip() for t in self.terms.toPlainText().splitlines() if t.strip()]
        return (*chosen, *terms)

    def _tick(self, item: QListWidgetItem) -> None:
        row = self.people.row(item)
        if item.checkState() == Qt.CheckState.Checked:
            self._ticked.add(row)
        else:
            self._ticked.discard(row)
        self.update_preview()

    def update_preview(self) -> None:
        """What each mark stands for and how many places in the case it replaces."""
        from casefile.brief import redact
        from casefile.brief.model import CaseContent
        from casefile.core.errors import CaseError

        specs = self.redactions()
        if not specs:
            self.preview.setText("Nothing is redacted.")
            return
        content = CaseContent.read(self.case.info(), self.case.store)
        try:
            redactor = redact.plan(content, specs)
        except CaseError as err:
            self.preview.setText(str(err))
            return
        assert redactor is not None
        redacted = redact.apply(redactor, content)
        records: list[Any] = [redacted.info, *redacted.entities, *redacted.relationships,
                   *redacted.sources, *redacted.snippets, *redacted.claims]  # fmt: skip
        counts = dict(redactor.count(records))
        first: dict[str, str] = {}
        for text, label in redactor.terms:
            first.setdefault(label, text)
        lines = []
        for label, text in first.items():
            mark = label.removeprefix("[redacted: ").rstrip("]")
            shown = text if len(text) <= 60 else text[:59] + "…"
            lines.append(f"[redacted: {mark}] for “{shown}” — {counts.get(mark, 0):,} place(s)")
        self.preview.setText("Preview:\n" + "\n".join(lines))

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
