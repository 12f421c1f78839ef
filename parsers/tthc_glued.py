"""The crawler's run-together table cells of TTHC records, pulled apart: a number's issuer glued
to the next cell ("NĐ-CP56/2023/…"), a date's year glued to a number, words glued to words."""

from __future__ import annotations

import re

from parsers.normalize import fold

# --- the crawler's run-together table cells ---------------------------------------------------

# A number's issuer glued to the next cell: "NĐ-CP56/2023/…" (a number), "QH1341/2013/…",
# "NĐ-CPLuật …", "TT-BCAThông tư …", "QĐ-TTgThông …" (a capitalised word), "29/6/202443/2024/QH15"
# (a date's year, then a number).
_GLUE_NUMBER = re.compile(
    r"(?<=[A-ZĐ])(?<!QH)(?=\d{1,5}[a-z]?[ ]?/[ ]?(?:(?:19|20)\d\d(?:[ ]?/|(?!\d))|[A-ZĐ]))"
    r"|(?<=QH\d\d)(?=\d{1,5}[a-z]?/)"
    r"|(?<=\b(?:19|20)\d\d)(?=\d{1,3}/(?:19|20)\d\d/QH)"
    r"|(?<=TTg)(?=[A-ZĐ0-9])"
    r"|(?<=\b\d/\d/\d{4})(?=\d)|(?<=\b\d\d/\d/\d{4})(?=\d)"
    r"|(?<=\b\d/\d\d/\d{4})(?=\d)|(?<=\b\d\d/\d\d/\d{4})(?=\d)"
)
_GLUE_WORD = re.compile(r"(?<=[A-ZĐ0-9])(?=[A-ZĐ](?:[^\W\d_A-ZĐ]{2}|[^\W\d_A-ZĐ](?=[ ,.;])))")
# A title glued to the next cell's document: "… thực vậtNghị định số 33/2026/NĐ-CP",
# "… thực vậtsố 07/2026/TT-BNNMT"; a number glued to the next title: "QH15quy định …".
_GLUE_LOWER = re.compile(
    r"(?:(?<=[^\W\d_A-ZĐ])|(?<=[.;]))"
    r"(?=(?:Nghị định|Nghị quyết|Thông tư|Quyết định|Luật|Bộ luật|Pháp lệnh|số[ ]?\d)\b)"
    r"|(?<=[^\W\d_A-ZĐ])(?=\d{1,5}(?:\.\d{1,3})?[a-z]?/(?:(?:19|20)\d\d/)?[A-ZĐ]{1,8}[-\d])"
    r"|(?<=\b(?:19|20)\d\d[.;])(?=\d{1,5}[a-z]?/)|(?<=\d/\d{4};)(?=[ ]?\S)"
)
_GLUE_TAIL = re.compile(r"(?<=[A-ZĐ0-9])(?=[^\W\d_A-ZĐ]{2})")
# "NĐ-CP - Quy định …": a title after a dash, not an issuer segment.
_GLUE_DASH = re.compile(r"(?<=[A-ZĐ0-9])[ ]?[-–][ ]?(?=[A-ZĐ][^\W\d_A-ZĐ])")
# A document type in capitals glued to a number: "15/2018/NĐ-CPNGHỊ ĐỊNH 155/2018/NĐ-CP".
_GLUE_TYPE = re.compile(
    r"(?<=[A-ZĐ0-9])(?=(?:NGHỊ ĐỊNH|NGHỊ QUYẾT|THÔNG TƯ|QUYẾT ĐỊNH|BỘ LUẬT|LUẬT|PHÁP LỆNH|QUY ĐỊNH|SỬA ĐỔI|HƯỚNG DẪN|BAN HÀNH|VỀ)\b)"
)
_HEADER = re.compile(r"Tên văn bản pháp lý\s*(?:Mã văn bản)?|Mã văn bản", re.IGNORECASE)
# Two-consonant onsets a Vietnamese word may start with ("Thông", "Nghị", "Quy", "Trồng").
_ONSETS = frozenset({"ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr"})
_VOWELS = frozenset("aeiouy")


def unglue(text: str) -> str:
    """The crawler's run-together cells with a line break between them."""
    text = _HEADER.sub("\n", text)
    text = _GLUE_NUMBER.sub("\n", text)
    text = _GLUE_TYPE.sub("\n", text)
    text = _GLUE_DASH.sub("\n", text)
    text = _GLUE_LOWER.sub("\n", text)

    def word(m: re.Match[str]) -> str:
        # Only after an issuer code (upper-case letters, digits, "-"), never inside a word, and
        # only where a Vietnamese word can start ("BNNMTsửa" is "BNNMT" + "sửa", not "Tsửa").
        start = m.start()
        k = start
        while k > 0 and (text[k - 1].isupper() or text[k - 1].isdigit() or text[k - 1] == "-"):
            k -= 1
        token = text[k:start]
        if text.startswith("Tg", start):  # the Prime Minister's "QĐ-TTg"
            return ""
        pair = fold(text[start : start + 2])
        onset = pair[1:] in _VOWELS or pair in _ONSETS
        return "\n" if onset and ("-" in token or token.startswith("QH")) else ""

    text = _GLUE_WORD.sub(word, text)

    def tail(m: re.Match[str]) -> str:
        # "QH15quy định", "TT-BNNMTsửa đổi": a title glued after a number, unless the last
        # capital starts the word ("NĐ-CPLuật" was split before "L" above).
        start = m.start()
        k = start
        while k > 0 and (text[k - 1].isupper() or text[k - 1].isdigit() or text[k - 1] == "-"):
            k -= 1
        token = text[k:start]
        if not ("-" in token or token.startswith("QH")) or "/" not in text[max(0, k - 6) : k]:
            return ""
        if fold(text[start : start + 4]) == "ngay":  # "TT-BCAngày 01/7/2025": the same cell
            return ""
        if text[start - 1].isdigit():
            return "\n"
        pair = fold(text[start - 1 : start + 1])
        return "" if pair[1:] in _VOWELS or pair in _ONSETS else "\n"

    return _GLUE_TAIL.sub(tail, text)
