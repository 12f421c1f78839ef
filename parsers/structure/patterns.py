"""Line patterns and unit kinds of the structure parser: the labels ("Điều 5.", "2.", "a)"),
headings, notes, signature lines and the folded amendment vocabulary (parsers.wording)."""

from __future__ import annotations

import re

from parsers import wording
from parsers.model import UnitKind

# Enum member lookups cost ~100 ns each on Python 3.11; the per-line code reads these instead.
_CHUONG_K = UnitKind.CHUONG
_DIEM_K = UnitKind.DIEM
_DIEU_K = UnitKind.DIEU
_KHOAN_K = UnitKind.KHOAN
_MUC_K = UnitKind.MUC
_PARAGRAPH_K = UnitKind.PARAGRAPH
_PHAN_K = UnitKind.PHAN
_PHU_LUC_K = UnitKind.PHU_LUC
_TABLE_K = UnitKind.TABLE
_TIET_K = UnitKind.TIET
_TIEU_MUC_K = UnitKind.TIEU_MUC

# Nesting ranks: a new unit closes every open unit of the same or a deeper rank.
_RANK = {
    _PHAN_K: 0,
    _CHUONG_K: 1,
    _MUC_K: 2,
    _TIEU_MUC_K: 3,
    _DIEU_K: 4,
    _KHOAN_K: 5,
    _DIEM_K: 6,
    _TIET_K: 7,
    _TABLE_K: 9,
    _PARAGRAPH_K: 10,
}
_RANK_APPENDIX_TOP = -1  # a document's appendix closes everything
_RANK_APPENDIX_IN_ARTICLE = 5  # a pháp điển appendix sits inside its article

# --- line patterns (applied to a line stripped of Markdown decoration) -------------------------

# The label patterns of the per-line paths end where the rest of the line begins: the rest is
# `s[m.end():]`, already stripped (a stripped line, and each pattern ends in a greedy \s, or
# before "("), where a trailing "\s*(.*)" group would copy it character by character.
_ART_NUM = r"\d+[a-zđ]?(?:\.(?:\d+[a-zđ]?|[A-ZĐ]{1,8}))*"
_DIEU = re.compile(r"Điều\s+(" + _ART_NUM + r")(?![\wĐđ])\s*(?:[.:]|[-–](?=\s)|(?=\s)|$)\s*")
# "2.(được bãi bỏ)": pháp điển prints a repealed khoản's placeholder without a blank.
# Groups: the label ("1a", "đ1"), then its number and suffix.
_KHOAN = re.compile(
    rf"((\d{{1,3}})([a-zđ]?))\.(?:\[\d+\])?(?:\s+|$|(?={wording.PLACEHOLDER_OPENING}))"
)
_DIEM = re.compile(r"(([a-zđ])(\d{0,2}))\)(?:\[\d+\])?\s*")
_INLINE_POINT = re.compile(r"[;.:]\s+([a-zđ]\d?)\)\s")
_TIET = re.compile(r"[-–+•]\s*(.*)")
_SEP = r"\s*(?:[.:\-–]\s*)?"
_CHUONG = re.compile(r"(?:Chương|CHƯƠNG)\s+([IVXLCDM]+|\d+)(?![\wĐđ])" + _SEP + r"(.*)")
_MUC = re.compile(r"(?:Mục|MỤC)\s+(\d+[a-z]?|[IVXLC]+)(?![\wĐđ])" + _SEP + r"(.*)")
_TIEU_MUC = re.compile(r"(?:Tiểu mục|TIỂU MỤC)\s+(\d+|[IVXLC]+)(?![\wĐđ])" + _SEP + r"(.*)")
_PHAN = re.compile(
    r"(?:Phần|PHẦN)\s+((?:thứ|THỨ)\s+[^\s:.\-–]+|[IVXLC]+|\d+)(?![\wĐđ])" + _SEP + r"(.*)"
)
_PHU_LUC = re.compile(
    r"(?:Phụ lục|PHỤ LỤC|Phụ Lục)(?:\s+(?:số|SỐ))?(?:\s+([IVXLC]+|\d+[a-zA-Z]?))?(?![\wĐđ])"
    + _SEP
    + r"(.*)"
)
_TABLE_SEP = re.compile(r"\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_FOOTNOTE = re.compile(r"\[\d{1,3}\]\s")
_MD_LEAD = re.compile(r"(?:#{1,6}\s+|>\s*)+")
_REPEALED = wording.PLACEHOLDER
_NOTE = re.compile(
    r"\((?:Điều|Khoản|Điểm|Mục|Chương|Phần|Phụ lục|Nghị định|Thông tư|Luật|Quyết định|Nghị quyết)\s"
)
_RELATED = "(Điều này có nội dung liên quan"
# Lines after which a document's body is over (signature block, list of recipients).
_END_MARK = re.compile(r"(?:\|\s*)?(?:Nơi nhận\s*(?::|\||$)|TM\.\s|T/M\s|KT\.\s|TL\.\s|TUQ\.\s)")
# Upper-case lines that open a signature block or repeat the letterhead after the last article
# ("CHÍNH PHỦ", "THỦ TƯỚNG", "KT. BỘ TRƯỞNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"): the body is
# over even when no "Nơi nhận" follows. Matched against the line's first cell, whole.
_SIGNATURE = re.compile(
    r"(?:(?:TM|KT|TL|TUQ|Q)\.\s*)?(?:PHÓ\s+)?(?:CHÍNH PHỦ|QUỐC HỘI|THỦ TƯỚNG(?: CHÍNH PHỦ)?|"
    r"BỘ TRƯỞNG|THỨ TRƯỞNG|CHỦ TỊCH(?: [^\s|].*)?|CHỦ NHIỆM|THỐNG ĐỐC|TỔNG KIỂM TOÁN(?: NHÀ NƯỚC)?|"
    r"CHÁNH ÁN|VIỆN TRƯỞNG|(?:TỔNG )?GIÁM ĐỐC|(?:TỔNG )?CỤC TRƯỞNG|(?:ỦY|UỶ) BAN NHÂN DÂN(?: .*)?|"
    r"HỘI ĐỒNG NHÂN DÂN(?: .*)?|BỘ (?!LUẬT)\S.*|CỘNG H(?:ÒA|OÀ) XÃ HỘI CHỦ NGHĨA VIỆT NAM|"
    r"XÁC THỰC VĂN BẢN HỢP NHẤT)"
)
# Folded vocabulary of amending instructions.
_AMEND = re.compile(wording.STRUCTURE_MARKS)
# Folded headings of the closing articles of an amending document.
_CLOSING = re.compile(r"hieu luc|thi hanh|trach nhiem|chuyen tiep|to chuc thuc hien|ap dung")
_STRUCT_WORD = re.compile(r"(?:Chương|Điều|Mục|Phần|khoản|điểm|Khoản|Điểm)\b")
_OPEN_QUOTES = "“\"'‘"
_QUOTE_MARKS = '"“”'  # the marks that open or close a quotation (`_quote_delta`)
