"""Document metadata from the header block and the commencement clauses.

A Vietnamese legal text opens with a two-column header (issuer | national motto, number | place and
date), the document type on its own line ("NGHỊ ĐỊNH") and the title (trích yếu) under it. Crawled
copies render that header as a pipe table, as lines, or as a site's front-matter table
(`**Số hiệu** | 44/2005/QH11`); all three are read. Commencement ("có hiệu lực thi hành kể từ
ngày …", "kể từ ngày ký") is read only where the document speaks of itself ("Nghị định này …"),
so dates quoted from other documents are not taken for its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from parsers.citation_text import type_from_number
from parsers.citations import DOC_TYPES, NUMBER
from parsers.dates import iter_dates, parse_date
from parsers.model import Metadata, Unit
from parsers.normalize import fold, normalize_number
from parsers.provinces import find_province

HEAD_CHARS = 6000

_FRONT = re.compile(r"^\|?\s*\*\*(?P<key>[^*|]+)\*\*\s*\|\s*(?P<value>[^|\n]*)", re.MULTILINE)
_NUMBER_LINE = re.compile(
    rf"(?:^|\|)[ *_]*(?:(?i:luật|văn bản hợp nhất|pháp lệnh)[ ])?(?i:số)(?:[ ](?i:hiệu))?[ ]?[:：][ ]?(?P<num>{NUMBER})",
    re.MULTILINE,
)
_PLACE_DATE = re.compile(
    r"(?P<place>[A-ZĐÀ-Ỹ][^\n,|*_.]{1,40}?),[ ]*ngày[ ]+(?P<d>\d{1,2})[ ]+tháng[ ]+(?P<m>\d{1,2})"
    r"[ ]+năm[ ]+(?P<y>\d{4})"
)
_TYPE_LINE = {fold(t): t for t in DOC_TYPES}
_SELF_EFFECT = re.compile(
    r"(?i:luật|bộ luật|pháp lệnh|nghị định|nghị quyết|thông tư|quyết định|chỉ thị|văn bản)[ ]này"
    r"[^.\n]{0,160}?có[ ]hiệu[ ]lực(?:[ ]thi[ ]hành)?(?:[ ]kể)?[ ]từ[ ](?:ngày[ ]?)?"
    r"(?P<when>ký|\d{1,2}[ ]tháng[ ]\d{1,2}[ ]năm[ ]\d{4}|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4})"
)
_PART_EFFECT = re.compile(
    r"(?i:điều|khoản|điểm|chương|mục|quy định)[^.\n]{0,160}?có[ ]hiệu[ ]lực(?:[ ]thi[ ]hành)?"
    r"(?:[ ]kể)?[ ]từ[ ]ngày[ ]?(?P<when>\d{1,2}[ ]tháng[ ]\d{1,2}[ ]năm[ ]\d{4}|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4})"
)
_ISSUER_SKIP = re.compile(r"cong hoa|doc lap|so[ ]?:|^\s*$|^-+$|\bngay\b")
_LOCAL_BODY = re.compile(r"uy ban nhan dan|ubnd|hoi dong nhan dan|hdnd")


def _front_matter(head: str) -> dict[str, str]:
    return {fold(m.group("key")).strip(): m.group("value").strip() for m in _FRONT.finditer(head)}


def _issuer(head_lines: list[str]) -> str:
    for line in head_lines[:12]:
        cells = [c for c in line.strip().strip("|").split("|")] if "|" in line else [line]
        for cell in cells:
            text = re.sub(r"[-–—_*#]{2,}|[*#]", " ", cell).strip()
            text = " ".join(text.split()).strip()
            if not text or len(text) > 120:
                continue
            key = fold(text)
            if _ISSUER_SKIP.search(key) or key.startswith(("source", "http")):
                continue
            letters = [c for c in text if c.isalpha()]
            if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8:
                if fold(text) in _TYPE_LINE:
                    return ""
                return text
            break
    return ""


def _type_and_title(lines: list[str]) -> tuple[str, str]:
    for i, line in enumerate(lines[:60]):
        key = fold(line.strip(" #*_|")).strip()
        if key in _TYPE_LINE and line.strip(" #*_|").isupper():
            title: list[str] = []
            for nxt in lines[i + 1 : i + 8]:
                s = nxt.strip(" #*_")
                if not s:
                    if title:
                        break
                    continue
                if fold(s).startswith(("can cu", "chu tich", "bo truong", "thu tuong")):
                    break
                letters = [c for c in s if c.isalpha()]
                upper = letters and sum(c.isupper() for c in letters) / len(letters) > 0.8
                if title and not upper:
                    break
                title.append(s)
                if not upper:
                    break
            return _TYPE_LINE[key], " ".join(title)
    return "", ""


def parse_metadata(text: str, units: list[Unit]) -> Metadata:
    """Number, type, issuer (and province), place, signing date, title and effective dates."""
    head = text[:HEAD_CHARS]
    lines = head.split("\n")
    content_lines = [
        ln
        for ln in lines
        if ln.strip() and not ln.lstrip().startswith(("*Source", "#", "---", "layout:", "title:"))
    ]
    meta = Metadata()
    front = _front_matter(head)
    m = _NUMBER_LINE.search(head)
    if m:
        meta.number = normalize_number(m.group("num"))
    elif re.search(r"\d/", front.get("so hieu", "")):
        meta.number = normalize_number(front["so hieu"])
    doc_type, title = _type_and_title(lines)
    by_number = type_from_number(meta.number) if meta.number else ""
    meta.type = by_number if by_number == "Văn bản hợp nhất" else (doc_type or by_number)
    if not meta.type and re.search(r"\d/", front.get("so hieu", "")) and front.get("loai van ban"):
        meta.type = front["loai van ban"]
    meta.title = title
    pd = _PLACE_DATE.search(head, 0, 2500)
    if pd:
        meta.place = " ".join(pd.group("place").replace("| ", "").split())
        meta.signed = _safe_date(int(pd.group("d")), int(pd.group("m")), int(pd.group("y")))
    elif front.get("ngay ban hanh"):
        meta.signed = parse_date(front["ngay ban hanh"])
    meta.issuer = _issuer(content_lines) or front.get("noi ban hanh", "")
    if meta.issuer and _LOCAL_BODY.search(fold(meta.issuer)):
        province = find_province(meta.issuer, meta.signed)
        if province is None:
            # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI CHÂU" under the title names the province too.
            for line in content_lines[:40]:
                if _LOCAL_BODY.search(fold(line)):
                    province = find_province(line, meta.signed)
                    if province:
                        break
        meta.province_code = province.code if province else ""
    if front:
        # A site's front matter (pháp điển pages) describes the whole compilation; its articles
        # quote the commencement clauses of many documents, none of which is this one's.
        meta.effective = []
    else:
        meta.effective = _effective_dates(text, meta.signed)
    if not meta.effective and front.get("ngay hieu luc"):
        d = parse_date(front["ngay hieu luc"])
        if d:
            meta.effective = [d]
    return meta


def _safe_date(d: int, m: int, y: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


# Every _SELF_EFFECT / _PART_EFFECT match holds this literal, at most _BEFORE characters after its
# start and _AFTER characters before its end (keyword + "này" + 160, and the date clause).
_ANCHOR = "có hiệu lực"
_BEFORE = 200
_AFTER = 300


def _around_anchor(rx: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)`` for the commencement patterns, tried only around each occurrence of
    their literal "có hiệu lực" instead of at every position of a long text."""
    pos = 0
    while True:
        h = text.find(_ANCHOR, pos)
        if h < 0:
            return
        m = rx.search(text, max(pos, h - _BEFORE), h + _AFTER)
        # A match that starts past this occurrence needs a later one: look again from there
        # (its end may lie beyond this window).
        if m is not None and m.start() <= h:
            yield m
            pos = m.end()
        else:
            pos = h + 1


def _effective_dates(text: str, signed: date | None) -> list[date]:
    """Commencement dates the document states for itself (or for some of its parts), in order."""
    out: list[date] = []
    if "hiệu lực" not in text:
        return out
    for rx in (_SELF_EFFECT, _PART_EFFECT):
        for m in _around_anchor(rx, text):
            line_start = text.rfind("\n", 0, m.start()) + 1
            if text[line_start : line_start + 1] in '(“"[':
                continue  # a source note or quoted text speaks of another document
            when = m.group("when")
            d = signed if when == "ký" else next((x for x, _s, _e in iter_dates(when)), None)
            if d and d not in out:
                out.append(d)
    return out
