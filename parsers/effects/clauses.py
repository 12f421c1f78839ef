"""Reading an instruction's clauses: the split at ";", the operation of each (its first verb),
the provisions it names, and whether a clause is an instruction at all (imperative or passive
form) rather than prose that uses the verbs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from parsers import plain, wording
from parsers.citations import (
    NUMBER_RE,
    Path,
    iter_chains,
    parse_chain,
)
from parsers.effects.patterns import (
    _AMEND,
    _EXPIRE,
    _INSERT,
    _INTO,
    _INTO_END,
    _PHRASE_INSERT,
    _PHRASE_REMOVE,
    _PHRASE_REPLACE,
    _RENAME,
    _REPEAL,
    _REPLACES_DOC,
    _SUSPEND,
    BEFORE,
    _Clause,
    _has_verb,
)
from parsers.model import Op
from parsers.normalize import fold

_CLAUSE_MARKS = re.compile("[“”;]")


def _split_clauses(s: str) -> Iterator[tuple[str, int]]:
    """The clauses of `s` at ";" outside quotes, with their offsets (only the marks are visited)."""
    if ";" not in s:
        yield s, 0
        return
    depth = 0
    start = 0
    for m in _CLAUSE_MARKS.finditer(s):
        ch = m.group()
        if ch == "“":
            depth += 1
        elif ch == "”":
            depth = max(0, depth - 1)
        elif depth == 0:
            i = m.start()
            yield s[start:i], start
            start = i + 1
    yield s[start:], start


def _paths_in(s: str, offset: int) -> list[Path]:
    paths: list[Path] = []
    for m in iter_chains(s):
        paths.extend(parse_chain(m.group(), offset + m.start()))
    return paths


def _phrase_paths(body: str, m: re.Match[str], offset: int) -> list[Path]:
    """Where a phrase changes: the provisions after it ("… tại khoản 2 Điều 7"), or else those
    before it ("Tại khoản 2 Điều 7, bỏ cụm từ …")."""
    paths = _paths_in(body[m.end() :], offset + m.end())
    return paths or _paths_in(body[: m.start()], offset)


# The leftmost of _AMEND, _INSERT, _REPEAL; at one offset the first alternative wins, as in a
# search of each in that order.
_FIRST_VERB = re.compile(
    rf"(?P<amend>{_AMEND.pattern})|(?P<insert>{_INSERT.pattern})|(?P<repeal>{_REPEAL.pattern})"
)
_FIRST_VERB_OP = {"amend": Op.AMEND, "insert": Op.INSERT, "repeal": Op.REPEAL}
# The folded words without which _FIRST_VERB and _SUSPEND cannot match (see _parse_clause);
# the commonest first, for the search that stops at one.
_FIRST_VERB_WORDS = wording.folded(wording.FIRST_VERBS)
_SUSPEND_WORDS = wording.folded(wording.SUSPEND_VERBS)
# The folded provision keywords, one of which every chain (CHAIN_RE) holds.
_CHAIN_WORDS = ("dieu", "khoan", "diem", "tiet", "chuong", "muc", "phu luc")


def _first_verb(body: str, folded: str | None = None) -> Op | None:
    """The operation whose verb comes first: "Bãi bỏ Điều 2 Nghị định số … sửa đổi, bổ sung …"
    repeals (the later verbs are in the cited document's title); "Sửa đổi, bổ sung …" amends.

    `folded`: ``fold(body)`` when it is plain (see _parse_clause); then the pattern is tried only
    where its folded words occur, in order, instead of at every offset.
    """
    if folded is None:
        m = _FIRST_VERB.search(body)
    else:
        m = None
        for w in _FIRST_VERB_WORDS:
            p = folded.find(w)
            while p >= 0 and (m is None or p < m.start()):
                found = _FIRST_VERB.match(body, p)
                if found is not None:
                    m = found
                    break
                p = folded.find(w, p + 1)
    return _FIRST_VERB_OP[m.lastgroup] if m is not None and m.lastgroup else None


def _plain(body: str, folded: str) -> bool:
    """Whether `folded` (``fold(body)``) allows the folded-word shortcuts (see _parse_clause)."""
    return (
        len(folded) == len(body)
        and "\u0131" not in body
        and "\u017f" not in body
        and "\u212a" not in body
    )  # (_CASEFOLD_ODD spelled out: three C-level tests, no iterator)


def _has_first_verb_fast(body: str, folded: str) -> bool:
    """``_first_verb(body) is not None`` (`folded`: ``fold(body)``): any match of a verb will
    do, so the search stops at the first folded word where the pattern matches."""
    if not _plain(body, folded):
        return _FIRST_VERB.search(body) is not None
    for w in _FIRST_VERB_WORDS:
        p = folded.find(w)
        while p >= 0:
            if _FIRST_VERB.match(body, p) is not None:
                return True
            p = folded.find(w, p + 1)
    return False


def _has_first_verb_plain(body: str, folded: str) -> bool:
    """The plain form of `_has_first_verb_fast`: one search of the whole body."""
    return _FIRST_VERB.search(body) is not None


# Fast path: the pattern is tried only where one of its folded words starts, instead of at every
# offset of the body.
_has_first_verb = plain.choose(_has_first_verb_fast, _has_first_verb_plain)


def _parse_clause(
    s: str, offset: int, prev: _Clause | None, folded: str | None = None, locate: bool = True
) -> _Clause:
    """One clause of an instruction: its operation and cited provisions.

    `folded` is ``fold(s)`` when the caller has it. Without `locate` only the operation (and
    phrases) are read, not the provisions: enough to tell whether the clause is an instruction.
    """
    body = s
    clause = _Clause(op=None, paths=[], text=s, start=offset)
    # The phrase patterns all need a quotation mark: without one, skip their (slow) searches.
    quoted = "“" in body or '"' in body
    m = _PHRASE_REPLACE.search(body) if quoted else None
    if m:
        clause.op = Op.REPLACE_PHRASE
        clause.old_text, clause.new_text = m.group("a").strip(), m.group("b").strip()
        if locate:
            clause.paths = _phrase_paths(body, m, offset)
        return clause
    m = _PHRASE_INSERT.search(body) if quoted else None
    if m:
        clause.op = Op.REPLACE_PHRASE
        clause.new_text = m.group("b").strip()
        clause.phrase_anchor = (m.group("a") or "").strip()
        if clause.phrase_anchor and m.group("where") == "trước":
            clause.phrase_anchor = BEFORE + clause.phrase_anchor
        if locate:
            clause.paths = _phrase_paths(body, m, offset)
        return clause
    m = _PHRASE_REMOVE.search(body) if quoted else None
    if m:
        clause.op = Op.REPLACE_PHRASE
        clause.old_text = m.group("a").strip()
        if locate:
            clause.paths = _phrase_paths(body, m, offset)
        return clause
    if folded is None:
        folded = fold(body)
    # `folded` has the offsets of `body` (no combining marks) and no character that the
    # case-insensitive verb patterns match but folding does not equate: a verb pattern can then
    # match only where its folded words occur, so a substring test can stand in for the search.
    plain = _plain(body, folded)
    cited: re.Match[str] | None = None
    continues = False
    if prev is not None and prev.op is not None:
        # In a clause that may continue the previous one, verbs after the first cited document
        # are its title ("… Thông tư số 02/2017/TT-BKHCN … sửa đổi, bổ sung một số điều của …"),
        # and "được sửa đổi, bổ sung bởi …" cites an earlier amendment: neither is a verb here.
        cited = NUMBER_RE.search(body)
        if cited is None:
            head = folded
        elif plain:
            head = folded[: cited.start()]
        else:
            head = fold(body[: cited.start()])
        continues = not _has_verb(_AS_AMENDED.sub("", head))
    if continues and prev is not None and prev.op is not None:
        # No verb of its own: continues the previous clause ("…; điểm e khoản 1 Điều 66").
        clause.op = prev.op
        clause.old_text, clause.new_text = prev.old_text, prev.new_text
        clause.phrase_anchor = prev.phrase_anchor
        if prev.op is Op.REPLACE_PHRASE and _INTO_END.match(body.strip()):
            clause.phrase_anchor = ""
        # Provisions named after the cited document are in its title ("… bổ sung … vào Danh
        # mục 1 …"), not continued targets.
        if locate:
            clause.paths = _paths_in(body[: cited.start()] if cited else body, offset)
        return clause
    if (not plain or "sua doi" in folded) and _RENAME.search(body):
        clause.op = Op.AMEND
        if locate:
            clause.paths = _paths_in(body, offset)
        return clause
    first = _first_verb(body, folded) if plain else _first_verb(body)
    if (not plain or _may_have(folded, _SUSPEND_WORDS)) and _SUSPEND.search(body):
        clause.op = Op.SUSPEND
    # (_EXPIRE and _REPLACES_DOC are case-sensitive: their folded words occur in any match.)
    elif "het hieu luc" in folded and _EXPIRE.search(body):
        clause.op = Op.EXPIRE
    elif first is Op.INSERT:
        clause.op = Op.INSERT
        if not locate:
            return clause
        into = _INTO.search(body)
        if into:
            clause.paths = _paths_in(body[: into.start()], offset)
            after = _paths_in(body[into.end() :], offset + into.end())
            if into.group("where") in ("sau", "trước") and after:
                clause.anchor = after[0]
                clause.before = into.group("where") == "trước"
                if len(after) > 1:
                    clause.parent = after[-1]
            elif after:
                clause.parent = after[0]
            return clause
    elif first is not None:
        clause.op = first
    elif "thay the" in folded and _REPLACES_DOC.search(body):
        clause.op = Op.REPLACE_DOCUMENT
    if locate:
        clause.paths = _paths_in(body, offset)
    return clause


def _may_have(folded: str, words: tuple[str, ...]) -> bool:
    return any(w in folded for w in words)


# An amending instruction has one of two forms (folded text, after the item's label):
# imperative, the verb first ("Sửa đổi khoản 2 …", "Bãi bỏ Điều 5", "Thay thế cụm từ …", "Tại
# khoản 2, bổ sung …"), or passive/stative with the changed provision or document as subject
# ("Khoản 2 Điều 5 được sửa đổi …", "Nghị định số 58/2019/NĐ-CP … hết hiệu lực", "Nghị định này
# thay thế …"). Prose that merely uses the verbs ("Bộ trưởng … ban hành, sửa đổi, bổ sung Danh
# mục", "Quyết định … bị hủy bỏ khi … theo quy định tại khoản 4 Điều này") has neither form.
# Both patterns first pass the sentence's leading blanks and emphasis marks (" *_"), which no
# form starts with, so they are matched in place in the folded clause.
_IMPERATIVE = re.compile(
    r"[ *_]*(?:(?:va|dong thoi|đong thoi)[ ,]+)?(?:tai [^,]{1,200},[ ]*)?"
    rf"(?:{wording.IMPERATIVE_VERBS})\b"
)
_SUBJECT = re.compile(
    r"[ *_]*(?:cac |toan bo |mot so )?(?:dieu|khoan|diem|tiet|chuong|muc|phan|phu luc|bo luat|luat|"
    r"nghi dinh|nghi quyet|thong tu|quyet dinh|phap lenh|chi thi|van ban|cum tu|tu|tieu de|ten|tai)"
    r"\b"
)
_PASSIVE = re.compile(
    rf"\b(?:duoc|bi)[ ](?:{wording.PASSIVE_VERBS})\b"
    r"|\bhet hieu luc|\bngung hieu luc|\bthay the\b"
    rf"|\bnay (?:{wording.THIS_DOCUMENT_VERBS})\b"
)


# A sentence break: the blanks after "." or ":" before a capital. The break is group 1; starting
# the match at the mark (not behind it) lets the engine skip to the marks instead of trying the
# lookbehind at every offset.
_SENTENCE = re.compile(r"[.:]([ ]+)(?=[A-ZĐ])")
# "… được sửa đổi, bổ sung tại/theo/bởi …" describes an earlier amendment ("as amended by"): a
# citation, not an instruction.
_AS_AMENDED = re.compile(
    rf"\b(?:da[ ])?(?:duoc|bi)[ ](?:{wording.AS_AMENDED_VERBS})(?:,? (?:va )?(?:bo sung|sua doi))?"
    r"(?:[ ]mot so dieu)?[ ](?:tai|theo|boi)\b"
)


def _instruction_form(part: str, folded_part: str | None = None) -> bool:
    """Whether a clause reads as an amending instruction (see _IMPERATIVE), not prose.

    Any of its sentences may carry the instruction ("Nghị định này có hiệu lực … . Bãi bỏ Nghị
    định số …"). `folded_part`: ``fold(part)`` with the offsets of `part`, if the caller has it.
    """
    spans = ((0, len(part)),) if _one_sentence(part) else _sentence_spans(part)
    for start, end in spans:
        if folded_part is None:
            folded = fold(part[start:end])
            start, end = 0, len(folded)
        else:
            folded = folded_part
        if _IMPERATIVE.match(folded, start, end):
            return True
        if _SUBJECT.match(folded, start, end) is not None:
            sentence = folded[start:end].lstrip(" *_")
            if "duoc" in sentence or "bi " in sentence:
                sentence = _AS_AMENDED.sub("", sentence)
            if _PASSIVE.search(sentence) is not None:
                return True
    return False


def _one_sentence(part: str) -> bool:
    """Whether `part` has no sentence break: no full stop or colon before a blank."""
    # (A one-character search is a memchr; a search for the pair reads the whole part.)
    return ("." not in part or ". " not in part) and (":" not in part or ": " not in part)


def _sentence_spans(part: str) -> Iterator[tuple[int, int]]:
    """Spans of ``re.split(r"(?<=[.:])[ ]+(?=[A-ZĐ])", part)``: the sentences."""
    start = 0
    for m in _SENTENCE.finditer(part):
        yield start, m.start(1)
        start = m.end()
    yield start, len(part)


def _complete(clauses: list[_Clause], context: Path | None) -> None:
    """Give every path the article (and khoản) it lacks, from its clause, the instruction, context."""
    articles = [
        next((p for p in [*c.paths, c.parent, c.anchor] if p is not None and p.dieu), None)
        for c in clauses
    ]
    for i, c in enumerate(clauses):
        ctx: Path | None = c.parent
        if ctx is None or not ctx.dieu:
            ahead = next((a for a in articles[i:] if a is not None), None)
            behind = next((a for a in reversed(articles[:i]) if a is not None), None)
            art = ahead or behind or context
            if art is not None:
                base = Path(dieu=art.dieu)
                ctx = base if ctx is None else ctx.within(base)
        if ctx is None:
            continue
        c.paths = [p if p.chuong or p.phu_luc else p.within(ctx) for p in c.paths]
        if c.anchor is not None:
            c.anchor = c.anchor.within(ctx)
        if c.parent is not None:
            c.parent = c.parent.within(ctx)
            c.paths = [p.within(c.parent) for p in c.paths]
