"""Amendment effects: what an amending text does to other texts, one effect per operation.

The finder reads the cleaned text line by line. Quoted blocks (the new text of an amended unit,
“…”) are set aside first: they belong to the instruction before them and never contain
instructions of their own. Each remaining line with an amendment verb is split into clauses at
";" (outside quotes), and each clause yields one effect per cited provision: "Bổ sung khoản 1a vào
sau khoản 1; sửa đổi, bổ sung khoản 3 và khoản 4 Điều 4" gives an insert and two amends, the article
named at the end applying to every clause. Lines that only announce a group ("Sửa đổi, bổ sung một
số điểm, khoản của Điều 12 như sau:") set the context for the instructions under them; lines that
name a document ("Sửa đổi, bổ sung một số điều của Nghị định số 75/2021/NĐ-CP") set the target
document until another such line, which is how omnibus texts switch target.

Source notes (pháp điển, VBHN footnotes) are parsed in :mod:`parsers.notes` and added here.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from parsers import notes as notes_mod
from parsers import wording
from parsers.citations import (
    _ALIAS_RE,
    DOC_TYPES,
    NAMED_DOCUMENT_RE,
    NUMBER_RE,
    Path,
    document_from_match,
    document_key,
    iter_chains,
    iter_references,
    parse_chain,
    resolve_alias,
)
from parsers.dates import parse_date
from parsers.literal_scan import LiteralScan
from parsers.model import Document, Effect, Op, Unit, units_by_start
from parsers.normalize import fold, fold_aligned, normalize_number
from parsers.quoted_blocks import (
    _AS_FOLLOWS,
    _LINE_LABEL,
    OPEN_QUOTES,
    _line_end,
    _line_starts_holding,
    quoted_blocks,
)
from parsers.text_context import context_of

# "Điều 5.", "Điều 8a.", and pháp điển codes "Điều 26.2.LQ.101." (the whole code is the label).
_ARTICLE_HEADING = re.compile(
    r"^(?:\*\*)?Điều[ ]+(?P<n>\d+[a-zđ]?(?:\.[0-9A-Za-zĐđ]+)*)(?:\*\*)?\."
)
# A pháp điển article heading glued to the end of the previous line ("… tại Việt Nam.Điều
# 24.4.LQ.38. Hủy bỏ …"): another article's title, never part of the line's instruction.
_GLUED_CODE_HEADING = re.compile(r"Điều[ ]\d+\.\d+\.[A-ZĐ]{1,4}\.\d")
# Where a line that may be an article heading starts: after its newline, blanks (str.strip's
# whitespace) and "**".
_HEADING_START = re.compile(r"\n[^\S\n]*(?:\*\*)?Điều")
_NON_SPACE = re.compile(r"\S")
# The date an instruction states ("(kể) từ ngày 01/7/2031"): "kể " before it never changes the
# date read, and without it the pattern has a literal prefix the engine skips to.
_FROM_DATE = re.compile(r"từ[ ]ngày[ ]([^,;)]{6,30})")
_VERB_WORDS = wording.INSTRUCTION_WORDS
_VERBS = re.compile("|".join(_VERB_WORDS))
_has_verb = wording.has_instruction_verb
_RELATED = "(Điều này có nội dung liên quan"
# Effect.anchor convention: an insertion that goes *before* its anchor ("Bổ sung Điều 8a vào
# trước Điều 9", "Bổ sung cụm từ “X” vào trước cụm từ “Y”") has the anchor prefixed with this;
# a bare anchor means "after" (the usual "vào sau"). It survives the registry's effect table.
BEFORE = "before:"

_Q = r"[“\"]"
_QE = r"[”\"]"
_PHRASE_REPLACE = re.compile(
    rf"(?i:thay(?:[ ]thế)?)[ ](?:(?i:các)[ ])?(?i:cụm[ ]từ|từ[ ]ngữ|từ|cụm)[ ]?{_Q}(?P<a>[^”\"]*?)(?:{_QE}[ ]?|[ ])"
    rf"(?i:bằng)[ ](?:(?i:cụm[ ]từ|từ[ ]ngữ|từ)[ ]?)?{_Q}(?P<b>[^”\"]*){_QE}"
)
_PHRASE_REMOVE = re.compile(
    rf"(?i:{wording.spaced(wording.REPEAL)}|bỏ)[ ](?:(?i:cụm[ ]từ|từ[ ]ngữ|từ)[ ]?){_Q}(?P<a>[^”\"]*){_QE}"
)
_PHRASE_INSERT = re.compile(
    rf"(?i:{wording.spaced(wording.INSERT)})[ ](?:(?i:cụm[ ]từ|từ[ ]ngữ|từ)[ ]?){_Q}(?P<b>[^”\"]*){_QE}"
    rf"(?:[ ]vào[ ](?P<where>sau|trước)[ ](?:(?i:cụm[ ]từ|từ[ ]ngữ|từ)[ ]?){_Q}(?P<a>[^”\"]*){_QE}"
    rf"|[ ]vào[ ](?P<end>cuối))?"
)
_INTO_END = re.compile(r"^(?:vào[ ])?cuối\b")
_INTO = re.compile(r"\bvào[ ](?P<where>sau|trước|cuối)?[ ]?")
_EXPIRE = re.compile(wording.spaced(wording.EXPIRE))
_REPLACES_DOC = re.compile(rf"\b{wording.spaced(wording.REPLACE)}(?:[ ]cho)?[ ]")


def _verbs_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any of `words`, in any case, each blank a one-space class."""
    return re.compile("(?i:" + wording.alternation(tuple(map(wording.spaced, words))) + ")")


_SUSPEND = _verbs_pattern(wording.SUSPEND_VERBS)
_REPEAL = _verbs_pattern(wording.REPEAL_VERBS)
_INSERT = _verbs_pattern(wording.INSERT_VERBS)
_AMEND = _verbs_pattern(wording.AMEND_VERBS)
_RENAME = re.compile(
    rf"(?i:{wording.spaced(wording.AMEND)})(?:,[ ]{wording.spaced(wording.INSERT)})?[ ]"
    r"(?:(?i:tên)|(?i:tiêu[ ]đề))\b"
)
_SOME = re.compile(r"(?i:một[ ]số|các[ ]quy[ ]định|toàn[ ]bộ[ ]các)")


@dataclass(slots=True)
class _Clause:
    op: Op | None
    paths: list[Path]
    anchor: Path | None = None
    parent: Path | None = None
    old_text: str = ""
    new_text: str = ""
    phrase_anchor: str = ""
    # The insertion goes before `anchor` ("vào trước"), not after it.
    before: bool = False
    documents: list[str] = field(default_factory=list)
    text: str = ""
    start: int = 0
    effective: date | None = None


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


def _documents_in(
    s: str, aliases: dict[str, str], own: str, aligned: str | None = None
) -> list[str]:
    """Numbers of the documents `s` cites (`aligned`: ``fold(s)`` if the caller has it and it
    keeps the offsets of `s`)."""
    if aligned is not None and "/" not in s:
        if not _may_name_type(s, aligned):
            return []  # a document is cited by its type or by a number with "/"
        if "-" not in s:
            # Without a number ("/" or "-"), only by a name that an alias resolves.
            stems = _alias_stems(tuple(aliases))
            if stems is not None and not any(stem in aligned for stem in stems):
                return []
    docs: list[str] = []
    for m in iter_references(s, aligned):
        cited = document_from_match(m)
        if cited is None:
            continue
        number = cited.number
        if cited.is_self:
            continue
        if not number and cited.name:
            number = resolve_alias(aliases, cited.doc_type, cited.name)
        if number and number != own and number not in docs:
            docs.append(number)
    if not docs and aliases:
        for m in _type_matches(NAMED_DOCUMENT_RE, s, aligned):
            number = resolve_alias(aliases, m.group("t"), m.group("n"))
            if number and number != own and number not in docs:
                docs.append(number)
    return docs


@lru_cache(maxsize=8)
def _alias_stems(keys: tuple[str, ...]) -> tuple[str, ...] | None:
    """What the fold of a cited type and name holds if resolve_alias takes it to one of these
    alias keys; None when a key starts with no document type.

    The cited key (type, then one word of name at least) and the alias key are equal or one
    begins the other, so both begin with the alias key's words up to its shortest document type
    and one more: that stem is in the cited text's fold.
    """
    stems = []
    for key in keys:
        words = key.split()
        types = [n for n in _TYPE_WORD_COUNTS if " ".join(words[:n]) in _FOLDED_TYPES]
        if not types:
            return None
        stems.append(" ".join(words[: types[0] + 1]))
    return tuple(stems)


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
# Characters that case-insensitive patterns equate with an ASCII letter that `fold` leaves alone
# (dotless i, long s, Kelvin sign): a text holding one gets no folded-text shortcut.
_CASEFOLD_ODD = ("\u0131", "\u017f", "\u212a")


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


def _has_first_verb(body: str, folded: str) -> bool:
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


_TERMINAL_MARKS = ".;:!?"


def _strip_quotes(block: str) -> str:
    """The quoted new text without its quotation marks, ended by the mark that closes it.

    Drafters often put a quoted unit's final full stop or semicolon after the closing quote
    (``“c) … lấy mẫu”.``): that mark is the text's own end when the quoted text has none, so it
    is kept (``c) … lấy mẫu.``), the way a văn bản hợp nhất prints it. A mark after a quote that
    already ends the text (``…mẫu.”;``) closes only the instruction and is dropped.
    """
    s = block.strip()
    if s[:1] in OPEN_QUOTES:
        s = s[1:]
    s = s.rstrip()
    after = ""
    while s and s[-1] in ".;,":
        after = s[-1] + after
        s = s[:-1].rstrip()
    if s[-1:] in ("”", '"'):
        s = s[:-1].rstrip()
        if s and s[-1] not in _TERMINAL_MARKS and after[:1] in (".", ";"):
            s += after[0]
    else:
        s += after  # no closing quote: nothing to tell apart, the text ends as written
    return s.strip()


def _label_re(path: Path, rename: bool) -> re.Pattern[str]:
    if rename or path.bottom() == "dieu":
        return re.compile(rf"^(?:\*\*)?Điều[ ]+{re.escape(path.dieu)}\.[ ]?", re.MULTILINE)
    if path.bottom() == "khoan":
        return re.compile(rf"^{re.escape(path.khoan)}\.[ ]", re.MULTILINE)
    if path.bottom() == "diem":
        return re.compile(rf"^{re.escape(path.diem)}\)[ ]", re.MULTILINE)
    return re.compile(r"(?!x)x")


def _split_block(block: str, targets: list[tuple[Path, bool]]) -> list[str]:
    """The new text of each target, cut from one quoted block by the targets' labels."""
    if len(targets) <= 1:
        return [block] * len(targets)
    starts: list[int] = []
    pos = 0
    for path, rename in targets:
        m = _label_re(path, rename).search(block, pos)
        if not m:
            return [block] * len(targets)
        starts.append(m.start())
        pos = m.start() + 1
    out: list[str] = []
    for n, (path, rename) in enumerate(targets):
        seg_end = starts[n + 1] if n + 1 < len(starts) else len(block)
        seg = block[starts[n] : seg_end].strip()
        if rename:
            first = seg.split("\n", 1)[0]
            seg = _label_re(path, True).sub("", first, count=1).strip()
        out.append(seg)
    return out


class _UnitIndex:
    """Innermost unit at an offset, by bisection over unit starts (sorted on first use: many
    texts never ask)."""

    def __init__(self, units: list[Unit]) -> None:
        self._given = units
        self.units: list[Unit] = []
        self.starts: list[int] = []
        self._ready = False

    def at(self, pos: int) -> Unit | None:
        if not self._ready:
            self.units = units_by_start(self._given)
            self.starts = [u.start for u in self.units]
            self._ready = True
        i = bisect.bisect_right(self.starts, pos) - 1
        steps = 0
        while i >= 0 and steps < 500:
            u = self.units[i]
            if u.start <= pos < max(u.end, u.start + 1):
                return u
            i -= 1
            steps += 1
        return None


# The folded document types, less those another one begins ("nghi quyet" begins "nghi quyet
# lien tich"): a document type (case-insensitive) can only start where one of these does.
_FOLDED_TYPES = {fold(t) for t in DOC_TYPES}
_TYPE_WORD_COUNTS = sorted({len(t.split()) for t in _FOLDED_TYPES})
_TYPE_STARTS = tuple(
    sorted(t for t in _FOLDED_TYPES if not any(t != u and t.startswith(u) for u in _FOLDED_TYPES))
)


def _literal_starts(s: str, words: tuple[str, ...]) -> set[int]:
    """Where the words occur in `s`: ``re.finditer(re.escape(w), s)`` starts, by str.find."""
    found: set[int] = set()
    for w in words:
        p = s.find(w)
        while p >= 0:
            found.add(p)
            p = s.find(w, p + len(w))
    return found


def _may_name_type(s: str, aligned: str) -> bool:
    """False only when no document type can match in `s` (`aligned`: ``fold_aligned(s)``)."""
    return any(t in aligned for t in _TYPE_STARTS) or any(c in s for c in _CASEFOLD_ODD)


def _type_matches(
    rx: re.Pattern[str], s: str, folded: str | None = None
) -> Iterator[re.Match[str]]:
    """``rx.finditer(s)`` for a pattern whose every match starts with a document type
    (case-insensitive), tried only where one starts.

    `folded` is ``fold_aligned(s)``, or a longer text that it begins, if the caller has it. In
    the folded text a type starts at one of _TYPE_STARTS; trying those offsets in order, each from
    the end of the previous match, finds exactly the matches of a scan over every offset.
    """
    if any(map(s.__contains__, _CASEFOLD_ODD)):
        yield from rx.finditer(s)
        return
    folded = fold_aligned(s) if folded is None else folded[: len(s)]
    pos = 0
    for p in sorted(_literal_starts(folded, _TYPE_STARTS)):
        if p < pos:
            continue
        m = rx.match(s, p)
        if m is not None:
            pos = m.end()
            yield m


def _document_aliases(head: str, folded_text: str | None) -> dict[str, str]:
    """``document_aliases(head)``, its pattern tried only where a document type starts
    (`folded_text`: the folded text that `head` begins, None when not offset-aligned)."""
    out: dict[str, str] = {}
    for m in _type_matches(_ALIAS_RE, head, folded_text):
        if m.group("t"):
            t, n, num = m.group("t"), m.group("n"), m.group("num")
        else:
            t, n, num = m.group("t2"), m.group("n2"), m.group("num2")
        out.setdefault(document_key(t, n), normalize_number(num))
    return out


_TITLE_VERB = re.compile("(?i:" + wording.alternation(wording.TITLE_VERBS) + ")")


def _default_target(doc: Document, aliases: dict[str, str], own: str) -> str:
    head = doc.metadata.title or "\n".join(
        line
        for line in doc.text[:4000].split("\n")
        if not fold(line.strip(" *_")).startswith(("can cu", "#"))
        and not _ARTICLE_HEADING.match(line)
    )
    m = _TITLE_VERB.search(head)
    if m:
        found = _documents_in(head[m.start() :], aliases, own)
        if not found:
            found = _documents_in(_title_case(head[m.start() :]), aliases, own)
        if found:
            return found[0]
    return ""


def _title_case(s: str) -> str:
    """Upper-case titles ("CỦA LUẬT ĐIỆN LỰC") read as running text for document lookup."""
    words = s.split()
    out = []
    for w in words:
        out.append(w if any(c.isdigit() for c in w) else w.lower())
    text = " ".join(out)
    for t in ("luật", "nghị định", "thông tư", "quyết định", "nghị quyết", "pháp lệnh", "bộ luật"):
        text = text.replace(t + " ", t[0].upper() + t[1:] + " ")
    return text


# The verb words for the literal scan (see wording.VERB_LITERALS).
_DINH = wording.DINH
_DINH_CHI = wording.DINH_CHI_LITERALS
VERB_LITERALS = wording.VERB_LITERALS


def _verb_line_starts(folded: str, scan: LiteralScan | None = None) -> set[int]:
    """Starts of the lines whose folded text holds an amendment verb (_VERBS), exactly.

    One substring search per verb word, instead of the alternation tried at every offset; or,
    for a long text, the words from the literal scan of `folded` (`scan`).
    """
    if scan is None:
        return _line_starts_holding(folded, _VERB_WORDS)
    lines = scan.line_starts(VERB_LITERALS[: -len(_DINH_CHI)])
    for literal in _DINH_CHI:
        for p in scan.starts(literal).tolist():
            if p >= len(_DINH) and folded.startswith(_DINH, p - len(_DINH)):
                lines.add(folded.rfind("\n", 0, p) + 1)
    return lines


_COMBINING_MARK = re.compile("[\u0300-\u036f]")


def _mark_line_starts(text: str) -> set[int]:
    """Starts of the lines holding a combining mark (those that `fold` shortens)."""
    return {text.rfind("\n", 0, m.start()) + 1 for m in _COMBINING_MARK.finditer(text)}


def _heading_candidates(text: str, lo: int, hi: int) -> Iterator[int]:
    """Starts of the lines starting in [lo, hi) that may be article headings (`lo`, `hi`: line
    starts): no other line starts with "Điều" after blanks and "**"."""
    if lo == 0 and hi > 0:
        yield 0
    # A candidate's match lies on its line, which ends before `hi`.
    for m in _HEADING_START.finditer(text, max(lo - 1, 0), hi):
        yield m.start() + 1


def _is_heading(text: str, start: int) -> bool:
    return _ARTICLE_HEADING.match(text[start : _line_end(text, start)].strip()) is not None


def _heading_in(
    text: str, lo: int, hi: int, blocks: list[tuple[int, int]], block_starts: list[int]
) -> bool:
    """Whether an article heading line outside the quoted blocks starts in [lo, hi)."""
    for start in _heading_candidates(text, lo, hi):
        if _is_heading(text, start):
            b = bisect.bisect_right(block_starts, start) - 1
            if b < 0 or start >= blocks[b][1]:
                return True
    return False


def instruction_effects(doc: Document) -> list[Effect]:
    """Effects of the amending instructions in `doc` (not of its source notes)."""
    return _instruction_effects(doc, _UnitIndex(doc.units), _verb_lines(doc.text))


def _verb_lines(text: str) -> set[int]:
    """Starts of the lines of `text` whose aligned fold holds an amendment verb."""
    ctx = context_of(text)
    return _verb_line_starts(ctx.aligned, ctx.scan)


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


def note_effects(doc: Document) -> list[Effect]:
    """Effects recorded by pháp điển source notes and VBHN footnotes in `doc`."""
    return _note_effects(doc, _UnitIndex(doc.units), _verb_lines(doc.text))


def _note_effects(doc: Document, index: _UnitIndex, verb_lines: set[int]) -> list[Effect]:
    """The effects of the note lines, then of the units' notes found elsewhere, then of the
    footnotes.

    A note records a change only with an operation (notes.NOTE_OPS), whose words are amendment
    verbs: of the note lines only those among `verb_lines` are read. A unit's note standing on a
    note line is not read again. A unit's note without "bởi " records nothing, and parsed it
    would only hide a later note at the same place: it is not even found in the text unless a
    later note with "bởi " outside the note lines read asks where the earlier ones are.
    """
    text = doc.text
    effects: list[Effect] = []
    seen: set[int] = set()  # note lines read, and units' notes parsed
    for start, found in notes_mod.iter_note_line_effects(text, sorted(verb_lines)):
        seen.add(start)
        effects.extend(found)
    unplaced: list[tuple[Unit, str]] = []  # units' notes without "bởi ", not yet found
    quiet: dict[int, list[str]] = {}  # and where those found are
    for unit in doc.units:
        if not unit.note:
            continue
        note = unit.note.strip()
        if "bởi " not in note:
            unplaced.append((unit, note))
            continue
        pos = _note_at(text, unit, note)
        if pos in seen:
            continue
        for earlier, quiet_note in unplaced:
            quiet.setdefault(_note_at(text, earlier, quiet_note), []).append(quiet_note)
        unplaced.clear()
        if notes_mod.is_note_line(text, pos) or any(
            notes_mod.parse_note(q) is not None for q in quiet.get(pos, ())
        ):
            seen.add(pos)
            continue
        parsed = notes_mod.parse_note(note, pos)
        if parsed:
            seen.add(pos)
            effects.extend(notes_mod.note_effects(parsed))
    base = ""
    for fn in notes_mod.iter_footnotes(doc.text):
        base = base or notes_mod.consolidated_base(doc.text) or doc.metadata.number
        target = _footnote_target(doc, index, fn)
        effects.extend(notes_mod.note_effects(fn, target_document=base, target_unit=target or "?"))
    return effects


def _note_at(text: str, unit: Unit, note: str) -> int:
    """Where a unit's (stripped) note is in the text, -1 if not within the unit."""
    return text.find(note, unit.start, max(unit.end, unit.start + 1))


_KIND_OF = {
    "Điều": "dieu",
    "Khoản": "khoan",
    "Điểm": "diem",
    "Tiết": "tiet",
    "Chương": "chuong",
    "Mục": "muc",
    "Phụ lục": "phu_luc",
    "Phần": "phan",
}


def _footnote_target(doc: Document, index: _UnitIndex, fn: notes_mod.SourceNote) -> str:
    """Id of the unit that carries the footnote's marker ("1.[3] …" -> that khoản)."""
    marker = f"[{fn.footnote}]"
    pos = doc.text.find(marker)
    while pos >= 0 and pos == fn.start:
        pos = doc.text.find(marker, pos + 1)
    if pos < 0 or pos >= fn.start:
        pos = doc.text.rfind(marker, 0, fn.start)
    if pos < 0:
        return ""
    unit = index.at(pos)
    wanted = _KIND_OF.get(fn.footnote_kind, "")
    while unit is not None and wanted and unit.kind.value != wanted and unit.parent:
        unit = next((u for u in doc.units if u.id == unit.parent), None)
    return unit.id if unit else ""


def find_effects(doc: Document) -> list[Effect]:
    """Every effect in `doc`: its amending instructions, then its source notes."""
    index = _UnitIndex(doc.units)
    verb_lines = _verb_lines(doc.text)
    return _instruction_effects(doc, index, verb_lines) + _note_effects(doc, index, verb_lines)


__all__ = ["BEFORE", "find_effects", "instruction_effects", "note_effects", "quoted_blocks"]
_ = replace
