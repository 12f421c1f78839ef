"""HTML to the line-oriented text the structure parser reads.

One block element per line, `<br>` a line break, whitespace inside a block collapsed as a browser
would, tables as Markdown-style pipe rows with rowspan/colspan expanded so that every row has all
its cells. On vbpl.vn pages only the full-text container is read (navigation, scripts and the
metadata boxes around it are dropped); elsewhere the whole body. Anchors (`<a name>`) carry no
structure: thuvienphapluat pages name them misleadingly, so they are treated as plain inline text.

Never raises on arbitrary input: what lxml cannot parse yields "" and a warning.
"""

from __future__ import annotations

import re

import lxml.etree as etree
import numpy as np

from parsers.model import ParseWarning
from parsers.normalize import clean

_BLOCK = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "aside",
        "pre",
        "center",
        "address",
        "figure",
        "figcaption",
        "caption",
        "fieldset",
        "legend",
        "hr",
        "tbody",
        "thead",
        "tfoot",
        "body",
        "html",
        "form",
        "nav",
        "details",
        "summary",
        "title",
    ]
)
_DROP = (
    "script",
    "style",
    "noscript",
    "head",
    "nav",
    "iframe",
    "object",
    "embed",
    "select",
    "option",
    "button",
    "input",
    "textarea",
    "svg",
    "canvas",
    "template",
)
# Full-text containers of the sites we read, most specific first. (`/descendant::x` selects what
# `//x` does, but libxml2 evaluates it 1.5-2.5× faster.)
_CONTAINERS = (
    '/descendant::*[@id="toanvancontent"]',
    '/descendant::div[contains(concat(" ", normalize-space(@class), " "), " toanvancontent ")]',
    '/descendant::*[@id="divContentDoc"]',
    '/descendant::div[contains(concat(" ", normalize-space(@class), " "), " content1 ")]',
    '/descendant::div[contains(concat(" ", normalize-space(@class), " "), " fulltext ")]',
)
_WS = re.compile(r"[ \t\r\n\f\v]+")


def _squash(s: str) -> str:
    """`_WS.sub(" ", s)`, by C-level replaces: 3-4× faster on the typical short line."""
    if "\f" in s or "\v" in s:
        return _WS.sub(" ", s)
    if "\n" in s:
        s = s.replace("\n", " ")
    if "\r" in s:
        s = s.replace("\r", " ")
    if "\t" in s:
        s = s.replace("\t", " ")
    while "  " in s:
        s = s.replace("  ", " ")
    return s


_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_MAX_SPAN = 200  # bound rowspan/colspan so a hostile attribute cannot blow up memory


def _span(el: etree._Element, attr: str) -> int:
    v = el.get(attr)
    if not v:
        return 1
    m = re.match(r"\s*(\d+)", v)
    if not m:
        return 1
    return max(1, min(int(m.group(1)), _MAX_SPAN))


def _inline_text(el: etree._Element) -> str:
    """Text of a table cell on one line (nested blocks and line breaks become spaces).

    Read without touching the tree: lxml refuses to set a text that holds a form feed or a
    vertical tab, which a cell may well contain."""
    parts: list[str] = []
    _cell_parts(el, parts)
    return _WS.sub(" ", "".join(parts)).strip()


def _cell_parts(el: etree._Element, parts: list[str]) -> None:
    if isinstance(el.tag, str) and el.text:  # (a comment's text is not the page's)
        parts.append(el.text)
    for sub in el:
        tag = _tag(sub)
        block = tag in _BLOCK
        if block:
            parts.append(" ")
        _cell_parts(sub, parts)
        if block or tag == "br":
            parts.append(" ")
        if sub.tail:
            parts.append(sub.tail)


def _tag(el: etree._Element) -> str:
    t = el.tag
    return t.lower() if isinstance(t, str) else ""


def _rows_of(table: etree._Element) -> list[list[str]]:
    """Rows of one table with rowspan/colspan expanded (spanned cells repeat the text)."""
    grid: list[list[str]] = []
    pending: dict[tuple[int, int], str] = {}
    trs = [tr for tr in table.iter() if _tag(tr) == "tr" and _owning_table(tr) is table]
    for r, tr in enumerate(trs):
        row: list[str] = []
        col = 0
        cells = [c for c in tr if _tag(c) in ("td", "th")]
        for cell in cells:
            while (r, col) in pending:
                row.append(pending.pop((r, col)))
                col += 1
            text = _inline_text(cell).replace("|", "\\|")
            rs, cs = _span(cell, "rowspan"), _span(cell, "colspan")
            for dc in range(cs):
                row.append(text)
                for dr in range(1, rs):
                    if r + dr < len(trs):
                        pending[(r + dr, col + dc)] = text
            col += cs
        while (r, col) in pending:
            row.append(pending.pop((r, col)))
            col += 1
        grid.append(row)
    width = max((len(r) for r in grid), default=0)
    for row in grid:
        row.extend([""] * (width - len(row)))
    return [r for r in grid if any(r)]


def _owning_table(el: etree._Element) -> etree._Element | None:
    p = el.getparent()
    while p is not None and _tag(p) != "table":
        p = p.getparent()
    return p


def _pipe(row: list[str]) -> str:
    return "| " + " | ".join(row) + " |"


# lxml.html's parser without its element classes, whose Python class lookup runs for every element
# proxy: the same tree, a third cheaper to walk.
_HTML_PARSER = etree.HTMLParser()


def _parse(html: str) -> etree._Element | None:
    """The document element of `html`; None when it has none or libxml2 refuses it."""
    html = _XML_DECL.sub("", html, count=1)
    if not html.strip():
        return None
    try:
        root: etree._Element | None = etree.fromstring(html, _HTML_PARSER)
    except (ValueError, etree.XMLSyntaxError):
        return None
    return root


def html_table_rows(fragment: str) -> list[list[str]]:
    """Rows of the first table in an HTML fragment (used for HTML tables embedded in Markdown)."""
    root = _parse(fragment)
    if root is None:
        return []
    for el in root.iter():
        if _tag(el) == "table":
            return [[clean(c) for c in row] for row in _rows_of(el)]
    return []


class _Lines:
    """Accumulates inline text into lines; a block boundary ends the current line."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.cur: list[str] = []

    def add(self, s: str | None) -> None:
        if s:
            self.cur.append(s)

    def brk(self) -> None:
        if self.cur:
            line = _squash("".join(self.cur)).strip()
            if line:
                self.out.append(line)
            self.cur = []


def _render(root: etree._Element) -> list[str]:
    """The lines of `root`'s content (not its tail): `_render_walk`, by `_render_fast` when it can."""
    lines = _render_fast(root)
    return _render_walk(root) if lines is None else lines


# The fast renderer lets libxslt write the text with a break mark at each line boundary (block
# start and end, <br>) and a table mark in place of each outermost table, whose rows `_rows_of`
# then gives. Both marks are private-use characters; a tree whose text holds any character of
# U+E000..U+EFFF (UTF-8 lead byte 0xEE, found by one memchr) is walked instead.
_BREAK = "\ue000"
_TABLE = "\ue001"
_MARK_LEAD = b"\xee"
_MARK_TEXT = etree.XSLT(
    etree.XML(
        f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:template match="{"|".join(sorted(_BLOCK))}">{_BREAK}<xsl:apply-templates/>{_BREAK}</xsl:template>
<xsl:template match="br">{_BREAK}<xsl:apply-templates/></xsl:template>
<xsl:template match="table">{_BREAK}{_TABLE}{_BREAK}</xsl:template>
</xsl:stylesheet>"""
    )
)


def _render_fast(root: etree._Element) -> list[str] | None:
    """`_render_walk(root)` with no Python work per element; None where it cannot tell.

    Tags are matched as the HTML parser spells them (lower case). Left to the walk: comments and
    processing instructions (the walk drops their tails; html_to_text strips them before
    rendering).
    """
    if next(root.iter(*_NOT_ELEMENTS), None) is not None:
        return None
    if _MARK_LEAD in etree.tostring(root, method="text", encoding="utf-8", with_tail=False):
        return None
    tables = _outer_tables(root)
    # (lxml.html nests at most 255 deep, far from libxslt's template depth limit)
    marked = bytes(_MARK_TEXT(root))
    lines = [line for line in map(str.strip, _squash_utf8(marked).split(_BREAK)) if line]
    if tables:
        rows = iter([[_pipe(row) for row in _rows_of(t)] for t in tables])
        lines = [out for line in lines for out in (next(rows) if line == _TABLE else (line,))]
    return lines


_NOT_ELEMENTS = (etree.Comment, etree.ProcessingInstruction, etree.Entity)


def _outer_tables(root: etree._Element) -> list[etree._Element]:
    """The tables in `root` (itself included) that no other table in it holds, in document order."""
    outer: list[etree._Element] = []
    for table in root.iter("table"):
        if not outer or all(a is not outer[-1] for a in table.iterancestors("table")):
            outer.append(table)
    return outer


# Whitespace characters are single bytes in UTF-8, which no other character's bytes include.
_BLANKS_TO_SPACE = bytes.maketrans(b"\t\n\v\f\r", b"     ")


def _squash_utf8(data: bytes) -> str:
    """`_squash` of UTF-8 text, decoded (a C-level translate and a vector run test)."""
    data = data.translate(_BLANKS_TO_SPACE)
    units = np.frombuffer(data, dtype=np.uint8)
    space = units == 0x20
    repeated = space[1:] & space[:-1]
    if repeated.any():
        keep = np.ones(len(units), dtype=bool)
        np.logical_not(repeated, out=keep[1:])
        data = units[keep].tobytes()
    return data.decode("utf-8")


def _render_walk(root: etree._Element) -> list[str]:
    """The lines of `root`'s content (not its tail), walking every element in Python."""
    acc = _Lines()
    add = acc.cur.append
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        t = el.tag
        is_element = isinstance(t, str)
        tag = t.lower() if is_element else ""
        if event == "start":
            if tag == "table":
                acc.brk()
                add = acc.cur.append
                for row in _rows_of(el):
                    acc.out.append(_pipe(row))
                walker.skip_subtree()  # (its "end" event still comes: the tail is added there)
                continue
            if tag in _BLOCK or tag == "br":
                acc.brk()
                add = acc.cur.append
            if not is_element:
                # comments and processing instructions: only their tail is text
                continue
            text = el.text
            if text:
                add(text)
        else:
            if tag in _BLOCK:
                acc.brk()
                add = acc.cur.append
            if el is not root:
                tail = el.tail
                if tail:
                    add(tail)
    acc.brk()
    return acc.out


def _content_root(root: etree._Element) -> etree._Element:
    for xp in _CONTAINERS:
        try:
            found = root.xpath(xp)
        except etree.XPathError:
            continue
        if isinstance(found, list) and found:
            el = found[0]
            if isinstance(el, etree._Element):
                return el
    body = root.find("body")
    return body if body is not None else root


def _page_header(container: etree._Element) -> list[str]:
    """The header printed just before a vbpl.vn full-text container, one line per block.

    vbpl.vn prints the issuer, "Số: 54/2017/NĐ-CP" and the place and date in layout tables outside
    `toanvancontent`; they are the document's own header, so their lines are kept (as in the
    printed text). Nothing for other containers, or when those tables hold no "Số:" line.
    """
    if "toanvancontent" not in (container.get("id"), *(container.get("class") or "").split()):
        return []
    cells: list[etree._Element] = []
    for sib in container.itersiblings(preceding=True):
        tables = [sib] if _tag(sib) == "table" else [t for t in sib.iter() if _tag(t) == "table"]
        found = [c for t in tables for c in t.iter() if _tag(c) in ("td", "th")]
        cells[:0] = [
            c for c in found if not any(_tag(a) in ("td", "th") for a in c.iterancestors())
        ]
    lines = [line for c in cells for line in _render(c)]
    return lines if any(line.startswith("Số") for line in lines) else []


def html_to_text(html: str) -> tuple[str, list[ParseWarning]]:
    """The cleaned, line-oriented text of an HTML page, and warnings."""
    root = _parse(html)
    if root is None:
        return "", [ParseWarning("html_empty", "no HTML content could be parsed")]
    try:
        etree.strip_elements(root, *_DROP, with_tail=False)
        etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
        container = _content_root(root)
        lines = [*_page_header(container), *_render(container)]
    except (ValueError, etree.LxmlError, RecursionError) as exc:  # pragma: no cover - defensive
        return "", [ParseWarning("html_error", f"HTML could not be rendered: {exc}")]
    warnings: list[ParseWarning] = []
    if not lines:
        warnings.append(ParseWarning("html_no_text", "the HTML page has no text content"))
    return clean("\n".join(lines)), warnings
