"""The later sections of the brief as plain blocks: matrix, cast, chart, chronology, sources,
gaps and the annex (the same words as the PDF's stories)."""

from __future__ import annotations

from collections.abc import Callable

from casefile.brief import analysis_story as analysis
from casefile.brief import people_story as people
from casefile.brief import reference_story as reference
from casefile.brief.drawing_text import one_line
from casefile.brief.model import (
    GAP_TITLES,
    NARRATIVE_GAPS,
    SECTIONS,
    BriefModel,
    ChronoEntry,
    EntityView,
    SourceView,
)
from casefile.brief.twin_blocks import (
    Block,
    Heading,
    Para,
    Picture,
    Span,
    Spans,
    Table,
    evidence_block,
    label_line,
    plain,
    section_head,
)
from casefile.core import dates, grading

Pictures = Callable[[str], tuple[Picture, int] | None]
"""Draws "chart" or "timeline": the picture and how much it left off (labels, items)."""


# --- the evidence matrix ---------------------------------------------------------------------


def matrix(model: BriefModel) -> list[Block]:
    out = section_head("matrix")
    view = model.matrix
    if view is None or not view.claims:
        return [*out, Para(plain("The brief holds no claims to compare."))]
    out += [Para(plain(analysis.MATRIX_NOTE), "small"),
            Para(plain(analysis._scope(view, len(model.claims))), "small"),
            Heading(2, "Claims compared")]  # fmt: skip
    out.append(Table(
        ("", "Claim", "Status", "For", "Against", "Context", "Score"),
        tuple((plain(c.label, "bold"), plain(c.statement), plain(c.status.upper(), "bold"),
               *(plain(str(n)) for n in (c.supports, c.refutes, c.context)),
               plain(f"{c.inconsistency:.2f}")) for c in view.claims),
        (10, 0, 24, 11, 14, 14, 14),
    ))  # fmt: skip
    if not view.rows:
        return [*out, Para(plain("No evidence is linked to these claims."))]
    linked = "sources" in model.options.sections
    size = analysis.CLAIMS_PER_TABLE
    for start in range(0, len(view.claims), size):
        group = list(range(start, min(start + size, len(view.claims))))
        labels = [view.claims[i].label for i in group]
        rows: list[tuple[Spans, ...]] = []
        for row in (r for r in view.rows if any(r.stances[i] for i in group)):
            ev = row.evidence
            cell = [Span(f"E{ev.number}  ", "bold"),
                    Span(one_line(ev.snippet.text, analysis.QUOTE_CHARS), "italic"), Span(" — ")]  # fmt: skip
            if ev.citation is not None:
                cell += [Span(f"[{ev.citation}]", "", f"src-{ev.citation}" if linked else None),
                         Span(" " + one_line(ev.source_title or "", analysis.TITLE_CHARS))]  # fmt: skip
            else:
                cell.append(Span("no source"))
            if not row.diagnostic:
                cell.append(Span("  · non-diagnostic", "bolditalic"))
            stances = [plain(analysis.STANCE_WORDS.get(row.stances[i] or "", "")) for i in group]
            rows.append((tuple(cell), plain(ev.grade or "—"), *stances))
        claims = [view.claims[i] for i in group]
        rows.append((plain("For / against / context", "bold"), plain(""),
                     *(plain(f"{c.supports} / {c.refutes} / {c.context}") for c in claims)))  # fmt: skip
        rows.append((plain("Inconsistency score (lower is less contradicted)", "bold"), plain(""),
                     *(plain(f"{c.inconsistency:.2f}") for c in claims)))  # fmt: skip
        title = "Evidence and claims" if len(view.claims) <= size else (
            f"Evidence and claims {labels[0]}–{labels[-1]}")  # fmt: skip
        out += [Heading(2, title),
                Table(("Evidence", "Grade", *labels), tuple(rows), (0, 12, *([15.5] * len(group))))]  # fmt: skip
    if view.rows_left_out:
        out.append(Para(plain(f"{view.rows_left_out} further evidence items linked to these "
                              "claims are not shown here; they are in Claims in detail."), "small"))  # fmt: skip
    return out


# --- people and organisations, the chart, the chronology ---------------------------------------


def cast(model: BriefModel) -> list[Block]:
    out = section_head("cast")
    if not model.cast:
        return [*out, Para(plain("The brief names no people or organisations."))]
    for view in model.cast:
        out += entity_block(view, model)
    return out


def entity_block(view: EntityView, model: BriefModel) -> list[Block]:
    ent = view.entity
    out: list[Block] = [Heading(2, ent.name, f"entity-{ent.id}"),
                        Para(plain(ent.kind.capitalize()), "small")]  # fmt: skip
    if ent.aliases:
        out.append(Heading(3, "Also known as"))
        out += [Para(plain(alias)) for alias in ent.aliases]
    if ent.description:
        out.append(Para(plain(ent.description)))
    if model.options.include_notes and ent.notes:
        out.append(Para(label_line("Notes", ent.notes)))
    if view.relations:
        out.append(Heading(3, "Relationships"))
        rows = tuple((plain(r.text), plain(people.span_text(r.start, r.end)),
                      plain(people.numbers("E", r.evidence) if r.evidence else "no evidence"))
                     for r in view.relations)  # fmt: skip
        out.append(Table(("Relationship", "When", "Evidence"), rows, (0, 48, 30)))
    appears = []
    if view.claims:
        appears.append(f"subject of {people.numbers('', view.claims)}")
    if view.evidence:
        appears.append(f"mentioned in evidence {people.numbers('E', view.evidence)}")
    text = "; ".join(appears) if appears else "not mentioned in any claim or evidence"
    out.append(Para((Span("Appears in: ", "bold"), Span(text)), "small"))
    return out


def chart(model: BriefModel, pictures: Pictures) -> list[Block]:
    out = section_head("chart")
    view = model.chart
    drawn = pictures("chart") if view is not None and view.nodes else None
    if view is None or drawn is None:
        return [*out, Para(plain("The brief names no people or organisations to chart."))]
    picture, left_off = drawn
    return [*out, picture, Para(plain(analysis._chart_caption(view, left_off)), "small")]


def chronology(model: BriefModel, pictures: Pictures) -> list[Block]:
    out = [*section_head("chronology"), Para(plain(people.CHRONO_NOTE), "small")]
    view = model.timeline
    drawn = pictures("timeline") if view is not None and view.items else None
    if view is not None and drawn is not None:
        picture, hidden = drawn
        caption = (f"Timeline of event dates (when things happened; never publication or capture "
                   f"dates): {len(view.items) - hidden:,} items drawn")  # fmt: skip
        if hidden:
            caption += (f"; {hidden:,} more on crowded dates are not drawn but are in the table "
                        "below")  # fmt: skip
        if view.undated:
            caption += f"; {view.undated:,} without an event date are not shown"
        out += [picture, Para(plain(caption + "."), "small")]
    if not model.chronology:
        return [*out, Para(plain("Nothing in the brief is dated."))]
    rows = tuple(chrono_row(entry) for entry in model.chronology)
    return [*out, Table(("Event date", "What happened", "Reference"), rows, (28, 0, 46))]


def chrono_row(entry: ChronoEntry) -> tuple[Spans, ...]:
    date = plain(dates.display(entry.date), "bold")
    if entry.evidence is None:
        return (date, label_line(entry.what.capitalize(), entry.text), plain("relationship"))
    ev, limit = entry.evidence, people.CHRONO_QUOTE
    text = entry.text if len(entry.text) <= limit else entry.text[: limit - 1] + "…"
    ref = [f"E{ev.number}"]
    if ev.citation is not None:
        ref.append(f"source [{ev.citation}]")
        if ev.source_published:
            ref.append(f"published {dates.display(ev.source_published)}")
    if ev.snippet.captured:
        ref.append(f"captured {people._stamp(ev.snippet.captured)}")
    if entry.claims:
        ref.append(f"bears on {', '.join(entry.claims)}")
    return (date, plain(text, "italic"), plain("; ".join(ref)))


# --- sources, gaps, annex ---------------------------------------------------------------------


def sources(model: BriefModel) -> list[Block]:
    out = section_head("sources")
    if not model.sources:
        return [*out, Para(plain("The brief cites no sources."))]
    for sv in model.sources:
        out += source_block(sv, model)
    return out


def source_block(sv: SourceView, model: BriefModel) -> list[Block]:
    src = sv.source
    out: list[Block] = [Para((Span(f"[{sv.number}] ", "bold"), Span(src.title, "bold")),
                             "body", f"src-{sv.number}")]  # fmt: skip
    facts: list[tuple[str, str | None]] = [
        ("Kind", src.kind),
        ("Author", src.author),
        ("Publisher", src.publisher),
        ("Published", dates.display(src.published) if src.published else "not recorded"),
        ("URL", src.url),
        ("Retrieved (UTC)", reference._utc(src.retrieved) or "not recorded"),
        ("Reliability", reference._reliability(src.reliability)),
        ("File", reference._file(src.file_name, src.media_type, src.size)),
    ]
    out += [Para(label_line(k, v), "small") for k, v in facts if v]
    if src.sha256:
        status = model.custody.originals.get(src.sha256)
        if status == "matches":
            note = "Checked at export: the stored original was hashed again and matches."
        elif status is None:
            note = "Not checked for this brief: the stored original was not hashed again."
        else:
            note = f"FAILED at export: {status.removeprefix('FAILED: ')}"
        out += [Para((Span("SHA-256: ", "bold"), Span(src.sha256, "mono")), "small"),
                Para(plain(note, "" if status in (None, "matches") else "bold"), "small")]  # fmt: skip
    if model.options.include_notes and src.notes:
        out.append(Para(label_line("Notes", src.notes), "small"))
    return out


def gaps_section(model: BriefModel) -> list[Block]:
    out = section_head("gaps")
    titles = {k: t for k, t in GAP_TITLES.items() if k != NARRATIVE_GAPS or model.narrative}
    rows = tuple((plain(title), plain(str(len(model.gaps.get(key, ())))))
                 for key, title in titles.items())  # fmt: skip
    out.append(Table(("Check", "Found"), rows, (0, 20)))
    for key, title in titles.items():
        found = model.gaps.get(key, ())
        if not found:
            continue
        out.append(Heading(2, f"{title} ({len(found)})"))
        for item in found:
            if item.evidence is not None and item.check == "snippet-unused":
                out += evidence_block(item.evidence, model)
            elif item.evidence is not None:
                out.append(Para(plain(f"E{item.evidence.number}")))
            else:
                out.append(Para(plain(item.line)))
    return out


def annex(model: BriefModel, medium: str) -> list[Block]:
    """The grading scales and the custody of this document (``medium``: "DOCX", "Markdown")."""
    out = section_head("annex")
    scales: list[tuple[str, list[tuple[object, str]]]] = [
        ("Source reliability (Admiralty)", list(grading.RELIABILITY.items())),
        ("Information credibility (Admiralty)", list(grading.CREDIBILITY.items())),
        ("Likelihood (ICD 203)", [(w, grading.likelihood_band(w)) for w in grading.LIKELIHOOD]),
        ("Claim status", list(reference.STATUS_MEANINGS.items())),
    ]
    for title, items in scales:
        rows = tuple((plain(str(k), "bold"), plain(v)) for k, v in items)
        out += [Heading(2, title), Table(("Grade", "Meaning"), rows, (40, 0))]
    rows = tuple((plain(k, "bold"), plain(v, "mono" if "SHA-256" in k else ""))
                 for k, v in custody_rows(model, medium))  # fmt: skip
    return [*out, Heading(2, "Custody of this brief"), Table(None, rows, (52, 0))]


def custody_rows(model: BriefModel, medium: str) -> list[tuple[str, str]]:
    info, options, custody = model.info, model.options, model.custody
    rows: list[tuple[str, str]] = [
        ("Case", info.title),
        ("Reference", info.reference or "—"),
        ("Case file", custody.case_file or "not saved to a file"),
        ("Case content digest (SHA-256)", custody.digest or "not computed"),
        ("Exported (UTC date)", options.issue_date),
        ("Issue date", dates.display(options.issue_date)),
        ("Prepared by", options.author or "—"),
        ("Handling marking", model.marking),
        ("Generated by", f"casefile {custody.version} ({medium} twin of the PDF brief)"),
        ("Sections", ", ".join(SECTIONS[s] for s in options.sections)),
        ("Tags filter", ", ".join(sorted(options.tags)) or "none (the whole case)"),
        ("Notes included", "yes" if options.include_notes else "no"),
        ("Originals", reference._originals_summary(model)),
        ("Embedded in this document", "nothing: the case package and the original files are "
         "embedded only in the PDF brief, which 'casefile verify' checks"),
        ("Record", f"Each export is recorded in the case history with the SHA-256 of the "
         f"{medium} file."),
    ]  # fmt: skip
    if medium == "DOCX":
        page = options.page_size.upper() if options.page_size == "a4" else "US Letter"
        rows.insert(12, ("Page size", page))
    if custody.digest:
        rows.insert(4, ("Digest", reference.DIGEST_NOTE))
    if options.redact:
        rows.insert(-1, ("Redactions", reference._redactions(custody.redactions)))
    return rows
