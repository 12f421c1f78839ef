"""Word 2007+ (.docx) to text: paragraphs in body order, automatic numbering, tables, footnotes.

Read straight from the package's XML with lxml (python-docx, measured in docs/FORMATS.md, gives
neither the numbers Word computes for numbered paragraphs nor footnotes, and repeats a merged
cell's object per grid column). What a reader sees is what comes out:

- a numbered paragraph gets the label Word would print ("1.", "a)", "Điều 3.") from
  ``numbering.xml`` (counters per list, deeper levels restarting, start overrides honoured);
- a table becomes pipe rows, a horizontally merged cell (``gridSpan``) repeated into each column
  it covers and a vertically merged one (``vMerge``) repeating the text of the cell it continues;
- tracked deletions and field instructions are dropped, field results kept;
- a footnote reference becomes ``[n]`` in the text and the footnotes follow the body as
  ``[n] text`` lines (the convention of the consolidated texts, VBHN);
- pages come from the page breaks Word recorded when it last laid the file out
  (``lastRenderedPageBreak``) or, failing those, explicit page breaks; 0 when neither exists.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field

import lxml.etree as etree

from parsers.formats.model import Block, Extracted, FormatError, assemble

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = "{" + W + "}"
_MAX_PART = 256 * 1024 * 1024  # a larger XML part is a zip bomb, not a legal text
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)

# Tags by local meaning.
_P, _TBL, _TR, _TC, _R, _T = _W + "p", _W + "tbl", _W + "tr", _W + "tc", _W + "r", _W + "t"
_SDT, _SDTCONTENT, _CUSTOM = _W + "sdt", _W + "sdtContent", _W + "customXml"
_SKIP = {
    _W + "del",
    _W + "delText",
    _W + "instrText",
    _W + "rPr",
    _W + "pPr",
    _W + "moveFrom",
    "{" + MC + "}Fallback",
}


def _roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while n >= value:
            out += letters
            n -= value
    return out


def _letters(n: int) -> str:
    # Word's lowerLetter: a..z, then aa..zz, aaa..
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter",):
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


@dataclass(slots=True)
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None  # lvlRestart: restart after this (0-based) level, None = previous


@dataclass(slots=True)
class _Numbering:
    """numbering.xml: levels per abstract list, instances, and the running counters."""

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    num_abstract: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, root: etree._Element | None) -> _Numbering:
        nb = cls()
        if root is None:
            return nb
        for an in root.iter(_W + "abstractNum"):
            levels: dict[int, _Level] = {}
            for lvl in an.iter(_W + "lvl"):
                ilvl = _int(lvl.get(_W + "ilvl"), 0)
                lv = _Level()
                for child in lvl:
                    val = child.get(_W + "val")
                    if child.tag == _W + "numFmt" and val:
                        lv.fmt = val
                    elif child.tag == _W + "lvlText" and val is not None:
                        lv.text = val
                    elif child.tag == _W + "start":
                        lv.start = _int(val, 1)
                    elif child.tag == _W + "lvlRestart":
                        lv.restart = _int(val, 0) - 1
                levels[ilvl] = lv
            nb.abstract[an.get(_W + "abstractNumId") or ""] = levels
        for num in root.iter(_W + "num"):
            nid = num.get(_W + "numId") or ""
            ref = num.find(_W + "abstractNumId")
            nb.num_abstract[nid] = ref.get(_W + "val") or "" if ref is not None else ""
            for ov in num.iter(_W + "lvlOverride"):
                so = ov.find(_W + "startOverride")
                if so is not None:
                    ilvl = _int(ov.get(_W + "ilvl"), 0)
                    nb.overrides.setdefault(nid, {})[ilvl] = _int(so.get(_W + "val"), 1)
        return nb

    def label(self, num_id: str, ilvl: int) -> str:
        """The label Word prints for the next paragraph of list `num_id` at level `ilvl`."""
        aid = self.num_abstract.get(num_id)
        if aid is None or num_id == "0":
            return ""
        levels = self.abstract.get(aid, {})
        lv = levels.get(ilvl)
        if lv is None:
            return ""
        # Instances of one abstract list share counters (as Word numbers them) unless the
        # instance restarts a level with a start override.
        key = aid
        counters = self.counters.setdefault(key, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for level, start in self.overrides.get(num_id, {}).items():
                counters[level] = start - 1
                for deeper in [k for k in counters if k > level]:
                    del counters[deeper]
        counters[ilvl] = counters.get(ilvl, lv.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            dl = levels.get(deeper)
            if dl is None or dl.restart is None or dl.restart >= ilvl:
                del counters[deeper]
        if lv.fmt == "bullet":
            return "-"

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lk = levels.get(k, _Level())
            value = counters.get(k, lk.start)
            return format_number(value, lv.fmt if k == ilvl else lk.fmt)

        return re.sub(r"%([1-9])", sub, lv.text).strip()


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


class _Reader:
    def __init__(self, parts: dict[str, etree._Element | None]) -> None:
        self.numbering = _Numbering.read(parts.get("word/numbering.xml"))
        self.style_num: dict[str, tuple[str, int]] = _style_numbering(parts.get("word/styles.xml"))
        self.footnotes = _notes(parts.get("word/footnotes.xml"), "footnote")
        self.endnotes = _notes(parts.get("word/endnotes.xml"), "endnote")
        self.note_order: list[tuple[str, str]] = []
        body_root = parts["word/document.xml"]
        assert body_root is not None
        self.root = body_root
        self.rendered_breaks = next(body_root.iter(_W + "lastRenderedPageBreak"), None) is not None
        explicit = (
            any(br.get(_W + "type") == "page" for br in body_root.iter(_W + "br"))
            or next(body_root.iter(_W + "pageBreakBefore"), None) is not None
        )
        self.page = 1 if (self.rendered_breaks or explicit) else 0
        self.blocks: list[Block] = []
        self._starts_new_page = False

    # --- runs -----------------------------------------------------------------------------------

    def _inline(self, el: etree._Element, out: list[str]) -> None:
        """Append the visible text under `el` (a paragraph or run container) to `out`."""
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _T:
                out.append(child.text or "")
            elif tag == _W + "tab" or tag == _W + "ptab":
                out.append("\t")
            elif tag == _W + "br":
                if child.get(_W + "type") == "page":
                    if not self.rendered_breaks and self.page:
                        self.page += 1
                    out.append("\n")
                elif child.get(_W + "type") != "column":
                    out.append("\n")
            elif tag == _W + "cr":
                out.append("\n")
            elif tag == _W + "noBreakHyphen":
                out.append("-")
            elif tag == _W + "lastRenderedPageBreak":
                if self.rendered_breaks and self.page:
                    if "".join(out).strip():
                        self.page += 1  # the paragraph goes on over the break
                    else:
                        self._starts_new_page = True
            elif tag in (_W + "footnoteReference", _W + "endnoteReference"):
                kind = "footnote" if tag == _W + "footnoteReference" else "endnote"
                self.note_order.append((kind, child.get(_W + "id") or ""))
                out.append(f"[{len(self.note_order)}]")
            elif tag == _W + "txbxContent":
                continue  # text boxes become blocks of their own (see _paragraph)
            else:
                self._inline(child, out)

    # --- blocks ---------------------------------------------------------------------------------

    def _label(self, p: etree._Element) -> str:
        ppr = p.find(_W + "pPr")
        num_id, ilvl = "", 0
        if ppr is not None:
            np_ = ppr.find(_W + "numPr")
            if np_ is not None:
                nid = np_.find(_W + "numId")
                lv = np_.find(_W + "ilvl")
                num_id = nid.get(_W + "val") or "" if nid is not None else ""
                ilvl = _int(lv.get(_W + "val"), 0) if lv is not None else 0
            if not num_id:
                st = ppr.find(_W + "pStyle")
                if st is not None and st.get(_W + "val") in self.style_num:
                    num_id, ilvl = self.style_num[st.get(_W + "val") or ""]
                    if np_ is not None and lv is not None:
                        ilvl = _int(lv.get(_W + "val"), ilvl)
        return self.numbering.label(num_id, ilvl) if num_id else ""

    def paragraph_text(self, p: etree._Element) -> str:
        """The paragraph's text with its number label; moves `self.page` past its breaks."""
        before = p.find(_W + "pPr/" + _W + "pageBreakBefore") is not None
        if before and not self.rendered_breaks and self.page:
            self.page += 1
        out: list[str] = []
        self._starts_new_page = False
        self._inline(p, out)
        if self._starts_new_page:
            self.page += 1
        text = "".join(out).replace("\t", " ")
        label = self._label(p)
        if label and text.strip():
            text = f"{label} {text.lstrip()}"
        return text

    def paragraph(self, p: etree._Element) -> None:
        page = self.page
        text = self.paragraph_text(p)
        if self._starts_new_page:
            page = self.page
        self.blocks.append(Block(text=text, page=page))
        for box in p.iter(_W + "txbxContent"):
            if any(a.tag == "{" + MC + "}Fallback" for a in box.iterancestors()):
                continue
            for inner in box.iter(_P):
                self.blocks.append(Block(text=self.paragraph_text(inner), page=self.page))

    def cell_text(self, tc: etree._Element) -> str:
        parts: list[str] = []
        for el in self._content(tc):
            if el.tag == _P:
                parts.append(self.paragraph_text(el))
            elif el.tag == _TBL:
                parts.extend(" ".join(row) for row in self.table_rows(el))
        return " ".join(" ".join(p.split()) for p in parts if p.strip())

    def table_rows(self, tbl: etree._Element) -> list[list[str]]:
        rows: list[list[str]] = []
        above: dict[int, str] = {}
        for tr in (c for c in self._content(tbl) if c.tag == _TR):
            row: list[str] = []
            col = 0
            gb = tr.find(_W + "trPr/" + _W + "gridBefore")
            if gb is not None:
                skip = _int(gb.get(_W + "val"), 0)
                row.extend([""] * min(skip, 200))
                col += skip
            for tc in (c for c in self._content(tr) if c.tag == _TC):
                tcpr = tc.find(_W + "tcPr")
                span, vmerge = 1, None
                if tcpr is not None:
                    gs = tcpr.find(_W + "gridSpan")
                    if gs is not None:
                        span = min(max(_int(gs.get(_W + "val"), 1), 1), 200)
                    vm = tcpr.find(_W + "vMerge")
                    if vm is not None:
                        vmerge = vm.get(_W + "val") or "continue"
                text = self.cell_text(tc)
                if vmerge == "continue":
                    text = above.get(col, text)
                for _ in range(span):
                    row.append(text)
                    above[col] = text
                    col += 1
            rows.append(row)
        return rows

    def _content(self, el: etree._Element) -> list[etree._Element]:
        """Children of `el`, with content controls and custom XML wrappers opened."""
        out: list[etree._Element] = []
        for child in el:
            if child.tag == _SDT:
                content = child.find(_SDTCONTENT)
                if content is not None:
                    out.extend(self._content(content))
            elif child.tag == _CUSTOM or child.tag in (_W + "ins", _W + "moveTo"):
                out.extend(self._content(child))
            else:
                out.append(child)
        return out

    def read(self) -> list[Block]:
        body = self.root.find(_W + "body")
        if body is None:
            raise ValueError("no w:body")
        for el in self._content(body):
            if el.tag == _P:
                self.paragraph(el)
            elif el.tag == _TBL:
                page = self.page
                rows = self.table_rows(el)
                self.blocks.append(Block(rows=rows, page=page))
        for n, (kind, nid) in enumerate(self.note_order, 1):
            notes = self.footnotes if kind == "footnote" else self.endnotes
            paras = notes.get(nid, [])
            text = " ".join(
                " ".join(self.paragraph_text(p).split()) for p in paras if len(p)
            ).strip()
            if text:
                self.blocks.append(Block(text=f"[{n}] {text}", page=self.page))
        return self.blocks


def _style_numbering(root: etree._Element | None) -> dict[str, tuple[str, int]]:
    """Paragraph styles that number their paragraphs (headings in a numbered outline)."""
    out: dict[str, tuple[str, int]] = {}
    if root is None:
        return out
    based: dict[str, str] = {}
    for st in root.iter(_W + "style"):
        sid = st.get(_W + "styleId") or ""
        b = st.find(_W + "basedOn")
        if b is not None:
            based[sid] = b.get(_W + "val") or ""
        np_ = st.find(_W + "pPr/" + _W + "numPr")
        if np_ is not None:
            nid = np_.find(_W + "numId")
            lv = np_.find(_W + "ilvl")
            if nid is not None:
                out[sid] = (
                    nid.get(_W + "val") or "",
                    _int(lv.get(_W + "val"), 0) if lv is not None else 0,
                )
    for sid in list(based):
        seen, cur = set(), sid
        while cur not in out and cur in based and cur not in seen:
            seen.add(cur)
            cur = based[cur]
        if sid not in out and cur in out:
            out[sid] = out[cur]
    return out


def _notes(root: etree._Element | None, kind: str) -> dict[str, list[etree._Element]]:
    out: dict[str, list[etree._Element]] = {}
    if root is None:
        return out
    for note in root.iter(_W + kind):
        if note.get(_W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        out[note.get(_W + "id") or ""] = list(note.iter(_P))
    return out


def _part(zf: zipfile.ZipFile, name: str, label: str) -> etree._Element | None:
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _MAX_PART:
        raise FormatError(
            f"{label}: phần {name} giải nén ra {info.file_size:,} byte; từ chối đọc".replace(
                ",", "."
            )
        )
    with zf.open(info) as fh:
        data = fh.read(_MAX_PART + 1)
    if len(data) > _MAX_PART:
        raise FormatError(
            f"{label}: phần {name} giải nén ra hơn {_MAX_PART:,} byte; từ chối đọc".replace(
                ",", "."
            )
        )
    return etree.fromstring(data, _PARSER)


def fonts_used(parts: dict[str, etree._Element | None]) -> set[str]:
    """Every font name a run, style or the theme defaults name."""
    names: set[str] = set()
    for root in parts.values():
        if root is None:
            continue
        for rf in root.iter(_W + "rFonts"):
            for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
                v = rf.get(_W + attr)
                if v:
                    names.add(v)
    return names


def read_docx(data: bytes, name: str = "<docx>") -> Extracted:
    """The text of a .docx file; FormatError (naming the file) when it is not one we can read."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise FormatError(f"{name}: không đọc được tệp .docx (ZIP): {exc}") from exc
    try:
        with zf:
            names = set(zf.namelist())
            if "word/document.xml" not in names:
                if "EncryptedPackage" in names or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
                    raise FormatError(
                        f"{name}: tệp Word có mật khẩu; hãy lưu lại bản không đặt mật khẩu"
                    )
                raise FormatError(
                    f"{name}: tệp ZIP không có word/document.xml, không phải tệp .docx"
                )
            parts = {
                part: _part(zf, part, name)
                for part in (
                    "word/document.xml",
                    "word/numbering.xml",
                    "word/styles.xml",
                    "word/footnotes.xml",
                    "word/endnotes.xml",
                )
            }
    except FormatError:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        etree.XMLSyntaxError,
        EOFError,
        zlib.error,
    ) as exc:
        raise FormatError(f"{name}: tệp .docx bị hỏng ({type(exc).__name__}: {exc})") from exc
    except (OSError, ValueError, NotImplementedError, RuntimeError) as exc:
        raise FormatError(f"{name}: tệp .docx bị hỏng ({type(exc).__name__}: {exc})") from exc
    try:
        reader = _Reader(parts)
        blocks = reader.read()
    except (ValueError, AssertionError, RecursionError) as exc:
        raise FormatError(f"{name}: tệp .docx bị hỏng ({type(exc).__name__}: {exc})") from exc
    from parsers.formats.legacy import check_legacy

    out = assemble(blocks, "docx", pages=reader.page, reader="lxml (WordprocessingML)")
    check_legacy(out.text, fonts_used(parts), name)
    return out
