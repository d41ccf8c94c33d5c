"""The JSON case package: deterministic export, all-or-nothing import that merges by id."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from casefile.core import rules
from casefile.core.commands import NOUNS, Composite, PutRecords
from casefile.core.errors import CaseError, ValidationError
from casefile.core.model import CaseInfo, Kind, Original, Record, Snippet, Source
from casefile.core.outputs import output_disk_full
from casefile.core.serial import from_dict, ignored_fields, to_dict
from casefile.storage.case import Case
from casefile.storage.outputs import check_output

FORMAT = "casefile-package"
VERSION = 1
SECTIONS: tuple[tuple[str, Kind], ...] = (
    ("entities", "entity"),
    ("relationships", "relationship"),
    ("sources", "source"),
    ("snippets", "snippet"),
    ("claims", "claim"),
)
IMPORT_ORDER: tuple[Kind, ...] = ("entity", "source", "snippet", "relationship", "claim")
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


@dataclass
class ImportReport:
    """What an import did."""

    added: dict[Kind, int]
    updated: dict[Kind, int]
    ignored: list[str]

    def summary(self) -> str:
        parts = []
        for _, kind in SECTIONS:
            total = self.added.get(kind, 0) + self.updated.get(kind, 0)
            if total:
                singular, plural = NOUNS[kind]
                parts.append(f"{total} {singular if total == 1 else plural}")
        new = sum(self.added.values())
        changed = sum(self.updated.values())
        what = ", ".join(parts) or "nothing"
        return f"imported {what} ({new} new, {changed} updated)"


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
        data = json.loads(text)
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
    if data.get("version") != VERSION:
        raise PackageError(
            f"{name} is package version {data.get('version')!r}; this casefile reads version 1."
        )
    problems: list[str] = []
    ignored = [f"package: {k}" for k in sorted(data) if k not in _TOP_KEYS]
    case = _read_case(data.get("case"), problems, ignored)
    records: dict[Kind, list[Record]] = {}
    originals: list[Original] = []
    for section, kind in SECTIONS:
        items = data.get(section) or []
        if not isinstance(items, list):
            problems.append(f"'{section}' must be a list")
            continue
        records[kind] = _read_section(kind, items, problems, ignored, originals)
    if problems:
        raise PackageError(_problem_message(name, problems))
    return Package(case or CaseInfo("Imported case"), records, originals, ignored)


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
) -> list[Record]:
    out: list[Record] = []
    seen: set[str] = set()
    for item in items:
        if len(problems) >= MAX_PROBLEMS:
            break
        try:
            record = from_dict(kind, item)
            if kind == "source":
                record = _with_file(record, item, originals)
            rules.check(record)
        except ValidationError as err:
            problems.append(_where(kind, item, err))
            continue
        if record.id in seen:
            problems.append(f"{kind} {record.id}: the id is used twice")
            continue
        seen.add(record.id)
        ignored += [f"{kind} {record.id}: {k}" for k in ignored_fields(kind, item)]
        out.append(record)
    return out


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


def _problem_message(name: str, problems: list[str]) -> str:
    shown = "; ".join(problems[:MAX_PROBLEMS])
    more = " (and more)" if len(problems) > MAX_PROBLEMS else ""
    return f"{name} was not imported, the case is unchanged: {shown}{more}"


# --- importing ----------------------------------------------------------------------------


def import_package(case: Case, package: Package) -> ImportReport:
    """Merge a checked package into the case by id, in one transaction and one undo step."""
    problems = _reference_problems(case, package)
    if problems:
        raise PackageError(_problem_message("The package", problems))
    parts: list[PutRecords] = []
    if _is_empty(case):
        parts.append(PutRecords("Set case details", [package.case], checked=True))
    for kind in IMPORT_ORDER:
        if package.records.get(kind):
            # The records passed rules.check when the package was read.
            parts.append(PutRecords(f"Import {kind}s", package.records[kind], checked=True))
    if parts:
        parts[0].originals = tuple(package.originals)
    change = case.execute(Composite("Import case package", parts))
    added = {k: 0 for k in package.records}
    for rc in change.records:  # new records have no before image
        if rc.before is None and rc.kind in added:
            added[rc.kind] += 1
    updated = {k: len(rs) - added[k] for k, rs in package.records.items()}
    return ImportReport(added, updated, package.ignored)


def _is_empty(case: Case) -> bool:
    return all(case.count(kind) == 0 for _, kind in SECTIONS)


def _reference_problems(case: Case, package: Package) -> list[str]:
    known: dict[Kind, set[str]] = {k: {r.id for r in rs} for k, rs in package.records.items()}
    problems: list[str] = []

    def exists(kind: Kind, ident: str) -> bool:
        return ident in known[kind] or case.get(kind, ident) is not None

    sources = {r.id: r for r in package.records["source"] if isinstance(r, Source)}
    for kind, records in package.records.items():
        for record in records:
            for ref_kind, ident, field_name in _references(record):
                if not exists(ref_kind, ident):
                    problems.append(
                        f"{kind} {record.id}: '{field_name}' refers to unknown {ref_kind} {ident}"
                    )
            if isinstance(record, Snippet) and record.offset is not None and not problems:
                source = sources.get(record.source or "") or (
                    case.get("source", record.source) if record.source else None
                )
                try:
                    rules.check_offset(record, source if isinstance(source, Source) else None)
                except ValidationError as err:
                    problems.append(f"snippet {record.id}: {err}")
            if len(problems) >= MAX_PROBLEMS:
                return problems
    return problems


def _references(record: Record) -> Iterator[tuple[Kind, str, str]]:
    from casefile.core.model import Claim, Relationship

    if isinstance(record, Relationship):
        yield "entity", record.source, "source"
        yield "entity", record.target, "target"
        for s in record.evidence:
            yield "snippet", s, "evidence"
    elif isinstance(record, Snippet):
        if record.source is not None:
            yield "source", record.source, "source"
        for e in record.entities:
            yield "entity", e, "entities"
    elif isinstance(record, Claim):
        for e in record.subjects:
            yield "entity", e, "subjects"
        for link in record.evidence:
            yield "snippet", link.snippet, "evidence"


# --- exporting ----------------------------------------------------------------------------


def write_package(case: Case, out: Path | str, force: bool = False) -> None:
    """Write the whole case as a package (stable order and formatting), atomically.

    Never over the case, its log, its backups or an open case; over another case file only
    with ``force`` (``storage.outputs``)."""
    out = Path(out)
    check_output(out, case.path, force=force, what="the package")
    tmp = out.with_name(f".{out.name}.{os.getpid()}.part")
    stream = tmp.open("x", encoding="utf-8", newline="\n")  # "x": never over another file
    try:
        with stream as handle:
            dump_package(case, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, out)
    except BaseException as err:
        tmp.unlink(missing_ok=True)
        full = output_disk_full(out, err)
        if full is not None:
            raise full from None
        raise


def dump_package(case: Case, handle: IO[str]) -> None:
    """Stream the package JSON: records sorted by id, two-space indent, keys in format order."""
    info = to_dict(case.info())
    handle.write(f'{{\n  "format": "{FORMAT}",\n  "version": {VERSION},\n')
    handle.write(f'  "case": {_indent(info)}')
    for section, kind in SECTIONS:
        handle.write(f',\n  "{section}": [')
        ids = sorted(case.store.ids(kind))
        for index in range(0, len(ids), 500):
            chunk = ids[index : index + 500]
            found = case.store.get_many(kind, chunk)
            for position, ident in enumerate(chunk):
                comma = "," if index + position > 0 else ""
                handle.write(f"{comma}\n    {_indent(_export_dict(case, found[ident]), 4)}")
        handle.write("\n  ]" if ids else "]")
    handle.write("\n}\n")


def _export_dict(case: Case, record: Record) -> dict[str, Any]:
    data = to_dict(record)
    if isinstance(record, Source) and record.sha256:
        original = case.store.original(record.sha256)
        if original is not None:
            data["file"] = {
                "name": record.file_name or "original",
                "media_type": original.media_type,
                "data_base64": base64.b64encode(original.data).decode("ascii"),
            }
    return data


def _indent(value: Any, level: int = 2) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return text.replace("\n", "\n" + " " * level)
