"""Benchmark: the Word (DOCX) and Markdown twins of the brief of a large case.

Run: .venv/bin/python benchmarks/bench_brief_twins.py [--claims 300] [--evidence 2000]
Times are CPU seconds of this process (wall time grows with the machine's load). The case is
the same synthetic one as bench_brief.py (about 590 pages as a PDF). Budget: each twin in
under 3 s of CPU, as the PDF.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench_brief import synthetic

from casefile.brief.build import build
from casefile.brief.model import BriefOptions, Custody
from casefile.brief.twin_export import write_twin


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=300)
    parser.add_argument("--evidence", type=int, default=2000)
    args = parser.parse_args()
    content = synthetic(args.claims, args.evidence)
    model = build(content, BriefOptions(issue_date="2026-11-25"), Custody(version="bench"))
    print(f"{'twin':<10}{'CPU s':>8}{'wall s':>8}{'size KB':>10}")
    with tempfile.TemporaryDirectory() as folder:
        for fmt in ("docx", "md"):
            cpu, wall = time.process_time(), time.perf_counter()
            result = write_twin(model, Path(folder) / f"brief.{fmt}", fmt)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            size = result.path.stat().st_size // 1024
            print(f"{fmt:<10}{cpu:>8.2f}{wall:>8.2f}{size:>10,}")


if __name__ == "__main__":
    main()
