"""The one brief service: the dialog and the command line both prepare, write and record here.

1. ``prepare`` (on the case's own thread): read the records, build the report model, hash
   the stored original of every cited source again (a mismatch stops the export naming the
   source, unless the caller explicitly accepts it: then the brief prints it as FAILED),
   compute the case's content digest, and gather what the PDF embeds: the package of exactly
   the records the brief shows, the originals (all, up to a size budget, or none), and a
   manifest that ``casefile verify`` checks the PDF against.
2. ``write`` (any thread): render the PDF to a temporary file and move it into place.
3. ``record`` (the case's thread): the export in the case's history.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from casefile import __version__
from casefile.brief import attach, bounds, redact
from casefile.brief.attach import Attachment
from casefile.brief.build import build
from casefile.brief.embedding import Embedding
from casefile.brief.export import ExportResult, export_model, file_sha256
from casefile.brief.model import BriefModel, BriefOptions, CaseContent, Custody, EvidenceView
from casefile.brief.narrative_build import printed_citations
from casefile.core.errors import CaseError
from casefile.core.model import CaseInfo, Kind, Original, Record


class BriefCase(Protocol):
    """What the service asks of an open case (storage's ``CaseForBrief`` answers)."""

    @property
    def path(self) -> Path | None: ...
    @property
    def read_only(self) -> bool: ...
    def info(self) -> CaseInfo: ...
    def all(self, kind: Kind) -> Iterator[Record]: ...
    def original(self, sha256: str) -> Original | None: ...
    def digest(self) -> str: ...
    def package(self, info: CaseInfo, records: Sequence[Record]) -> bytes: ...
    def protected_paths(self) -> list[Path]: ...
    def record_export(self, name: str, record: str) -> None: ...


@dataclass(frozen=True)
class PreparedBrief:
    """Everything needed to write the PDF, read from the case: plain data, thread-safe."""

    model: BriefModel
    attachments: tuple[Attachment, ...]
    protected: tuple[Path, ...]


def prepare(
    case: BriefCase,
    options: BriefOptions,
    embedding: Embedding | None = None,
    accept_failed_hashes: bool = False,
) -> PreparedBrief:
    """Read and check everything the brief will print or embed (see the module notes)."""
    embedding = embedding or Embedding()
    options = options.with_defaults()
    content = CaseContent.read(case.info(), case)
    texts = {s.sha256: s.text or "" for s in content.sources if s.sha256}
    redactor = redact.plan(content, options.redact)
    if redactor is not None:
        content = redact.apply(redactor, content)
        options = _redacted_options(redactor, options)
    model = build(content, options)
    checks, originals = _check_originals(case, model, accept_failed_hashes)
    withheld = 0
    if redactor is not None:
        safe = {sha: o for sha, o in originals.items() if _safe(redactor, o, texts.get(sha))}
        withheld, originals = len(originals) - len(safe), safe
    chosen = _chosen_originals(model, originals, embedding)
    shown = _shown(model, content)
    records = [r for group in (content.entities, content.relationships, content.sources,
                               content.snippets, content.claims, content.sections)
               for r in group if r.id in shown[r.KIND]]  # fmt: skip
    package = case.package(content.info, records)
    name = case.path.name if case.path is not None else ""
    custody = Custody(
        case_file=redactor.text(name) if redactor is not None else name,
        digest=case.digest(),
        version=__version__,
        originals=checks,
        embedded=_embedded_words(
            embedding, chosen, len(originals), withheld if redactor is not None else None
        ),
        redactions=tuple(redactor.count([*records, content.info])) if redactor else (),
    )
    model = replace(model, custody=custody)
    files = [
        Attachment(
            attach.PACKAGE,
            package,
            "application/json",
            "The case package of exactly the records this brief shows"
            + (" (redacted)" if redactor is not None else ""),
        ),
        *chosen,
    ]
    manifest = _manifest(model, package, files, embedding)
    files.append(Attachment(attach.MANIFEST, manifest, "application/json",
                            "What this brief shows and embeds, for casefile verify"))  # fmt: skip
    return PreparedBrief(model, tuple(files), tuple(case.protected_paths()))


@dataclass(frozen=True)
class Signing:
    """Sign the written brief with this signer (``signing.load_signer``); a timestamp server
    only when the user named one (the one network use)."""

    signer: object
    timestamp_url: str | None = None


def write(
    prepared: PreparedBrief,
    out: Path | str,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    force: bool = False,
    sign: Signing | None = None,
    fmt: str = "pdf",
) -> ExportResult:
    """Render the prepared brief to ``out`` (atomically) and sign it when asked; safe on a
    worker thread. A brief that cannot be signed is removed: no unsigned copy is left.

    ``fmt`` "docx" or "md" writes the brief's Word or Markdown twin from the same model
    instead (nothing is embedded in those, and only a PDF is signed)."""
    if fmt != "pdf":
        from casefile.brief.twin_export import write_twin

        if sign is not None:
            raise CaseError("Only a PDF brief can be signed; choose the PDF format to sign.")
        return write_twin(prepared.model, out, fmt, prepared.protected, force, progress,
                          cancelled)  # fmt: skip
    result = export_model(prepared.model, out, progress, cancelled, prepared.protected, force,
                          prepared.attachments)  # fmt: skip
    return result if sign is None else sign_written(result, sign)


def sign_written(result: ExportResult, sign: Signing) -> ExportResult:
    """Sign a written PDF brief in place; one that cannot be signed is removed."""
    from casefile.brief import signing

    try:
        signing.sign_file(result.path, sign.signer, sign.timestamp_url)
    except BaseException:
        result.path.unlink(missing_ok=True)
        raise
    return ExportResult(result.path, result.pages, file_sha256(result.path))


def record(case: BriefCase, options: BriefOptions, result: ExportResult) -> str | None:
    """Record the export (made with these options) in the case's history; a note to show
    when it cannot be recorded."""
    if case.read_only:
        return "The case is read-only, so this export is not in its history."
    case.record_export(result.path.name, result.history_record(options))
    return None


def export(
    case: BriefCase,
    options: BriefOptions,
    out: Path | str,
    embedding: Embedding | None = None,
    accept_failed_hashes: bool = False,
    force: bool = False,
    sign: Signing | None = None,
    fmt: str = "pdf",
) -> tuple[ExportResult, str | None]:
    """Prepare, write (and sign) and record in one go (the command line)."""
    prepared = prepare(case, options, embedding, accept_failed_hashes)
    result = write(prepared, out, force=force, sign=sign, fmt=fmt)
    return result, record(case, prepared.model.options, result)


# --- checks ---------------------------------------------------------------------------------


def _check_originals(
    case: BriefCase, model: BriefModel, accept: bool
) -> tuple[dict[str, str], dict[str, Original]]:
    """Hash every cited source's stored original again; stop on a mismatch unless accepted."""
    checks: dict[str, str] = {}
    found: dict[str, Original] = {}
    problems: list[str] = []
    for sv in model.sources:
        sha = sv.source.sha256
        if not sha or sha in checks:
            continue
        original = case.original(sha)
        if original is None:
            checks[sha] = "FAILED: the original file is missing from the case."
        elif hashlib.sha256(original.data).hexdigest() != sha:
            checks[sha] = "FAILED: the stored original's bytes do not match this SHA-256."
        else:
            checks[sha] = "matches"
            found[sha] = original
        if checks[sha] != "matches":
            problems.append(f"[{sv.number}] {_short(sv.source.title)} (id {sv.source.id})")
    if problems and not accept:
        raise CaseError(
            "The stored original of "
            + ("these sources does" if len(problems) > 1 else "this source does")
            + " not match its recorded SHA-256 (or is missing): "
            + "; ".join(problems[:5])
            + (f" and {len(problems) - 5} more" if len(problems) > 5 else "")
            + ". The brief was not written; run 'casefile check' on the case, or export with "
            "the override to print these hashes as FAILED."
        )
    return checks, found


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 60 else flat[:59] + "…"


# --- what is embedded -----------------------------------------------------------------------


def _shown(model: BriefModel, content: CaseContent) -> dict[Kind, set[str]]:
    """The ids of every record the brief shows, closed over references (a valid package)."""
    sections = set(model.options.sections)
    claims = {cv.claim.id for cv in model.claims}
    if not sections & {"judgements", "claims", "matrix", "gaps"}:
        claims = set()
    snippets = {ev.snippet.id for cv in model.claims if cv.claim.id in claims
                for group in cv.evidence.values() for ev in group}  # fmt: skip
    if sections & {"chronology", "gaps", "cast"}:
        snippets |= {e.evidence.snippet.id for e in model.chronology if e.evidence is not None}
        snippets |= {g.evidence.snippet.id for gs in model.gaps.values() for g in gs
                     if g.evidence is not None}  # fmt: skip
    if model.narrative is not None:  # the quotes its citations print, each with its source
        snippets |= {ev.snippet.id for ev in model.narrative.evidence}
    by_id = {s.id: s for s in content.snippets}
    sources = {by_id[s].source for s in snippets if by_id[s].source} | (
        {sv.source.id for sv in model.sources} if "sources" in sections else set()
    )
    entities = {ev.entity.id for ev in model.cast} if sections & {"cast", "chart"} else set()
    entities |= {e for c in content.claims if c.id in claims for e in c.subjects}
    entities |= {e for s in snippets for e in by_id[s].entities}
    relationships = {
        r.id
        for r in content.relationships
        if r.source in entities and r.target in entities and set(r.evidence) <= snippets
    }
    if not sections & {"cast", "chart", "chronology"}:
        relationships = set()
    return {
        "entity": entities,
        "relationship": relationships,
        "source": {s for s in sources if s},
        "snippet": snippets,
        "claim": claims,
        "section": {s.id for s in content.sections if s.body.strip()} if model.narrative else set(),
    }


def _chosen_originals(
    model: BriefModel, originals: Mapping[str, Original], embedding: Embedding
) -> list[Attachment]:
    if embedding.mode == "hashes":
        return []
    out: list[Attachment] = []
    used, seen = 0, set()
    for sv in model.sources:
        sha = sv.source.sha256
        original = originals.get(sha or "")
        if original is None or sha in seen:
            continue
        size = len(original.data)
        if embedding.mode == "budget" and used + size > embedding.budget:
            continue
        seen.add(sha)
        used += size
        name = f"source-{sv.number:03d}-{attach.safe_name(sv.source.file_name or 'original')}"
        out.append(
            Attachment(name, original.data, original.media_type,
                       f"Original of source [{sv.number}] (SHA-256 {sha})", "Source",
                       sv.source.id)
        )  # fmt: skip
    return out


def _redacted_options(redactor: redact.Redactor, options: BriefOptions) -> BriefOptions:
    """The options as a redacted brief needs them: its own texts redacted, ids renamed."""
    return replace(
        options,
        marking=redactor.text(options.marking) if options.marking else options.marking,
        author=redactor.text(options.author) if options.author else options.author,
        tags=frozenset(redactor.text(t) for t in options.tags),
        matrix_claims=tuple(redactor.ids.get(c, c) for c in options.matrix_claims),
    )


def _safe(redactor: redact.Redactor, original: Original, text: str | None) -> bool:
    """Whether a redacted brief may embed this original: only plain text, and only when
    neither its bytes nor its extracted text hold a redacted term (a PDF or Word file can
    hide text in compressed streams, so those are never embedded in a redacted brief)."""
    if not original.media_type.startswith("text/"):
        return False
    return not redact.contains_term(redactor, original.data, text)


def _embedded_words(
    embedding: Embedding, chosen: Sequence[Attachment], available: int, withheld: int | None
) -> str:
    """What the PDF carries, in words; ``withheld`` is None for a brief without redaction."""
    size = sum(len(a.data) for a in chosen)
    text = "the case package of the records this brief shows (without original files)"
    if withheld is not None:
        text += (
            "; this brief is redacted: the package is redacted, and originals are embedded only "
            f"when they are plain text holding no redacted term ({withheld:,} left out)"
        )
    if embedding.mode == "hashes":
        return text + "; no originals (hashes only, by choice)"
    left = available - len(chosen)
    text += f"; {len(chosen):,} original file(s) of cited sources ({size:,} bytes)"
    if embedding.mode == "budget":
        text += f", up to a budget of {embedding.budget:,} bytes"
        if left:
            text += f"; {left:,} larger original(s) left out (their hashes are printed)"
    return text


def _manifest(
    model: BriefModel, package: bytes, files: Sequence[Attachment], embedding: Embedding
) -> bytes:
    """What ``casefile verify`` checks the PDF against (deterministic JSON)."""
    sections = set(model.options.sections)
    printed: dict[int, EvidenceView] = {}
    if "claims" in sections:
        printed = {ev.number: ev for cv in model.claims for g in cv.evidence.values() for ev in g}
    if "gaps" in sections:
        for gap in model.gaps.get("snippet-unused", ()):
            if gap.evidence is not None:
                printed.setdefault(gap.evidence.number, gap.evidence)
    for ev in model.narrative.evidence if model.narrative is not None else ():
        printed.setdefault(ev.number, ev)
    originals = {a.name: a for a in files if a.relationship == "Source"}
    data = {
        "format": "casefile-brief-manifest",
        "version": 1,
        "case": {"title": model.info.title, "reference": model.info.reference},
        "marking": model.marking,
        "issue_date": model.options.issue_date,
        "sections": list(model.options.sections),
        "redacted": bool(model.options.redact),
        "case_digest": model.custody.digest,
        "casefile": __version__,
        "package": {"name": attach.PACKAGE, "sha256": hashlib.sha256(package).hexdigest()},
        "embed": {"mode": embedding.mode, "budget": embedding.budget},
        "originals": [
            {"name": name, "source": a.source, "sha256": hashlib.sha256(a.data).hexdigest()}
            for name, a in sorted(originals.items())
        ],
        "quotes": [
            {"number": n, "snippet": ev.snippet.id, "cut": bounds.is_cut(ev.snippet.text)}
            for n, ev in sorted(printed.items())
        ],
        "narrative_citations": printed_citations(model.narrative) if model.narrative else [],
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


__all__ = [
    "BriefCase",
    "Embedding",
    "PreparedBrief",
    "Signing",
    "export",
    "prepare",
    "record",
    "sign_written",
    "write",
]
