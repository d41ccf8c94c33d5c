"""People and organisations (the cast of characters) and the chronology."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from casefile.brief import markup as mk
from casefile.brief.cover_story import section_head
from casefile.brief.flowables import Anchor, Para, Plain, label_para, para
from casefile.brief.model import BriefModel, ChronoEntry, EntityView, RelationView
from casefile.brief.styles import Styles
from casefile.brief.tables import long_table
from casefile.brief.together import Together
from casefile.core import dates

CHRONO_QUOTE = 360
CHRONO_NOTE = (
    "Dates are the dates of the events themselves, as reported by the evidence or recorded for "
    "a relationship; a partial date (a year, or a month) sorts before the precise dates within "
    "it. When a source was published and when it was captured are stated separately."
)


def numbers(prefix: str, values: tuple[int, ...] | tuple[str, ...]) -> str:
    return ", ".join(f"{prefix}{v}" for v in values)


def span_text(start: str | None, end: str | None) -> str:
    """``from March 2019 to January 2024``, ``from 2020``, ``until May 2021`` or ``undated``."""
    if start and end:
        return f"from {dates.display(start)} to {dates.display(end)}"
    if start:
        return f"from {dates.display(start)}"
    if end:
        return f"until {dates.display(end)}"
    return "undated"


def cast(model: BriefModel, styles: Styles) -> list[Flowable]:
    """Every person and organisation: names in any script, relationships, where they appear."""
    out = section_head("cast", styles)
    if not model.cast:
        return [*out, Para("The brief names no people or organisations.", styles.body)]
    for view in model.cast:
        out.extend(entity_block(view, model, styles))
    return out


def entity_block(view: EntityView, model: BriefModel, styles: Styles) -> list[Flowable]:
    ent = view.entity
    head: list[Flowable] = [
        Anchor(f"entity-{ent.id}", ent.name, level=1),
        para(ent.name, styles.h2, "bold"),
        Para(mk.markup(ent.kind.capitalize()), styles.small),
    ]
    if ent.aliases:
        head.append(Para("Also known as", styles.h3))
        head.extend(para(alias, styles.alias) for alias in ent.aliases)
    out: list[Flowable] = [Together(head)]
    if ent.description:
        out.append(para(ent.description, styles.body))
    if model.options.include_notes and ent.notes:
        out.append(label_para("Notes", ent.notes, styles.body))
    if view.relations:
        out.append(Para("Relationships", styles.h3))
        out.extend(long_table(None, [relation_row(r, styles) for r in view.relations],
                              [None, 48 * mm, 30 * mm]))  # fmt: skip
    appears = []
    if view.claims:
        appears.append(f"subject of {numbers('', view.claims)}")
    if view.evidence:
        appears.append(f"mentioned in evidence {numbers('E', view.evidence)}")
    text = "; ".join(appears) if appears else "not mentioned in any claim or evidence"
    out.append(Para(mk.styled("Appears in: ", "bold") + mk.markup(text), styles.small))
    return out


def relation_row(rel: RelationView, styles: Styles) -> list[Flowable]:
    evidence = numbers("E", rel.evidence) if rel.evidence else "no evidence"
    return [
        para(rel.text, styles.cell),
        Plain(span_text(rel.start, rel.end), styles.cell),
        Plain(evidence, styles.cell),
    ]


def chronology(model: BriefModel, styles: Styles) -> list[Flowable]:
    """Dated evidence and relationships in time order; event dates only, labelled."""
    out = section_head("chronology", styles)
    out.append(Para(CHRONO_NOTE, styles.small))
    if not model.chronology:
        return [*out, Para("Nothing in the brief is dated.", styles.body)]
    header = [Para(h, styles.cell_head) for h in ("Event date", "What happened", "Reference")]
    rows = [chrono_row(entry, styles) for entry in model.chronology]
    return [*out, *long_table(header, rows, [28 * mm, None, 46 * mm])]


def chrono_row(entry: ChronoEntry, styles: Styles) -> list[Flowable]:
    date = Plain(dates.display(entry.date), styles.cell_bold)
    if entry.evidence is None:
        what = label_para(entry.what.capitalize(), entry.text, styles.cell)
        return [date, what, Plain("relationship", styles.cell)]
    ev = entry.evidence
    text = entry.text if len(entry.text) <= CHRONO_QUOTE else entry.text[: CHRONO_QUOTE - 1] + "…"
    ref = [f"E{ev.number}"]
    if ev.citation is not None:
        ref.append(f"source [{ev.citation}]")
        if ev.source_published:
            ref.append(f"published {dates.display(ev.source_published)}")
    if ev.snippet.captured:
        ref.append(f"captured {_stamp(ev.snippet.captured)}")
    if entry.claims:
        ref.append(f"bears on {', '.join(entry.claims)}")
    return [
        date,
        para(text, styles.cell_quote, "italic"),
        Plain("\n".join(ref), styles.cell_small),
    ]


def _stamp(stamp: str) -> str:
    """``2024-05-07T09:00:00Z`` as ``7 May 2024 09:00 UTC``."""
    day, _, time = stamp.partition("T")
    return f"{dates.display(day)} {time[:5]} UTC".strip()
