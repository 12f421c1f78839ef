"""Citations of documents and provisions, with their spans and why they are cited.

A compiled regular expression over the whole text finds candidate citations (fast: one C-level
pass); the spaCy pipeline of :mod:`parsers.nlp` then analyses each distinct candidate once. Roles:
căn cứ on "Căn cứ …" lines; sửa đổi / bãi bỏ / thay thế inside an amending instruction (by the verb
that governs the citation); dẫn chiếu otherwise, including inside quoted new text and source notes.
Relative citations resolve against the unit they sit in ("khoản 1 Điều này" in Điều 5 ->
dieu_5__khoan_1); "Nghị định này" is "self", except inside quoted new text, where it means the
document being amended.
"""

from __future__ import annotations

import bisect
import re
import sys
from typing import Any

from parsers import wording
from parsers.citations import Path, iter_references
from parsers.effects.documents import _default_target, _document_aliases
from parsers.model import Document, Reference, Role, Unit, units_by_start
from parsers.nlp import analyse_batch
from parsers.normalize import fold
from parsers.text_context import context_of

_HEADING_AT = re.compile(r"[ ]?\.(?:[ ]|$)")
# The characters `fold` drops (combining marks left over after NFC).
_FOLD_DROPS = re.compile("[\u0300-\u036f]")
# The verbs that give a citation its role, folded, by role.
_ROLE_VERBS = wording.ROLE_VERBS
_VERB_ROLES = tuple((re.compile("|".join(words)), key) for key, words in _ROLE_VERBS)
_ANY_ROLE = re.compile("|".join(rx.pattern for rx, _key in _VERB_ROLES))
ROLE_LITERALS = wording.ROLE_LITERALS
# A part of every role verb: the verbs, with the "thay …" ones cut to "thay " (one scan for three).
_ROLE_WORD_HEADS = tuple(
    dict.fromkeys("thay " if w.startswith("thay ") else w for _k, ws in _ROLE_VERBS for w in ws)
)


def _context_key(line: str, rel: int, in_quote: bool, folded_line: str | None = None) -> str:
    """The context key of a citation at `rel` in `line`; `folded_line` is ``fold(line)``."""
    if in_quote:
        return ""
    if folded_line is None or len(folded_line) != len(line):
        folded_line = None  # folding changed the length: fold the pieces themselves
    stripped = line.lstrip(" *_>-")
    lead = len(line) - len(stripped)
    head = folded_line[lead : lead + 12] if folded_line is not None else fold(stripped[:12])
    if head.startswith("can cu"):
        return "can_cu"
    if stripped.startswith("(") or stripped.startswith("["):
        return ""  # a source note or footnote records, it does not act
    # The clause the citation sits in (between semicolons).
    left = line.rfind(";", 0, rel) + 1
    right = line.find(";", rel)
    if right < 0:
        right = len(line)
    if folded_line is not None:
        clause, before = folded_line[left:right], folded_line[left:rel]
    else:
        clause, before = fold(line[left:right]), fold(line[left:rel])
    if _ANY_ROLE.search(clause) is None:
        return ""  # most clauses: no verb at all (and `before` is part of the clause)
    best = ""
    best_pos = -1
    for rx, key in _VERB_ROLES:
        for m in rx.finditer(before):
            if m.start() > best_pos:
                best, best_pos = key, m.start()
    if best:
        return best
    for rx, key in _VERB_ROLES:
        if rx.search(clause):
            return key
    return ""


class _ClauseRoles:
    """`_context_key` of the citations on one line, its role verbs found once for the line.

    `folded` is ``fold(line)`` of the same length. The verbs are literals that cannot overlap
    themselves, so their occurrences in the line are their occurrences in any part of it.
    """

    __slots__ = ("lead_key", "line", "verbs")

    def __init__(self, line: str, folded: str) -> None:
        self.line = line
        stripped = line.lstrip(" *_>-")
        lead = len(line) - len(stripped)
        self.lead_key: str | None = None
        if folded.startswith("can cu", lead):
            self.lead_key = "can_cu"
        elif stripped.startswith("(") or stripped.startswith("["):
            self.lead_key = ""
        # (start, end, rank in _VERB_ROLES) of every verb, by start
        self.verbs = sorted(
            (m.start(), m.end(), rank)
            for rank, (rx, _key) in enumerate(_VERB_ROLES)
            for m in rx.finditer(folded)
        )

    def key(self, rel: int) -> str:
        """``_context_key(line, rel, False, folded)``."""
        if self.lead_key is not None:
            return self.lead_key
        line = self.line
        left = line.rfind(";", 0, rel) + 1
        right = line.find(";", rel)
        if right < 0:
            right = len(line)
        best = -1  # the verb that starts last before the citation
        first = len(_VERB_ROLES)  # else the first role with a verb in the clause
        for start, end, rank in self.verbs:
            if start >= left and end <= right:
                if end <= rel:
                    best = rank
                first = min(first, rank)
        if best >= 0:
            return _VERB_ROLES[best][1]
        return _VERB_ROLES[first][1] if first < len(_VERB_ROLES) else ""


def _article_of(unit_id: str) -> str:
    head = unit_id.split("__", 1)[0]
    return head[len("dieu_") :] if head.startswith("dieu_") else ""


def _resolve(path: Path, in_unit: str) -> Path:
    """Replace "này" labels by the citing unit's own ("khoản 1 Điều này" in Điều 5 -> Điều 5)."""
    if not path.relative():
        return path
    parts = dict(p.split("_", 1) for p in in_unit.split("__") if "_" in p)
    changes: dict[str, Any] = {}
    for level in ("dieu", "khoan", "diem"):
        if path.get(level) == "này":
            changes[level] = parts.get(level, "")
    article = _article_of(in_unit)
    if "dieu" not in changes and not path.dieu and article and (path.khoan or path.diem):
        changes["dieu"] = article
    return path.evolve(**changes)


def _line_key(
    text: str, folded: str, a: int, b: int, role_lines: set[int] | None = None
) -> str | None:
    """The context key shared by every unquoted citation on the line ``text[a:b]``, None when
    it depends on the clause around each (a line with an instruction verb: few lines have one).
    `folded` is ``fold(text)``, of the same length; `role_lines`, when given, the starts of the
    lines of `folded` that hold one of ROLE_LITERALS."""
    lead = a
    while lead < b and text[lead] in " *_>-":
        lead += 1
    if folded.startswith("can cu", lead, b):
        return "can_cu"
    if text.startswith("(", lead, b) or text.startswith("[", lead, b):
        return ""
    if role_lines is not None:
        return None if a in role_lines else ""
    find = folded.find
    for word in _ROLE_WORD_HEADS:
        if find(word, a, b) >= 0:
            break
    else:
        return ""  # (substring tests, each a fast scan, beat the regex: every verb holds one)
    return "" if _ANY_ROLE.search(folded, a, b) is None else None


class _UnitWalk:
    """The innermost unit at an offset (as ``effects._UnitIndex.at``), for offsets that only
    grow: while no unit starts between two offsets and the unit found still spans the later
    one, the answer stands (a unit that missed the earlier offset ends before the later)."""

    def __init__(self, units: list[Unit]) -> None:
        self.given = units
        self.units: list[Unit] = []
        self.starts: list[int] = []
        self.unit: Unit | None = None
        self.until = -1
        self.next_start = -1

    def at(self, pos: int) -> Unit | None:
        if pos < self.next_start and (self.unit is None or pos < self.until):
            return self.unit
        if not self.starts and self.given:  # sorted on first use: many texts cite nothing
            self.units = units_by_start(self.given)
            self.starts = [u.start for u in self.units]
        i = bisect.bisect_right(self.starts, pos)
        self.next_start = self.starts[i] if i < len(self.starts) else sys.maxsize
        self.unit = None
        units = self.units
        for j in range(i - 1, max(-1, i - 501), -1):  # at most 500 back, as _UnitIndex
            u = units[j]
            if u.start <= pos < max(u.end, u.start + 1):
                self.unit = u
                self.until = max(u.end, u.start + 1)
                break
        return self.unit


# A citation found in the text: start, end, text, context key ("quote" inside quoted new text),
# the id of the unit it sits in.
_Found = tuple[int, int, str, str, str]


def _citations(doc: Document, matches: dict[str, re.Match[str]]) -> list[_Found]:
    """Every citation of the text with its context, in order (article headings left out); the
    first match of each citation text goes to `matches`."""
    text = doc.text
    ctx = context_of(text)
    blocks = ctx.quoted_blocks
    n_blocks = len(blocks)
    b = -1  # the last quoted block that starts at or before the citation
    walk = _UnitWalk(doc.units)
    # fold(line) is a slice of the folded text when folding kept the offsets (the usual case).
    # When a stray combining mark made the fold shorter, it is a slice of the aligned fold on
    # every line without such a mark; only lines holding one are folded by themselves.
    folded_text: str | None = ctx.folded
    marks: list[int] = []
    if len(ctx.folded) != len(text):
        folded_text = ctx.aligned
        marks = [m.start() for m in _FOLD_DROPS.finditer(text)]
    scan = ctx.scan
    role_lines = scan.line_starts(ROLE_LITERALS) if scan is not None else None
    found: list[_Found] = []
    line_start = line_end = -1
    line_key: str | None = None
    line_folded: str | None = folded_text
    roles: _ClauseRoles | None = None  # the line's verbs, when its key depends on the clause
    for m in iter_references(text, ctx.aligned, scan):
        start, end = m.span()
        if start > line_end:  # a new line (no citation spans a newline)
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", end)
            if line_end < 0:
                line_end = len(text)
            line_key = None
            roles = None
            line_folded = folded_text
            if marks:
                i = bisect.bisect_left(marks, line_start)
                if i < len(marks) and marks[i] < line_end:
                    line_folded = None
            if line_folded is not None:
                line_key = _line_key(text, line_folded, line_start, line_end, role_lines)
            # Only the line's first citation can open it: an article heading ("Điều 5. …").
            if not text[line_start:start].strip(" *_#>|") and _HEADING_AT.match(text, end):
                continue
        while b + 1 < n_blocks and blocks[b + 1][0] <= start:
            b += 1
        if b >= 0 and start < blocks[b][1]:
            context = "quote"
        elif line_key is not None:
            context = line_key
        elif line_folded is not None:
            if roles is None:
                roles = _ClauseRoles(text[line_start:line_end], line_folded[line_start:line_end])
            context = roles.key(start - line_start)
        else:
            line = text[line_start:line_end]
            context = _context_key(line, start - line_start, False, fold(line))
        unit = walk.at(start)
        cited = m.group()
        if cited not in matches:
            matches[cited] = m
        found.append((start, end, cited, context, unit.id if unit else ""))
    return found


# What a citation yields, relative to its start: (offset, text, role, document, unit, document
# type) per reference.
_Outcome = tuple[int, str, Role, str, str, str]
_UNSEEN: list[_Outcome] = []


def _by_unit(analysed: tuple[Role, Any, list[Path]]) -> bool:
    """Whether what the citation yields depends on the unit it sits in (see `_outcomes`): a
    relative path, or a bare khoản/điểm without its article, of no document or of this one."""
    _role, cited, paths = analysed
    if cited is not None and not cited.is_self:
        return False
    return any(
        p.relative() or (cited is None and not p.dieu and (p.khoan or p.diem)) for p in paths
    )


def _outcomes(
    span_text: str,
    context: str,
    in_unit: str,
    analysed: tuple[Role, Any, list[Path]],
    target: str,
) -> list[_Outcome]:
    """What one citation yields: the same for every occurrence of the citation in the same
    context (and unit, when `_by_unit`)."""
    role, cited, found = analysed
    number = ""
    doc_type = ""
    if cited is not None:
        dtype, name = cited.doc_type, cited.name
        doc_type = f"{dtype} {name}" if dtype and name else dtype or name
        number = (target if context == "quote" else "self") if cited.is_self else cited.number
    if not found:
        return [(0, span_text, role, number, "", doc_type)]
    out = []
    for p in found:
        unit_path = p if cited is not None and not cited.is_self else _resolve(p, in_unit)
        if cited is None and not unit_path.relative() and (p.khoan or p.diem) and not p.dieu:
            article = _article_of(in_unit)
            if article:
                unit_path = unit_path.evolve(dieu=article)
        out.append(
            (
                p.start,
                span_text[p.start :],
                role,
                number or ("self" if cited is None and p.relative() else number),
                unit_path.unit_id(),
                doc_type,
            )
        )
    return out


def find_references(doc: Document) -> list[Reference]:
    text = doc.text
    matches: dict[str, re.Match[str]] = {}
    found = _citations(doc, matches)
    # One pipeline run per distinct (citation, context).
    distinct = sorted({(c[2], c[3]) for c in found})
    analysed = dict(
        zip(
            distinct,
            analyse_batch([(t, "" if k == "quote" else k) for t, k in distinct], matches),
            strict=True,
        )
    )
    target = ""
    if any(c[3] == "quote" for c in found):
        ctx = context_of(text)
        folded = ctx.folded if len(ctx.folded) == len(text) else None
        aliases = _document_aliases(text[:20000], folded)  # = document_aliases(text[:20000])
        target = _default_target(doc, aliases, doc.metadata.number)
    refs: list[Reference] = []
    append = refs.append
    # Outcomes by (citation, context), or by (citation, context, unit) for the citations that
    # resolve against the unit they sit in (None in the first table).
    shared: dict[tuple[str, str], list[_Outcome] | None] = {}
    by_unit: dict[tuple[str, str, str], list[_Outcome]] = {}
    for start, end, span_text, context, in_unit in found:
        key = (span_text, context)
        out = shared.get(key, _UNSEEN)
        if out is _UNSEEN:
            a = analysed[key]
            out = shared[key] = None if _by_unit(a) else _outcomes(*key, "", a, target)
        if out is None:
            ukey = (span_text, context, in_unit)
            out = by_unit.get(ukey)
            if out is None:
                out = by_unit[ukey] = _outcomes(*key, in_unit, analysed[key], target)
        for rel, ref_text, role, number, unit_id, doc_type in out:
            append(Reference(ref_text, start + rel, end, role, number, unit_id, doc_type, in_unit))
    return refs
