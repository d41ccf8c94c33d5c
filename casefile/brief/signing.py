"""Signatures of a brief (PAdES baseline, with pyHanko): placeholder until signing lands."""

from __future__ import annotations

from typing import Any


def report_signatures(report: Any, data: bytes) -> None:
    """Add what the PDF's signatures say to the report (nothing when it has none)."""
    if b"/ByteRange" not in data:
        report.add("signature", None, "the brief is not signed")
