"""The JSON case package: deterministic export, all-or-nothing import that merges by id."""

from __future__ import annotations

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
from casefile.storage.package_import import ImportPackage

# Reading lives in package_read (streamed from the file, checked record by record, staged).
from casefile.storage.package_read import MAX_PACKAGE_BYTES as MAX_PACKAGE_BYTES
from casefile.storage.package_read import MAX_PROBLEMS, Package, PackageError, problem_message
from casefile.storage.package_read import parse_package as parse_package
from casefile.storage.package_read import read_package as read_package

IMPORT_ORDER: tuple[Kind, ...] = ORDER

# --- importing ----------------------------------------------------------------------------


def plan_import(case: Case, package: Package, as_new: bool = False) -> MergePlan:
    """What importing ``package`` would do; reads the case only (a read-only case will do)."""
    with case.lock:
        return plan_merge(package, case.store.get_many, as_new=as_new, max_problems=MAX_PROBLEMS)


def refusal(plan: MergePlan, name: str = "The package") -> PackageError | None:
    """The error an import of this plan stops with, or None when it can go ahead."""
    if plan.conflicts:
        return PackageError(conflict_message(name, plan))
    if plan.problems:
        return PackageError(problem_message(name, plan.problems))
    return None


def import_command(
    case: Case, package: Package, as_new: bool = False, name: str = "The package"
) -> tuple[ImportPackage | None, MergePlan]:
    """The one command (one undo step) that imports ``package``, and its plan.

    Raises the refusal of a package with conflicts (unless ``as_new``) or problems; the
    command is None when the import would change nothing (nothing is then written).
    """
    plan = plan_import(case, package, as_new)
    error = refusal(plan, name)
    if error is not None:
        raise error
    details = package.case if _is_empty(case) and case.info() != package.case else None
    originals = has_new_originals(case, package)
    if plan.empty and details is None and not originals:
        return None, plan
    updated: dict[Kind, int] = {}
    for update in plan.updated:
        updated[update.after.KIND] = updated.get(update.after.KIND, 0) + 1
    if details is not None:
        updated["case"] = 1
    command = ImportPackage(package, plan.renamed, (plan.added, updated), details, originals)
    return command, plan


def import_package(
    case: Case, package: Package, as_new: bool = False, name: str = "The package"
) -> ImportReport:
    """Merge a checked package into the case by id (``import_command``), as one undo step."""
    command, plan = import_command(case, package, as_new, name)
    if command is not None:
        case.execute(command)
    return report_of(plan, package)


def has_new_originals(case: Case, package: Package) -> bool:
    """Does the package hold files (or OCR words) the case does not hold yet?"""
    with case.lock:
        return any(not _held(case, o) for o in package.originals())


def _held(case: Case, original: Original) -> bool:
    if original.media_type == OCR_LAYER:
        return case.store.ocr_layer(original.sha256) is not None
    return case.store.has_original(original.sha256)


def report_of(plan: MergePlan, package: Package) -> ImportReport:
    """What an import of ``plan`` did, counted by kind."""
    added: dict[Kind, int] = {k: plan.added.get(k, 0) for k in package.kinds()}
    updated: dict[Kind, int] = {k: 0 for k in package.kinds()}
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
