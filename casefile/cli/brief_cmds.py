"""``casefile brief``: write the brief of a case (PDF, or its Word or Markdown twin) and record
the export in its history."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

SECTION_HELP = (
    "sections to include, comma-separated, in this order by default: cover, contents, "
    "narrative (the analyst's assessment, when one is written), judgements, claims, cast, "
    "chronology, sources, gaps, annex; also available: matrix "
    "(the evidence matrix, after claims) and chart (the link chart, after cast)"
)


def register(sub: Any) -> None:
    p = sub.add_parser("brief", help="write the brief of a case (PDF, Word or Markdown)")
    p.add_argument("case", type=Path)
    p.add_argument("-o", "--output", dest="out", type=Path, required=True, metavar="OUT.pdf",
                   help="where to write the brief; its extension (.pdf, .docx, .md) chooses the "
                   "format unless --format is given")  # fmt: skip
    p.add_argument("--format", dest="fmt", choices=("pdf", "docx", "md"),
                   help="pdf (default), docx (an editable Word twin with the same sections) or "
                   "md (Markdown, its pictures in a folder OUT_files beside it); only a PDF "
                   "embeds the package and originals and can be signed")  # fmt: skip
    p.add_argument("--force", action="store_true",
                   help="replace OUT.pdf even if it is another (closed) case file, and "
                   "write the brief even when the case fails its check")  # fmt: skip
    p.add_argument("--marking", help="handling marking on every page (default: the case's)")
    p.add_argument("--author", help="the author named on the cover")
    p.add_argument("--sections", help=SECTION_HELP)
    p.add_argument("--tag", dest="tags", action="append", default=[], metavar="T",
                   help="include only claims and evidence with this tag (repeatable)")  # fmt: skip
    p.add_argument("--notes", action="store_true", help="include the full text of notes")
    p.add_argument("--page-size", choices=("a4", "letter"), default="a4")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="issue date (default: today, UTC)")
    p.add_argument("--matrix-claim", dest="matrix_claims", action="append", default=[],
                   metavar="ID", help="a claim the evidence matrix compares: its id or its number "
                   "in the brief such as C3 (repeatable; default: all claims); adds the matrix "
                   "section when --sections is not given")  # fmt: skip
    p.add_argument("--chronology-drawing", action="store_true",
                   help="start the chronology with a drawn timeline of event dates")  # fmt: skip
    p.add_argument("--redact", action="append", default=[], metavar="TERM",
                   help="take this term out of the brief (repeatable; entity:ID takes out every "
                   "name and alias of that person or organisation, snippet:ID that quote); each "
                   "place shows a labelled mark such as [redacted: person 1]")  # fmt: skip
    p.add_argument("--sign", type=Path, metavar="KEY.p12",
                   help="sign the brief (PAdES) with the certificate and key in this PKCS#12 "
                   "file; the passphrase is asked for and never stored (needs casefile[sign])")  # fmt: skip
    p.add_argument("--timestamp-url", metavar="URL",
                   help="with --sign: get a trusted timestamp from this server (the only "
                   "network use of casefile, and only when named)")  # fmt: skip
    p.add_argument("--embed", choices=("all", "budget", "hashes"), default="budget",
                   help="which original files of cited sources the PDF carries: all, those "
                   "within --embed-budget (default), or none (hashes only); the case package of "
                   "what the brief shows is always embedded")  # fmt: skip
    p.add_argument("--embed-budget", type=int, default=50, metavar="MB",
                   help="size budget in MB for embedded originals (default 50)")  # fmt: skip
    p.add_argument("--accept-failed-hashes", action="store_true",
                   help="write the brief even when a stored original no longer matches its "
                   "recorded SHA-256; such hashes are printed as FAILED")  # fmt: skip
    p.set_defaults(handler=cmd_brief)


def parse_sections(text: str | None) -> tuple[str, ...] | None:
    if text is None:
        return None
    return tuple(part.strip() for part in text.split(",") if part.strip())


def default_sections(matrix_claims: list[str]) -> tuple[str, ...]:
    """The default sections, with the evidence matrix when claims were chosen for it."""
    from casefile.brief.model import DEFAULT_SECTIONS, SECTIONS

    if not matrix_claims:
        return DEFAULT_SECTIONS
    return tuple(key for key in SECTIONS if key in DEFAULT_SECTIONS or key == "matrix")


def cmd_brief(args: argparse.Namespace) -> int:
    from casefile.brief import service
    from casefile.brief.formats import WORDS, format_of
    from casefile.brief.model import BriefOptions
    from casefile.cli.passphrase import open_case
    from casefile.cli.vetting import vet
    from casefile.core.errors import CaseError
    from casefile.storage.brief_source import CaseForBrief
    from casefile.storage.outputs import check_output

    options = BriefOptions(
        sections=parse_sections(args.sections) or default_sections(args.matrix_claims),
        marking=args.marking,
        author=args.author,
        tags=frozenset(args.tags),
        include_notes=args.notes,
        page_size=args.page_size,
        issue_date=args.date or "",
        matrix_claims=tuple(args.matrix_claims),
        chronology_drawing=args.chronology_drawing,
        redact=tuple(args.redact),
    ).with_defaults()
    fmt = format_of(args.out, args.fmt)
    if fmt != "pdf" and args.sign is not None:
        raise CaseError("Only a PDF brief can be signed: write OUT.pdf to sign it.")
    embedding = service.Embedding(args.embed, args.embed_budget * 1024 * 1024)
    check_output(
        args.out, args.case, force=args.force, what="the brief"
    )  # before the case is even opened
    sign = _signing(args.sign, args.timestamp_url)  # asked before any work
    with open_case(args.case) as case:
        vet(case, args.force, "casefile brief")
        result, note = service.export(CaseForBrief(case), options, args.out, embedding,
                                      args.accept_failed_hashes, args.force, sign, fmt)  # fmt: skip
    if note:
        print(f"note: {note}", file=sys.stderr)
    if fmt != "pdf":
        print(f"wrote {result.path} ({WORDS[fmt]}, SHA-256 {result.sha256})")
        return 0
    signed = f", signed by {signing_name(sign)}" if sign is not None else ""
    print(f"wrote {result.path} ({result.pages} pages{signed}, SHA-256 {result.sha256})")
    return 0


def _signing(key: Path | None, timestamp_url: str | None):  # type: ignore[no-untyped-def]
    """The signer of --sign KEY.p12, its passphrase asked on the terminal (never stored)."""
    from casefile.brief import service, signing
    from casefile.core.errors import CaseError

    if key is None:
        if timestamp_url:
            raise CaseError("--timestamp-url only goes with --sign KEY.p12.")
        return None
    import getpass

    passphrase = getpass.getpass(f"Passphrase for {key.name}: ")
    return service.Signing(signing.load_signer(key, passphrase.encode("utf-8")), timestamp_url)


def signing_name(sign) -> str:  # type: ignore[no-untyped-def]
    from casefile.brief import signing

    return signing.signer_name(sign.signer)
