"""How fast could any Python parse of these files be? The floor under `bench/parse_speed.py`.

The parse-speed target compares our full parse with lxml + NFC of the same bytes. This measures,
in the same run, the least work a Python parser producing our output must do, with no logic at
all: decode + NFC, HTML to text (lxml) for HTML files, one diacritics fold of the text, one regex
scan for unit headings (Điều / khoản / điểm at a line start), our citation scan
(`parsers.citations.iter_references`: literal candidates, then the grammar at each), and one
output object per heading (`Unit`) and per citation (`Reference`). Everything the real parser
adds (ids, nesting, headings and text of units, roles, resolution, quoted blocks, effects,
notes, metadata) comes on top. If the floor alone takes a large share of 3× raw, the target
cannot be met by Python code, only by moving the per-line and per-citation work into C.

    python bench/parse_floor.py [--corpus DIR] [--repeat N]

CPU time of this process (`time.process_time`), best of N per file; last line is JSON.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import lxml.html

from parsers import parse_bytes
from parsers.citations import iter_references
from parsers.model import Reference, Role, Unit, UnitKind
from parsers.normalize import fold_aligned

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "real"
SUFFIXES = {".md", ".html", ".htm", ".txt"}
HEADS = re.compile(r"^(?:Điều\s+\d+[a-z]?|\d+[a-z]?\.|[a-zđ]\d?\))", re.MULTILINE)


_UTF8 = lxml.html.HTMLParser(encoding="utf-8")


def raw(data: bytes, _html: bool) -> object:
    """As in `bench/parse_speed.py` (every file of the real corpus is UTF-8)."""
    return unicodedata.normalize("NFC", lxml.html.fromstring(data, parser=_UTF8).text_content())


def floor(data: bytes, html: bool) -> object:
    if html:
        text = unicodedata.normalize("NFC", lxml.html.fromstring(data, parser=_UTF8).text_content())
    else:
        text = unicodedata.normalize("NFC", data.decode("utf-8-sig"))
    folded = fold_aligned(text)
    units = [
        Unit(m.group(), UnitKind.DIEU, start=m.start(), end=m.end()) for m in HEADS.finditer(text)
    ]
    refs = [
        Reference(m.group(), m.start(), m.end(), Role.DAN_CHIEU)
        for m in iter_references(text, folded)
    ]
    return units, refs


def full(data: bytes, html: bool) -> object:
    return parse_bytes(data, "x.html" if html else "x.md")


def best_cpu(fn: Callable[[bytes, bool], object], data: bytes, html: bool, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t0 = time.process_time()
        fn(data, html)
        best = min(best, time.process_time() - t0)
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
    full(files[0].read_bytes(), files[0].suffix != ".md")  # warm the spaCy pipeline
    sums = {"raw": 0.0, "floor": 0.0, "full": 0.0}
    size = 0
    for path in files:
        data = path.read_bytes()
        html = path.suffix in {".html", ".htm"}
        size += len(data)
        for name, fn in (("raw", raw), ("floor", floor), ("full", full)):
            sums[name] += best_cpu(fn, data, html, args.repeat)
    mb = size / 1e6
    print(f"{'':8} {'CPU s':>7} {'MB/s':>7} {'× raw':>6}")
    for name, s in sums.items():
        print(f"{name:8} {s:7.3f} {mb / s:7.1f} {s / sums['raw']:6.2f}")
    budget = 3 * sums["raw"]
    print(
        f"target budget (3 × raw): {budget:.3f} s; floor uses {sums['floor'] / budget:.0%} of it, "
        f"full parse {sums['full'] / budget:.1f}× it"
    )
    print(
        json.dumps(
            {"mb": round(mb, 2), **{k: round(v, 4) for k, v in sums.items()}, "budget": budget}
        )
    )


if __name__ == "__main__":
    main()
