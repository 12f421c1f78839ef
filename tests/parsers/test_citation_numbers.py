"""Document numbers glued to the next word: the issuer code stops before a lower-case word."""

from __future__ import annotations

import pytest

from parsers.citations import NUMBER_RE
from parsers.normalize import normalize_number


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Thông tư số 72/2015/TT-BTCngày 12/5/2015", "72/2015/TT-BTC"),
        ("Quyết định số 1329/QĐ-BTPngày 25/6/2020", "1329/QĐ-BTP"),
        ("Luật số 05/2007/QH12của Quốc hội", "05/2007/QH12"),
        ("Quyết định số 15/2018/QĐ-TTg ngày 01/01/2018", "15/2018/QĐ-TTg"),
        ("Chỉ thị số 15/CT-TTg.", "15/CT-TTg"),
        ("Thông tư liên tịch số 17/2003/TTLT-BTC-BNNPTNT-BTS ngày", "17/2003/TTLT-BTC-BNNPTNT-BTS"),
        ("Văn bản số 4804/VBHN-BLĐTBXH", "4804/VBHN-BLĐTBXH"),
        ("Luật số 18-L/CTN", "18-L/CTN"),
    ],
)
def test_issuer_stops_before_a_lower_case_word(text: str, number: str) -> None:
    m = NUMBER_RE.search(text)
    assert m is not None
    assert normalize_number(m.group()) == number
