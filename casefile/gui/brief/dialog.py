"""File → Export brief…: the options (PDF, or its Word or Markdown twin), progress with
Cancel, a preview of a PDF, and opening what was written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QSettings, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from casefile.core.errors import CaseError
from casefile.gui.brief.proof_options import ProofOptions
from casefile.gui.common.background import BackgroundOp, Outcome
from casefile.gui.common.text import buddy_label, plain_label

Opener = Callable[[Path], None]
FORMATS = (("PDF", "pdf", "PDF (*.pdf)"), ("Word document (DOCX)", "docx", "Word document (*.docx)"),
           ("Markdown", "md", "Markdown (*.md *.markdown)"))  # fmt: skip
PREVIEW_ALL_PAGES = 300
"""A brief up to this long is previewed whole; a longer one by its first page."""
SUFFIXES = {".pdf": "pdf", ".docx": "docx", ".md": "md", ".markdown": "md"}


def open_with_system(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class BriefDialog(QDialog):
    """Choose what goes into the brief, export it in the background, preview and open it."""

    def __init__(self, case: Any, settings: QSettings, parent: QWidget | None = None,
                 opener: Opener = open_with_system,
                 matrix_claims: list[str] | None = None) -> None:  # fmt: skip
        from casefile.brief.model import OPTIONAL_SECTIONS, SECTIONS

        super().__init__(parent)
        self.case, self.settings, self.opener = case, settings, opener
        self.job: BackgroundOp[tuple[Any, Any]] | None = None
        self.result: Any = None
        self.setWindowTitle("Export brief")
        info = case.info()
        self.format = QComboBox()
        for title, key, _ in FORMATS:
            self.format.addItem(title, key)
        chosen = str(settings.value("brief/format", "pdf") or "pdf")
        self.format.setCurrentIndex(max(0, self.format.findData(chosen)))
        self.format.setToolTip("PDF: the brief that embeds its evidence, verifies and can be "
                               "signed. Word and Markdown: editable twins with the same sections, "
                               "redaction and marking.")  # fmt: skip
        self.path = QLineEdit(str(self._default_path(info.reference or info.title)))
        self.path.textEdited.connect(self._follow_path)
        self.path.setAccessibleName("Save as")
        browse = QPushButton("C&hoose…")
        browse.clicked.connect(self._choose_path)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        self.marking = QLineEdit(info.marking or "")
        self.marking.setPlaceholderText("UNMARKED")
        self.author = QLineEdit(str(settings.value("brief/author", "") or ""))
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.page_size = QComboBox()
        self.page_size.addItem("A4", "a4")
        self.page_size.addItem("US Letter", "letter")
        self.tags = QLineEdit()
        self.tags.setPlaceholderText("all claims and evidence (or: tag, another tag)")
        self.notes = QCheckBox("Include the full text of &notes")
        self.open_after = QCheckBox("&Open the brief when it is written")
        self.open_after.setChecked(settings.value("brief/open_after", "true") == "true")
        self.sections = QListWidget()
        for key, title in SECTIONS.items():
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = key not in OPTIONAL_SECTIONS or (key == "matrix" and matrix_claims is not None)
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.sections.addItem(item)
        self.timeline = QCheckBox("Start the chronology with a drawn time&line")
        self.matrix_claims = self._claim_chooser(matrix_claims or [])
        self.sections.itemChanged.connect(lambda _item: self._follow_sections())
        form = QFormLayout()
        form.addRow(buddy_label("Form&at", self.format), self.format)
        form.addRow(buddy_label("&Save as", self.path), path_row)
        form.addRow(buddy_label("Handling &marking", self.marking), self.marking)
        form.addRow(buddy_label("A&uthor", self.author), self.author)
        form.addRow(buddy_label("Issue &date", self.date), self.date)
        form.addRow(buddy_label("Pa&ge size", self.page_size), self.page_size)
        form.addRow(buddy_label("Only &tags", self.tags), self.tags)
        form.addRow(buddy_label("Sect&ions", self.sections), self.sections)
        form.addRow(buddy_label("Matrix &claims", self.matrix_claims), self.matrix_claims)
        form.addRow("", self.timeline)
        form.addRow("", self.notes)
        form.addRow("", self.open_after)
        self.proof = ProofOptions(case, self)
        self.proof.add_rows(form)
        self.status = QLabel("")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            "&Export", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.open_button = self.buttons.addButton(
            "Open brie&f", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_button.setEnabled(False)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.clicked.connect(self.export)
        self.open_button.clicked.connect(self._open)
        self.cancel_button.clicked.connect(self._cancel_or_close)
        self.pdf = QPdfDocument(self)
        self.preview = QPdfView(self)
        self.preview.setDocument(self.pdf)
        self.preview.setPageMode(QPdfView.PageMode.MultiPage)
        self.preview.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.preview.setMinimumWidth(360)
        left = QWidget()
        column = QVBoxLayout(left)
        column.addLayout(form)
        column.addWidget(self.progress)
        column.addWidget(self.status)
        if getattr(case, "encrypted", False):  # the brief leaves the encryption behind
            self.plain_note = plain_label(
                "This case is encrypted; the PDF brief is not (nor a Word or Markdown one): "
                "anyone who gets the file "
                "can read it."
            )
            column.addWidget(self.plain_note)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self._follow_sections()
        self.format.currentIndexChanged.connect(lambda _i: self._follow_format())
        self._follow_format()
        self.resize(980, 720)

    # --- options --------------------------------------------------------------------

    def _default_path(self, name: str) -> Path:
        folder = Path(str(self.settings.value("brief/folder", "") or Path.home()))
        safe = "".join(c if c.isalnum() or c in "-_ " else "-" for c in name).strip() or "brief"
        return folder / f"{safe[:60]} brief.{self.format.currentData()}"

    def _claim_chooser(self, chosen: list[str]) -> QWidget:
        """The claims the evidence matrix compares (none ticked: every claim, up to a limit)."""
        from casefile.gui.analysis.claim_chooser import ClaimChooser

        chooser = ClaimChooser(self.case, self)
        chooser.choose(chosen)
        chooser.list.setAccessibleName("Claims the brief's evidence matrix compares")
        chooser.setToolTip("None ticked: the matrix compares every claim (at most 24).")
        chooser.setMaximumHeight(170)
        self.claim_chooser = chooser
        return chooser

    def _section_on(self, key: str) -> bool:
        items = [self.sections.item(i) for i in range(self.sections.count())]
        return any(
            item.data(Qt.ItemDataRole.UserRole) == key
            and item.checkState() == Qt.CheckState.Checked
            for item in items
        )

    def _follow_sections(self) -> None:
        """The matrix claims and the timeline option only matter with their sections."""
        self.matrix_claims.setEnabled(self._section_on("matrix"))
        self.timeline.setEnabled(self._section_on("chronology"))

    def fmt(self) -> str:
        """The chosen format: pdf, docx or md."""
        return str(self.format.currentData())

    def _follow_format(self) -> None:
        """The file name takes the format's extension; embedding and signing are PDF only."""
        fmt = self.fmt()
        text = self.path.text().strip()
        if text:
            path = Path(text)
            if SUFFIXES.get(path.suffix.lower()) != fmt:
                stem = path.with_suffix("") if path.suffix.lower() in SUFFIXES else path
                self.path.setText(f"{stem}.{fmt}")
        self.proof.allow_pdf_only(fmt == "pdf")
        self.preview.setVisible(fmt == "pdf")

    def _follow_path(self, text: str) -> None:
        """A typed file name ending in .pdf, .docx or .md chooses that format."""
        fmt = SUFFIXES.get(Path(text.strip()).suffix.lower())
        if fmt is not None and fmt != self.fmt():
            self.format.blockSignals(True)
            self.format.setCurrentIndex(self.format.findData(fmt))
            self.format.blockSignals(False)
            self._follow_format()

    def _choose_path(self) -> None:
        fmt = self.fmt()
        wanted = next(f for _, key, f in FORMATS if key == fmt)
        path, _ = QFileDialog.getSaveFileName(self, "Save brief as", self.path.text(), wanted)
        if path:
            known = SUFFIXES.get(Path(path).suffix.lower()) == fmt
            self.path.setText(path if known else f"{path}.{fmt}")

    def options(self) -> Any:
        """The ``BriefOptions`` the form describes (raises ``CaseError`` if one is invalid)."""
        from casefile.brief.model import BriefOptions

        items = [self.sections.item(i) for i in range(self.sections.count())]
        sections = tuple(
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        )
        tags = frozenset(t.strip() for t in self.tags.text().split(",") if t.strip())
        qdate = self.date.date()
        return BriefOptions(
            sections=sections,
            marking=self.marking.text().strip() or None,
            author=self.author.text().strip() or None,
            tags=tags,
            include_notes=self.notes.isChecked(),
            page_size=str(self.page_size.currentData()),
            issue_date=dt.date(qdate.year(), qdate.month(), qdate.day()).isoformat(),
            matrix_claims=tuple(self.claim_chooser.chosen) if "matrix" in sections else (),
            chronology_drawing=self.timeline.isChecked() and "chronology" in sections,
            redact=self.proof.redactions(),
        )

    # --- export ---------------------------------------------------------------------

    def export(self) -> None:
        """Start rendering in the background; the form is locked until it ends."""
        from casefile.brief.formats import format_of

        try:
            options = self.options()
            if not options.sections:
                raise CaseError("Choose at least one section for the brief.")
            out = Path(self.path.text().strip()).expanduser()
            if not out.name:
                raise CaseError("Choose where to save the brief.")
            fmt = format_of(out, self.fmt())
            sign = self.proof.signing() if fmt == "pdf" else None
            embedding = self.proof.embedding()
        except CaseError as err:
            self.status.setText(str(err))
            return
        self.settings.setValue("brief/author", self.author.text().strip())
        self.settings.setValue("brief/folder", str(out.parent))
        self.settings.setValue("brief/format", fmt)
        self.settings.setValue(
            "brief/open_after", "true" if self.open_after.isChecked() else "false"
        )
        case = self.case

        def work(op: BackgroundOp[tuple[Any, Any]]) -> tuple[Any, Any]:
            """In the worker: a process of its own builds and writes the brief, this thread
            answers its reads of the case (``export_process``): the window's interpreter is
            never held by the model's long steps, and its memory goes with the process."""
            from casefile.gui.brief.export_process import export_in_process
            from casefile.storage.brief_source import CaseForBrief

            return export_in_process(CaseForBrief(case), options, embedding, out, fmt, sign,
                                     op.report, op.cancelled)  # fmt: skip

        self.job = BackgroundOp(self, "Writing the brief…", work, show_after_ms=None)
        self._busy(True)
        self.status.setText("Writing the brief…")
        self.job.start(self._done, self._progress)

    def _busy(self, busy: bool) -> None:
        self.export_button.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.cancel_button.setText("Cancel" if busy else "Close")

    def _progress(self, done: int, total: int, _label: str = "") -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(min(done, total))

    def _done(self, outcome: Outcome[tuple[Any, Any]]) -> None:
        self._busy(False)
        self.job = None
        if outcome.value is None:
            self.status.setText(_failure(outcome))
            return
        used, value = outcome.value
        self.result = value
        from casefile.brief import service
        from casefile.storage.brief_source import CaseForBrief

        note = service.record(CaseForBrief(self.case), used, value)
        what = f"{value.pages} pages" if value.format == "pdf" else _WORDS[value.format]
        # Laying out every page of a long brief in the preview held up the window (0.3 s at
        # 1,150 pages): a long one previews its first page only.
        long = value.format == "pdf" and value.pages > PREVIEW_ALL_PAGES
        self.status.setText(f"Wrote {value.path} ({what}).\nSHA-256 {value.sha256}"
                            + ("\nThe preview shows its first page; open the brief to read it all."
                               if long else "")
                            + (f"\n{note}" if note else ""))  # fmt: skip
        if value.format == "pdf":
            mode = QPdfView.PageMode.SinglePage if long else QPdfView.PageMode.MultiPage
            self.preview.setPageMode(mode)
            self.pdf.load(str(value.path))
        else:
            self.pdf.close()
        self.open_button.setEnabled(True)
        if self.open_after.isChecked():
            self.opener(value.path)

    def _open(self) -> None:
        if self.result is not None:
            self.opener(self.result.path)

    def _cancel_or_close(self) -> None:
        if self.job is not None and self.job.running:
            self.job.cancel()
            self.status.setText("Cancelling…")
        else:
            self.reject()

    def reject(self) -> None:
        self.proof.stop()
        if self.job is not None and self.job.running:
            self.job.cancel()
            self.job.worker.join(5)
        self.pdf.close()
        super().reject()


def _failure(outcome: Outcome[Any]) -> str:
    """Why no brief was written, in words."""
    from casefile.brief.render import BriefCancelled

    err = outcome.error
    if outcome.cancelled or isinstance(err, BriefCancelled):
        return str(BriefCancelled())
    if isinstance(err, CaseError):
        return str(err)
    if isinstance(err, OSError):
        return f"The brief could not be written: {err.strerror or err}."
    return f"The brief could not be made ({err}). No file was written."


_WORDS = {"docx": "Word document", "md": "Markdown; pictures in the folder beside it"}
