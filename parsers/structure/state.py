"""The structure parser's state and its stack: opening and closing units, their ids and text,
and the quotation state of amending instructions. The line readers are in
:mod:`parsers.structure.parser`."""

from __future__ import annotations

from parsers import plain
from parsers.model import ParseWarning, Unit, UnitKind
from parsers.normalize import fold
from parsers.numbering import (
    article_int,
    next_khoan_number,
    next_point_letter,
)
from parsers.structure.frames import (
    _INSTRUCTION_END,
    _NO_ITEMS,
    _article_id,
    _Frame,
    _new_object,
    _quote_delta,
)
from parsers.structure.patterns import (
    _AMEND,
    _CLOSING,
    _DIEM,
    _DIEM_K,
    _DIEU,
    _DIEU_K,
    _END_MARK,
    _KHOAN,
    _KHOAN_K,
    _OPEN_QUOTES,
    _PARAGRAPH_K,
    _PHU_LUC_K,
    _RANK,
    _REPEALED,
    _TABLE_K,
    _TIET_K,
)


class _ParserState:
    """The stack of open units, the units made so far, and the quotation state."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.units: list[Unit] = []
        self.warnings: list[ParseWarning] = []
        self.stack: list[_Frame] = []
        self.ids: set[str] = set()
        self.last_end = 0
        self.n_para = 0
        self.n_table_top = 0
        self.n_appendix = 0
        self.n_open_appendix = 0  # appendix units on the stack (most lines ask)
        # The open article and khoản: at most one of each is on the stack, the khoản above its
        # article (an article closes rank >= 4; a khoản opens only on top of an open article).
        self.art: _Frame | None = None
        self.khoan: _Frame | None = None
        self.last_article_int = -1
        self.last_article_key: tuple[int, int] = (-1, 0)
        self.expect_note: _Frame | None = None
        self.want_heading: _Frame | None = None
        # Quotation state: curly depth, straight-quote parity, the unit that owns it.
        self.q_depth = 0
        self.q_straight = False
        self.q_owner: _Frame | None = None
        self.q_article: _Frame | None = None
        self.q_khoan: _Frame | None = None
        self.q_start = -1
        self.q_articles = False
        self.code_doc = False
        self.prev_line = ""
        self.cur_start = 0
        self.opened_article = False
        # The line walk (`_Parser.run`): the text's lines, whether it has any "<", the lines of
        # an HTML table being read and where it starts, a pháp điển front-matter table being
        # skipped, and where the next of each quotation mark is (`_has_quote_mark_fast`).
        self.text_lines: list[str] = []
        self.html = False
        self.html_buf: list[str] | None = None
        self.html_start = 0
        self.skip_info = False
        self.q_at: list[int] = []
        self.q_next = 0

    # --- stack helpers ---------------------------------------------------------------------

    def _close_to(self, rank: int) -> None:
        """Close every open unit whose rank is >= rank."""
        stack = self.stack
        while stack and stack[-1].rank >= rank:
            self._finish(stack.pop())

    def _finish(self, fr: _Frame) -> None:
        """Close a popped frame: the unit's end and text, and whether it is a repealed placeholder
        ("1. (được bãi bỏ)"); the unit's text and repealed flag are set here only."""
        u = fr.unit
        kind = fr.kind
        end = self.last_end
        start = u.start
        u.end = end if end > start else start
        parts = fr.parts
        text = (parts[0] if len(parts) == 1 else "\n".join(parts)) if parts else ""
        if kind is _KHOAN_K or kind is _DIEM_K or kind is _TIET_K:
            if kind is _KHOAN_K:
                self.khoan = None
            if text:
                u.text = text
                if len(text) < 40 and _REPEALED.fullmatch(text):
                    u.repealed = True
            return  # never a heading or note awaited (below)
        if kind is _DIEU_K:
            self.art = None
            probe = text or u.heading
            if probe and len(probe) < 40 and _REPEALED.fullmatch(probe):
                u.repealed = True
        elif kind is _PHU_LUC_K:
            self.n_open_appendix -= 1
        elif kind is _TABLE_K:
            text = "\n".join(" | ".join(r) for r in u.rows)
        if text:
            u.text = text
        if self.want_heading is fr:
            self.want_heading = None
        if self.expect_note is fr:
            self.expect_note = None

    def _find(self, *kinds: UnitKind) -> _Frame | None:
        for fr in reversed(self.stack):
            if fr.kind in kinds:
                return fr
        return None

    def _unique(self, uid: str) -> str:
        if uid not in self.ids:
            self.ids.add(uid)
            return uid
        k = 2
        while f"{uid}_{k}" in self.ids:
            k += 1
        self.warnings.append(
            ParseWarning("duplicate_id", f"unit id {uid} repeats; kept as {uid}_{k}")
        )
        uid = f"{uid}_{k}"
        self.ids.add(uid)
        return uid

    # FAST PATH (plain form: `_open_plain`, chosen by parsers.plain): a unit and its frame are
    # built by `object.__new__` and slot stores (about half a class call, which enters a Python
    # `__init__` from C), units without rows or related lines share one empty list, and the
    # closing and the pushing are written out in place (a call less per unit). Saves ~0.05–0.1 s
    # of the ~0.35 s structure parse (CPU, real corpus; whole parse ~2 s).
    def _open_fast(
        self,
        kind: UnitKind,
        uid: str,
        start: int,
        number: str = "",
        heading: str = "",
        parent: _Frame | None = None,
        text: str = "",
        rank: int | None = None,
    ) -> _Frame:
        """Close the open units of the new unit's rank or deeper, then push it, with `text` (if
        any) as its first text line.

        The per-line callers pass everything positionally (cheaper) and leave the closing to this.
        """
        if rank is None:
            rank = _RANK[kind]
        stack = self.stack
        while stack and stack[-1].rank >= rank:  # `_close_to(rank)`, one call less per unit
            self._finish(stack.pop())
        ids = self.ids
        if uid in ids:
            uid = self._unique(uid)
        else:
            ids.add(uid)
        # `Unit(uid, kind, number, heading, "", parent id, start, start)`, every field stored
        # (tests/parsers/test_structure_fast_paths.py holds this to the dataclass).
        u = _new_object(Unit)
        u.id = uid
        u.kind = kind
        u.number = number
        u.heading = heading
        u.text = ""
        u.parent = parent.unit.id if parent else None
        u.start = start
        u.end = start
        u.repealed = False
        u.note = ""
        u.rows = [] if kind is _TABLE_K else _NO_ITEMS
        u.related = [] if kind is _DIEU_K else _NO_ITEMS
        fr = _new_object(_Frame)
        fr.unit = u
        fr.kind = kind
        fr.rank = rank
        fr.parts = [text] if text else []
        fr.last_khoan = None
        fr.last_point = None
        fr.n_tiet = 0
        fr.n_table = 0
        # What `_push` does.
        if kind is _KHOAN_K:
            self.khoan = fr
        elif kind is _DIEU_K:
            self.art = fr
        elif kind is _PHU_LUC_K:
            self.n_open_appendix += 1
        stack.append(fr)
        self.units.append(u)
        return fr

    def _open_plain(
        self,
        kind: UnitKind,
        uid: str,
        start: int,
        number: str = "",
        heading: str = "",
        parent: _Frame | None = None,
        text: str = "",
        rank: int | None = None,
    ) -> _Frame:
        if rank is None:
            rank = _RANK[kind]
        self._close_to(rank)
        parent_id = parent.unit.id if parent else None
        u = Unit(self._unique(uid), kind, number, heading, "", parent_id, start, start)
        fr = _Frame(u, rank, [text] if text else [])
        self._push(fr)
        return fr

    _open = plain.choose(_open_fast, _open_plain)

    def _push(self, fr: _Frame) -> None:
        """Put `fr` on the stack and its unit among the units; track the open article, khoản and
        appendices."""
        kind = fr.kind
        if kind is _KHOAN_K:
            self.khoan = fr
        elif kind is _DIEU_K:
            self.art = fr
        elif kind is _PHU_LUC_K:
            self.n_open_appendix += 1
        self.stack.append(fr)
        self.units.append(fr.unit)

    def _text(self, s: str) -> None:
        """Attach a text line to the innermost open unit, or make it a paragraph."""
        stack = self.stack
        if stack and stack[-1].kind is _TABLE_K:
            self._finish(stack.pop())
        if stack:
            stack[-1].parts.append(s)
        else:
            self.n_para += 1
            fr = self._open(_PARAGRAPH_K, f"p_{self.n_para}", self.cur_start)
            fr.parts.append(s)

    # --- quotations ------------------------------------------------------------------------

    def _quote_open(self) -> bool:
        return self.q_depth > 0 or self.q_straight

    def _update_quote(self, s: str) -> None:
        if '"' not in s and "“" not in s and "”" not in s:
            return
        d, odd = _quote_delta(s)
        if not d and not odd:
            return
        was_open = self._quote_open()
        if odd and (d > 0 or (d == 0 and self.q_depth > 0 and not self.q_straight)):
            # “…" : a straight quote closing a curly one
            d -= 1
            odd = False
        self.q_depth = max(0, self.q_depth + d)
        if odd:
            self.q_straight = not self.q_straight
        if self._quote_open() and not was_open:
            # Only an amending instruction ("… như sau:") quotes text over several lines; an
            # unbalanced quote in ordinary prose (OCR, typos) stays within its line.
            q = min((i for i in (s.find("“"), s.find('"')) if i >= 0), default=0)
            before = fold(s[:q]) if q > 0 else fold(self.prev_line[-80:])
            if not _INSTRUCTION_END.search(before.rstrip()):
                self.q_depth = 0
                self.q_straight = False
                return
            quoted = s[q:].lstrip(_OPEN_QUOTES + " ") if q > 0 else s.lstrip(_OPEN_QUOTES + " ")
            self.q_articles = quoted.startswith("Điều")
            self.q_owner = self.stack[-1] if self.stack else None
            self.q_article = self.art
            self.q_khoan = self.khoan
            self.q_start = self.cur_start

    def _ends_quote(self, s: str) -> bool:
        """A line that is clearly the amending document's own next item ends a runaway quote."""
        c = s[0]
        if c.isdigit():
            m = _KHOAN.match(s)
            art = self.q_article
            if (
                m
                and art is not None
                and not m[3]
                and int(m[2]) == next_khoan_number(art.last_khoan)
            ):
                return bool(_AMEND.search(fold(s[m.end() :])))
            return False
        if c == "Đ":
            m = _DIEU.match(s)
            art = self.q_article
            if m and "." in m.group(1) and _article_id(m.group(1)) not in self.ids:
                return True  # a pháp điển code heading is never quoted text
            if m and art is not None:
                n = article_int(m.group(1))
                if n >= 0 and n == article_int(art.unit.number) + 1:
                    if not self.q_articles:
                        return True  # a quoted clause or point cannot run into an article
                    f = fold(s[m.end() :])
                    return bool(_CLOSING.search(f) or _AMEND.search(f))
            return False
        if c.islower():
            m = _DIEM.match(s)
            k = self.q_khoan
            if m and k is not None and not m[3] and m[2] == next_point_letter(k.last_point):
                return bool(_AMEND.search(fold(s[m.end() :])))
            return False
        return bool(_END_MARK.match(s))

    def _close_quote(self, why: str) -> None:
        self.warnings.append(
            ParseWarning("unclosed_quote", f"quotation not closed; ended at {why}", self.q_start)
        )
        self.q_depth = 0
        self.q_straight = False

    def _quotation_takes(self, s: str) -> bool:
        """Inside an open quotation: the line is quoted text of the quotation's owner (True), unless
        it is clearly the amending document's own next item, which closes the quotation (False)."""
        if self._ends_quote(s):
            self._close_quote(f"line {s[:40]!r}")
            return False
        owner = self.q_owner
        if owner is not None and owner in self.stack:
            while self.stack[-1] is not owner:
                self._finish(self.stack.pop())
            owner.parts.append(s)
        else:
            self._text(s)
        self._update_quote(s)
        return True
