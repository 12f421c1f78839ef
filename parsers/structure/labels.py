"""The structure parser's label readers: one per kind of line ("Điều", khoản, điểm, tiết,
chương, mục, phần, phụ lục, tables), each deciding whether a line opens its unit."""

from __future__ import annotations

import re

from parsers.html_text import html_table_rows
from parsers.model import ParseWarning, UnitKind
from parsers.numbering import (
    article_int,
    khoan_key,
    next_khoan_ok,
    next_point_ok,
    ordinal_value,
    roman_to_int,
)
from parsers.structure.frames import (
    _article_id,
    _Frame,
    _heading_or_text,
    _is_title_rest,
    _split_row,
)
from parsers.structure.patterns import (
    _CHUONG,
    _CHUONG_K,
    _DIEM,
    _DIEM_K,
    _DIEU,
    _DIEU_K,
    _INLINE_POINT,
    _KHOAN,
    _KHOAN_K,
    _MUC,
    _MUC_K,
    _NOTE,
    _PARAGRAPH_K,
    _PHAN,
    _PHAN_K,
    _PHU_LUC,
    _PHU_LUC_K,
    _RANK,
    _RANK_APPENDIX_IN_ARTICLE,
    _RANK_APPENDIX_TOP,
    _RELATED,
    _TABLE_K,
    _TABLE_SEP,
    _TIET,
    _TIET_K,
    _TIEU_MUC,
    _TIEU_MUC_K,
)
from parsers.structure.state import _ParserState


class _LabelReaders(_ParserState):
    """What a line that looks like a label opens; :class:`parsers.structure.parser._Parser` walks the
    lines and calls these."""

    def _in_code_article(self) -> bool:
        art = self.art
        return art is not None and "." in art.unit.number

    # --- unit kinds ------------------------------------------------------------------------

    def _dieu(self, s: str) -> bool:
        m = _DIEU.match(s)
        if not m:
            return False
        number, rest = m[1], s[m.end() :]
        if rest and rest[0].islower():
            return False  # "Điều 5 được sửa đổi …" is a sentence
        uid = _article_id(number)
        if "." not in number:
            if self.code_doc:
                return False  # in a pháp điển đề mục, "Điều 1." is a form or quoted text
            n = article_int(number)
            key = khoan_key(number)
            if key <= self.last_article_key:
                self.warnings.append(
                    ParseWarning(
                        "article_out_of_order",
                        f"'Điều {number}' after Điều {self.last_article_key[0]}: kept as text",
                        self.cur_start,
                    )
                )
                return False
            self.last_article_key = key
            self.last_article_int = n
        elif uid in self.ids:
            return False
        else:
            self.code_doc = True
        self._close_to(_RANK[_DIEU_K])
        # An appendix at rank -1 was closed only if the article is a new one; close it now.
        if self.n_open_appendix > 0:
            self._close_to(_RANK_APPENDIX_TOP)
        parent = self._find(_TIEU_MUC_K, _MUC_K, _CHUONG_K, _PHAN_K)
        # Pháp điển headings are titles even when long and ending with a full stop.
        heading, text = (rest, "") if "." in number else _heading_or_text(rest)
        fr = self._open(_DIEU_K, uid, self.cur_start, number, heading, parent, text)
        self.expect_note = fr
        self.opened_article = True
        return True

    def _khoan(self, s: str) -> bool:
        m = _KHOAN.match(s)
        if not m or self.n_open_appendix > 0:
            return False
        art = self.art
        if art is None:
            return False
        label = m[1]
        if not next_khoan_ok(art.last_khoan, label):
            return False
        art.last_khoan = label
        uid = f"{art.unit.id}__khoan_{label}"
        self._open(_KHOAN_K, uid, self.cur_start, label, "", art, s[m.end() :])
        return True

    def _diem(self, s: str) -> bool:
        m = _DIEM.match(s)
        if not m or self.n_open_appendix > 0:
            return False
        parent = self.khoan or self.art
        if parent is None:
            return False
        label = m[1]
        # A list announced by "…:" may start past "a)" when the source lost its first points.
        gap = 4 if parent.last_point is None and self.prev_line.endswith(":") else 2
        if not next_point_ok(parent.last_point, label, gap):
            return False
        parent.last_point = label
        uid = f"{parent.unit.id}__diem_{label}"
        body = s[m.end() :]
        self._open(_DIEM_K, uid, self.cur_start, label, "", parent, body)
        if ")" in body and ") " in body:
            # Points run together on one line ("b) …; c) …; d) …"): keep counting them so the
            # next line's "đ)" is still in sequence.
            for im in _INLINE_POINT.finditer(body):
                if next_point_ok(parent.last_point, im.group(1)):
                    parent.last_point = im.group(1)
        return True

    def _tiet(self, s: str) -> bool:
        stack = self.stack
        if not stack or stack[-1].kind not in (_DIEM_K, _TIET_K):
            return False
        m = _TIET.match(s)
        if not m or (s[0] == "-" and s[1:2] == "-"):
            return False
        self._close_to(_RANK[_TIET_K])
        diem = stack[-1]
        diem.n_tiet += 1
        k = str(diem.n_tiet)
        fr = self._open(_TIET_K, f"{diem.unit.id}__tiet_{k}", self.cur_start, k, "", diem)
        fr.parts.append(m.group(1).strip())
        return True

    def _container(self, kind: UnitKind, m: re.Match[str], number: str, uid: str) -> bool:
        rest = m.group(2).strip()
        if not _is_title_rest(rest):
            return False
        self._close_to(_RANK[kind])
        if self.n_open_appendix > 0:
            self._close_to(_RANK_APPENDIX_TOP)
        parent: _Frame | None = None
        if kind is _MUC_K:
            parent = self._find(_CHUONG_K, _PHAN_K)
        elif kind is _TIEU_MUC_K:
            parent = self._find(_MUC_K)
        elif kind is _CHUONG_K:
            parent = self._find(_PHAN_K)
        if parent is not None and kind in (_MUC_K, _TIEU_MUC_K) and parent.kind is not _PHAN_K:
            uid = f"{parent.unit.id}__{uid}"
        fr = self._open(kind, uid, self.cur_start, number=number, heading=rest, parent=parent)
        if not rest:
            self.want_heading = fr
        return True

    def _chuong(self, s: str) -> bool:
        m = _CHUONG.match(s)
        if not m:
            return False
        num = m.group(1).upper()
        if num.isdigit():
            pass
        elif not roman_to_int(num):
            return False
        return self._container(_CHUONG_K, m, num, f"chuong_{num}")

    def _muc(self, s: str) -> bool:
        m = _MUC.match(s)
        if not m:
            return False
        num = m.group(1)
        return self._container(_MUC_K, m, num, f"muc_{num}")

    def _tieu_muc(self, s: str) -> bool:
        m = _TIEU_MUC.match(s)
        if not m:
            return False
        num = m.group(1)
        return self._container(_TIEU_MUC_K, m, num, f"tieu_muc_{num}")

    def _phan_or_phu_luc(self, s: str) -> bool:
        return self._phan(s) or self._phu_luc(s)

    def _phan(self, s: str) -> bool:
        m = _PHAN.match(s)
        if not m:
            return False
        raw = m.group(1)
        word = raw.split()[-1]
        value = ordinal_value(word)
        if not value:
            return False
        return self._container(_PHAN_K, m, str(value), f"phan_{value}")

    def _phu_luc(self, s: str) -> bool:
        m = _PHU_LUC.match(s)
        if not m:
            return False
        rest = m.group(2).strip()
        number = m.group(1) or ""
        if not number and (rest or not s.isupper()):
            return False  # a bare "Phụ lục" heading is upper case and alone on its line
        if not _is_title_rest(rest):
            return False
        if not number:
            self.n_appendix += 1
            number = str(self.n_appendix)
        art = self.art
        if art is not None and "." in art.unit.number:
            self._close_to(_RANK_APPENDIX_IN_ARTICLE)
            fr = self._open(
                _PHU_LUC_K,
                f"{art.unit.id}__phu_luc_{number}",
                self.cur_start,
                rank=_RANK_APPENDIX_IN_ARTICLE,
                number=number,
                heading=rest,
                parent=art,
            )
        else:
            self._close_to(_RANK_APPENDIX_TOP)
            fr = self._open(
                _PHU_LUC_K,
                f"phu_luc_{number}",
                self.cur_start,
                rank=_RANK_APPENDIX_TOP,
                number=number,
                heading=rest,
            )
        if not rest:
            self.want_heading = fr
        return True

    def _paren(self, s: str) -> bool:
        if s.startswith(_RELATED):
            art = self.art
            if art is not None:
                art.unit.related.append(s)
                return True
            return False
        fr = self.expect_note
        if fr is not None and s.endswith(")") and _NOTE.match(s):
            fr.unit.note = s
            self.expect_note = None
            return True
        return False

    # --- tables ----------------------------------------------------------------------------

    def _table_parent(self) -> _Frame | None:
        stack = self.stack
        while stack and stack[-1].kind is _PARAGRAPH_K:
            self._finish(stack.pop())
        return stack[-1] if stack else None

    def _new_table(self, start: int) -> _Frame:
        parent = self._table_parent()
        if parent is not None:
            parent.n_table += 1
            uid = f"{parent.unit.id}__table_{parent.n_table}"
        else:
            self.n_table_top += 1
            uid = f"table_{self.n_table_top}"
        return self._open(_TABLE_K, uid, start, parent=parent)

    def _table_row(self, s: str) -> bool:
        if _TABLE_SEP.fullmatch(s):
            return True
        stack = self.stack
        fr = stack[-1] if stack and stack[-1].kind is _TABLE_K else self._new_table(self.cur_start)
        fr.unit.rows.append(_split_row(s))
        return True

    def _html_table(self, fragment: str, start: int) -> None:
        if self._quote_open() and self.q_owner is not None and self.q_owner in self.stack:
            self.q_owner.parts.append(fragment.strip())
            return
        stack = self.stack
        if stack and stack[-1].kind is _TABLE_K:
            self._finish(stack.pop())
        fr = self._new_table(start)
        fr.unit.rows = html_table_rows(fragment)
        self._finish(stack.pop())
