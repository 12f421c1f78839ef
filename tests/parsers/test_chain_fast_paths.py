"""The fast paths of chain parsing and of the batch analysis give what the general code gives.

Plain forms: `_parse_chain` (the general chain parser) for `parse_chain`'s simple-chain path,
``Path(...)`` for `make_path`, the group lookup per call for `document_from_match`,
`REFERENCE_RE.match` for the simple candidates the batch analysis reads without it, one spaCy
Doc per citation (`analyse`) for `analyse_batch`.
"""

from __future__ import annotations

import dataclasses
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from parsers.citation_grammar import _parse_chain
from parsers.citations import (
    DOCUMENT,
    DOCUMENT_RE,
    REFERENCE_RE,
    SIMPLE_CHAIN_RE,
    DocumentCitation,
    Path,
    document_from_match,
    make_path,
    parse_chain,
    simple_chain_match,
)
from parsers.nlp import analyse, analyse_batch
from parsers.normalize import fold, normalize_number

_KEYWORDS = [
    "Điều",
    "điều",
    "ĐIỀU",
    "khoản",
    "Khoản",
    "điểm",
    "Điểm",
    "tiết",
    "Chương",
    "mục",
    "Mục",
    "Phụ lục",
    "phụ lục",
    "d\u0131ều",  # a letter the regex equates with "i" that `fold` does not
]
_LABELS = ["5", "12a", "1a2", "45.4.NĐ.1.1", "II", "IV", "a", "đ", "a1", "này", "3", "x"]
_JOINS = [" ", " ", " ", ", ", " và ", " đến ", " hoặc ", ",", "  "]
_LEADS = ["", "", "", "các ", "tên ", "từ ", "tên các "]


@st.composite
def _chains(draw: st.DrawFn) -> str:
    """Chains of one to four groups, mostly simple, sometimes not."""
    parts = []
    for n in range(draw(st.integers(1, 4))):
        if n:
            parts.append(draw(st.sampled_from(_JOINS)))
        parts.append(draw(st.sampled_from(_LEADS)) + draw(st.sampled_from(_KEYWORDS)))
        parts.append(" " + draw(st.sampled_from(_LABELS)))
        if draw(st.booleans()):
            parts.append(draw(st.sampled_from(_JOINS)) + draw(st.sampled_from(_LABELS)))
    return "".join(parts)


def _fields(paths: list[Path]) -> list[tuple[object, ...]]:
    return [dataclasses.astuple(p) for p in paths]


@settings(max_examples=500, deadline=None)
@given(_chains(), st.integers(0, 50))
def test_parse_chain_is_the_general_parse(chain: str, offset: int) -> None:
    fast = parse_chain(chain, offset)
    plain = _parse_chain(chain, offset)
    assert fast == plain
    assert _fields(fast) == _fields(plain)


def test_simple_shapes_take_the_fast_path() -> None:
    for chain in ("Điều 5", "khoản 2 Điều 5", "điểm a khoản 2 Điều 45.4.NĐ.1.1", "Phụ lục II"):
        assert SIMPLE_CHAIN_RE.fullmatch(chain) is not None
        assert parse_chain(chain, 7) == _parse_chain(chain, 7)
    assert parse_chain("điểm b khoản 1 Điều 45", 3) == [
        Path(dieu="45", khoan="1", diem="b", start=3)
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["", "5", "II", "a", "này"]), min_size=8, max_size=8),
    st.booleans(),
    st.integers(0, 10_000),
)
def test_make_path_is_path(labels: list[str], heading: bool, start: int) -> None:
    plain = Path(*labels, heading, start)  # type: ignore[arg-type]
    fast = make_path(*labels, heading, start)  # type: ignore[arg-type]
    assert fast == plain
    assert hash(fast) == hash(plain)
    assert repr(fast) == repr(plain)
    assert fast.evolve(dieu="9") == dataclasses.replace(plain, dieu="9")


@settings(max_examples=300, deadline=None)
@given(_chains())
def test_simple_candidates_are_all_chain(text: str) -> None:
    """What the batch analysis relies on to skip REFERENCE_RE for a simple candidate."""
    if SIMPLE_CHAIN_RE.fullmatch(text) is None:
        return
    m = REFERENCE_RE.match(text)
    assert m is not None
    assert m.group() == m.group("chain") == text


_TAILS = ["", "", " Luật số 01/2020/QH14", " của Nghị định này", " Luật Điện lực", " tại Điều 3"]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.tuples(_chains(), st.sampled_from(_TAILS)).map("".join),
            st.sampled_from(["", "can_cu", "sua_doi", "bai_bo"]),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_analyse_batch_is_analyse_on_chains(raw: list[tuple[str, str]]) -> None:
    # Candidates are REFERENCE_RE matches, as the reference finder passes them.
    items = []
    for text, context in raw:
        m = REFERENCE_RE.search(text)
        if m is not None:
            items.append((m.group(), context))
    plain = [(d._.role, d._.document, d._.paths) for d in analyse(items)]
    assert analyse_batch(items) == plain


def _plain_document(m: re.Match[str]) -> DocumentCitation | None:
    """`document_from_match` as first written: the group names looked up on each call."""
    names = m.re.groupindex
    x = ("dtypex" in names and m.group("dtypex")) or ("barex" in names and m.group("barex"))
    g = "x" if x else ""

    def group(k: str) -> str | None:
        return m.group(k + g) if k + g in names else None

    dtype = (group("dtype") or "").strip()
    bare = group("bare")
    if bare:
        return DocumentCitation(number=normalize_number(bare))
    if not dtype:
        return None
    if group("self"):
        return DocumentCitation(doc_type=dtype, is_self=True)
    num = group("dnum") or group("dnumb")
    name = (group("dname") or group("dnameb") or "").strip()
    if num:
        return DocumentCitation(number=normalize_number(num), doc_type=dtype, name=name)
    return DocumentCitation(doc_type=dtype, name=name)


_DOCUMENTS = [
    "Nghị định số 08/2018/NĐ-CP",
    "Luật Điện lực",
    "Luật Thương mại ngày 14 tháng 6 năm 2005",
    "Thông tư 31/2022/TT-BTC",
    "1811/QĐ-UBND",
    "Nghị định này",
    "Bộ luật Hình sự",
]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(_chains(), st.sampled_from(_DOCUMENTS), st.sampled_from([" ", " của ", ", "])),
        max_size=6,
    ).map("".join)
)
def test_document_from_match_is_plain(text: str) -> None:
    for rx in (REFERENCE_RE, DOCUMENT_RE, re.compile(DOCUMENT + "|(?P<barex>x)")):
        for m in rx.finditer(text):
            assert document_from_match(m) == _plain_document(m)


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(_chains(), _chains().map(lambda c: c + ", 5"), st.text(" ,/Điềuk5a", max_size=40)),
    st.integers(0, 4),
    st.integers(0, 4),
)
@example("Điều 5 Điều 5 Phụ lục 5", 0, 0)
@example("Phụ lục 5 Phụ lục 5 Phụ lục 5", 0, 0)
def test_simple_chain_match_is_the_fullmatch(text: str, head: int, tail: int) -> None:
    """The counts that skip the fullmatch never skip a simple chain."""
    start, end = head, max(head, len(text) - tail)
    fast = simple_chain_match(text, start, end)
    plain = SIMPLE_CHAIN_RE.fullmatch(text, start, end)
    assert (fast and (fast.span(), fast.groups())) == (plain and (plain.span(), plain.groups()))


def _plain_unit_id(p: Path) -> str:
    """`Path.unit_id` as first written: through `get` and `fold` for every label."""
    parts: list[str] = []
    if p.dieu:
        parts.append(f"dieu_{fold(p.dieu)}")
    elif p.phu_luc:
        parts.append(f"phu_luc_{p.phu_luc}")
    elif p.chuong or p.muc:
        if p.chuong:
            parts.append(f"chuong_{p.chuong}")
        if p.muc:
            parts.append(f"muc_{p.muc}")
    for lv in ("khoan", "diem", "tiet"):
        if p.get(lv):
            parts.append(f"{lv}_{p.get(lv)}")
    return "__".join(parts)


_ID_LABELS = st.sampled_from(
    ["", "", "5", "12a", "8A", "Ⅳ", "٣", "²", "đ", "II", "này", "45.4.NĐ.1"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_ID_LABELS, min_size=8, max_size=8))
def test_unit_id_is_the_plain_id(labels: list[str]) -> None:
    p = Path(*labels)  # type: ignore[arg-type]
    assert p.unit_id() == _plain_unit_id(p)
