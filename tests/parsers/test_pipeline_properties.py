"""The whole parse never crashes and finishes in bounded time, whatever it is given."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers import parse_bytes, parse_text
from parsers.decode import DecodeError

# Fragments that steer generated text into the parsers' interesting paths.
_PIECES = [
    "Điều 5. ",
    "Điều 8a. Điều kiện kinh doanh\n",
    "1. ",
    "1a. ",
    "a) ",
    "đ) ",
    "Chương II\n",
    "Mục 1\n",
    "Phụ lục I\n",
    "| STT | Mã số HS | Mô tả |\n|---|---|---|\n",
    "Sửa đổi, bổ sung khoản 2 Điều 5 như sau:\n“",
    "”",
    "Bãi bỏ điểm c khoản 1 Điều 7.",
    "Thay thế cụm từ “A” bằng cụm từ “B” tại khoản 2 Điều 5",
    "Nghị định số 08/2018/NĐ-CP",
    "có hiệu lực thi hành kể từ ngày 12 tháng 11 năm 2018",
    "(được bãi bỏ)",
    "\n",
    "Số: 55/2023/NĐ-CP",
    "(Điều 14 Nghị định số 54/2017/NĐ-CP, có nội dung bị bãi bỏ bởi Điều 4 Nghị định số 155/2018/NĐ-CP)",
]
_legalish = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=30)), max_size=60).map(
    "".join
)
_TAGS = [
    "<p>",
    "</p>",
    "<table>",
    "<tr>",
    "<td rowspan='3'>",
    "</td>",
    "<br>",
    "<div id='toanvancontent'>",
    "<a name='dieu_1'>",
    "</a>",
    "<script>x</script>",
    "<!--",
    "-->",
    "<",
]
_htmlish = st.lists(
    st.one_of(st.sampled_from(_TAGS + _PIECES), st.text(max_size=20)), max_size=60
).map("".join)

_SETTINGS = settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(st.binary(max_size=4000))
def test_arbitrary_bytes(data: bytes) -> None:
    try:
        doc = parse_bytes(data, "fuzz.bin")
    except DecodeError as exc:
        assert "fuzz.bin" in str(exc)
    else:
        assert all(0 <= u.start <= u.end <= len(doc.text) for u in doc.units)


@_SETTINGS
@given(_legalish)
def test_arbitrary_legal_text(text: str) -> None:
    doc = parse_text(text, "fuzz.md")
    assert all(0 <= r.start <= r.end <= len(doc.text) for r in doc.references)


@_SETTINGS
@given(_htmlish)
def test_arbitrary_html(text: str) -> None:
    doc = parse_text(text, "fuzz.html", fmt="html")
    assert isinstance(doc.units, list)
