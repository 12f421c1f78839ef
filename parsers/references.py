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
from typing import Any

from parsers.citations import Path, iter_references
from parsers.effects import _UnitIndex
from parsers.model import Document, Reference, Role
from parsers.nlp import analyse_batch
from parsers.normalize import fold
from parsers.text_context import context_of

_HEADING_AT = re.compile(r"[ ]?\.(?:[ ]|$)")
_VERB_ROLES = (
    (re.compile(r"bai bo|huy bo"), "bai_bo"),
    (re.compile(r"thay the|thay cum tu|thay tu"), "thay_the"),
    (re.compile(r"sua doi|bo sung"), "sua_doi"),
)
_ANY_ROLE = re.compile("|".join(rx.pattern for rx, _key in _VERB_ROLES))


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


def find_references(doc: Document) -> list[Reference]:
    text = doc.text
    ctx = context_of(text)
    blocks = ctx.quoted_blocks
    block_starts = [b[0] for b in blocks]
    index = _UnitIndex(doc.units)
    candidates: list[tuple[int, int, str, str, str]] = []  # start, end, text, context, in_unit
    folded_lines: dict[int, str] = {}
    # fold(line) is a slice of the folded text when folding kept the offsets (the usual case).
    folded_text = ctx.folded if len(ctx.folded) == len(text) else None
    for m in iter_references(text, ctx.aligned):
        start, end = m.span()
        line_start = text.rfind("\n", 0, start) + 1
        prefix = text[line_start:start].strip(" *_#>|")
        if not prefix and _HEADING_AT.match(text, end):
            continue  # an article heading ("Điều 5. …"), not a citation
        i = bisect.bisect_right(block_starts, start) - 1
        in_quote = i >= 0 and blocks[i][0] <= start < blocks[i][1]
        line_end = text.find("\n", end)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        folded_line = None
        if not in_quote:
            # Citations often share a line (notes, lists): fold each line once.
            folded_line = folded_lines.get(line_start)
            if folded_line is None:
                folded_line = folded_lines[line_start] = (
                    folded_text[line_start : line_start + len(line)]
                    if folded_text is not None
                    else fold(line)
                )
        context = _context_key(line, start - line_start, in_quote, folded_line)
        unit = index.at(start)
        candidates.append(
            (start, end, m.group(), context if not in_quote else "quote", unit.id if unit else "")
        )
    # One pipeline run per distinct (citation, context).
    distinct = sorted({(c[2], c[3]) for c in candidates})
    analysed = dict(
        zip(
            distinct,
            analyse_batch([(t, "" if k == "quote" else k) for t, k in distinct]),
            strict=True,
        )
    )
    target = ""
    if any(c[3] == "quote" for c in candidates):
        from parsers.citations import document_aliases
        from parsers.effects import _default_target

        target = _default_target(doc, document_aliases(text[:20000]), doc.metadata.number)
    refs: list[Reference] = []
    for start, end, span_text, context, in_unit in candidates:
        role: Role
        role, cited, found = analysed[(span_text, context)]
        number = ""
        doc_type = ""
        if cited is not None:
            doc_type = " ".join(x for x in (cited.doc_type, cited.name) if x)
            number = (target if context == "quote" else "self") if cited.is_self else cited.number
        paths: list[Path] = found or []
        if not paths:
            refs.append(Reference(span_text, start, end, role, number, "", doc_type, in_unit))
            continue
        for p in paths:
            unit_path = p if cited is not None and not cited.is_self else _resolve(p, in_unit)
            if cited is None and not unit_path.relative() and (p.khoan or p.diem) and not p.dieu:
                article = _article_of(in_unit)
                if article:
                    unit_path = unit_path.evolve(dieu=article)
            pstart = start + p.start
            refs.append(
                Reference(
                    text[pstart:end],
                    pstart,
                    end,
                    role,
                    number or ("self" if cited is None and p.relative() else number),
                    unit_path.unit_id(),
                    doc_type,
                    in_unit,
                )
            )
    return refs
