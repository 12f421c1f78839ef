"""Unit ids and document numbers written back as the citations people read.

Unit ids (`dieu_11__khoan_4__diem_c`, docs/ARCHITECTURE.md) are machine keys; an officer reads
"điểm c khoản 4 Điều 11 Nghị định số 96/2016/NĐ-CP". Vietnamese citations name the smallest unit
first and climb to the document, so the id's segments are written in reverse. This is the one
place that turns ids into words: the API's `citation` fields, the dashboard, exports and reports
all call it.
"""

from __future__ import annotations

import re

from parsers.normalize import normalize_number

# Document types by the code in their number's issuer part, most specific first.
_TYPE_BY_SUFFIX = (
    ("VBHN", "Văn bản hợp nhất"),
    ("TTLT", "Thông tư liên tịch"),
    ("NQLT", "Nghị quyết liên tịch"),
    ("NĐ", "Nghị định"),
    ("TT", "Thông tư"),
    ("QĐ", "Quyết định"),
    ("NQ", "Nghị quyết"),
    ("CT", "Chỉ thị"),
    ("CĐ", "Công điện"),
    ("PL", "Pháp lệnh"),
)
_LAW_TAIL = re.compile(r"(?:^|/)QH\d+$")

# Segment kind -> the word a citation uses for it (lower case below the article, as written).
_WORDS = {
    "phan": "Phần",
    "chuong": "Chương",
    "muc": "Mục",
    "dieu": "Điều",
    "khoan": "khoản",
    "diem": "điểm",
    "tiet": "tiết",
    "phu_luc": "Phụ lục",
    "table": "bảng",
    "p": "đoạn",
}
_SEGMENT = re.compile(r"^(phan|chuong|muc|dieu|khoan|diem|tiet|phu_luc|table|p)_(.+)$")
# Pháp điển article numbers keep their letter codes upper case ("45.4.NĐ.1.1", "34.11.LQ.2").
_PHAPDIEN_CODES = {"nd": "NĐ", "tt": "TT", "ttlt": "TTLT", "qd": "QĐ", "nq": "NQ", "pl": "PL"}


def type_from_number(number: str) -> str:
    """The document type its number implies ("96/2016/NĐ-CP" -> "Nghị định"); "" when none."""
    tail = number.split("/", 1)[-1].upper()
    if _LAW_TAIL.search(tail):
        return "Luật"
    for code, name in _TYPE_BY_SUFFIX:
        if re.search(rf"(?:^|[/-]){code}(?:[/-]|$)", tail):
            return name
    return ""


def _article_number(raw: str) -> str:
    if "." not in raw:
        return raw
    return ".".join(_PHAPDIEN_CODES.get(p, p.upper()) for p in raw.split("."))


def provision_label(unit_id: str) -> str:
    """ "dieu_11__khoan_4__diem_c" -> "điểm c khoản 4 Điều 11"; "" for an empty or whole-text id.

    An id this module cannot read is returned unchanged rather than guessed at.
    """
    if not unit_id or unit_id in {"root", "document"}:
        return ""
    words: list[str] = []
    for segment in unit_id.split("__"):
        m = _SEGMENT.match(segment)
        if m is None:
            return unit_id
        kind, number = m.groups()
        if kind == "dieu":
            number = _article_number(number)
        words.append(f"{_WORDS[kind]} {number}")
    return " ".join(reversed(words))


def document_label(number: str, doc_type: str = "") -> str:
    """ "96/2016/NĐ-CP" -> "Nghị định số 96/2016/NĐ-CP"; the bare number when no type is known."""
    if not number:
        return ""
    number = normalize_number(number)
    kind = doc_type or type_from_number(number)
    return f"{kind} số {number}" if kind else number


def citation(unit_id: str, number: str, doc_type: str = "") -> str:
    """The whole citation: "khoản 2 Điều 11 Nghị định số 96/2016/NĐ-CP"."""
    return " ".join(p for p in (provision_label(unit_id), document_label(number, doc_type)) if p)
