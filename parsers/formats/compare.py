"""Article-by-article comparison of two parses of one document (e.g. a .doc and pháp điển).

Used by the tests and docs/FORMATS.md to measure a reader on real files: each article's text is
its units' numbers, headings and texts in order, NFC and whitespace normalised. Two artefacts of
the *other* side are set aside before comparing, and each is named in the result: pháp điển
appends the file names of an article's attached forms ("Mauso04.doc"), and the original text
closes its last article with the end mark "/.". A difference that remains is classified as
consolidation when the consolidated side only lacks whole units of the original or marks the
article repealed ("(Bị bãi bỏ)"); anything else is an extraction difference.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from parsers.model import Unit

# An attached file's name: ASCII words (no Vietnamese letter) ending in a file extension.
_ATTACHMENT = re.compile(
    r"\s*(?<!\S)(?:[A-Za-z0-9_-]+\s)*[A-Za-z0-9_.-]+\.(?:docx?|pdf|xlsx?|zip|rar)\b", re.IGNORECASE
)
_END_MARK = re.compile(r"(?<=\.)/\.|\s/\.")
_REPEALED = re.compile(r"^\(?\s*(?:Bị|Được)\s+bãi\s+bỏ\s*\)?$", re.IGNORECASE)


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _unit_line(u: Unit) -> str:
    return normalise(" ".join(x for x in (u.number, u.heading, u.text) if x))


def articles(units: list[Unit]) -> dict[str, list[tuple[str, str]]]:
    """Article id → its units as (unit id, normalised line), in document order."""
    out: dict[str, list[tuple[str, str]]] = {}
    for u in units:
        top = u.id.split("__")[0]
        if top.startswith("dieu_"):
            out.setdefault(top, []).append((u.id, _unit_line(u)))
    return out


@dataclass(slots=True)
class ArticleDiff:
    article: str
    kind: str  # "consolidation" or "extraction"
    detail: str


@dataclass(slots=True)
class Comparison:
    read: list[str]  # article ids read from the file under test
    compared: int = 0
    equal_raw: int = 0
    equal: int = 0
    artefacts: dict[str, list[str]] = field(default_factory=dict)
    diffs: list[ArticleDiff] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def consolidated(self) -> int:
        return sum(d.kind == "consolidation" for d in self.diffs)

    @property
    def share_unchanged(self) -> float:
        """Equal articles among those the consolidation did not change."""
        base = self.compared - self.consolidated
        return self.equal / base if base else 0.0


def compare(original: list[Unit], consolidated: list[Unit]) -> Comparison:
    a, b = articles(original), articles(consolidated)
    result = Comparison(read=list(a))
    for art, b_units in b.items():
        if art not in a:
            result.missing.append(art)
            continue
        result.compared += 1
        a_units = a[art]
        a_text = " ".join(t for _, t in a_units)
        b_text = " ".join(t for _, t in b_units)
        if a_text == b_text:
            result.equal_raw += 1
            result.equal += 1
            continue
        a_clean = _END_MARK.sub("", a_text).strip()
        b_clean = _ATTACHMENT.sub("", b_text).strip()
        if b_clean != b_text:
            result.artefacts.setdefault("attachment names in pháp điển", []).append(art)
        if a_clean != a_text:
            result.artefacts.setdefault('end mark "/." in the original', []).append(art)
        if a_clean == b_clean:
            result.equal += 1
            continue
        result.diffs.append(_classify(art, a_units, b_units))
    return result


def _classify(
    art: str, a_units: list[tuple[str, str]], b_units: list[tuple[str, str]]
) -> ArticleDiff:
    b_lines = [t for _, t in b_units]
    if any(_REPEALED.match(re.sub(r"^.*?\s(?=\(?(?:Bị|Được)\s)", "", t)) for t in b_lines) or (
        len(b_lines) == 1 and "bãi bỏ" in b_lines[0].lower()
    ):
        return ArticleDiff(art, "consolidation", "repealed in the consolidated text")
    a_set = {t for _, t in a_units}
    gone = [uid for uid, t in a_units if t not in {x for x in b_lines}]
    if all(t in a_set for t in b_lines) and gone:
        return ArticleDiff(
            art, "consolidation", "units removed in the consolidated text: " + ", ".join(gone)
        )
    extra = [t[:80] for t in b_lines if t not in a_set]
    return ArticleDiff(art, "extraction", "differs: " + " | ".join(extra[:3]))
