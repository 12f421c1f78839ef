"""Applying amending instructions: each instruction line, read into clauses, becomes effects
on the target document's units, with the group, article and document context the lines before
it set."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
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


@dataclass(slots=True)
class _Source:
    """What every line of a document is read against."""

    text: str
    own: str  # the document's number
    index: _UnitIndex
    blocks: list[tuple[int, int]]  # quoted blocks (start, end)
    block_starts: list[int]
    # `fold_aligned(text)`; a line's fold is its slice, except on lines with a combining mark.
    aligned: str
    mark_lines: set[int]  # starts of the lines whose fold is not a slice of `aligned`
    verb_lines: set[int]  # starts of the lines that can yield effects (with `mark_lines`)
    aliases: dict[str, str]
    default_doc: str
    commencement: date | None


@dataclass(slots=True)
class _Walk:
    """What the lines before the current one set: the document its instructions amend, and the
    article and label kind of an open group ("Điều 5 được sửa đổi như sau:" over its items)."""

    context_doc: str
    group_article: Path | None = None
    group_label_kind: str = ""  # "khoan" or "diem": a line with this label ends the group
    seen_article: bool = False


@dataclass(slots=True)
class _Line:
    """A line that can hold an instruction: its body, without label and article heading."""

    end: int
    body: str
    body_offset: int
    label_kind: str  # "khoan", "diem" or ""
    code_title: bool  # a pháp điển article's heading ("Điều 26.2.LQ.101. …") starts the line
    marked: bool  # in `_Source.mark_lines`


@dataclass(slots=True)
class _Instruction:
    """An instruction line read into tokens: its clauses (each an operation, target provisions,
    quoted old and new words, an anchor, documents and a date) and the quoted block it brings."""

    line: _Line
    instr: str  # the instruction proper: up to "như sau:", without a glued cross-reference
    clauses: list[_Clause]
    documents: list[str]  # the documents its clauses name, in order
    block_text: str  # the quoted block after it ("" if none)
    announces: bool  # ends with "như sau:" or ":" (a group's head when no block follows)


def _instruction_effects(doc: Document, index: _UnitIndex, verb_lines: set[int]) -> list[Effect]:
    """Each instruction line is read (`_read_line`, `_read_instruction`), then applied with the
    context the lines before it set (`_apply`)."""
    src = _source(doc, index, verb_lines)
    walk = _Walk(src.default_doc)
    effects: list[Effect] = []
    for start, end in _line_spans(src, walk):
        line = _read_line(src, walk, start, end)
        if line is None:
            continue
        instruction = _read_instruction(src, line)
        if instruction is not None:
            effects += _apply(src, walk, instruction)
    return effects


def _source(doc: Document, index: _UnitIndex, verb_lines: set[int]) -> _Source:
    text = doc.text
    own = doc.metadata.number
    ctx = context_of(text)
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
    blocks = ctx.quoted_blocks
    return _Source(
        text=text,
        own=own,
        index=index,
        blocks=blocks,
        block_starts=[b[0] for b in blocks],
        aligned=aligned,
        mark_lines=mark_lines,
        # Lines with a combining mark may yield effects too: their fold is not read from
        # `aligned`, so whether they have a verb is told later (`_read_instruction`).
        verb_lines=verb_lines | mark_lines,
        aliases=aliases,
        default_doc=_default_target(doc, aliases, own),
        commencement=doc.metadata.effective[0] if doc.metadata.effective else None,
    )


def _line_spans(src: _Source, walk: _Walk) -> Iterator[tuple[int, int]]:
    """The (start, end) of the lines to read, outside quoted blocks: the verb lines, and every
    line while a group's label kind is pending (`walk` is read between two lines).

    Between two verb lines an article heading only ends the group's article, so the gap is
    searched for one only when that changes anything.
    """
    text, blocks, block_starts = src.text, src.blocks, src.block_starts
    events = sorted(src.verb_lines)
    size = len(text)
    bi = 0
    start = end = -1
    k = 0
    while True:
        if walk.group_label_kind:
            start = end + 1
            if start > size:
                return
        else:
            k = bisect.bisect_right(events, start, k)
            if k == len(events):
                return
            nxt = events[k]
            if (walk.group_article is not None or not walk.seen_article) and _heading_in(
                text, end + 1, nxt, blocks, block_starts
            ):
                walk.seen_article = True
                walk.group_article = None
            start = nxt
        end = text.find("\n", start)
        if end < 0:
            end = size
        while bi < len(blocks) and blocks[bi][1] < start:
            bi += 1
        if not (bi < len(blocks) and blocks[bi][0] <= start < blocks[bi][1]):
            yield start, end


def _read_line(src: _Source, walk: _Walk, start: int, end: int) -> _Line | None:
    """The line's body after its label and article heading, or None when it has no instruction.

    An article heading ends the group's article; a label of the group's kind ends the group.
    """
    raw = src.text[start:end]
    s = raw.strip()
    if not s:
        return None
    heading = _ARTICLE_HEADING.match(s)
    if heading:
        walk.seen_article = True
        walk.group_article = None
    if not walk.seen_article:
        return None
    label_m = _LINE_LABEL.match(s)
    label_kind = ""
    body = s
    body_offset = start + raw.index(s[0])
    if label_m:
        label_kind = "khoan" if label_m.group("label").endswith(".") else "diem"
        body = s[label_m.end() :]
        body_offset += label_m.end()
        if walk.group_label_kind and label_kind == walk.group_label_kind:
            walk.group_article = None
            walk.group_label_kind = ""
        heading = _ARTICLE_HEADING.match(body)  # (without a label, the line's own)
    if heading:
        body_offset += heading.end()
        body = body[heading.end() :]
    if start not in src.verb_lines:
        return None
    code_title = heading is not None and "." in heading.group("n")
    return _Line(end, body, body_offset, label_kind, code_title, start in src.mark_lines)


def _read_instruction(src: _Source, line: _Line) -> _Instruction | None:
    """The line read into clauses, or None when it is no instruction (prose, a "Căn cứ" line, a
    repealed placeholder)."""
    body, body_offset = line.body, line.body_offset
    body_end = body_offset + len(body)
    folded = fold(body) if line.marked else src.aligned[body_offset:body_end]
    # (A line without a combining mark is a verb line only if its body has a verb: no verb
    # word reaches into a label or an article heading, which end with "." or ")".)
    if (
        (line.marked and not _has_verb(folded))
        or folded.startswith("can cu")
        or wording.is_placeholder(body)
    ):
        return None
    # The instruction proper ends at "như sau:"; quoted text may follow on the same line.
    follows = _AS_FOLLOWS.search(body)
    instr = body[: follows.start()] if follows else body
    block_text = ""
    if follows or instr.rstrip().endswith(":"):
        block_text = _block_after(src, body_offset, line.end)
    instr = _without_glued_text(instr)
    folded_instr = folded[: len(instr)] if len(folded) == len(body) else None
    if folded_instr is not None and _lone_prose(instr, folded_instr):
        return None  # no effect, no context
    clauses = _line_clauses(instr, body_offset, folded_instr, src.aliases, src.own)
    documents = [d for c in clauses for d in c.documents]
    announces = follows is not None or instr.rstrip().endswith(":")
    return _Instruction(line, instr, clauses, documents, block_text, announces)


def _block_after(src: _Source, offset: int, end: int) -> str:
    """The quoted block after the line at `offset` that ends at `end`, if only blanks come
    between them (searched in place: the next block may be megabytes away); else ""."""
    bstart = bisect.bisect_left(src.block_starts, offset)
    if bstart == len(src.blocks):
        return ""
    b0, b1 = src.blocks[bstart]
    if b0 <= end or _NON_SPACE.search(src.text, end, b0) is None:
        return _strip_quotes(src.text[b0:b1])
    return ""


def _without_glued_text(instr: str) -> str:
    """`instr` without a pháp điển cross-reference or code heading glued to it."""
    related = instr.find(_RELATED)
    if related >= 0:
        instr = instr[:related]
    glued = _GLUED_CODE_HEADING.search(instr, 1) if "Điều " in instr else None
    if glued:
        instr = instr[: glued.start()]
    return instr


def _apply(src: _Source, walk: _Walk, ins: _Instruction) -> list[Effect]:
    """The instruction's effects; an instruction that only names a document or opens a group
    sets the context of the lines after it instead."""
    docs = ins.documents
    if ins.line.code_title:
        # A pháp điển article's title ("Điều 26.2.LQ.101. Sửa đổi, bổ sung một số điều của
        # Luật …") names what its source article amends: context, never an effect itself.
        if docs:
            walk.context_doc = docs[0]
        return []
    if not any(c.paths for c in ins.clauses):
        return _document_effects(src, walk, ins)
    if ins.announces and not ins.block_text and _next_is_instruction(src.text, ins.line.end):
        paths = [p for c in ins.clauses for p in c.paths]
        walk.group_article = paths[-1] if paths else None
        walk.group_label_kind = ins.line.label_kind
        if docs:
            walk.context_doc = docs[0]
        return []
    _complete(ins.clauses, walk.group_article)
    return _provision_effects(src, docs[0] if docs else walk.context_doc, ins)


def _document_effects(src: _Source, walk: _Walk, ins: _Instruction) -> list[Effect]:
    """A document-level statement: a whole-document operation, or context."""
    docs, instr = ins.documents, ins.instr
    ops = [c.op for c in ins.clauses if c.op]
    if docs and not _SOME.search(instr) and ops:
        op = ops[0]
        if op is Op.REPLACE_DOCUMENT or (op is Op.AMEND and _REPLACES_DOC.search(instr)):
            op = Op.REPLACE_DOCUMENT
        if op in (Op.REPLACE_DOCUMENT, Op.REPEAL, Op.EXPIRE, Op.SUSPEND):
            stated = ins.clauses[0].effective
            return [_line_effect(src, ins, op, d, "", stated) for d in docs]
    if docs:
        walk.context_doc = docs[0]
    return []


def _provision_effects(src: _Source, target_doc: str, ins: _Instruction) -> list[Effect]:
    """An effect per target provision of each clause with an operation; amended and inserted
    provisions take their share of the quoted block, in order."""
    shares: list[tuple[Path, bool]] = [
        (p, p.heading and c.op is Op.AMEND)
        for c in ins.clauses
        if c.op in (Op.AMEND, Op.INSERT)
        for p in c.paths
    ]
    texts = _split_block(ins.block_text, shares) if ins.block_text else [""] * len(shares)
    share_i = 0
    effects: list[Effect] = []
    for c in ins.clauses:
        if c.op is None:
            continue
        doc_for = c.documents[0] if c.documents else target_doc
        for p in c.paths:
            op = c.op
            new_text, anchor, partial = c.new_text, "", False
            if op in (Op.AMEND, Op.INSERT):
                new_text = texts[share_i] if share_i < len(texts) else ""
                share_i += 1
                if op is Op.AMEND and p.heading:
                    op = Op.RENAME
                if op is Op.INSERT and c.anchor is not None:
                    anchor = (BEFORE if c.before else "") + c.anchor.unit_id()
            elif op is Op.REPLACE_PHRASE:
                anchor, partial = c.phrase_anchor, True
            e = _line_effect(src, ins, op, doc_for, p.unit_id(), c.effective)
            e.new_text, e.old_text, e.anchor, e.partial = new_text, c.old_text, anchor, partial
            effects.append(e)
    return effects


def _line_effect(
    src: _Source, ins: _Instruction, op: Op, target: str, unit: str, stated: date | None
) -> Effect:
    return _effect(
        op,
        target,
        unit,
        src.own,
        src.index,
        ins.line.body_offset,
        ins.instr,
        src.commencement,
        stated,
    )


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
