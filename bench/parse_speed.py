"""Full-parse throughput against the raw limit of the same bytes, measured in one run.

Ours: `parsers.parse_bytes` (decode, structure, metadata, references, effects).
Raw: `lxml.html.fromstring` of the bytes, then NFC of the decoded text — the least any parser of
these files has to do. The figure that matters is the ratio (target: at least 1/3).

    python bench/parse_speed.py [--corpus DIR] [--repeat N]

Prints a table per file and, on its last line, one JSON object with the totals.
"""

from __future__ import annotations

import argparse
import gc
import json
import time
import unicodedata
from pathlib import Path

import lxml.html

from parsers import parse_bytes

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "real"
SUFFIXES = {".md", ".html", ".htm", ".txt"}


def raw_parse(data: bytes) -> int:
    root = lxml.html.fromstring(data)
    text = root.text_content()
    return len(unicodedata.normalize("NFC", text))


def best_of(fn, data: bytes, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        fn(data)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    files = sorted(
        p for p in args.corpus.iterdir() if p.suffix in SUFFIXES and p.name != "PROVENANCE.md"
    )
    if not files:
        raise SystemExit(f"no legal texts under {args.corpus}")
    # Warm caches (spaCy pipeline, compiled patterns) outside the timed runs.
    parse_bytes(files[0].read_bytes(), files[0].name)
    total_bytes = 0
    ours_s = raw_s = 0.0
    print(f"{'file':70} {'MB':>6} {'ours MB/s':>10} {'raw MB/s':>9} {'ratio':>6}")
    for path in files:
        data = path.read_bytes()
        ours = best_of(lambda d, n=path.name: parse_bytes(d, n), data, args.repeat)
        raw = best_of(raw_parse, data, args.repeat)
        mb = len(data) / 1e6
        total_bytes += len(data)
        ours_s += ours
        raw_s += raw
        print(f"{path.name[:70]:70} {mb:6.2f} {mb / ours:10.1f} {mb / raw:9.1f} {raw / ours:6.2f}")
    mb = total_bytes / 1e6
    result = {
        "bench": "parse_speed",
        "files": len(files),
        "megabytes": round(mb, 2),
        "ours_seconds": round(ours_s, 3),
        "raw_seconds": round(raw_s, 3),
        "ours_mb_per_s": round(mb / ours_s, 2),
        "raw_mb_per_s": round(mb / raw_s, 2),
        "ratio": round(raw_s / ours_s, 3),
        "target_ratio": round(1 / 3, 3),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
