"""Applying amending instructions: each instruction line, read into clauses, becomes effects
on the target document's units, with the group, article and document context the lines before
it set."""

from __future__ import annotations

import bisect
from datetime import date

from parsers import wording
from parsers.citations import (
    Path,
)
from parsers.dates import parse_date
from parsers.effects.clauses import (
    _CHAIN_WORDS,
    _complete,
    _has_first_verb,
    _instruction_form,
    _parse_clause,
    _paths_in,
    _plain,
    _split_clauses,
)
from parsers.effects.documents import _default_target, _document_aliases, _documents_in
from parsers.effects.lines import _COMBINING_MARK, _heading_in, _mark_line_starts, _verb_lines
from parsers.effects.patterns import (
    _ARTICLE_HEADING,
    _FROM_DATE,
    _GLUED_CODE_HEADING,
    _NON_SPACE,
    _RELATED,
    _REPLACES_DOC,
    _SOME,
    BEFORE,
    _Clause,
    _has_verb,
)
from parsers.effects.units import _split_block, _strip_quotes, _UnitIndex
from parsers.model import Document, Effect, Op
from parsers.normalize import fold
from parsers.quoted_blocks import (
    _AS_FOLLOWS,
    _LINE_LABEL,
    OPEN_QUOTES,
    _line_end,
)
from parsers.text_context import context_of


def instruction_effects(doc: Document) -> list[Effect]:
    """Effects of the amending instructions in `doc` (not of its source notes)."""
    return _instruction_effects(doc, _UnitIndex(doc.units), _verb_lines(doc.text))


def _instruction_effects(doc: Document, index: _UnitIndex, verb_lines: set[int]) -> list[Effect]:
    text = doc.text
    own = doc.metadata.number
    ctx = context_of(text)
    blocks = ctx.quoted_blocks
    block_starts = [b[0] for b in blocks]
    # When folding kept the offsets (NFC text, the usual case) a line's folded form is a slice of
    # the folded text. Otherwise that holds for the lines without a combining mark (`fold` drops
    # marks, `fold_aligned` keeps them, and they agree on every other character).
    folded_text = ctx.folded if len(ctx.folded) == len(text) else None
    aligned = ctx.aligned
    mark_lines = set() if folded_text is not None else _mark_line_starts(text)
    head = text[:20000]
    # The head's fold is a slice of `aligned` when no combining mark is in it.
    head_folded = aligned if folded_text is not None or not _COMBINING_MARK.search(head) else None
    aliases = _document_aliases(head, head_folded)
    default_doc = _default_target(doc, aliases, own)
    commencement = doc.metadata.effective[0] if doc.metadata.effective else None
    effects: list[Effect] = []
    # Lines (known by their start offsets) that can yield effects: those with a verb, and those
    # with a combining mark, whose fold is not read from `aligned`. Others are only looked at
    # while a group's label kind is pending; between two lines looked at, an article heading only
    # ends the group's article, so the gap is searched for one only when that changes anything.
    verb_lines = verb_lines | mark_lines
    events = sorted(verb_lines)
    size = len(text)
    context_doc = default_doc
    group_article: Path | None = None
    group_label_kind = ""
    seen_article = False
    bi = 0
    start = end = -1  # the line's span
    k = 0
    while True:
        # The next event line, or the next line while a group's label kind is pending.
        if group_label_kind:
            start = end + 1
            if start > size:
                break
        else:
            k = bisect.bisect_right(events, start, k)
            if k == len(events):
                break
            nxt = events[k]
            if (group_article is not None or not seen_article) and _heading_in(
                text, end + 1, nxt, blocks, block_starts
            ):
                seen_article = True
                group_article = None
            start = nxt
        end = text.find("\n", start)
        if end < 0:
            end = size
        while bi < len(blocks) and blocks[bi][1] < start:
            bi += 1
        if bi < len(blocks) and blocks[bi][0] <= start < blocks[bi][1]:
            continue
        raw = text[start:end]
        s = raw.strip()
        if not s:
            continue
        heading = _ARTICLE_HEADING.match(s)
        if heading:
            seen_article = True
            group_article = None
        if not seen_article:
            continue
        label_m = _LINE_LABEL.match(s)
        label_kind = ""
        body = s
        body_offset = start + raw.index(s[0])
        if label_m:
            label_kind = "khoan" if label_m.group("label").endswith(".") else "diem"
            body = s[label_m.end() :]
            body_offset += label_m.end()
            if group_label_kind and label_kind == group_label_kind:
                group_article = None
                group_label_kind = ""
            heading = _ARTICLE_HEADING.match(body)  # (without a label, the line's own)
        if heading:
            body_offset += heading.end()
            body = body[heading.end() :]
        if start not in verb_lines:
            continue
        body_end = body_offset + len(body)
        folded = fold(body) if start in mark_lines else aligned[body_offset:body_end]
        # (A line without a combining mark is a verb line only if its body has a verb: no verb
        # word reaches into a label or an article heading, which end with "." or ")".)
        if (
            (start in mark_lines and not _has_verb(folded))
            or folded.startswith("can cu")
            or wording.is_placeholder(body)
        ):
            continue
        # The instruction proper ends at "như sau:"; quoted text may follow on the same line.
        follows = _AS_FOLLOWS.search(body)
        instr = body[: follows.start()] if follows else body
        block_text = ""
        bstart = bisect.bisect_left(block_starts, body_offset)
        if bstart < len(blocks):
            b0, b1 = blocks[bstart]
            # Only blank text between the line and the block (searched in place: the next block
            # may be megabytes away).
            if (follows or instr.rstrip().endswith(":")) and (
                b0 <= end or _NON_SPACE.search(text, end, b0) is None
            ):
                block_text = _strip_quotes(text[b0:b1])
        # A pháp điển cross-reference glued to the line is not part of the instruction.
        related = instr.find(_RELATED)
        if related >= 0:
            instr = instr[:related]
        glued = _GLUED_CODE_HEADING.search(instr, 1) if "Điều " in instr else None
        if glued:
            instr = instr[: glued.start()]
        folded_instr = folded[: len(instr)] if len(folded) == len(body) else None
        if folded_instr is not None and _lone_prose(instr, folded_instr):
            continue  # no effect, no context
        clauses = _line_clauses(instr, body_offset, folded_instr, aliases, own)
        line_docs = [d for c in clauses for d in c.documents]
        if heading and "." in heading.group("n"):
            # A pháp điển article's title ("Điều 26.2.LQ.101. Sửa đổi, bổ sung một số điều của
            # Luật …") names what its source article amends: context, never an effect itself.
            if line_docs:
                context_doc = line_docs[0]
            continue
        has_paths = any(c.paths for c in clauses)
        if not has_paths:
            # A document-level statement: context, or a whole-document operation.
            ops = [c.op for c in clauses if c.op]
            if line_docs and not _SOME.search(instr) and ops:
                op = ops[0]
                if op is Op.REPLACE_DOCUMENT or (op is Op.AMEND and _REPLACES_DOC.search(instr)):
                    op = Op.REPLACE_DOCUMENT
                if op in (Op.REPLACE_DOCUMENT, Op.REPEAL, Op.EXPIRE, Op.SUSPEND):
                    for cited_doc in line_docs:
                        effects.append(
                            _effect(
                                op,
                                cited_doc,
                                "",
                                own,
                                index,
                                body_offset,
                                instr,
                                commencement,
                                clauses[0].effective,
                            )
                        )
                    continue
            if line_docs:
                context_doc = line_docs[0]
            continue
        is_group = (follows is not None or instr.rstrip().endswith(":")) and not block_text
        if is_group and _next_is_instruction(text, end):
            paths = [p for c in clauses for p in c.paths]
            group_article = paths[-1] if paths else None
            group_label_kind = label_kind
            if line_docs:
                context_doc = line_docs[0]
            continue
        _complete(clauses, group_article)
        target_doc = line_docs[0] if line_docs else context_doc
        # Targets that take a share of the quoted block, in order.
        shares: list[tuple[Path, bool]] = []
        for c in clauses:
            if c.op in (Op.AMEND, Op.INSERT):
                for p in c.paths:
                    shares.append((p, p.heading and c.op is Op.AMEND))
        texts = _split_block(block_text, shares) if block_text else [""] * len(shares)
        share_i = 0
        for c in clauses:
            if c.op is None:
                continue
            doc_for = c.documents[0] if c.documents else target_doc
            for p in c.paths:
                op = c.op
                new_text, old_text, anchor = c.new_text, c.old_text, ""
                partial = False
                if op in (Op.AMEND, Op.INSERT):
                    new_text = texts[share_i] if share_i < len(texts) else ""
                    share_i += 1
                    if op is Op.AMEND and p.heading:
                        op = Op.RENAME
                    if op is Op.INSERT and c.anchor is not None:
                        anchor = (BEFORE if c.before else "") + c.anchor.unit_id()
                elif op is Op.REPLACE_PHRASE:
                    anchor = c.phrase_anchor
                    partial = True
                e = _effect(
                    op,
                    doc_for,
                    p.unit_id(),
                    own,
                    index,
                    body_offset,
                    instr,
                    commencement,
                    c.effective,
                )
                e.new_text, e.old_text, e.anchor, e.partial = new_text, old_text, anchor, partial
                effects.append(e)
    return effects


def _line_clauses(
    instr: str, offset: int, folded: str | None, aliases: dict[str, str], own: str
) -> list[_Clause]:
    """The clauses of one instruction starting at `offset` (`folded`: ``fold(instr)`` when it
    has the same offsets, else None); prose clauses get no operation."""
    clauses: list[_Clause] = []
    prev: _Clause | None = None
    for part, off in _split_clauses(instr):
        if not part.strip():
            continue
        # With `folded` given, the part's fold is a slice and keeps the part's offsets.
        aligned = folded[off : off + len(part)] if folded is not None else None
        folded_part = aligned if aligned is not None else fold(part)
        # Most clauses with a verb are prose (pháp điển source notes, "được sửa đổi, bổ sung bởi
        # …"): their provisions and documents are never read.
        c = _read_clause(part, offset + off, prev, folded_part, aligned)
        if c is None:
            # Prose: no effect, no target context, no continuation.
            clauses.append(_Clause(op=None, paths=[], text=part, start=offset + off))
            prev = None
            continue
        # "khoản 4 Điều này" is the text's own provision: never the target of its instruction.
        c.paths = [p for p in c.paths if not p.relative()]
        if c.anchor is not None and c.anchor.relative():
            c.anchor = None
        if c.parent is not None and c.parent.relative():
            c.parent = None
        c.documents = _documents_in(part, aliases, own, aligned)
        d = _FROM_DATE.search(part)
        if d:
            c.effective = parse_date(d.group(1))
        clauses.append(c)
        prev = c
    return clauses


def _lone_prose(instr: str, folded: str) -> bool:
    """Whether `instr` is a single clause that is prose (see _read_clause): what most verb lines
    are, told without reading them as clauses. `folded`: ``fold(instr)``, with the same offsets.

    A single clause: no ";", or only one that ends the line outside quotes (a list item's).
    """
    part = instr
    if ";" in instr:
        head = instr.rstrip()
        if head[-1] != ";" or ";" in head[:-1] or "“" in head:
            return False
        part = head[:-1]
        folded = folded[: len(part)]
    return _has_first_verb(part, folded) and not _instruction_form(part, folded)


def _read_clause(
    part: str, offset: int, prev: _Clause | None, folded_part: str, aligned: str | None
) -> _Clause | None:
    """The clause `part` parsed in full (:func:`_parse_clause`), or None when it is prose using
    an amendment verb: it has an operation of its own but not the form of an instruction
    (:func:`_instruction_form`).

    A clause with the operation of the accepted clause before it continues that instruction
    ("Bãi bỏ khoản 3 Điều 3; khoản 2 Điều 12; … Thông tư số …"). Without a previous clause any
    operation is the clause's own, so the form is read first, and a first verb is enough to know
    that there is an operation. A clause without an operation is read once: the full parse would
    only add its provisions.
    """
    if prev is None:
        if _instruction_form(part, aligned):
            return _parse_clause(part, offset, None, folded_part)
        if _has_first_verb(part, folded_part):
            return None
        bare = _parse_clause(part, offset, None, folded_part, locate=False)
        if bare.op is not None:
            return None
    else:
        bare = _parse_clause(part, offset, prev, folded_part, locate=False)
        if bare.op is not None:
            if bare.op is not prev.op and not _instruction_form(part, aligned):
                return None
            return _parse_clause(part, offset, prev, folded_part)
    # (A provision is cited by its keyword: without one the chain search is skipped.)
    if not _plain(part, folded_part) or any(map(folded_part.__contains__, _CHAIN_WORDS)):
        bare.paths = _paths_in(part, offset)
    return bare


def _next_is_instruction(text: str, end: int) -> bool:
    """Whether the first non-blank line after the line that ends at `end` is an instruction."""
    while end < len(text):
        start = end + 1
        end = _line_end(text, start)
        s = text[start:end].strip()
        if not s:
            continue
        if s[0] in OPEN_QUOTES:
            return False
        return _has_verb(fold(s[:200]))
    return False


def _effect(
    op: Op,
    target: str,
    unit: str,
    own: str,
    index: _UnitIndex,
    start: int,
    instr: str,
    commencement: date | None,
    stated: date | None,
) -> Effect:
    at = index.at(start)
    evidence = instr.strip().rstrip(":").rstrip()
    lead = len(instr) - len(instr.lstrip())
    return Effect(
        op=op,
        target_document=target,
        target_unit=unit,
        by_document=own,
        by_unit=at.id if at else "",
        effective=stated or commencement,
        evidence=evidence,
        evidence_start=start + lead,
        evidence_end=start + lead + len(evidence),
    )
