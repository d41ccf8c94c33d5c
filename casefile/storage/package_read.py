"""Reading and checking a JSON case package as it streams from the file (``package_stream``).

The whole file is never in memory: each record is decoded, checked against the rules and
kept as a record as soon as it is read; the file's SHA-256 is computed on the way. What is
refused, and every message, is as when the whole file was decoded first: JSON mistakes
anywhere win, then the format and version, then the case details and each section's
problems in section order (at most ``MAX_PROBLEMS``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from casefile.core import rules
from casefile.core.errors import CaseError, ValidationError
from casefile.core.model import OCR_LAYER, CaseInfo, Kind, Original, Record, Source
from casefile.core.ocrlayer import OcrLayer
from casefile.core.package_merge import ORDER, Incoming
from casefile.core.serial import FIELDS, DuplicateKeyError, from_dict, ignored_fields
from casefile.storage.package_export import FORMAT, SECTIONS, VERSION
from casefile.storage.package_stream import StreamError, TextStream, walk

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
    name: str = "package"
    sha256: str = ""
    """The SHA-256 of the package's bytes, named in the history entry of its import."""

    def incoming(self) -> list[Incoming]:
        """The records with the fields they give (a record built in code gives them all)."""
        return [
            Incoming(r, self.given.get((kind, r.id), frozenset(FIELDS[kind])))
            for kind in ORDER
            for r in self.records.get(kind, [])
        ]


def read_package(path: Path | str) -> Package:
    """Read and check a package file as it streams; raise ``PackageError`` naming the first
    problems."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_PACKAGE_BYTES:
            raise PackageError(f"{path.name} is too large to import ({size:,} bytes).")
        with path.open("rb") as handle:
            return _read(handle, path.name)
    except FileNotFoundError:
        raise PackageError(f"{path.name}: no such file.") from None
    except IsADirectoryError:
        raise PackageError(f"{path.name} is a folder, not a case package.") from None
    except PermissionError:
        raise PackageError(f"{path.name}: you do not have permission to read it.") from None


def parse_package(raw: bytes, name: str = "package") -> Package:
    """Parse package bytes: UTF-8 JSON in the shape of docs/case-format.md."""
    return _read(io.BytesIO(raw), name)


def _read(handle: IO[bytes], name: str) -> Package:
    stream = TextStream(handle)
    sections = {section: _Section(kind) for section, kind in SECTIONS}
    try:
        data, _ = walk(stream, frozenset(sections), lambda key: sections[key].add)
    except StreamError as err:
        raise PackageError(
            f"{name} is not UTF-8 text (bad byte at position {err.position})."
        ) from None
    except DuplicateKeyError as err:
        raise PackageError(f"{name} was not imported, the case is unchanged: {err}") from None
    except json.JSONDecodeError as err:
        raise PackageError(
            f"{name} is not valid JSON (line {err.lineno}, column {err.colno}: {err.msg})."
        ) from None
    except RecursionError:
        raise PackageError(f"{name} is nested too deeply to be a case package.") from None
    package = _check(data, name, sections)
    package.name, package.sha256 = name, stream.digest.hexdigest()
    return package


def _check(data: Any, name: str, sections: dict[str, _Section]) -> Package:
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
    for section_name, kind in SECTIONS:
        section = sections[section_name]
        value = data.get(section_name)
        if value and not isinstance(value, list):  # a list was streamed into ``section``
            problems.append(f"'{section_name}' must be a list")
            continue
        for problem in section.problems:
            if len(problems) >= MAX_PROBLEMS:
                break
            problems.append(problem)
        records[kind] = section.records
        originals += section.originals
        given.update(section.given)
        ignored += section.ignored
    if problems:
        raise PackageError(problem_message(name, problems))
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


class _Section:
    """The records of one section, checked as they stream in."""

    def __init__(self, kind: Kind) -> None:
        self.kind = kind
        self.known = frozenset(FIELDS[kind])
        self.records: list[Record] = []
        self.originals: list[Original] = []
        self.problems: list[str] = []
        self.ignored: list[str] = []
        self.given: dict[tuple[Kind, str], frozenset[str]] = {}
        self.seen: set[str] = set()
        self.shared: dict[frozenset[str], frozenset[str]] = {}  # one set per field list

    def add(self, item: Any) -> None:
        kind = self.kind
        if len(self.problems) >= MAX_PROBLEMS:
            return  # refused anyway: the message names the first problems
        try:
            record = from_dict(kind, item)
            if kind == "source":
                record = _with_file(record, item, self.originals)
                _with_ocr(record, item, self.originals)
            rules.check(record)
        except ValidationError as err:
            self.problems.append(_where(kind, item, err))
            return
        if record.id in self.seen:
            self.problems.append(f"{kind} {record.id}: the id is used twice")
            return
        self.seen.add(record.id)
        keys = self.known.intersection(item)
        if kind == "source" and item.get("file") is not None:
            keys |= _FILE_FIELDS
        self.given[(kind, record.id)] = self.shared.setdefault(keys, keys)
        self.ignored += [f"{kind} {record.id}: {k}" for k in ignored_fields(kind, item)]
        self.records.append(record)


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


def problem_message(name: str, problems: list[str]) -> str:
    shown = "; ".join(problems[:MAX_PROBLEMS])
    more = " (and more)" if len(problems) > MAX_PROBLEMS else ""
    return f"{name} was not imported, the case is unchanged: {shown}{more}"
