"""Citation matching: compiled regex vs spaCy's Matcher, on the same lines, in one run.

Lines of the real corpus that hold a citation keyword are matched (a) by `REFERENCE_RE.finditer`
and (b) by a spaCy Matcher over Docs of those lines (tokenisation included, as the Matcher needs
it). Prints one JSON line. The Matcher patterns cover only the provision and "type số number"
forms, a subset of the regex grammar, so the comparison favours the Matcher.

    python bench/references_regex_vs_matcher.py [--corpus DIR]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from spacy.matcher import Matcher

from parsers.citations import REFERENCE_RE
from parsers.decode import decode
from parsers.nlp import get_nlp

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "real"
KEYS = ("Điều", "khoản", "điểm", "Nghị định", "Luật", "Thông tư")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=DEFAULT)
    args = ap.parse_args()
    lines: list[str] = []
    for p in sorted(args.corpus.glob("*.md")):
        text, _ = decode(p.read_bytes(), p.name)
        lines.extend(ln for ln in text.split("\n") if any(k in ln for k in KEYS))
    nlp = get_nlp()
    matcher = Matcher(nlp.vocab)
    label = {"REGEX": r"^(\d+[a-zđ]?|[a-zđ]|[IVXLC]+)[,.;:]?$"}
    matcher.add(
        "PROVISION",
        [[{"LOWER": {"IN": ["điểm", "khoản", "điều"]}}, {"TEXT": label, "OP": "+"}]],
    )
    matcher.add(
        "DOCUMENT",
        [[{"LOWER": {"IN": ["định", "tư", "luật"]}}, {"LOWER": "số", "OP": "?"},
          {"TEXT": {"REGEX": r"^\d+/\S+$"}}]],
    )  # fmt: skip
    t0 = time.perf_counter()
    n_regex = sum(1 for ln in lines for _ in REFERENCE_RE.finditer(ln))
    regex_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_matcher = 0
    for doc in nlp.tokenizer.pipe(lines):
        n_matcher += len(matcher(doc))
    matcher_s = time.perf_counter() - t0
    mb = sum(len(ln.encode()) for ln in lines) / 1e6
    print(
        json.dumps(
            {
                "bench": "references_regex_vs_matcher",
                "lines": len(lines),
                "megabytes": round(mb, 2),
                "regex_seconds": round(regex_s, 3),
                "regex_matches": n_regex,
                "matcher_seconds": round(matcher_s, 3),
                "matcher_matches": n_matcher,
                "regex_speedup": round(matcher_s / regex_s, 1) if regex_s else None,
            }
        )
    )


if __name__ == "__main__":
    main()
