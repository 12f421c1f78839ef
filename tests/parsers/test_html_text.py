"""HTML to lines: blocks, line breaks, tables with spans, containers, hostile input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.html_text import html_table_rows, html_to_text


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>Điều 1.\n\t  Phạm vi</p><p>Nội dung</p>", "Điều 1. Phạm vi\nNội dung"),
        ("<div>a<br>b<br/>c</div>", "a\nb\nc"),
        ('<p><a name="chuong_1"><strong>Điều 1.</strong></a></p>', "Điều 1."),
        ("<p>x&nbsp;y</p>", "x y"),
        (
            "<html><head><title>T</title><script>var a=1;</script></head><body><p>A</p></body></html>",
            "A",
        ),
        ("<body><style>p{}</style><p>A</p><!-- c --><p>B</p></body>", "A\nB"),
        ("<p>Mâ\u0303u</p>", "Mẫu"),
    ],
)
def test_blocks_and_inline(html: str, expected: str) -> None:
    text, _ = html_to_text(html)
    assert text == expected


def test_vbpl_container_is_preferred() -> None:
    html = (
        "<body><div id='menu'><p>Trang chủ</p></div>"
        "<div class='fulltext'><div id='toanvancontent'><p>Điều 1</p><p>Nội dung.</p></div></div>"
        "<div class='footer'><p>Liên hệ</p></div></body>"
    )
    assert html_to_text(html)[0] == "Điều 1\nNội dung."


def test_table_spans_are_expanded() -> None:
    html = (
        "<table><tr><th rowspan='2'>STT</th><th colspan='2'>Mức</th></tr>"
        "<tr><td>Trợ cấp</td><td>Phụ cấp</td></tr>"
        "<tr><td>1</td><td>100</td><td>a|b</td></tr></table><p>Sau</p>"
    )
    text, _ = html_to_text(html)
    assert text.split("\n") == [
        "| STT | Mức | Mức |",
        "| STT | Trợ cấp | Phụ cấp |",
        "| 1 | 100 | a\\|b |",
        "Sau",
    ]
    assert html_table_rows(html) == [
        ["STT", "Mức", "Mức"],
        ["STT", "Trợ cấp", "Phụ cấp"],
        ["1", "100", "a\\|b"],
    ]


def test_hostile_spans_are_bounded() -> None:
    rows = html_table_rows("<table><tr><td colspan='999999999'>x</td></tr></table>")
    assert len(rows) == 1 and len(rows[0]) <= 200


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "<",
        "<?xml version='1.0' encoding='utf-8'?><p>a</p>",
        "<!-- only -->",
        "\x00",
        "<table>",
    ],
)
def test_degenerate_input_never_raises(html: str) -> None:
    text, warnings = html_to_text(html)
    assert isinstance(text, str)
    if not text:
        assert warnings


_TAGS = st.sampled_from(
    ["p", "div", "table", "tr", "td", "br", "span", "b", "a", "li", "script", "th"]
)
_HTMLISH = st.lists(
    st.one_of(
        st.builds(lambda t: f"<{t}>", _TAGS),
        st.builds(lambda t: f"</{t}>", _TAGS),
        st.builds(lambda t, n: f'<{t} rowspan="{n}" colspan="{n}">', _TAGS, st.integers(-5, 500)),
        st.text(max_size=20),
        st.sampled_from(["Điều 1.", "1.", "a)", "“", "”", "&nbsp;", "&#0;", "<!--", "-->", "|"]),
    ),
    max_size=60,
).map("".join)


@settings(max_examples=150, deadline=2000)
@given(_HTMLISH)
def test_arbitrary_htmlish_never_crashes(html: str) -> None:
    text, _ = html_to_text(html)
    assert "\r" not in text
