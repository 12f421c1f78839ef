"""Who issued a document and what makes it the same document in every file that speaks of it.

A number alone is not an identity: `40/2026/QĐ-UBND` exists in dozens of provinces and
`378/QĐ-UBND` (no year) recurs every year. The identity is issuer + normalised number, plus the
signing date when the number carries no year. A number with a year already pins the date down to
one issuer-year, and the signing date is often not known (a pháp điển note names the source decree
and its commencement only), so requiring it there would split one decree into two.
"""

from __future__ import annotations

import re
from datetime import date

from parsers.normalize import fold, normalize_number, number_key

_YEAR = re.compile(r"/(?:19|20)\d\d/")
_LOCAL = re.compile(r"(?:UBND|HĐND|UBT?)\b")


def is_local(number: str) -> bool:
    """Whether a number names a provincial body (QĐ-UBND, NQ-HĐND)."""
    return bool(_LOCAL.search(normalize_number(number).split("/")[-1]))


def issuer_of(number: str, province_code: str = "") -> str:
    """A short issuer key: the body code of the number (`CP`, `BYT`, `QH`), or `UBND:<province>`.

    `08/2018/NĐ-CP` → `CP`; `14/2017/TT-BCT` → `BCT`; `61/2020/QH14` → `QH`;
    `1108/QĐ-UBND` of Hà Giang → `UBND:02`; a local number whose province is unknown → `UBND:?`.
    """
    n = normalize_number(number)
    tail = n.split("/")[-1]
    if is_local(n):
        body = "HĐND" if "HĐND" in tail else "UBND"
        return f"{body}:{province_code or '?'}"
    if "-" in tail:
        return fold(tail.rsplit("-", 1)[-1]).upper()
    return re.sub(r"\d+$", "", fold(tail).upper()) or fold(tail).upper()


def document_identity(
    number: str, *, province_code: str = "", signed: date | None = None, content_hash: str = ""
) -> str:
    """The unique key of a document (see the module docstring).

    A document without a number (a draft "Số: /QĐ-UBND") is only itself: its content hash.
    """
    if not number.strip():
        return f"unnumbered|{content_hash}"
    key = number_key(number)
    issuer = issuer_of(number, province_code)
    if _YEAR.search(normalize_number(number)) is None or issuer.endswith(":?"):
        return f"{issuer}|{key}|{signed.isoformat() if signed else ''}"
    return f"{issuer}|{key}"
