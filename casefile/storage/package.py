"""The JSON case package: deterministic export, all-or-nothing import that merges by id."""

from __future__ import annotations

import hashlib
from typing import IO, cast

from casefile.core.commands import Composite, PackageMark, PutRecords
from casefile.core.merge_report import ImportReport, conflict_message
from casefile.core.model import OCR_LAYER, Kind, Original
from casefile.core.package_merge import ORDER, MergePlan, plan_merge
from casefile.storage.case import Case

# Writing lives in package_export (kept apart so each module stays small).
from casefile.storage.package_export import (
    SECTIONS,
    dump_package,
    dump_records,
    write_package,
)

# Reading lives in package_read (streamed from the file, checked record by record).
from casefile.storage.package_read import MAX_PACKAGE_BYTES as MAX_PACKAGE_BYTES
from casefile.storage.package_read import MAX_PROBLEMS, Package, PackageError, problem_message
from casefile.storage.package_read import parse_package as parse_package
from casefile.storage.package_read import read_package as read_package

IMPORT_ORDER: tuple[Kind, ...] = ORDER

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
        return PackageError(problem_message(name, plan.problems))
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
    command = Composite("Import case package", parts)
    command.package = PackageMark(package.name, package.sha256 or _digest_of(package))
    return command, plan


def import_package(
    case: Case, package: Package, as_new: bool = False, name: str = "The package"
) -> ImportReport:
    """Merge a checked package into the case by id (``import_command``), as one undo step."""
    command, plan = import_command(case, package, as_new, name)
    if command is not None:
        case.execute(command)
    return report_of(plan, package)


def _digest_of(package: Package) -> str:
    """The SHA-256 of a package built in code (not read from bytes): of its export form."""
    digest = hashlib.sha256()

    class _Hashing:
        def write(self, text: str) -> int:
            digest.update(text.encode("utf-8"))
            return len(text)

    records = [r for kind in IMPORT_ORDER for r in package.records.get(kind, [])]
    dump_records(package.case, records, cast(IO[str], _Hashing()))
    return digest.hexdigest()


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
