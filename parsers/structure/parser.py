"""The structure parser's main loop and its line readers (one per label kind: "Điều", khoản,
điểm, tiết, headings, tables), dispatched on a line's first character."""

from __future__ import annotations

from collections.abc import Callable

from parsers import plain
from parsers.model import ParseWarning, Unit
from parsers.normalize import fold
from parsers.structure.frames import (
    _find_or_end,
    _Frame,
    _last_line_end,
    _strip_markdown,
)
from parsers.structure.labels import _LabelReaders
from parsers.structure.patterns import (
    _DIEU_K,
    _END_MARK,
    _FOOTNOTE,
    _OPEN_QUOTES,
    _PARAGRAPH_K,
    _QUOTE_MARKS,
    _RANK_APPENDIX_TOP,
    _SIGNATURE,
    _TABLE_K,
)


class _Parser(_LabelReaders):
    # --- main loop -------------------------------------------------------------------------

    def run(self) -> None:
        """Read each non-blank line after the front matter (`_line`), then close what is open."""
        text = self.text
        self.text_lines = lines = text.split("\n")
        i, pos = _front_matter_end(lines)
        self.html = "<" in text  # few texts have any: their lines need no look for a table
        self.q_at = [_find_or_end(text, q, 0) for q in _QUOTE_MARKS]
        self.q_next = min(self.q_at)
        for line in lines[i:] if i else lines:
            start = pos
            pos += len(line) + 1
            s = line.strip()
            if not s:
                continue
            # An ordinary line (no table being read, no front matter skipped, no Markdown or
            # HTML) goes straight to `_read`: a call less per line (~0.03 s of ~0.35 s).
            c = s[0]
            if (
                c not in "#>*_"
                and self.html_buf is None
                and not self.skip_info
                and not self.html
                and not ("*" in s and "**" in s)
            ):
                cur_start = start if s is line else start + line.find(c)
                self.cur_start = cur_start
                self._read(s, c, cur_start + len(s))
            elif self._line(line, s, start):
                break
        self._end()

    def _line(self, line: str, s: str, start: int) -> bool:
        """Read the line that starts at `start` (`s`: stripped, not empty); True when it took the
        rest of the text."""
        # s[0] is not a blank, so its first occurrence is where the stripped line starts.
        c = s[0]
        cur_start = start if s is line else start + line.find(c)
        self.cur_start = cur_start
        line_end = cur_start + len(s)
        if self.html_buf is not None:
            self._html_table_line(line, s, line_end)
            return False
        if self.skip_info:  # the pháp điển front-matter table, up to the body's heading
            self.skip_info = not (s == "---" or fold(s).lstrip("# ").startswith("van ban"))
            return False
        # Per-line substring tests look for one character before a longer needle: a longer
        # needle goes through CPython's general substring search (~0.1 µs on a typical line),
        # one character is a memchr (~0.02 µs), and most lines have neither.
        if c in "#>*_" or ("*" in s and "**" in s):
            md = self._markdown_line(line, s, line_end)
            if not md:
                return md is None
            s, c = md, md[0]
        if self.html and "<" in s and "<table" in s.lower() and c != "|":
            self._html_table_start(line, s, line_end)
            return False
        self._read(s, c, line_end)
        return False

    def _read(self, s: str, c: str, line_end: int) -> None:
        """The line as quoted text of an open quotation, or as structure (a unit's label, a table
        row) or text; then what the next line needs to know of it."""
        # No quotation mark is before `q_next` (see `_has_quote_mark_fast`): most lines are told
        # without a call. Markdown stripping never removes a quotation mark: the line's are s's.
        quoted = self.q_next < line_end and self._has_quote_mark(s, line_end)
        if (self.q_depth > 0 or self.q_straight) and self._quotation_takes(s):
            self.last_end = line_end
            self.prev_line = s
            return
        # A paragraph is one block: the next line starts anew.
        stack = self.stack
        if stack and stack[-1].kind is _PARAGRAPH_K:
            self._finish(stack.pop())
        if not self._structure(s, c):
            self._text_line(s, c)
        if self.opened_article:
            self.opened_article = False
        else:
            self.expect_note = None
        if quoted:
            self._update_quote(s)
        self.last_end = line_end
        self.prev_line = s

    def _structure(self, s: str, c: str) -> bool:
        """Whether the line opened a unit or took a place in one (a table row, a note)."""
        if c in _OPEN_QUOTES:
            return False  # quoted text is never structure of this document
        stack = self.stack
        if (
            "|" in s
            and " | " in s
            and (
                (stack and stack[-1].kind is _TABLE_K)
                or s.count(" | ") >= 2
                or self.n_open_appendix > 0
            )
        ):
            # a pipe row without outer pipes (tables converted without a header row)
            return self._table_row(s)
        try:
            handler = _HANDLERS[c]
        except KeyError:
            handler = _line_handler(c)
        return handler is not None and handler(self, s)

    def _text_line(self, s: str, c: str) -> None:
        """A line that is no structure: the end of the body, an awaited heading, or text."""
        if (
            c in "NTKQ|"
            and _END_MARK.match(s)
            and not self._in_code_article()
            and self.art is not None
        ):
            self._close_to(_RANK_APPENDIX_TOP)
            if c == "|" and self._table_row(s):
                return
        wh = self.want_heading
        stack = self.stack
        if wh is not None and stack and stack[-1] is wh and c not in _OPEN_QUOTES:
            wh.unit.heading = s
            self.want_heading = None
            return
        if len(s) <= 90 and s[1:2].isupper() and self._signature(s):
            self._close_to(_RANK_APPENDIX_TOP)
        if stack and stack[-1].kind is not _TABLE_K:
            stack[-1].parts.append(s)  # what `_text` does, without the call
        else:
            self._text(s)

    def _end(self) -> None:
        """Close what the last line left open; warn when the text has no article."""
        if self.html_buf is not None:
            self._html_table("\n".join(self.html_buf), self.html_start)
        if self._quote_open():
            self._close_quote("the end of the document")
        self.last_end = min(self.last_end, len(self.text))
        self._close_to(_RANK_APPENDIX_TOP)
        if not any(u.kind is _DIEU_K for u in self.units) and self.units:
            self.warnings.append(
                ParseWarning(
                    "no_articles", "no article (Điều) found; the text is kept as paragraphs", 0
                )
            )

    # --- lines that are no unit: Markdown, HTML tables, quotation marks ---------------------

    def _markdown_line(self, line: str, s: str, line_end: int) -> str | None:
        """The line without Markdown decoration; "" when it is to be skipped, None when it
        starts the closing table of contents, which took the rest of the text."""
        s = _strip_markdown(s)
        if not s:
            return ""
        # Only the three short headings below matter; fold keeps length.
        hf = fold(s) if len(s) <= 20 else ""
        if hf == "thong tin van ban":
            self.skip_info = True
            return ""
        if hf == "van ban" and line.lstrip().startswith("#"):
            return ""  # the pháp điển site's section heading above the body
        if hf == "danh sach dieu khoan":
            # The closing table of contents: every line to the end of the text goes into one
            # paragraph.
            self._close_to(_RANK_APPENDIX_TOP)
            self.last_end = line_end
            self.n_para += 1
            toc = self._open(_PARAGRAPH_K, f"p_{self.n_para}", self.cur_start)
            toc.parts.append(s)
            self._take_rest(toc, line_end)
            return None
        return s

    # FAST PATH (plain form: `_take_rest_plain`, chosen by parsers.plain): the rest taken at
    # once, the lines found by counting the newlines after this one. Saves ~0.01 s of the
    # ~0.35 s structure parse (CPU, real corpus): within the noise.
    def _take_rest_fast(self, toc: _Frame, line_end: int) -> None:
        """The non-blank lines after the line that ends at `line_end`, stripped, into `toc`."""
        lines = self.text_lines
        rest = lines[len(lines) - self.text.count("\n", line_end) :]
        toc.parts.extend(filter(None, map(str.strip, rest)))
        end = _last_line_end(rest, len(self.text))
        if end >= 0:
            self.last_end = end

    def _take_rest_plain(self, toc: _Frame, line_end: int) -> None:
        pos = self.text.find("\n", line_end) + 1
        if pos == 0:
            return
        for line in self.text[pos:].split("\n"):
            s = line.strip()
            if s:
                toc.parts.append(s)
                self.last_end = pos + len(line.rstrip())
            pos += len(line) + 1

    _take_rest = plain.choose(_take_rest_fast, _take_rest_plain)

    def _html_table_start(self, line: str, s: str, line_end: int) -> None:
        self.html_start = self.cur_start
        self.last_end = line_end
        if "</table" in s.lower():
            self._html_table(line, self.html_start)
        else:
            self.html_buf = [line]

    def _html_table_line(self, line: str, s: str, line_end: int) -> None:
        html_buf = self.html_buf
        assert html_buf is not None
        html_buf.append(line)
        self.last_end = line_end
        if "</table" in s.lower():
            self._html_table("\n".join(html_buf), self.html_start)
            self.html_buf = None

    # FAST PATH (plain form: `_has_quote_mark_plain`, chosen by parsers.plain): where the next
    # of each quotation mark is (len(text): none left) is kept, so a line holds one exactly when
    # one of these falls inside it; lines are not scanned for marks few of them hold, and each
    # mark is found once. (The plain form leaves `q_next` at the first mark: still no mark
    # before it.) Saves ~0.04–0.07 s of the ~0.35 s structure parse (CPU, real corpus).
    def _has_quote_mark_fast(self, s: str, line_end: int) -> bool:
        """Whether the line `s` (ending at `line_end`, after `q_next`) holds a quotation mark."""
        q_next = self.q_next
        cur_start = self.cur_start
        if q_next < cur_start:  # marks on lines skipped above: look past them
            q_at = self.q_at
            for k, q in enumerate(_QUOTE_MARKS):
                if q_at[k] < cur_start:
                    q_at[k] = _find_or_end(self.text, q, cur_start)
            self.q_next = q_next = min(q_at)
        return q_next < line_end

    def _has_quote_mark_plain(self, s: str, line_end: int) -> bool:
        return any(q in s for q in _QUOTE_MARKS)

    _has_quote_mark = plain.choose(_has_quote_mark_fast, _has_quote_mark_plain)

    def _pipe_line(self, s: str) -> bool:
        if _END_MARK.match(s) and not self._in_code_article() and self.art is not None:
            self._close_to(_RANK_APPENDIX_TOP)
        return self._table_row(s)

    def _footnote(self, s: str) -> bool:
        """A footnote line after the body ends the body; it is text itself."""
        if _FOOTNOTE.match(s) and not self._in_code_article():
            self._close_to(_RANK_APPENDIX_TOP)
        return False

    def _signature(self, s: str) -> bool:
        """An upper-case signature or letterhead line after an article: the body ends here."""
        if len(s) > 90 or not s.isupper():
            return False
        cell = s.split("|", 1)[0].strip() if "|" in s else s
        return (
            _SIGNATURE.fullmatch(cell) is not None
            and not self._in_code_article()
            and self.art is not None
        )


_LineHandler = Callable[[_Parser, str], bool]
_HANDLER_BY_CHAR: dict[str, _LineHandler] = {
    "|": _Parser._pipe_line,
    "Đ": _Parser._dieu,
    "C": _Parser._chuong,
    "M": _Parser._muc,
    "T": _Parser._tieu_muc,
    "P": _Parser._phan_or_phu_luc,
    "(": _Parser._paren,
    "[": _Parser._footnote,
    **dict.fromkeys("-–+•", _Parser._tiet),
}


def _line_handler(c: str) -> _LineHandler | None:
    """What may read a line starting with `c` (not a quotation mark) as structure; None: text."""
    if c in _HANDLER_BY_CHAR:
        return _HANDLER_BY_CHAR[c]
    if c.isdigit():
        return _Parser._khoan
    if c.islower():
        return _Parser._diem
    return None


# FAST PATH (plain form: no table, chosen by parsers.plain): `_line_handler` of the first
# characters of nearly every line (Latin, Vietnamese, punctuation), looked up once per line
# instead of a chain of tests; other characters ask `_line_handler`. Saves ~0.07 s of the ~0.35 s
# structure parse (CPU, real corpus).
_HANDLER_TABLE = {
    c: _line_handler(c)
    for c in map(chr, (*range(0x250), *range(0x1E00, 0x1F00), *range(0x2000, 0x2070)))
}
_HANDLERS: dict[str, _LineHandler | None] = plain.choose(_HANDLER_TABLE, {})


def _front_matter_end(lines: list[str]) -> tuple[int, int]:
    """Index and offset of the first line after a YAML front matter; (0, 0) without one."""
    if lines and lines[0].strip() == "---":
        for j in range(1, min(len(lines), 200)):
            if lines[j].strip() in ("---", "..."):
                return j + 1, sum(len(x) + 1 for x in lines[: j + 1])
    return 0, 0


def parse_structure(text: str) -> tuple[list[Unit], list[ParseWarning]]:
    """Units of a cleaned text (see docs/ARCHITECTURE.md for ids, text and span semantics)."""
    p = _Parser(text)
    p.run()
    return p.units, p.warnings
