"""Reading and checking a JSON case package as it streams from the file (``package_stream``).

Neither the file nor its records are ever all in memory: each record is decoded, checked
against the rules and written to the package's scratch file (``package_stage``) as soon as
it is read; the file's SHA-256 is computed on the way. What is
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
from collections.abc import Iterator, Sequence
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
from casefile.storage.package_stage import Staging
from casefile.storage.package_stream import StreamError, TextStream, walk

MAX_PROBLEMS = 8
MAX_PACKAGE_BYTES = 2_000_000_000


class PackageError(CaseError):
    """A package that cannot be imported; the message names the first problems."""


@dataclass
class Package:
    """A read, checked package ready to import; its records wait in ``staging`` (on disk)."""

    case: CaseInfo
    staging: Staging
    ignored: list[str] = field(default_factory=list)
    name: str = "package"
    sha256: str = ""
    """The SHA-256 of the package's bytes, named in the history entry of its import."""

    def kinds(self) -> list[Kind]:
        """The kinds of record the package has a section for (in ``ORDER``)."""
        return list(ORDER)

    def count(self, kind: Kind) -> int:
        return self.staging.counts[kind]

    def records(self, kind: Kind) -> Iterator[Record]:
        """The package's records of ``kind``, in package order, read back a batch at a time."""
        for batch in self.staging.batches(kind):
            yield from (item.record for item in batch)

    def incoming(self) -> Iterator[list[Incoming]]:
        """Every record with the fields it gives, a batch of one kind at a time, in ``ORDER``."""
        for kind in ORDER:
            yield from self.staging.batches(kind)

    def has(self, kind: Kind, idents: Sequence[str]) -> set[str]:
        """Which of these ids the package gives a record of ``kind`` for."""
        return self.staging.has(kind, idents)

    def get(self, kind: Kind, ident: str) -> Incoming | None:
        return self.staging.get(kind, ident)

    def originals(self) -> Iterator[Original]:
        return self.staging.originals()

    def close(self) -> None:
        """Remove the staged records (done by the garbage collector otherwise)."""
        self.staging.close()


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
    staging = Staging()
    sections = {section: _Section(kind, staging) for section, kind in SECTIONS}
    try:
        try:
            data = _decode(stream, name, sections)
        finally:
            staging.done()
        package = _check(data, name, sections, staging)
    except BaseException:
        staging.close()
        raise
    package.name, package.sha256 = name, stream.digest.hexdigest()
    return package


def _decode(stream: TextStream, name: str, sections: dict[str, _Section]) -> Any:
    try:
        return walk(stream, frozenset(sections), lambda key: sections[key].add)[0]
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


def _check(data: Any, name: str, sections: dict[str, _Section], staging: Staging) -> Package:
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
    for section_name, _kind in SECTIONS:
        section = sections[section_name]
        value = data.get(section_name)
        if value and not isinstance(value, list):  # a list was streamed into ``section``
            problems.append(f"'{section_name}' must be a list")
            continue
        for problem in section.problems:
            if len(problems) >= MAX_PROBLEMS:
                break
            problems.append(problem)
        ignored += section.ignored
    if problems:
        raise PackageError(problem_message(name, problems))
    return Package(case or CaseInfo("Imported case"), staging, ignored)


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
    """The records of one section, checked as they stream in and kept in ``staging``."""

    def __init__(self, kind: Kind, staging: Staging) -> None:
        self.kind = kind
        self.staging = staging
        self.known = frozenset(FIELDS[kind])
        self.problems: list[str] = []
        self.ignored: list[str] = []
        self.shared: dict[frozenset[str], frozenset[str]] = {}  # one set per field list

    def add(self, item: Any) -> None:
        kind = self.kind
        if len(self.problems) >= MAX_PROBLEMS:
            return  # refused anyway: the message names the first problems
        originals: list[Original] = []
        try:
            record = from_dict(kind, item)
            if kind == "source":
                record = _with_file(record, item, originals)
                _with_ocr(record, item, originals)
            rules.check(record)
        except ValidationError as err:
            self.problems.append(_where(kind, item, err))
            return
        keys = self.known.intersection(item)
        if kind == "source" and item.get("file") is not None:
            keys |= _FILE_FIELDS
        if not self.staging.add(record, self.shared.setdefault(keys, keys)):
            self.problems.append(f"{kind} {record.id}: the id is used twice")
            return
        for original in originals:
            self.staging.add_original(original)
        self.ignored += [f"{kind} {record.id}: {k}" for k in ignored_fields(kind, item)]


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
