"""Word 97-2003 (.doc) to text, read natively from the binary file ([MS-DOC]) with olefile.

The text of a Word binary file is a sequence of pieces (the piece table in the ``Clx`` of the
table stream), each either 8-bit (cp1252) or UTF-16 bytes of the ``WordDocument`` stream. Table
cells end with character 7; whether a paragraph is in a table and whether a mark ends a row are
paragraph properties (``sprmPFInTable``, ``sprmPFTtp``) read from the PAPX pages. Fields keep
their result and drop their instruction; footnote references become ``[n]`` and the footnotes
follow the body, as for .docx. Word does not store pages in the file, so .doc anchors carry
paragraph numbers (and pages only after explicit page breaks).

A file this reader cannot take (Word 6/95, encrypted, damaged) is converted by LibreOffice when
it is installed (:mod:`parsers.formats.tools`); otherwise it is refused with a reason that says
what to install.
"""

from __future__ import annotations

import io
import struct
from bisect import bisect_right
from dataclasses import dataclass

import olefile

from parsers.formats.model import Block, Extracted, assemble

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Pair indexes in FibRgFcLcb97.
_PLCF_FND_REF, _PLCF_FND_TXT, _PLCF_BTE_PAPX, _CLX = 2, 3, 13, 33
_SPRM_IN_TABLE, _SPRM_TTP, _SPRM_ITAP = 0x2416, 0x2417, 0x6649
_SPRM_INNER_TTP, _SPRM_INNER_CELL = 0x244C, 0x244B
_SPRM_ILFO, _SPRM_ILVL = 0x460B, 0x260A
_PLF_LST, _PLF_LFO = 73, 74
_MAX_CHARS = 50_000_000


class DocError(ValueError):
    """The binary file is not a Word 97-2003 document this reader can take.

    `convertible` says whether LibreOffice may do better: an older Word version or a Word
    structure this reader refuses, yes; a broken OLE2 container or an encrypted file, no (they
    are refused at once instead of costing a converter run each).
    """

    def __init__(self, message: str, *, convertible: bool = True) -> None:
        super().__init__(message)
        self.convertible = convertible


@dataclass(slots=True)
class _Piece:
    cp: int
    cp_end: int
    fc: int  # byte offset of the piece's first character in the WordDocument stream
    compressed: bool


def _u16(b: bytes, off: int) -> int:
    return int(struct.unpack_from("<H", b, off)[0])


def _u32(b: bytes, off: int) -> int:
    return int(struct.unpack_from("<I", b, off)[0])


class _Fib:
    def __init__(self, wd: bytes) -> None:
        if len(wd) < 0x200 or _u16(wd, 0) != 0xA5EC:
            raise DocError("the WordDocument stream has no Word 97-2003 header")
        self.nfib = _u16(wd, 2)
        flags = _u16(wd, 0x0A)
        if flags & 0x0100:
            raise DocError("password-protected (encrypted) Word file", convertible=False)
        self.table = "1Table" if flags & 0x0200 else "0Table"
        csw = _u16(wd, 32)
        p = 34 + csw * 2
        cslw = _u16(wd, p)
        lw = p + 2
        if cslw < 11:
            raise DocError("Word file header too short (older than Word 97?)")
        self.ccp = struct.unpack_from("<11i", wd, lw)  # cbMac, reserved x2, ccpText, ccpFtn, ...
        p = lw + cslw * 4
        cb = _u16(wd, p)
        self.fclcb = p + 2
        if cb <= _CLX:
            raise DocError("Word file header too short (older than Word 97?)")
        self.wd = wd

    def pair(self, index: int) -> tuple[int, int]:
        off = self.fclcb + index * 8
        return _u32(self.wd, off), _u32(self.wd, off + 4)

    @property
    def ccp_text(self) -> int:
        return int(self.ccp[3])

    @property
    def ccp_ftn(self) -> int:
        return int(self.ccp[4])


def _pieces(table: bytes, fc: int, lcb: int) -> list[_Piece]:
    clx = table[fc : fc + lcb]
    if len(clx) != lcb or lcb == 0:
        raise DocError("the piece table lies outside the table stream")
    i = 0
    while i < len(clx) and clx[i] == 0x01:  # Prc: property modifiers of pieces
        i += 3 + _u16(clx, i + 1)
    if i >= len(clx) or clx[i] != 0x02:
        raise DocError("no piece table (Pcdt) in the Clx")
    size = _u32(clx, i + 1)
    plc = clx[i + 5 : i + 5 + size]
    n = (size - 4) // 12
    if n <= 0 or len(plc) < 4 * (n + 1) + 8 * n:
        raise DocError("truncated piece table")
    cps = struct.unpack_from(f"<{n + 1}I", plc, 0)
    pieces = []
    for k in range(n):
        raw = _u32(plc, 4 * (n + 1) + 8 * k + 2)
        compressed = bool(raw & 0x40000000)
        fc_ = raw & 0x3FFFFFFF
        pieces.append(_Piece(cps[k], cps[k + 1], fc_ // 2 if compressed else fc_, compressed))
    return pieces


@dataclass(slots=True)
class _Para:
    fc_start: int
    fc_end: int
    in_table: bool
    row_end: bool
    ilfo: int = 0  # 1-based list format override (0: not in a list)
    ilvl: int = 0


def _papx_runs(wd: bytes, table: bytes, fc: int, lcb: int) -> list[_Para]:
    """Paragraph runs (byte ranges of the WordDocument stream) with their table flags."""
    plc = table[fc : fc + lcb]
    if len(plc) < 8:
        return []
    n = (len(plc) - 4) // 8
    runs: list[_Para] = []
    for k in range(n):
        pn = _u32(plc, 4 * (n + 1) + 4 * k) & 0x3FFFFF
        page = wd[pn * 512 : pn * 512 + 512]
        if len(page) < 512:
            continue
        crun = page[511]
        if 4 * (crun + 1) + 13 * crun > 511:
            continue
        fcs = struct.unpack_from(f"<{crun + 1}I", page, 0)
        for j in range(crun):
            boff = page[4 * (crun + 1) + 13 * j] * 2
            in_table = row_end = False
            ilfo = ilvl = 0
            if boff:
                cb = page[boff]
                if cb:
                    start, length = boff + 1, 2 * cb - 1
                else:
                    start, length = boff + 2, 2 * page[boff + 1] if boff + 1 < 512 else 0
                grpprl = page[start + 2 : start + length]  # after the 2-byte style index
                in_table, row_end, ilfo, ilvl = _para_flags(grpprl)
            runs.append(_Para(fcs[j], fcs[j + 1], in_table, row_end, ilfo, ilvl))
    runs.sort(key=lambda r: r.fc_start)
    return runs


def _para_flags(grpprl: bytes) -> tuple[bool, bool, int, int]:
    """In a table, ends a row, list override index, list level: from a paragraph's sprms."""
    in_table = row_end = False
    ilfo = ilvl = 0
    i = 0
    while i + 2 <= len(grpprl):
        sprm = _u16(grpprl, i)
        i += 2
        spra = sprm >> 13
        if spra in (0, 1):
            size = 1
        elif spra in (2, 4, 5):
            size = 2
        elif spra == 3:
            size = 4
        elif spra == 7:
            size = 3
        else:  # variable length
            if i >= len(grpprl):
                break
            if sprm in (0xD608, 0xD606):
                size = _u16(grpprl, i) + 2 if i + 2 <= len(grpprl) else len(grpprl)
            else:
                size = grpprl[i] + 1
        operand = grpprl[i : i + size]
        if sprm in (_SPRM_IN_TABLE, _SPRM_INNER_CELL) and operand[:1] not in (b"", b"\x00"):
            in_table = True
        elif sprm in (_SPRM_TTP, _SPRM_INNER_TTP) and operand[:1] not in (b"", b"\x00"):
            row_end = in_table = True
        elif sprm == _SPRM_ITAP and len(operand) >= 4 and _u32(operand, 0) > 0:
            in_table = True
        elif sprm == _SPRM_ILFO and len(operand) >= 2:
            ilfo = int(struct.unpack_from("<h", operand, 0)[0])
        elif sprm == _SPRM_ILVL and operand:
            ilvl = operand[0]
        i += size
    return in_table, row_end, ilfo, ilvl


class _Text:
    """Characters by CP, with the stream offset of each (to look paragraph properties up)."""

    def __init__(self, wd: bytes, pieces: list[_Piece]) -> None:
        self.wd = wd
        self.pieces = pieces
        self.starts = [p.cp for p in pieces]

    def span(self, cp0: int, cp1: int) -> list[tuple[str, int]]:
        out: list[tuple[str, int]] = []
        if cp1 - cp0 > _MAX_CHARS:
            raise DocError(f"{cp1 - cp0:,} characters claimed; not a real document")
        k = max(bisect_right(self.starts, cp0) - 1, 0)
        cp = cp0
        while cp < cp1 and k < len(self.pieces):
            pc = self.pieces[k]
            lo, hi = max(cp, pc.cp), min(cp1, pc.cp_end)
            if lo < hi:
                if pc.compressed:
                    b0 = pc.fc + (lo - pc.cp)
                    raw = self.wd[b0 : b0 + (hi - lo)]
                    text = raw.decode("cp1252", errors="replace")
                    out.extend((c, b0 + i) for i, c in enumerate(text))
                else:
                    b0 = pc.fc + 2 * (lo - pc.cp)
                    raw = self.wd[b0 : b0 + 2 * (hi - lo)]
                    text = raw.decode("utf-16-le", errors="replace")
                    out.extend((c, b0 + 2 * i) for i, c in enumerate(text))
                cp = hi
            k += 1
        return out


class _Builder:
    """Characters to blocks: paragraphs, table rows of cells, footnote marks."""

    def __init__(self, runs: list[_Para], lists: _Lists | None = None) -> None:
        self.lists = lists
        self.runs = runs
        self.run_starts = [r.fc_start for r in runs]
        self.blocks: list[Block] = []
        self.page = 0
        self.notes = 0

    def run(self, fc: int) -> _Para | None:
        i = bisect_right(self.run_starts, fc) - 1
        if i >= 0 and fc < self.runs[i].fc_end:
            return self.runs[i]
        return None

    def label(self, run: _Para | None, text: str) -> str:
        """`text` with its automatic list number in front, as Word prints it."""
        if run is None or run.ilfo <= 0 or self.lists is None or not text.strip():
            return text
        label = self.lists.label(run.ilfo, run.ilvl)
        return f"{label} {text.lstrip()}" if label else text

    def build(self, chars: list[tuple[str, int]]) -> list[Block]:
        para: list[str] = []
        cells: list[str] = []
        rows: list[list[str]] = []
        cell_paras: list[str] = []
        field_stack: list[bool] = []  # per open field: True once past its separator
        table_page = 0

        def flush_table() -> None:
            nonlocal rows
            if rows:
                self.blocks.append(Block(rows=rows, page=table_page))
                rows = []

        for ch, fc in chars:
            o = ord(ch)
            if o == 0x13:
                field_stack.append(False)
                continue
            if o == 0x14:
                if field_stack:
                    field_stack[-1] = True
                continue
            if o == 0x15:
                if field_stack:
                    field_stack.pop()
                continue
            if field_stack and not field_stack[-1]:
                continue  # field instruction
            if o == 0x0D or o == 0x07:
                run = self.run(fc)
                in_table, row_end = (run.in_table, run.row_end) if run else (False, False)
                text = self.label(run, "".join(para))
                para = []
                if o == 0x07 and row_end:
                    if cell_paras or text:
                        cells.append(" ".join([*cell_paras, text]).strip())
                        cell_paras = []
                    if not rows:
                        table_page = self.page
                    rows.append(cells)
                    cells = []
                elif o == 0x07 or (in_table and o == 0x07):
                    cells.append(" ".join([*cell_paras, text]).strip())
                    cell_paras = []
                elif in_table:
                    cell_paras.append(text)
                else:
                    flush_table()
                    if cells:  # cells without a row mark: keep them as a row
                        rows.append(cells)
                        cells = []
                        flush_table()
                    self.blocks.append(Block(text=text, page=self.page))
                continue
            if o == 0x0C:
                if self.page == 0:
                    self.page = 1
                self.page += 1
                para.append("\n")
            elif o in (0x0B, 0x0E):
                para.append("\n")
            elif o == 0x02:
                self.notes += 1
                para.append(f"[{self.notes}]")
            elif o == 0x1E:
                para.append("-")
            elif o == 0x09:
                para.append(" ")
            elif o < 0x20 or o == 0x1F or ch == "\ufffd":
                continue
            else:
                para.append(ch)
        if para:
            self.blocks.append(Block(text="".join(para), page=self.page))
        if cells:
            rows.append(cells)
        flush_table()
        return self.blocks


_NFC = {0: "decimal", 1: "upperRoman", 2: "lowerRoman", 3: "upperLetter", 4: "lowerLetter"}
_NFC.update({22: "decimalZero", 23: "bullet", 255: "none"})


@dataclass(slots=True)
class _Lvl:
    start: int
    nfc: int
    text: str  # the number text: characters 0-8 stand for the level numbers
    restart_lim: int = 9
    no_restart: bool = False


@dataclass(slots=True)
class _Lists:
    """Word's list tables (PlfLst, PlfLfo): levels per list, overrides, running counters."""

    levels: dict[int, list[_Lvl]]  # lsid -> levels
    lfos: list[tuple[int, dict[int, int]]]  # per LFO: lsid, start-at overrides by level
    counters: dict[int, dict[int, int]]
    started: set[int]

    @classmethod
    def read(cls, table: bytes, fc_lst: int, lcb_lst: int, fc_lfo: int, lcb_lfo: int) -> _Lists:
        out = cls({}, [], {}, set())
        try:
            out._read_lst(table, fc_lst, lcb_lst)
            out._read_lfo(table, fc_lfo, lcb_lfo)
        except (struct.error, IndexError, ValueError):
            pass  # damaged list tables: paragraphs keep their text, without numbers
        return out

    def _read_lst(self, table: bytes, fc: int, lcb: int) -> None:
        if lcb < 2 or fc + lcb > len(table):
            return
        count = int(struct.unpack_from("<h", table, fc)[0])
        p = fc + 2
        heads = []
        for _ in range(max(count, 0)):
            lsid = int(struct.unpack_from("<i", table, p)[0])
            simple = bool(table[p + 26] & 0x01)
            heads.append((lsid, 1 if simple else 9))
            p += 28
        q = fc + lcb  # the LVLs follow the PlfLst
        for lsid, n in heads:
            lvls = []
            for _ in range(n):
                lvl, q = _read_lvl(table, q)
                lvls.append(lvl)
            self.levels[lsid] = lvls

    def _read_lfo(self, table: bytes, fc: int, lcb: int) -> None:
        if lcb < 4 or fc + lcb > len(table):
            return
        n = _u32(table, fc)
        if n > 10000:
            return
        p = fc + 4
        heads = []
        for _ in range(n):
            heads.append((int(struct.unpack_from("<i", table, p)[0]), table[p + 12]))
            p += 16
        for lsid, clfolvl in heads:
            starts: dict[int, int] = {}
            p += 4  # LFOData.cp
            for _ in range(clfolvl):
                start = int(struct.unpack_from("<i", table, p)[0])
                flags = _u32(table, p + 4)
                p += 8
                ilvl, f_start, f_formatting = flags & 0xF, bool(flags & 0x10), bool(flags & 0x20)
                if f_formatting:
                    lvl, p = _read_lvl(table, p)
                    starts[ilvl] = lvl.start
                elif f_start:
                    starts[ilvl] = start
            self.lfos.append((lsid, starts))

    def label(self, ilfo: int, ilvl: int) -> str:
        if not 0 < ilfo <= len(self.lfos):
            return ""
        lsid, overrides = self.lfos[ilfo - 1]
        lvls = self.levels.get(lsid)
        if not lvls:
            return ""
        ilvl = min(ilvl, len(lvls) - 1)
        lvl = lvls[ilvl]
        counters = self.counters.setdefault(lsid, {})
        if ilfo not in self.started:
            self.started.add(ilfo)
            for level, start in overrides.items():
                counters[level] = start - 1
                for deeper in [k for k in counters if k > level]:
                    del counters[deeper]
        counters[ilvl] = counters.get(ilvl, lvl.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            if not (deeper < len(lvls) and lvls[deeper].no_restart):
                del counters[deeper]
        fmt = _NFC.get(lvl.nfc, "decimal")
        if fmt == "bullet":
            return "-"
        from parsers.formats.docx import format_number

        parts = []
        for ch in lvl.text:
            k = ord(ch)
            if k < 9:
                lk = lvls[k] if k < len(lvls) else lvl
                value = counters.get(k, lk.start)
                parts.append(format_number(value, _NFC.get(lk.nfc, "decimal")))
            else:
                parts.append(ch)
        return "".join(parts).strip()


def _read_lvl(table: bytes, p: int) -> tuple[_Lvl, int]:
    start = int(struct.unpack_from("<i", table, p)[0])
    nfc = table[p + 4]
    no_restart = bool(table[p + 5] & 0x08)
    cb_chpx, cb_papx = table[p + 24], table[p + 25]
    restart_lim = table[p + 26]
    p += 28 + cb_papx + cb_chpx
    cch = _u16(table, p)
    text = table[p + 2 : p + 2 + 2 * cch].decode("utf-16-le", errors="replace")
    return _Lvl(start, nfc, text, restart_lim, no_restart), p + 2 + 2 * cch


def read_doc_native(data: bytes, name: str = "<doc>") -> Extracted:
    """The text of a Word 97-2003 file. Raises DocError when this reader cannot take it."""
    if not olefile.isOleFile(io.BytesIO(data)):
        raise DocError("not an OLE2 compound file", convertible=False)
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            if not ole.exists("WordDocument"):
                raise DocError(
                    "an OLE2 file without a WordDocument stream (not a Word file)",
                    convertible=False,
                )
            wd = ole.openstream("WordDocument").read()
            fib = _Fib(wd)
            if not ole.exists(fib.table):
                raise DocError(f"the {fib.table} stream is missing")
            table = ole.openstream(fib.table).read()
    except DocError:
        raise
    except Exception as exc:  # olefile raises OSError, struct.error, IndexError, … on damage
        raise DocError(
            f"damaged OLE2 structure ({type(exc).__name__}: {exc})", convertible=False
        ) from exc
    try:
        pieces = _pieces(table, *fib.pair(_CLX))
        text = _Text(wd, pieces)
        runs = _papx_runs(wd, table, *fib.pair(_PLCF_BTE_PAPX))
        ccp_text, ccp_ftn = fib.ccp_text, fib.ccp_ftn
        if ccp_text < 0 or ccp_ftn < 0:
            raise DocError("negative text length in the header")
        lists = _Lists.read(table, *fib.pair(_PLF_LST), *fib.pair(_PLF_LFO))
        builder = _Builder(runs, lists)
        blocks = builder.build(text.span(0, ccp_text))
        pages = builder.page
        if ccp_ftn > 0:
            blocks.extend(_footnotes(fib, table, text, ccp_text, ccp_ftn, runs, pages))
    except DocError:
        raise
    except (struct.error, IndexError, ValueError, OverflowError, MemoryError) as exc:
        raise DocError(f"damaged Word structure ({type(exc).__name__}: {exc})") from exc
    out = assemble(blocks, "doc", pages=pages, reader="native (olefile + piece table)")
    if not out.text.strip():
        raise DocError("no text in the document body")
    return out


def _footnotes(
    fib: _Fib,
    table: bytes,
    text: _Text,
    ccp_text: int,
    ccp_ftn: int,
    runs: list[_Para],
    page: int,
) -> list[Block]:
    """Footnotes as ``[n] text`` blocks, in the order of their references."""
    fc, lcb = fib.pair(_PLCF_FND_TXT)
    plc = table[fc : fc + lcb]
    n = (len(plc) - 4) // 4 if len(plc) >= 8 else 0
    starts = list(struct.unpack_from(f"<{n + 1}I", plc, 0)) if n else [0, ccp_ftn]
    out = []
    for k in range(len(starts) - 1):
        lo, hi = ccp_text + starts[k], ccp_text + min(starts[k + 1], ccp_ftn)
        chars = [(c, f) for c, f in text.span(lo, hi) if c != "\x02"]
        sub = _Builder(runs)
        body = " ".join(b.text for b in sub.build(chars) if b.text.strip())
        body = " ".join(body.split())
        if body:
            out.append(Block(text=f"[{k + 1}] {body}", page=page))
    return out
