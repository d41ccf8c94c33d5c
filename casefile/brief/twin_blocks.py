"""The brief as plain blocks (headings, paragraphs, quotes, tables, pictures) for its DOCX and
Markdown twins: the same sections, in the same order, with the same words as the PDF.

Each writer (``twin_docx``, ``twin_markdown``) turns these blocks into its own format; user
text stays plain text here and is escaped (or set as runs) by the writer.
"""

from __future__ import annotations

from dataclasses import dataclass

from casefile.brief.claims_story import CAVEAT, NOT_ESTABLISHED, likelihood_text
from casefile.brief.cover_story import READING_NOTE
from casefile.brief.cover_story import _scope as scope_text
from casefile.brief.model import SECTIONS, BriefModel, ClaimView, EvidenceView
from casefile.brief.styles import STANCE_TITLES
from casefile.core import dates
from casefile.core.grading import STANCES
from casefile.core.ocrlayer import is_ocr_location


@dataclass(frozen=True)
class Span:
    """A run of text: ``face`` is "", "bold", "italic", "bolditalic" or "mono"; ``link`` an
    anchor of this document (``src-3``) the run points to."""

    text: str
    face: str = ""
    link: str | None = None


Spans = tuple[Span, ...]


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str | None = None


@dataclass(frozen=True)
class Para:
    """A paragraph; ``kind`` is "body", "small", "label" (small capitals), "title" or "item"
    (a list item of the assessment: ``marker`` "•" or "3.", nested ``level`` deep)."""

    spans: Spans
    kind: str = "body"
    anchor: str | None = None
    marker: str = ""
    level: int = 0


@dataclass(frozen=True)
class Quote:
    """A quotation exactly as captured, then its line of grade, dates and numbered citation;
    ``note`` is the source citation as a footnote's text (the DOCX's), its mark placed after
    the first ``note_at`` spans of ``meta`` (right after the citation)."""

    text: str
    meta: Spans
    note: Spans = ()
    note_at: int = 0


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...] | None
    rows: tuple[tuple[Spans, ...], ...]
    widths: tuple[float, ...] = ()
    """Column widths in millimetres as the PDF's (0 = share the rest)."""


@dataclass(frozen=True)
class Contents:
    """The contents: (level, title, anchor) of each section and claim."""

    entries: tuple[tuple[int, str, str], ...]


@dataclass(frozen=True)
class Picture:
    """A drawing of the brief (the link chart, the timeline) as PNG, with its size in points."""

    name: str
    png: bytes
    width: float
    height: float
    alt: str


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Para | Quote | Table | Contents | Picture | PageBreak


def plain(text: str, face: str = "") -> Spans:
    return (Span(text, face),)


def label_line(label: str, text: str) -> Spans:
    """``Label: text`` with the label in bold (as the PDF's label paragraphs)."""
    return (Span(f"{label}: ", "bold"), Span(text))


def section_head(key: str) -> list[Block]:
    """A new page and the section's heading (its anchor is the section key)."""
    return [PageBreak(), Heading(1, SECTIONS[key], key)]


# --- cover and contents ---------------------------------------------------------------------


def cover(model: BriefModel) -> list[Block]:
    info, options = model.info, model.options
    rows = [
        ("Reference", info.reference or "—"),
        ("Handling", model.marking),
        ("Author", options.author or "—"),
        ("Date of issue", dates.display(options.issue_date)),
        ("Scope", scope_text(model)),
    ]
    if options.redact:
        rows.append(("Redacted", "Yes: marks such as [redacted: person 1] replace the chosen "
                     "names, quotes and terms throughout; the annex counts them."))  # fmt: skip
    out: list[Block] = [
        Para(plain("CASE BRIEF"), "label"),
        Para(plain(info.title), "title", "cover"),
        Table(None, tuple((plain(k.upper(), "bold"), plain(v)) for k, v in rows), (32, 0)),
    ]
    if info.summary:
        out += [Heading(2, "Summary"), Para(plain(info.summary))]
    out += [Heading(3, "How to read this brief"), Para(plain(READING_NOTE), "small")]
    return out


def contents(model: BriefModel) -> list[Block]:
    entries: list[tuple[int, str, str]] = []
    for key in model.options.sections:
        if key in ("cover", "contents") or (key == "narrative" and model.narrative is None):
            continue
        entries.append((1, SECTIONS[key], key))
        if key == "narrative" and model.narrative is not None:
            entries += [(2, short(s.title), f"narr-{i}")
                        for i, s in enumerate(model.narrative.sections)]  # fmt: skip
        if key == "claims":
            entries += [(2, f"{cv.label}  {short(cv.claim.statement)}", f"claim-{cv.claim.id}")
                        for cv in model.claims]  # fmt: skip
    return [*section_head("contents"), Contents(tuple(entries))]


def short(text: str, limit: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# --- claims ---------------------------------------------------------------------------------


def status_text(cv: ClaimView) -> str:
    return cv.claim.status.upper() + ("" if cv.established else f" ({NOT_ESTABLISHED})")


def judgements(model: BriefModel) -> list[Block]:
    out = [*section_head("judgements"), Para(plain(CAVEAT), "small")]
    if not model.claims:
        return [*out, Para(plain("The case holds no claims."))]
    linked = "claims" in model.options.sections
    rows = tuple(
        (
            (Span(cv.label, "bold", f"claim-{cv.claim.id}" if linked else None),),
            plain(cv.claim.statement),
            plain(status_text(cv), "bold"),
            plain(likelihood_text(cv)),
            *(plain(str(cv.count(s))) for s in STANCES),
        )
        for cv in model.claims
    )
    head = ("", "Judgement", "Status", "Likelihood", "For", "Against", "Context")
    return [*out, Table(head, rows, (10, 0, 25, 30, 11, 14, 14))]


def claims(model: BriefModel) -> list[Block]:
    out = section_head("claims")
    if not model.claims:
        out.append(Para(plain("The case holds no claims.")))
    for cv in model.claims:
        out += claim_block(cv, model)
    return out


def claim_block(cv: ClaimView, model: BriefModel) -> list[Block]:
    claim = cv.claim
    facts = [
        ("Status", status_text(cv)),
        ("Likelihood", likelihood_text(cv)),
        ("Claimant", claim.claimant or "—"),
        ("Subjects", "; ".join(cv.subjects) or "—"),
    ]
    if claim.tags:
        facts.append(("Tags", ", ".join(claim.tags)))
    out: list[Block] = [
        Heading(2, f"{cv.label}  {claim.statement}", f"claim-{claim.id}"),
        Table(None, tuple((plain(k, "bold"), plain(v)) for k, v in facts), (24, 0)),
    ]
    if model.options.include_notes and claim.notes:
        out.append(Para(label_line("Notes", claim.notes)))
    for stance in STANCES:
        group = cv.evidence.get(stance, ())
        if not group and stance == "context":
            continue
        out.append(Heading(3, f"{STANCE_TITLES[stance]} ({len(group)})"))
        if not group:
            out.append(Para(plain(f"No {STANCE_TITLES[stance].lower()}."), "small"))
        for ev in group:
            out += evidence_block(ev, model)
    return out


def evidence_block(ev: EvidenceView, model: BriefModel) -> list[Block]:
    """The quote exactly as captured, then grade, event date and the numbered citation."""
    sections = model.options.sections
    cited, rest = _meta_cited(ev, sections), _meta_rest(ev)
    note = source_note(ev, sections)
    out: list[Block] = [Quote(ev.snippet.text, cited + rest, note, len(cited) if note else 0)]
    if model.options.include_notes and ev.snippet.notes:
        out.append(Para(label_line("Evidence notes", ev.snippet.notes)))
    return out


def evidence_meta(ev: EvidenceView, sections: tuple[str, ...]) -> Spans:
    """``E4 · Grade B2 · Event date … · Source [2] title, p. 4 · Note …`` (as the PDF)."""
    return _meta_cited(ev, sections) + _meta_rest(ev)


DOT = Span(" · ")


def _meta_cited(ev: EvidenceView, sections: tuple[str, ...]) -> Spans:
    """The quote line up to the end of its source citation (``… Source [2] title, p. 4``)."""
    spans = [Span(f"E{ev.number}", "bold"), DOT, Span("Grade ", "bold"),
             Span(ev.grade or "ungraded")]  # fmt: skip
    if ev.snippet.date:
        spans += [DOT, Span("Event date ", "bold"), Span(dates.display(ev.snippet.date))]
    if ev.citation is not None:
        target = f"src-{ev.citation}" if "sources" in sections else None
        spans += [DOT, Span("Source ", "bold"), Span(f"[{ev.citation}]", "", target)]
        spans.append(Span(" " + (ev.source_title or "")))
        if ev.snippet.location:
            spans.append(Span(", " + ev.snippet.location))
    else:
        spans += [DOT, Span("no source")]
    return tuple(spans)


def _meta_rest(ev: EvidenceView) -> Spans:
    """The quote line after its source citation: the OCR warning and the link's note."""
    spans: list[Span] = []
    if ev.citation is not None and is_ocr_location(ev.snippet.location):
        spans += [DOT, Span("OCR", "bold"), Span(" words read from an image by machine")]
    if ev.link_note:
        spans += [DOT, Span("Note ", "bold"), Span(ev.link_note)]
    return tuple(spans)


def source_note(ev: EvidenceView, sections: tuple[str, ...]) -> Spans:
    """A quote's source citation as one footnote: ``[2] title, p. 4 · Grade B2`` (the number
    and title as the Sources list prints them, location and grade as the quote line); none
    for a quote without a source."""
    if ev.citation is None:
        return ()
    target = f"src-{ev.citation}" if "sources" in sections else None
    spans = [Span(f"[{ev.citation}]", "", target), Span(" " + (ev.source_title or ""))]
    if ev.snippet.location:
        spans.append(Span(", " + ev.snippet.location))
    if is_ocr_location(ev.snippet.location):
        spans += [DOT, Span("OCR", "bold"), Span(" words read from an image by machine")]
    spans += [DOT, Span("Grade ", "bold"), Span(ev.grade or "ungraded")]
    return tuple(spans)
