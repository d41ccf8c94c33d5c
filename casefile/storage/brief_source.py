"""What the brief service reads from an open case, and where it records an export.

The brief layer cannot import storage; it declares what it needs (``brief.service.BriefCase``)
and this adapter answers from an open ``Case``: records, stored originals, the content digest,
a package of chosen records (storage's own package writer) and the history entry.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from pathlib import Path

from casefile.core.model import CaseInfo, Kind, Original, Record
from casefile.storage.case import Case
from casefile.storage.digest import content_digest
from casefile.storage.outputs import open_case_paths
from casefile.storage.package_export import dump_records


class CaseForBrief:
    """An open case as the brief service sees it (used on the case's own thread)."""

    def __init__(self, case: Case) -> None:
        self.case = case

    @property
    def path(self) -> Path | None:
        return self.case.path

    @property
    def read_only(self) -> bool:
        return self.case.read_only

    def info(self) -> CaseInfo:
        return self.case.info()

    def all(self, kind: Kind) -> Iterator[Record]:
        return self.case.store.all(kind)

    def original(self, sha256: str) -> Original | None:
        return self.case.store.original(sha256)

    def digest(self) -> str:
        return content_digest(self.case)

    def package(self, info: CaseInfo, records: Sequence[Record]) -> bytes:
        return package_of(info, records)

    def protected_paths(self) -> list[Path]:
        """Files a brief must never replace: this case and every case open in the process."""
        return [p for p in (self.case.path, *open_case_paths()) if p is not None]

    def record_export(self, name: str, record: str) -> None:
        self.case.log_event("Export brief", "brief", name, record)


def package_of(info: CaseInfo, records: Sequence[Record]) -> bytes:
    """The JSON package of just these records (as the brief shows them, redacted or not),
    in storage's package format, without the original files (needs no open case: the
    window's brief process makes it too)."""
    # Encoded as it is written: encoding the whole text at the end (hundreds of MB for a
    # whole-case brief) was one step of the interpreter that held up every other thread.
    data = io.BytesIO()
    with io.TextIOWrapper(data, "utf-8", newline="\n", write_through=True) as out:
        dump_records(info, records, out)
        out.flush()
        return data.getvalue()


__all__ = ["CaseForBrief", "package_of"]
