"""The JSON case package: deterministic export, all-or-nothing import that merges by id."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casefile.core import rules
from casefile.core.commands import Composite, PutRecords
from casefile.core.errors import CaseError, ValidationError
from casefile.core.merge_report import ImportReport, conflict_message
from casefile.core.model import OCR_LAYER, CaseInfo, Kind, Original, Record, Source
from casefile.core.ocrlayer import OcrLayer
from casefile.core.package_merge import ORDER, Incoming, MergePlan, plan_merge
from casefile.core.serial import (
    FIELDS,
    DuplicateKeyError,
    from_dict,
    ignored_fields,
    parse_int,
    unique_keys,
)
from casefile.storage.case import Case

# Writing lives in package_export (kept apart so each module stays small).
from casefile.storage.package_export import (
    FORMAT,
    SECTIONS,
    VERSION,
    dump_package,
    dump_records,
    write_package,
)

IMPORT_ORDER: tuple[Kind, ...] = ORDER
MAX_PROBLEMS = 8
MAX_PACKAGE_BYTES = 2_000_000_000


class PackageError(CaseError):
    """A package that cannot be imported; the message names the first problems."""


@dataclass
class Package:
    """A parsed, validated package ready to import."""

    case: CaseInfo
    records: dict[Kind, list[Record]]
    originals: list[Original]
    ignored: list[str] = field(default_factory=list)
    given: dict[tuple[Kind, str], frozenset[str]] = field(default_factory=dict)
    """The fields each record actually has in the package (absent ones keep stored values)."""

    def incoming(self) -> list[Incoming]:
        """The records with the fields they give (a record built in code gives them all)."""
        return [
            Incoming(r, self.given.get((kind, r.id), frozenset(FIELDS[kind])))
            for kind in IMPORT_ORDER
            for r in self.records.get(kind, [])
        ]


# --- reading ------------------------------------------------------------------------------


def read_package(path: Path | str) -> Package:
    """Read and check a package file; raise ``PackageError`` naming the first problems."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_PACKAGE_BYTES:
            raise PackageError(f"{path.name} is too large to import ({size:,} bytes).")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PackageError(f"{path.name}: no such file.") from None
    except IsADirectoryError:
        raise PackageError(f"{path.name} is a folder, not a case package.") from None
    except PermissionError:
        raise PackageError(f"{path.name}: you do not have permission to read it.") from None
    return parse_package(raw, path.name)


def parse_package(raw: bytes, name: str = "package") -> Package:
    """Parse package bytes: UTF-8 JSON in the shape of CASE_FORMAT.md."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise PackageError(
            f"{name} is not UTF-8 text (bad byte at position {err.start})."
        ) from None
    try:
        data = json.loads(text, parse_int=parse_int, object_pairs_hook=unique_keys)
    except DuplicateKeyError as err:
        raise PackageError(f"{name} was not imported, the case is unchanged: {err}") from None
    except json.JSONDecodeError as err:
        raise PackageError(
            f"{name} is not valid JSON (line {err.lineno}, column {err.colno}: {err.msg})."
        ) from None
    except RecursionError:
        raise PackageError(f"{name} is nested too deeply to be a case package.") from None
    return _check(data, name)


def _check(data: Any, name: str) -> Package:
    if not isinstance(data, dict):
        raise PackageError(f"{name} is not a case package (expected a JSON object).")
    if data.get("format") != FORMAT:
        raise PackageError(f"{name} is not a case package (format is not '{FORMAT}').")
    version = data.get("version")
    if type(version) is not int or version != VERSION:
        raise PackageError(
            f"{name} is package version {version!r}; this casefile reads version 1 "
            "(the whole number 1)."
        )
    problems: list[str] = []
    ignored = [f"package: {k}" for k in sorted(data) if k not in _TOP_KEYS]
    case = _read_case(data.get("case"), problems, ignored)
    records: dict[Kind, list[Record]] = {}
    originals: list[Original] = []
    given: dict[tuple[Kind, str], frozenset[str]] = {}
    for section, kind in SECTIONS:
        items = data.get(section) or []
        if not isinstance(items, list):
            problems.append(f"'{section}' must be a list")
            continue
        records[kind] = _read_section(kind, items, problems, ignored, originals, given)
    if problems:
        raise PackageError(_problem_message(name, problems))
    return Package(case or CaseInfo("Imported case"), records, originals, ignored, given)


_TOP_KEYS = {"format", "version", "case", *(s for s, _ in SECTIONS)}


def _read_case(value: Any, problems: list[str], ignored: list[str]) -> CaseInfo | None:
    if value is None:
        return None
    try:
        record = from_dict("case", value)
        rules.check(record)
    except ValidationError as err:
        problems.append(str(err))
        return None
    ignored += [f"case: {k}" for k in ignored_fields("case", value)]
    return record if isinstance(record, CaseInfo) else None


def _read_section(
    kind: Kind,
    items: list[Any],
    problems: list[str],
    ignored: list[str],
    originals: list[Original],
    given: dict[tuple[Kind, str], frozenset[str]],
) -> list[Record]:
    out: list[Record] = []
    known = frozenset(FIELDS[kind])
    seen: set[str] = set()
    for item in items:
        if len(problems) >= MAX_PROBLEMS:
            break
        try:
            record = from_dict(kind, item)
            if kind == "source":
                record = _with_file(record, item, originals)
                _with_ocr(record, item, originals)
            rules.check(record)
        except ValidationError as err:
            problems.append(_where(kind, item, err))
            continue
        if record.id in seen:
            problems.append(f"{kind} {record.id}: the id is used twice")
            continue
        seen.add(record.id)
        keys = known.intersection(item)
        if kind == "source" and item.get("file") is not None:
            keys |= _FILE_FIELDS
        given[(kind, record.id)] = keys
        ignored += [f"{kind} {record.id}: {k}" for k in ignored_fields(kind, item)]
        out.append(record)
    return out


_FILE_FIELDS = frozenset({"sha256", "media_type", "file_name", "size"})


def _where(kind: Kind, item: Any, err: ValidationError) -> str:
    message = str(err)
    ident = item.get("id") if isinstance(item, dict) else None
    if isinstance(ident, str) and not message.startswith(kind):
        return f"{kind} {ident}: {message}"
    return message


def _with_file(record: Record, item: dict[str, Any], originals: list[Original]) -> Record:
    assert isinstance(record, Source)
    file = item.get("file")
    if file is None:
        return record
    if not isinstance(file, dict) or not isinstance(file.get("data_base64"), str):
        raise ValidationError(f"source {record.id}: 'file' must have 'data_base64'")
    try:
        data = base64.b64decode(file["data_base64"], validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError(f"source {record.id}: 'file.data_base64' is not base64") from None
    digest = hashlib.sha256(data).hexdigest()
    if record.sha256 is not None and record.sha256 != digest:
        raise ValidationError(f"source {record.id}: the file does not match its sha256")
    media_type = file.get("media_type") or record.media_type or "application/octet-stream"
    file_name = file.get("name") or record.file_name
    if not isinstance(media_type, str) or not isinstance(file_name, (str, type(None))):
        raise ValidationError(f"source {record.id}: 'file.name' and 'file.media_type' are text")
    originals.append(Original(digest, media_type, data))
    return Source(
        **{
            **vars(record),
            "sha256": digest,
            "media_type": media_type,
            "file_name": file_name,
            "size": len(data),
        }
    )


def _with_ocr(record: Record, item: dict[str, Any], originals: list[Original]) -> None:
    """The OCR words of a source (``ocr``), checked against its text, kept beside its file."""
    assert isinstance(record, Source)
    value = item.get("ocr")
    if value is None:
        return
    where = f"source {record.id}"
    if record.sha256 is None:
        raise ValidationError(f"{where}: 'ocr' needs the file's sha256 (or the file)")
    layer = OcrLayer.from_package(value, record.text, where)
    originals.append(Original(record.sha256, OCR_LAYER, layer.to_json()))


def _problem_message(name: str, problems: list[str]) -> str:
    shown = "; ".join(problems[:MAX_PROBLEMS])
    more = " (and more)" if len(problems) > MAX_PROBLEMS else ""
    return f"{name} was not imported, the case is unchanged: {shown}{more}"


# --- importing ----------------------------------------------------------------------------


def plan_import(case: Case, package: Package, as_new: bool = False) -> MergePlan:
    """What importing ``package`` would do; reads the case only (a read-only case will do)."""
    with case.lock:
        return plan_merge(
            package.incoming(), case.store.get_many, as_new=as_new, max_problems=MAX_PROBLEMS
        )


def refusal(plan: MergePlan, name: str = "The package") -> PackageError | None:
    """The error an import of this plan stops with, or None when it can go ahead."""
    if plan.conflicts:
        return PackageError(conflict_message(name, plan))
    if plan.problems:
        return PackageError(_problem_message(name, plan.problems))
    return None


def import_command(
    case: Case, package: Package, as_new: bool = False, name: str = "The package"
) -> tuple[Composite | None, MergePlan]:
    """The one command (one undo step) that imports ``package``, and its plan.

    Raises the refusal of a package with conflicts (unless ``as_new``) or problems; the
    command is None when the import would change nothing (nothing is then written).
    """
    plan = plan_import(case, package, as_new)
    error = refusal(plan, name)
    if error is not None:
        raise error
    parts: list[PutRecords] = []
    if _is_empty(case) and case.info() != package.case:
        parts.append(PutRecords("Set case details", [package.case], checked=True))
    writes = plan.writes()
    for kind in IMPORT_ORDER:
        batch = [r for r in writes if kind == r.KIND]
        if batch:  # new records passed rules.check when read, merged ones when planned
            parts.append(PutRecords(f"Import {kind}s", batch, checked=True))
    originals = _needed_originals(case, package)
    if not parts and not originals:
        return None, plan
    if not parts:
        parts.append(PutRecords("Import originals", []))
    parts[0].originals = tuple(originals)
    return Composite("Import case package", parts), plan


def import_package(
    case: Case, package: Package, as_new: bool = False, name: str = "The package"
) -> ImportReport:
    """Merge a checked package into the case by id (``import_command``), as one undo step."""
    command, plan = import_command(case, package, as_new, name)
    if command is not None:
        case.execute(command)
    return report_of(plan, package)


def _needed_originals(case: Case, package: Package) -> list[Original]:
    """The package's files (and OCR words) the case does not hold yet (storing the others
    would do nothing)."""
    with case.lock:
        return [o for o in package.originals if not _held(case, o)]


def _held(case: Case, original: Original) -> bool:
    if original.media_type == OCR_LAYER:
        return case.store.ocr_layer(original.sha256) is not None
    return case.store.has_original(original.sha256)


def report_of(plan: MergePlan, package: Package) -> ImportReport:
    """What an import of ``plan`` did, counted by kind."""
    added: dict[Kind, int] = {k: 0 for k in package.records}
    updated: dict[Kind, int] = {k: 0 for k in package.records}
    for record in plan.added:
        added[record.KIND] = added.get(record.KIND, 0) + 1
    for update in plan.updated:
        updated[update.after.KIND] = updated.get(update.after.KIND, 0) + 1
    return ImportReport(added, updated, package.ignored, plan.unchanged, len(plan.renamed))


def _is_empty(case: Case) -> bool:
    return all(case.count(kind) == 0 for _, kind in SECTIONS)


__all__ = [
    "PackageError",
    "dump_package",
    "dump_records",
    "import_package",
    "parse_package",
    "read_package",
    "write_package",
]
