"""The renderer: a report model to PDF with reportlab platypus, page furniture on every page."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import IO, Any

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    paragraph,
)

from casefile import __version__
from casefile.brief import attach, fonts
from casefile.brief.attach import Attachment
from casefile.brief.drawing_text import one_line
from casefile.brief.flowables import Anchor, BriefCanvas, para
from casefile.brief.model import BriefModel
from casefile.brief.styles import (
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE_SIZES,
    RULE,
    Styles,
    make_styles,
)
from casefile.core import dates
from casefile.core.errors import CaseError

Progress = Callable[[int, int], None]


class BriefCancelled(CaseError):
    """The user cancelled the export; no file was written."""

    def __init__(self) -> None:
        super().__init__("The brief export was cancelled; no file was written.")


def issue_date_text(iso: str) -> str:
    return dates.display(iso)


class BriefRenderer:
    """Turns a ``BriefModel`` into a PDF: named styles, page templates and callbacks."""

    def __init__(
        self,
        model: BriefModel,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
        attachments: Sequence[Attachment] = (),
    ) -> None:
        self.model = model
        self.attachments = attachments
        self.progress = progress
        self.cancelled = cancelled
        self.styles: Styles = make_styles()
        self.pagesize = PAGE_SIZES[model.options.page_size]
        self._furniture: dict[str, Flowable] = {}
        self._page_code: tuple[Canvas, list[str]] | None = None
        self._done = 0
        self._total = 1

    # --- the story ------------------------------------------------------------------

    def story(self) -> list[Flowable]:
        """Every flowable of the brief, section by section as the options ask."""
        from casefile.brief import (
            analysis_story,
            claims_story,
            cover_story,
            narrative_story,
            people_story,
            reference_story,
        )

        builders = {
            "cover": cover_story.cover,
            "contents": cover_story.contents,
            "narrative": narrative_story.narrative,
            "judgements": claims_story.judgements,
            "claims": claims_story.claims,
            "matrix": analysis_story.matrix,
            "cast": people_story.cast,
            "chart": analysis_story.chart,
            "chronology": analysis_story.chronology,
            "sources": reference_story.sources,
            "gaps": reference_story.gaps_section,
            "annex": reference_story.annex,
        }
        story: list[Flowable] = []
        for key in self.model.options.sections:
            story.extend(builders[key](self.model, self.styles))
        if story and isinstance(story[0], PageBreak):
            story.pop(0)
        return [NextPageTemplate("body"), *story]

    # --- rendering ------------------------------------------------------------------

    def render(self, out: IO[bytes] | str) -> int:
        """Write the PDF; return the number of pages. Raises ``BriefCancelled`` if cancelled."""
        with _no_automatic_collection():
            return self._render(out)

    def _render(self, out: IO[bytes] | str) -> int:
        fonts.check_printable(_texts(self.model))
        rl_config.invariant = 1
        story = self.story()
        self._total = max(len(story), 1)
        doc = _Doc(out, self, pagesize=self.pagesize)
        width, height = self.pagesize
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, width - 2 * MARGIN_X,
                      height - MARGIN_TOP - MARGIN_BOTTOM, id="body", leftPadding=0,
                      rightPadding=0, topPadding=0, bottomPadding=0)  # fmt: skip
        doc.addPageTemplates([
            PageTemplate("cover", [frame], onPage=self._on_page),
            PageTemplate("body", [frame], onPage=self._on_page),
        ])  # fmt: skip
        holder: dict[str, BriefCanvas] = {}

        def maker(*args: Any, **kwargs: Any) -> BriefCanvas:
            canvas = BriefCanvas(*args, **kwargs)
            canvas.decorate = self._decorate
            attach.embed(canvas, self.attachments)
            holder["canvas"] = canvas
            return canvas

        try:
            with _remembered_widths(), attach.joined_objects():
                doc.build(story, canvasmaker=maker)
        except (CaseError, MemoryError, KeyboardInterrupt):
            raise
        except Exception as err:
            raise CaseError(_layout_failure(holder.get("canvas"), err)) from err
        finally:
            self._let_go(doc, holder.get("canvas"))
        return holder["canvas"].pages

    def _let_go(self, doc: _Doc, canvas: BriefCanvas | None) -> None:
        """Cut every link from the layout's objects back to this renderer and its model: they
        form reference cycles, which only the cycle collector frees, and it would walk the
        whole model (every record of a large case) before freeing it: a stall of seconds on
        the GUI thread after an export."""
        doc.renderer = None
        for template in doc.pageTemplates:
            template.onPage = _no_furniture
        self._page_code = None
        self._furniture.clear()
        if canvas is not None:
            canvas.let_go()

    def after_flowable(self) -> None:
        self._done += 1
        if self._done % 50:
            return
        if self.cancelled is not None and self.cancelled():
            raise BriefCancelled()
        if self.progress is not None:
            self.progress(self._done, self._total)

    # --- page furniture -------------------------------------------------------------

    def _piece(self, key: str, text: str, style: Any, width: float) -> Flowable:
        if key not in self._furniture:
            flow = para(text, style, "bold" if style is self.styles.marking else "regular")
            flow.wrap(width, 40 * mm)
            self._furniture[key] = flow
        return self._furniture[key]

    def _on_page(self, canvas: Canvas, doc: Any) -> None:
        """The furniture, the same on every page: drawn once, its operators then repeated."""
        code: list[str] = canvas._code
        recorded = self._page_code
        if recorded is not None and recorded[0] is canvas:
            code.extend(recorded[1])
            return
        start = len(code)
        self._draw_furniture(canvas)
        self._page_code = (canvas, code[start:])

    def _draw_furniture(self, canvas: Canvas) -> None:
        width, height = self.pagesize
        s, third = self.styles, (width - 2 * MARGIN_X) / 3
        info = self.model.info
        marking = self._piece("marking", self.model.marking, s.marking, third * 1.6)
        left = MARGIN_X + (width - 2 * MARGIN_X - third * 1.6) / 2
        marking.drawOn(canvas, left, height - 12 * mm - marking.height + 9)
        marking.drawOn(canvas, left, 9 * mm)
        ref = self._piece(
            "ref", f"Ref. {info.reference}" if info.reference else "", s.header, third
        )
        ref.drawOn(canvas, MARGIN_X, height - 17 * mm - ref.height + 9)
        issued = self._piece("issued", f"Issued {issue_date_text(self.model.options.issue_date)}",
                             s.header_right, third)  # fmt: skip
        issued.drawOn(canvas, width - MARGIN_X - third, height - 17 * mm - issued.height + 9)
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_X, height - 19 * mm, width - MARGIN_X, height - 19 * mm)
        canvas.line(MARGIN_X, 16 * mm, width - MARGIN_X, 16 * mm)
        canvas.restoreState()
        footer = self._piece("footer", f"casefile brief · {info.reference or info.title}",
                             s.header, third * 1.5)  # fmt: skip
        footer.drawOn(canvas, MARGIN_X, 13 * mm - footer.height + 9)

    def _decorate(self, canvas: Canvas, page: int, total: int) -> None:
        width, _ = self.pagesize
        canvas.saveState()
        canvas.setFont(fonts.face("regular").primary, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(width - MARGIN_X, 13 * mm + 2, f"Page {page} of {total}")
        bc: Any = canvas
        canvas.setFillColor(self.styles.body.textColor)
        for slot_page, x, y, key, size in bc.contents_slots:
            if slot_page == page and key in bc.anchor_pages:
                canvas.setFont(fonts.face("regular").primary, size)
                canvas.drawRightString(x, y, str(bc.anchor_pages[key]))
        canvas.restoreState()


def _no_furniture(canvas: Canvas, doc: Any) -> None:
    """Page furniture after the renderer has let go (the layout is done by then)."""


@contextmanager
def _no_automatic_collection() -> Iterator[None]:
    """No cyclic garbage collection while rendering: everything the layout makes lives until
    the PDF is written, and each full collection would walk it all again (about a sixth of the
    time of a 500-page brief). Where collection is already off (the GUI collects from a timer
    on its own thread), nothing changes."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _remembered_widths() -> Iterator[None]:
    """Remember word widths while laying out (paragraph line breaking measures every word of
    every paragraph, often the same words); reportlab's own function is put back after."""
    original = paragraph.stringWidth
    paragraph.stringWidth = lru_cache(maxsize=200_000)(original)
    try:
        yield
    finally:
        paragraph.stringWidth = original


class _Doc(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, out: IO[bytes] | str, renderer: BriefRenderer, **kw: Any) -> None:
        model = renderer.model
        super().__init__(
            out,
            title=model.info.title,
            author=model.options.author or "",
            subject=f"Case brief {model.info.reference or ''}".strip(),
            creator=f"casefile {__version__}",
            invariant=1,
            # Start the canvas on a shipped (embedded) font: reportlab's default would select
            # an unembedded Helvetica in the page preamble although no text uses it.
            initialFontName=fonts.face("regular").primary,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            **kw,
        )
        self.renderer: BriefRenderer | None = renderer

    def afterFlowable(self, flowable: Flowable) -> None:
        if self.renderer is not None:
            self.renderer.after_flowable()


def _layout_failure(canvas: BriefCanvas | None, err: Exception) -> str:
    """A failure while laying out, in words, naming the last record placed before it."""
    anchor = getattr(canvas, "last_anchor", None)
    page = canvas.getPageNumber() if canvas is not None else 1
    if anchor is None:
        where = "at the start of the brief"
    elif anchor.key.startswith("src-"):
        where = f"after source [{anchor.key[4:]}]"
    elif anchor.key.startswith(("claim-", "entity-")):
        kind, ident = anchor.key.split("-", 1)
        where = f"after {kind} {one_line(anchor.title, 80)} (id {ident})"
    else:
        where = f"in the section {one_line(anchor.title, 80)}"
    return (
        f"The brief could not be laid out on page {page}, {where} "
        f"({type(err).__name__}: {one_line(str(err), 200)}). No file was written."
    )


def _texts(model: BriefModel) -> Iterator[tuple[str, str]]:
    from casefile.brief.texts import model_texts

    return model_texts(model)


__all__ = ["Anchor", "BriefCancelled", "BriefRenderer"]
