"""Web archive page listing benchmark: how long the picker's listing pass takes, and how
much memory it needs, for archives of growing page counts (each run in a fresh process).

Run ``python benchmarks/bench_archive_pages.py`` (1,000 / 5,000 / 10,000 / 49,000 pages;
``--pages`` changes the settings). The listing stops after 10,000 pages (``LIST_MAX``), so
the last row shows what the cap costs on an archive larger than it. Budget: 5 s, 500 MB.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
from pathlib import Path

SECONDS, PEAK_MB = 5.0, 500.0
_CHILD = r"""
import json, sys, time
from casefile.capture.archive_pages import list_pages
started = time.perf_counter()
listing = list_pages(sys.argv[1])
seconds = time.perf_counter() - started
with open("/proc/self/status") as status:
    peak = int(next(l for l in status if l.startswith("VmHWM:")).split()[1]) / 1024
print(json.dumps({"listed": len(listing.pages), "more": listing.more, "seconds": seconds,
                  "peak_mb": peak}))
"""


def archive(count: int) -> bytes:
    """A .warc.gz of ``count`` small HTML pages (one gzip member for all records)."""
    out = []
    for i in range(count):
        body = f"<html><head><title>Page {i}</title></head><body>{'x' * 400}</body></html>"
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body.encode()
        out.append(
            b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://x.example/%d\r\n"
            b"WARC-Date: 2025-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response"
            b"\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n" % (i, len(http), http)
        )
    return gzip.compress(b"".join(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, nargs="+", default=[1_000, 5_000, 10_000, 49_000])
    args = parser.parse_args()
    print(f"{'pages':>8} {'listed':>8} {'seconds':>8} {'peak MB':>8}  budget")
    with tempfile.TemporaryDirectory() as folder:
        for count in args.pages:
            path = Path(folder) / f"site-{count}.warc.gz"
            path.write_bytes(archive(count))
            done = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True,
                                  text=True, check=True)  # fmt: skip
            row = json.loads(done.stdout)
            ok = row["seconds"] < SECONDS and row["peak_mb"] < PEAK_MB
            listed = f"{row['listed']:,}" + ("+" if row["more"] else "")
            print(f"{count:>8,} {listed:>8} {row['seconds']:>8.2f} {row['peak_mb']:>8.0f}  "
                  f"{'ok' if ok else 'OVER'}")  # fmt: skip


if __name__ == "__main__":
    main()
