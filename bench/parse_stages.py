"""Where full parsing spends its time: per-stage CPU milliseconds per file, best of N runs.

Stages as `parsers.pipeline.parse_bytes` runs them: decode (bytes to cleaned text), html (HTML to
lines, HTML files only), structure, metadata, references, effects. CPU time of this process
(`time.process_time`), so other work on a shared machine disturbs the figures less than wall-clock
time does; `bench/parse_speed.py` is the throughput benchmark against the raw limit.

    python bench/parse_stages.py [--corpus DIR] [--repeat N] [FILE_NAME ...]
"""

from __future__ import annotations

import argparse
import gc
import time
from pathlib import Path

from parsers import effects, metadata, parse_bytes, references, structure
from parsers.decode import decode
from parsers.html_text import html_to_text
from parsers.model import Document
from parsers.pipeline import _cyclic_gc_paused, sniff_format

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "real"
SUFFIXES = {".md", ".html", ".htm", ".txt"}
STAGES = ("decode", "html", "structure", "metadata", "references", "effects")


def stage_times(data: bytes, name: str) -> dict[str, float]:
    with _cyclic_gc_paused():  # as `parse_bytes` runs the stages
        return _stage_times(data, name)


def _stage_times(data: bytes, name: str) -> dict[str, float]:
    clock = time.process_time
    t: dict[str, float] = {}
    t0 = clock()
    text, _encoding = decode(data, name)
    t1 = clock()
    t["decode"] = t1 - t0
    fmt = sniff_format(name, text)
    if fmt == "html":
        text, _warnings = html_to_text(text)
    t2 = clock()
    t["html"] = t2 - t1
    doc = Document(source=name, format=fmt, text=text)
    doc.units, _w = structure.parse_structure(text)
    t3 = clock()
    t["structure"] = t3 - t2
    doc.metadata = metadata.parse_metadata(text, doc.units)
    t4 = clock()
    t["metadata"] = t4 - t3
    doc.references = references.find_references(doc)
    t5 = clock()
    t["references"] = t5 - t4
    doc.effects = effects.find_effects(doc)
    t6 = clock()
    t["effects"] = t6 - t5
    t["total"] = t6 - t0
    return t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("names", nargs="*", help="file names under the corpus (default: all)")
    args = ap.parse_args()
    if args.names:
        files = [args.corpus / n for n in args.names]
    else:
        files = sorted(
            p for p in args.corpus.iterdir() if p.suffix in SUFFIXES and p.name != "PROVENANCE.md"
        )
    if not files:
        raise SystemExit(f"no legal texts under {args.corpus}")
    parse_bytes(files[0].read_bytes(), files[0].name)  # warm the spaCy pipeline
    keys = (*STAGES, "total")
    print(f"{'file':52} {'MB':>5} " + " ".join(f"{k[:9]:>9}" for k in keys) + "   (CPU ms)")
    totals = dict.fromkeys(keys, 0.0)
    megabytes = 0.0
    for path in files:
        data = path.read_bytes()
        best: dict[str, float] | None = None
        for _ in range(args.repeat):
            gc.collect()
            t = stage_times(data, path.name)
            if best is None or t["total"] < best["total"]:
                best = t
        assert best is not None
        for k in keys:
            totals[k] += best[k]
        megabytes += len(data) / 1e6
        cells = " ".join(f"{best[k] * 1000:9.1f}" for k in keys)
        print(f"{path.name[:52]:52} {len(data) / 1e6:5.2f} {cells}")
    print(f"{'TOTAL':52} {megabytes:5.2f} " + " ".join(f"{totals[k] * 1000:9.1f}" for k in keys))
    print(f"CPU throughput: {megabytes / totals['total']:.2f} MB/s")


if __name__ == "__main__":
    main()
