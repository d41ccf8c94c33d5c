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


def whole_case(snippets: int, repeats: int) -> None:
    """The model of a whole synthetic case (issue 13: <= 3 s at 200,000 snippets), no render."""
    data = generate(snippets=snippets, entities=snippets // 10, sources=snippets // 20,
                    claims=snippets // 10)  # fmt: skip
    content = CaseContent(data.info, tuple(data.entities), tuple(data.relationships),
                          tuple(data.sources), tuple(data.snippets), tuple(data.claims))  # fmt: skip
    print(f"whole case: {snippets:,} snippets, {len(content.claims):,} claims "
          f"(model build only, CPU / wall s, best of {repeats})")  # fmt: skip
    for label, extra in (("model", {}), ("model + timeline items", {"chronology_drawing": True})):
        best = (float("inf"), float("inf"))
        for _ in range(repeats):
            cpu, wall = time.process_time(), time.perf_counter()
            build(content, BriefOptions(issue_date="2026-11-25", **extra), Custody())  # type: ignore[arg-type]
            best = min(best, (time.process_time() - cpu, time.perf_counter() - wall))
        verdict = "ok" if best[0] <= 3.0 else "MISSED"
        print(f"  {label:32s} {best[0]:6.2f} s CPU {best[1]:6.2f} s wall  (<= 3 s: {verdict})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--whole-case", type=int, metavar="SNIPPETS",
                        help="only the model of a whole synthetic case this large (e.g. 200000)")  # fmt: skip
    args = parser.parse_args()
    if args.whole_case:
        whole_case(args.whole_case, args.repeats)
        return
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
