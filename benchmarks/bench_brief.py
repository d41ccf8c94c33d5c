"""Benchmark: the brief of a case with 2,000 evidence items and 300 claims vs a bare canvas.

Run: .venv/bin/python benchmarks/bench_brief.py [--claims 300] [--evidence 2000]
Times are CPU seconds of this process (steady when other work shares the machine).
The baseline draws the same user text with reportlab's canvas (same TTF font, simple line
wrapping, no platypus); the brief should take at most 3x as long and under 3 s.

Measured on the 2-core development machine while other work ran (load average 2-5), three
runs each, CPU seconds: bare canvas 0.68-0.71 s for 380 pages; brief 1.28-1.33 s for 593
pages, i.e. 1.8-1.9x (was 2.7-2.9 s, 3.7-4.2x). Wall time follows CPU time on a quiet
machine and grows with the load. The baseline is the lighter job: each user string once, in
one font; the brief draws ~28% more characters (labels, the chronology, page furniture) in
four faces, with 2,600 links, an outline and "Page X of Y".
"""

from __future__ import annotations

import argparse
import io
import random
import time

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from casefile.brief.build import build
from casefile.brief.fonts import face
from casefile.brief.model import BriefOptions, CaseContent, Custody
from casefile.brief.render import BriefRenderer
from casefile.brief.texts import model_texts
from casefile.core.grading import LIKELIHOOD, STATUSES
from casefile.core.model import CaseInfo, Claim, Entity, EvidenceLink, Relationship, Snippet, Source

WORDS = [
    "vessel",
    "cargo",
    "manifest",
    "director",
    "shareholder",
    "loan",
    "port",
    "declared",
    "concentrate",
    "ilmenite",
    "charter",
    "invoice",
    "payment",
    "registry",
    "filing",
    "nominee",
    "holding",
    "affiliate",
    "shipment",
    "customs",
    "inspection",
    "witness",
    "interview",
    "statement",
    "account",
    "transfer",
    "March",
    "April",
    "2024",
]


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def synthetic(claims: int, evidence: int, seed: int = 7) -> CaseContent:
    rng = random.Random(seed)
    entities = [Entity(f"e{i}", f"Person {i} {rng.choice(WORDS).title()}", "person",
                       (f"Alias {i}",), sentence(rng, 12)) for i in range(60)]  # fmt: skip
    sources = [Source(f"s{i}", f"Source {i}: {sentence(rng, 6)}", "web", f"https://example.invalid/{i}",
                      "Author", "Publisher", f"2024-{1 + i % 12:02d}", "2024-05-01T10:00:00Z",
                      "ABCDEF"[i % 6], sha256=f"{i:064x}") for i in range(150)]  # fmt: skip
    snippets = [Snippet(f"n{i}", sentence(rng, rng.randint(20, 70)), f"s{i % 150}", f"p. {i % 40}",
                        None, 1 + i % 6, f"2024-{1 + i % 12:02d}" + ("" if i % 3 else f"-{1 + i % 28:02d}"),
                        (f"e{i % 60}",)) for i in range(evidence)]  # fmt: skip
    links_per = max(1, evidence // claims)
    claim_records = []
    for c in range(claims):
        ids = [f"n{(c * links_per + k) % evidence}" for k in range(links_per)]
        links = tuple(
            EvidenceLink(s, ("supports", "refutes", "context")[k % 3]) for k, s in enumerate(ids)
        )
        claim_records.append(Claim(f"c{c}", sentence(rng, 14), STATUSES[c % 4],
                                   list(LIKELIHOOD)[c % 7], "Claimant", (f"e{c % 60}",), links))  # fmt: skip
    rels = [Relationship(f"r{i}", f"e{i}", f"e{(i + 1) % 60}", "director of", "2019", "2023")
            for i in range(60)]  # fmt: skip
    info = CaseInfo("Benchmark case", "BM-1", sentence(rng, 40), "OFFICIAL")
    return CaseContent(info, tuple(entities), tuple(rels), tuple(sources), tuple(snippets),
                       tuple(claim_records))  # fmt: skip


Timing = tuple[float, float, int, int]  # CPU s, wall s, pages, bytes


def brief(content: CaseContent) -> Timing:
    start, wall = time.process_time(), time.perf_counter()
    model = build(content, BriefOptions(issue_date="2026-11-25"), Custody(version="bench"))
    out = io.BytesIO()
    pages = BriefRenderer(model).render(out)
    return time.process_time() - start, time.perf_counter() - wall, pages, len(out.getvalue())


def with_proof(content: CaseContent, original_kb: int) -> Timing:
    """The same brief through the brief service of the app: originals hashed again, the case
    digest, the package of what the brief shows and the originals embedded (budget mode)."""
    import dataclasses
    import hashlib
    import tempfile
    from pathlib import Path

    from casefile.brief import service
    from casefile.core.commands import PutRecords
    from casefile.core.model import Original
    from casefile.storage.brief_source import CaseForBrief
    from casefile.storage.case import memory_case

    rng = random.Random(3)
    case = memory_case()
    sources = []
    with case.transaction():
        for src in content.sources:
            data = rng.randbytes(original_kb * 1024)
            sha = hashlib.sha256(data).hexdigest()
            case.store.put_original(Original(sha, "application/octet-stream", data))
            sources.append(dataclasses.replace(src, sha256=sha, file_name=f"{src.id}.bin",
                                               size=len(data)))  # fmt: skip
    records = [content.info, *content.entities, *sources, *content.snippets,
               *content.relationships, *content.claims]  # fmt: skip
    case.execute(PutRecords("bench", records))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "b.pdf"
        start, wall = time.process_time(), time.perf_counter()
        prepared = service.prepare(CaseForBrief(case), BriefOptions(issue_date="2026-11-25"))
        result = service.write(prepared, out)
        took = time.process_time() - start, time.perf_counter() - wall
        return took[0], took[1], result.pages, out.stat().st_size


def bare_canvas(content: CaseContent) -> Timing:
    """The same user text drawn line by line on a canvas with the same font."""
    model = build(content, BriefOptions(issue_date="2026-11-25"), Custody(version="bench"))
    texts = [text for _, text in model_texts(model)]
    font = face("regular").primary
    start, wall = time.process_time(), time.perf_counter()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1)
    width, height = A4
    y, pages = height - 60, 1
    canvas.setFont(font, 9.5)
    for text in texts:
        for line in simpleSplit(text, font, 9.5, width - 120):
            if y < 60:
                canvas.showPage()
                canvas.setFont(font, 9.5)
                y, pages = height - 60, pages + 1
            canvas.drawString(60, y, line)
            y -= 13
    canvas.save()
    return time.process_time() - start, time.perf_counter() - wall, pages, len(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=300)
    parser.add_argument("--evidence", type=int, default=2000)
    parser.add_argument("--original-kb", type=int, default=100,
                        help="size of each source's original for the embedding line")  # fmt: skip
    args = parser.parse_args()
    content = synthetic(args.claims, args.evidence)
    face("regular")  # load fonts once, outside both timings
    brief(synthetic(5, 20))
    bare_time, bare_wall, bare_pages, bare_bytes = bare_canvas(content)
    brief_time, brief_wall, pages, size = brief(content)
    print(f"case: {args.claims} claims, {args.evidence} evidence items")
    print(f"bare canvas: {bare_time:6.2f} s CPU {bare_wall:6.2f} s wall  {bare_pages:4d} pages"
          f"  {bare_bytes / 1e6:5.1f} MB")  # fmt: skip
    print(f"brief:       {brief_time:6.2f} s CPU {brief_wall:6.2f} s wall  {pages:4d} pages"
          f"  {size / 1e6:5.1f} MB")  # fmt: skip
    print(f"ratio: {brief_time / bare_time:4.2f}x CPU  (target: <= 3x and <= 3 s)")
    proof_time, proof_wall, _, proof_size = with_proof(content, args.original_kb)
    print(f"brief with proof (service, {len(content.sources)} originals of {args.original_kb} KB "
          f"embedded): {proof_time:6.2f} s CPU {proof_wall:6.2f} s wall  "
          f"{proof_size / 1e6:5.1f} MB  (+{proof_time - brief_time:4.2f} s, "
          f"+{(proof_size - size) / 1e6:4.1f} MB)")  # fmt: skip


if __name__ == "__main__":
    main()
