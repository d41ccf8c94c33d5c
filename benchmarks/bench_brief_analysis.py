"""Benchmark: the brief's analysis parts (evidence matrix, link chart, timeline) on large cases.

Run: .venv/bin/python benchmarks/bench_brief_analysis.py [--repeats 3]
Each line is one brief (model build + render), CPU seconds of this process (best of the
repeats) and its pages; the "base" line is the same sections without the analysis part, so
the difference is what the part costs; "annex only" is the model build every brief pays. Cases: the 300-claim / 2,000-evidence brief benchmark
case, and a synthetic case with 2,000 entities, 10,000 relationships, 2,000 snippets and
300 claims (benchmarks/synthetic.py).
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_brief import synthetic as brief_case
from synthetic import generate

from casefile.brief.build import build
from casefile.brief.fonts import face
from casefile.brief.model import BriefOptions, CaseContent, Custody
from casefile.brief.render import BriefRenderer

RUNS: dict[str, dict[str, object]] = {
    "annex only (the model build)": {"sections": ("annex",)},
    "chronology (base)": {"sections": ("chronology",)},
    "chronology + drawing": {"sections": ("chronology",), "chronology_drawing": True},
    "matrix, all claims (first 24)": {"sections": ("matrix",)},
    "matrix, 6 chosen claims": {"sections": ("matrix",),
                                "matrix_claims": ("C1", "C2", "C3", "C4", "C5", "C6")},
    "link chart": {"sections": ("chart",)},
}  # fmt: skip


def network_case() -> CaseContent:
    data = generate(snippets=2000, entities=2000, sources=150, claims=300, relationships=10_000)
    return CaseContent(data.info, tuple(data.entities), tuple(data.relationships),
                       tuple(data.sources), tuple(data.snippets), tuple(data.claims))  # fmt: skip


def timed(content: CaseContent, options: dict[str, object], repeats: int) -> tuple[float, int]:
    best, pages = float("inf"), 0
    for _ in range(repeats):
        start = time.process_time()
        model = build(content, BriefOptions(issue_date="2026-11-25", **options),  # type: ignore[arg-type]
                      Custody(version="bench"))  # fmt: skip
        pages = BriefRenderer(model).render(io.BytesIO())
        best = min(best, time.process_time() - start)
    return best, pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    face("regular")
    timed(brief_case(5, 20), {"sections": ("matrix", "chart")}, 1)  # warm up fonts and imports
    cases = {
        "brief benchmark case (300 claims, 2,000 evidence, 60 entities)": brief_case(300, 2000),
        "network case (2,000 entities, 10,000 relationships, 2,000 snippets)": network_case(),
    }
    for name, content in cases.items():
        print(name)
        for label, options in RUNS.items():
            seconds, pages = timed(content, options, args.repeats)
            print(f"  {label:32s} {seconds:6.2f} s  {pages:4d} pages")


if __name__ == "__main__":
    main()
