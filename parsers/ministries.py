"""Which ministry answers for a text: the one issuer → ministry map.

A ministry shows in a document in four places, read in this order by :func:`issuer_ministry`:
the issuer part of its number ("Số: 14/2017/TT-BCT"; a joint circular "TTLT-BYT-BCT" names its
lead ministry first), the issuer line of its header ("BỘ CÔNG THƯƠNG"), and for a Government
decree (NĐ-CP, whose number names no ministry) the minister who proposed it ("Theo đề nghị của Bộ
trưởng Bộ Y tế"). Names in running text ("… của Bộ Công Thương") are read by
:func:`ministry_named`. Codes are DOMAIN.md's (BCT, BYT, BLĐTBXH …).
"""

from __future__ import annotations

import re

from parsers.normalize import fold, normalize_number

# Ministry names, folded, → codes.
MINISTRIES: dict[str, str] = {
    "bo cong an": "BCA",
    "bo tu phap": "BTP",
    "bo tai chinh": "BTC",
    "bo cong thuong": "BCT",
    "bo lao dong - thuong binh va xa hoi": "BLĐTBXH",
    "bo lao dong, thuong binh va xa hoi": "BLĐTBXH",
    "bo lao dong thuong binh va xa hoi": "BLĐTBXH",
    "bo giao thong van tai": "BGTVT",
    "bo xay dung": "BXD",
    "bo thong tin va truyen thong": "BTTTT",
    "bo giao duc va dao tao": "BGDĐT",
    "bo nong nghiep va phat trien nong thon": "BNNPTNT",
    "bo nong nghiep va moi truong": "BNNMT",
    "bo y te": "BYT",
    "bo khoa hoc va cong nghe": "BKHCN",
    "bo van hoa, the thao va du lich": "BVHTTDL",
    "bo van hoa the thao va du lich": "BVHTTDL",
    "bo tai nguyen va moi truong": "BTNMT",
    "ngan hang nha nuoc": "NHNN",
    "bo quoc phong": "BQP",
    "bo ke hoach va dau tu": "BKHĐT",
    "bo noi vu": "BNV",
}
CODES: frozenset[str] = frozenset(MINISTRIES.values()) | {"BNNMT", "BDTTG", "BNG"}
# Issuer codes of ministries merged into others, in old numbers ("09/2006/TT-BTM"): the ministry
# that answers for their texts now.
FORMER: dict[str, str] = {"BTM": "BCT", "BCN": "BCT", "BNN": "BNNPTNT", "BTS": "BNNPTNT"}
MINISTRY_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(k) for k in sorted(MINISTRIES, key=len, reverse=True)) + r")\b"
)
# "Theo đề nghị của Bộ trưởng Bộ Y tế" (folded): the proposing minister of a decree.
_PROPOSED = re.compile(
    r"theo de nghi cua bo truong (?P<name>bo [^;,.\n|]{2,60}|ngan hang nha nuoc)"
)
_FOLDED_CODES = {fold(c).upper(): c for c in CODES} | FORMER


def ministry_named(text: str) -> str:
    """Ministry code named in a text ("… của Bộ Công Thương" → "BCT"), or ""."""
    m = MINISTRY_RE.search(fold(text))
    return MINISTRIES[m.group()] if m else ""


def ministry_of_number(number: str) -> str:
    """The ministry in a number's issuer part ("14/2017/TT-BCT" → "BCT"; a joint circular
    "TTLT-BYT-BCT" → its lead "BYT"; a former ministry's "TT-BTM" → its successor "BCT"); ""
    for a number no ministry issues (NĐ-CP, QH14, QĐ-TTg)."""
    if not number:
        return ""
    tail = normalize_number(number).split("/")[-1]
    for part in tail.split("-")[1:]:
        code = _FOLDED_CODES.get(fold(part).upper())
        if code:
            return code
    return ""


def proposing_ministry(text: str) -> str:
    """The ministry whose minister proposed a decree ("Theo đề nghị của Bộ trưởng Bộ Y tế")."""
    m = _PROPOSED.search(fold(text[:20000]))
    return ministry_named(m.group("name")) if m else ""


def issuer_ministry(number: str = "", issuer: str = "", text: str = "") -> str:
    """The ministry answering for a document: its number, its header's issuer line, then (for a
    decree) its proposing minister; "" when none of them names one."""
    return ministry_of_number(number) or ministry_named(issuer) or proposing_ministry(text)


__all__ = [
    "CODES",
    "FORMER",
    "MINISTRIES",
    "MINISTRY_RE",
    "issuer_ministry",
    "ministry_named",
    "ministry_of_number",
    "proposing_ministry",
]
