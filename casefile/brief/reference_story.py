"""Sources (the numbered list citations point to), gaps, and the annex (scales, custody)."""

from __future__ import annotations

import reportlab
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from casefile.brief import markup as mk
from casefile.brief.claims_story import evidence_block
from casefile.brief.cover_story import section_head
from casefile.brief.flowables import Anchor, Para, label_para, para
from casefile.brief.model import GAP_TITLES, NARRATIVE_GAPS, SECTIONS, BriefModel, SourceView
from casefile.brief.styles import Styles
from casefile.brief.tables import long_table
from casefile.core import dates, grading

STATUS_MEANINGS = {
    "supported": "The evidence, weighed as a whole, supports the claim.",
    "disputed": "Credible evidence points both ways; the claim is not established.",
    "refuted": "The evidence, weighed as a whole, shows the claim to be untrue.",
    "unverified": "Not yet weighed, or too little evidence; the claim is not established.",
}


def sources(model: BriefModel, styles: Styles) -> list[Flowable]:
    """Every cited source with its number, publication and capture details and hash."""
    out = section_head("sources", styles)
    if not model.sources:
        return [*out, Para("The brief cites no sources.", styles.body)]
    rows = [[Para(f"[{sv.number}]", styles.cell_bold), source_cell(sv, model, styles)]
            for sv in model.sources]  # fmt: skip
    return [*out, *long_table(None, rows, [12 * mm, None])]


def source_cell(sv: SourceView, model: BriefModel, styles: Styles) -> list[Flowable]:
    src = sv.source
    cell: list[Flowable] = [
        Anchor(f"src-{sv.number}", outline=False),
        para(src.title, styles.cell_bold, "bold"),
    ]
    facts: list[tuple[str, str | None]] = [
        ("Kind", src.kind),
        ("Author", src.author),
        ("Publisher", src.publisher),
        ("Published", dates.display(src.published) if src.published else "not recorded"),
        ("URL", src.url),
        ("Retrieved (UTC)", _utc(src.retrieved) or "not recorded"),
        ("Reliability", _reliability(src.reliability)),
        ("File", _file(src.file_name, src.media_type, src.size)),
    ]
    cell += [label_para(k, v, styles.cell) for k, v in facts if v]
    if src.sha256:
        cell += hash_lines(src.sha256, model, styles)
    if model.options.include_notes and src.notes:
        cell.append(label_para("Notes", src.notes, styles.cell))
    return cell


DIGEST_NOTE = (
    "The SHA-256 of the case's JSON package as 'casefile export' writes it; 'casefile digest "
    "CASE' recomputes it from the case file, open or closed."
)


def hash_lines(sha256: str, model: BriefModel, styles: Styles) -> list[Flowable]:
    """The recorded SHA-256 and what hashing the stored original again at export found."""
    status = model.custody.originals.get(sha256)
    head = Para(mk.styled("SHA-256: ", "bold") + sha256, styles.mono)
    if status == "matches":
        note = "Checked at export: the stored original was hashed again and matches."
    elif status is None:
        note = "Not checked for this brief: the stored original was not hashed again."
    else:
        note = f"FAILED at export: {status.removeprefix('FAILED: ')}"
    return [head, para(note, styles.cell, "bold" if status not in (None, "matches") else "regular")]


def _redactions(found: tuple[tuple[str, int], ...]) -> str:
    counts = "; ".join(f"{label}: {n:,}" for label, n in found) or "none found"
    return (
        f"This brief is redacted. Marks by reason: {counts}. Names and aliases of the chosen "
        "people and organisations, the chosen quotes and the free terms are taken out of the "
        "pages, bookmarks, metadata and the embedded package (matching ignores case); record "
        "ids are replaced by neutral ones."
    )


def _originals_summary(model: BriefModel) -> str:
    found = model.custody.originals
    if not found:
        return "not checked at export"
    failed = sum(1 for v in found.values() if v != "matches")
    text = f"{len(found):,} stored original(s) of cited sources hashed again at export"
    return text + (f"; {failed:,} FAILED (see Sources)" if failed else "; all match")


def _utc(stamp: str | None) -> str | None:
    return stamp.replace("T", " ").replace("Z", "") if stamp else None


def _reliability(code: str | None) -> str:
    if not code:
        return "not graded"
    return f"{code} — {grading.RELIABILITY.get(code, '')}"


def _file(name: str | None, media: str | None, size: int | None) -> str | None:
    parts = [p for p in (name, media, f"{size:,} bytes" if size is not None else None) if p]
    return " · ".join(parts) or None


def gaps_section(model: BriefModel, styles: Styles) -> list[Flowable]:
    """What the case does not yet show: each check with a count, then the findings."""
    out = section_head("gaps", styles)
    header = [Para(h, styles.cell_head) for h in ("Check", "Found")]
    titles = {k: t for k, t in GAP_TITLES.items() if k != NARRATIVE_GAPS or model.narrative}
    rows = [[Para(title, styles.cell), Para(str(len(model.gaps.get(key, ()))), styles.cell)]
            for key, title in titles.items()]  # fmt: skip
    out += long_table(header, rows, [None, 20 * mm])
    for key, title in titles.items():
        found = model.gaps.get(key, ())
        if not found:
            continue
        out.append(KeepTogether([Para(f"{title} ({len(found)})", styles.h2),
                                 *gap_items(found[:1], model, styles)]))  # fmt: skip
        out.extend(gap_items(found[1:], model, styles))
    return out


def gap_items(found, model: BriefModel, styles: Styles) -> list[Flowable]:  # type: ignore[no-untyped-def]
    out: list[Flowable] = []
    for item in found:
        if item.evidence is not None and item.check == "snippet-unused":
            out.extend(evidence_block(item.evidence, model, styles))
        elif item.evidence is not None:
            out.append(Para(f"E{item.evidence.number}", styles.body))
        else:
            out.append(para(item.line, styles.body))
    return out


def annex(model: BriefModel, styles: Styles) -> list[Flowable]:
    """The grading scales and the custody table of this document."""
    out = section_head("annex", styles)
    head = [Para(h, styles.cell_head) for h in ("Grade", "Meaning")]
    scales: list[tuple[str, list[tuple[object, str]]]] = [
        ("Source reliability (Admiralty)", list(grading.RELIABILITY.items())),
        ("Information credibility (Admiralty)", list(grading.CREDIBILITY.items())),
        ("Likelihood (ICD 203)", [(w, grading.likelihood_band(w)) for w in grading.LIKELIHOOD]),
        ("Claim status", list(STATUS_MEANINGS.items())),
    ]
    for title, items in scales:
        rows = [[Para(mk.markup(str(k)), styles.cell_bold), Para(mk.markup(v), styles.cell)]
                for k, v in items]  # fmt: skip
        out += [Para(title, styles.h2), *long_table(head, rows, [40 * mm, None])]
    out += [Para("Custody of this brief", styles.h2), *custody_table(model, styles)]
    return out


def custody_table(model: BriefModel, styles: Styles) -> list[Flowable]:
    info, options, custody = model.info, model.options, model.custody
    sections = ", ".join(SECTIONS[s] for s in options.sections)
    rows: list[tuple[str, str]] = [
        ("Case", info.title),
        ("Reference", info.reference or "—"),
        ("Case file", custody.case_file or "not saved to a file"),
        ("Case content digest (SHA-256)", custody.digest or "not computed"),
        ("Exported (UTC date)", options.issue_date),
        ("Issue date", dates.display(options.issue_date)),
        ("Prepared by", options.author or "—"),
        ("Handling marking", model.marking),
        ("Generated by", f"casefile {custody.version}, reportlab {reportlab.Version}"),
        ("Sections", sections),
        ("Tags filter", ", ".join(sorted(options.tags)) or "none (the whole case)"),
        ("Notes included", "yes" if options.include_notes else "no"),
        ("Page size", options.page_size.upper() if options.page_size == "a4" else "US Letter"),
        ("Originals", _originals_summary(model)),
        ("Embedded in this PDF", custody.embedded or "nothing (pages only)"),
        ("Record", "Each export is recorded in the case history with the SHA-256 of the PDF."),
    ]
    if custody.digest:
        rows.insert(4, ("Digest", DIGEST_NOTE))
    if options.redact:
        rows.insert(-1, ("Redactions", _redactions(custody.redactions)))
    body = [[Para(k, styles.cell_bold), _custody_value(k, v, styles)] for k, v in rows]
    return long_table(None, body, [52 * mm, None])


def _custody_value(key: str, value: str, styles: Styles) -> Flowable:
    if "SHA-256" in key:
        return Para(mk.markup(value), styles.mono)
    return para(value, styles.cell)
