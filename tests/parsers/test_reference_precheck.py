"""The pre-check `iter_references` runs before trying the grammar at a document type rejects no
citation: wherever REFERENCE_RE matches at a type-only candidate, the pre-check lets it through,
and the scan stays ``REFERENCE_RE.finditer``."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parsers import citations
from parsers.citations import REFERENCE_RE, iter_references
from parsers.normalize import fold_aligned
from tests.parsers.test_fast_paths import _PIECES

# Document types followed by what may or may not complete a citation.
_TYPES = ["Luật", "luật", "LUẬT", "Bộ luật", "Lệnh", "Hiến pháp", "Nghị quyết", "Quyết định"]
_AFTER = [
    " này",
    " này.",
    " nàyx",
    " Phòng, chống",
    " chuyên ngành",
    " thu hồi",
    " số 01/2020/QH14",
    " số: 08/2018/NĐ-CP",
    " số liên tịch 5/2019/TTLT-BTC",
    " 12/QĐ-UBND",
    " (số 12/QĐ-UBND)",
    " “số” 5/2020/QH14",
    "\tsố 01/2020/QH14",
    "\u00a0số 01/2020/QH14",
    " Điện lực ngày 14 tháng 6 năm 2005",
    " Thương mại ngày 1/2/2005",
    " số \u0661\u0662/2020/NĐ-CP",
    " một hai ba bốn năm sáu bảy tám chín mười mười một mười hai mười ba 5/2020/QH14",
    "/",
    ";",
    "\n",
    "",
]
_texts = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(_TYPES), st.sampled_from(_AFTER)).map("".join),
        st.sampled_from(_PIECES),
    ),
    max_size=20,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_texts)
def test_precheck_passes_every_type_match(text: str) -> None:
    folded = fold_aligned(text)
    for p in range(len(text)):
        if folded[p] in citations._TYPE_ONLY and REFERENCE_RE.match(text, p) is not None:
            assert citations._may_open_document(text, p), (text, p)


def _spans(matches: object) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in matches]  # type: ignore[attr-defined]


@settings(max_examples=200, deadline=None)
@given(_texts)
def test_iter_references_with_precheck_is_finditer(text: str) -> None:
    text = text * 4  # past the short-text threshold
    assert _spans(iter_references(text)) == _spans(REFERENCE_RE.finditer(text))
    saved = citations.SCAN_MIN
    citations.SCAN_MIN = 0
    try:
        assert _spans(iter_references(text)) == _spans(REFERENCE_RE.finditer(text))
    finally:
        citations.SCAN_MIN = saved


def test_type_only_letters_open_no_chain() -> None:
    """No provision keyword or lead word folds to a word that starts with a type-only letter."""
    for word in (*citations._CHAIN_KEYWORDS, "tu", "cac", "ten"):
        assert word[0] not in citations._TYPE_ONLY
