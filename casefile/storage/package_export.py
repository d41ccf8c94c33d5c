"""Writing the JSON case package: deterministic (records sorted by id, fixed formatting)."""

from __future__ import annotations

import base64
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from casefile.core.errors import CaseError
from casefile.core.model import CaseInfo, Kind, Record, Source
from casefile.core.ocrlayer import OcrLayer
from casefile.core.outputs import output_disk_full
from casefile.core.serial import to_dict
from casefile.storage.case import Case
from casefile.storage.json_text import indented
from casefile.storage.outputs import check_output
from casefile.storage.record_layout import TABLES

FORMAT = "casefile-package"
VERSION = 1
SECTIONS: tuple[tuple[str, Kind], ...] = (
    ("entities", "entity"),
    ("relationships", "relationship"),
    ("sources", "source"),
    ("snippets", "snippet"),
    ("claims", "claim"),
    ("narrative", "section"),
)


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

    def records(kind: Kind) -> Iterator[dict[str, Any]]:
        last = ""  # by id, 500 at a time: neither the records nor their ids are all held
        sql = f"SELECT id FROM {TABLES[kind]} WHERE id > ? ORDER BY id LIMIT 500"
        while chunk := [str(row[0]) for row in case.conn.execute(sql, (last,))]:
            last = chunk[-1]
            found = case.store.get_many(kind, chunk)
            for ident in chunk:
                yield _export_dict(case, found[ident])

    _write_package(handle, case.info(), records)


def dump_records(info: CaseInfo, records: Iterable[Record], handle: IO[str]) -> None:
    """Stream a package of these records (already in memory, e.g. a redacted brief's), in the
    same format and order as ``dump_package``, without original files."""
    by_kind: dict[Kind, list[Record]] = {}
    for record in records:
        by_kind.setdefault(record.KIND, []).append(record)

    def of(kind: Kind) -> Iterator[dict[str, Any]]:
        for record in sorted(by_kind.get(kind, ()), key=lambda r: r.id):
            yield to_dict(record)

    _write_package(handle, info, of)


def _write_package(
    handle: IO[str], info: CaseInfo, records: Callable[[Kind], Iterator[dict[str, Any]]]
) -> None:
    handle.write(f'{{\n  "format": "{FORMAT}",\n  "version": {VERSION},\n')
    handle.write(f'  "case": {_indent(to_dict(info))}')
    for section, kind in SECTIONS:
        handle.write(f',\n  "{section}": [')
        empty = True
        for data in records(kind):
            handle.write(f"{'' if empty else ','}\n    {_record_json(kind, data)}")
            empty = False
        handle.write("]" if empty else "\n  ]")
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
        raw = case.store.ocr_layer(record.sha256)
        layer = OcrLayer.from_json(raw) if raw else None
        if layer is not None:  # the words OCR read, with their pages and boxes
            data["ocr"] = layer.to_package()
    return data


def _record_json(kind: Kind, data: dict[str, Any]) -> str:
    try:
        return _indent(data, 4)
    except ValueError as err:  # a number JSON cannot hold (a damaged case, exported --force)
        raise CaseError(f"{kind} {data.get('id')} cannot be written as JSON ({err}).") from None


def _indent(value: Any, level: int = 2) -> str:
    return indented(value, level)
