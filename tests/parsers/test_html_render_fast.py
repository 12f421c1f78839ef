"""The fast paths of HTML rendering give exactly what the plain code gives, on any parsed tree.

The XSLT renderer against the element walk: random documents nest blocks, inline tags, line
breaks, tables (nested, with any rowspan and colspan), whitespace runs of every kind, entities,
comments and upper-case tags; each is parsed once per renderer (rendering tables mutates the
tree) and one element of it is rendered both ways. Also the UTF-8 squash against `_squash`, the
container paths against their `//` spelling, and the parse against lxml.html's.
"""

from __future__ import annotations

from collections.abc import Callable

import lxml.etree as etree
import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.html_text import (
    _BLOCK,
    _CONTAINERS,
    _DROP,
    _WS,
    _XML_DECL,
    _inline_text,
    _parse,
    _render,
    _render_fast,
    _render_walk,
    _squash,
    _squash_utf8,
)

_TEXT = st.lists(
    st.sampled_from(
        [
            "Điều 1.",
            "a",
            "b|c",
            " ",
            "  ",
            "\t",
            "\n",
            "\r\n",
            "\f",
            "\v",
            "\xa0",
            "\u2003",
            "&nbsp;",
            "&amp;",
            "&#9;",
            "&#12;",
            "&lt;x&gt;",
            "Mâ\u0303u",
            "\U0001f600",
            "<!-- c -->",
            "<?pi x?>",
        ]
    ),
    max_size=4,
).map("".join)
_BLOCKS = ["p", "div", "li", "ul", "h1", "tbody", "thead", "caption", "title", "pre", "hr", "P"]
_INLINE = ["span", "a", "strong", "em", "sup", "font", "o:p", "B", "td", "tr"]
_SPANS = ["", ' rowspan="2"', ' colspan="3"', " rowspan=x", ' colspan=" 2x"', ' rowspan="0"']


def _wrap(tag: str) -> st.SearchStrategy[str]:
    def build(parts: list[str]) -> str:
        return f"<{tag}>" + "".join(parts) + f"</{tag}>"

    return st.lists(_NODE, max_size=4).map(build)


def _table(rows: list[list[tuple[str, str, str]]]) -> str:
    body = "".join(
        "<tr>" + "".join(f"<{t}{span}>{inner}</{t}>" for t, span, inner in row) + "</tr>"
        for row in rows
    )
    return f"<table>{body}</table>"


_NODE: st.SearchStrategy[str] = st.deferred(
    lambda: st.one_of(
        _TEXT,
        st.sampled_from(["<br>", "<br/>", "<BR>", "<hr>"]),
        st.sampled_from(_BLOCKS + _INLINE).flatmap(_wrap),
        st.lists(
            st.lists(
                st.tuples(st.sampled_from(["td", "th", "TD"]), st.sampled_from(_SPANS), _NODE),
                max_size=3,
            ),
            max_size=3,
        ).map(_table),
    )
)
_DOCUMENT = st.lists(_NODE, min_size=1, max_size=6).map(
    lambda parts: "<body>" + "".join(parts) + "</body>"
)


def _tree(html: str, strip: bool) -> etree._Element:
    root = _parse(html)
    assert root is not None
    if strip:  # as html_to_text prepares it
        etree.strip_elements(root, *_DROP, with_tail=False)
        etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    return root


def _outcome(render: Callable[[etree._Element], list[str] | None], root: etree._Element) -> object:
    return render(root)


def _check(html: str, strip: bool, pick: int) -> None:
    a, b, c = (_tree(html, strip) for _ in range(3))
    elements = [list(t.iter(etree.Element)) for t in (a, b, c)]
    i = pick % len(elements[0])
    walked = _outcome(_render_walk, elements[0][i])
    fast = _outcome(_render_fast, elements[1][i])
    root = elements[2][i]
    text = etree.tostring(root, method="text", encoding=str, with_tail=False)
    # the fast path declines only comments and processing instructions, or text holding a
    # character of its marks' range
    declines = any(not isinstance(n.tag, str) for n in root.iter()) or any(
        "\ue000" <= ch <= "\uefff" for ch in text
    )
    if fast is None:
        assert declines
    else:
        assert fast == walked
    if not declines:
        assert fast is not None
    assert _outcome(_render, root) == walked


# The document (0: <html>, 1: <body>) half of the time, else any element.
_PICK = st.one_of(st.integers(0, 1), st.integers(0, 10_000))


@settings(max_examples=800, deadline=None)
@given(_DOCUMENT, st.sampled_from([True, True, True, False]), _PICK)
def test_fast_render_is_the_walk(html: str, strip: bool, pick: int) -> None:
    _check(html, strip, pick)


@pytest.mark.parametrize(
    "html",
    [
        "<body><p>a\ue000b</p><p>c</p></body>",  # a mark character in the text: walked
        "<body><p>a&#xe001;b</p></body>",  # ... also when it comes from a reference
        "<body><div>x<table><tr><td>1</td></tr></table>tail<br>y</div>after</body>",
        "<body><table><tr><td><table><tr><td>in</td></tr></table></td></tr></table></body>",
        "<body><p>  a \t\n b  </p>\xa0<p>\f\v</p> c <br> d </body>",
        "<body><td rowspan=2>x</td><tr><td>y</td></tr></body>",
        "<body></body>",
    ],
)
def test_fast_render_cases(html: str) -> None:
    for pick in range(len(list(_tree(html, True).iter(etree.Element)))):
        _check(html, True, pick)


@settings(max_examples=300, deadline=None)
@given(
    st.text(st.sampled_from([*" \t\n\r\f\v\x1c\x85\xa0\u2003\u3000", "a", "Đ", "ẫ", "\U0001f600"]))
)
def test_squash_of_utf8_is_squash(text: str) -> None:
    assert _squash_utf8(text.encode("utf-8")) == _squash(text)


_ATTRS = st.sampled_from(
    [
        "",
        ' id="toanvancontent"',
        ' class="x toanvancontent"',
        ' id="divContentDoc"',
        ' class=" content1\tfulltext "',
        ' class="fulltext2"',
    ]
)
_CONTAINER_DOC = st.recursive(
    st.just("t"),
    lambda inner: st.tuples(st.sampled_from(["div", "p", "span"]), _ATTRS, st.lists(inner)).map(
        lambda t: f"<{t[0]}{t[1]}>{''.join(t[2])}</{t[0]}>"
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(_CONTAINER_DOC)
def test_container_paths_select_what_the_double_slash_selects(html: str) -> None:
    root = _parse("<body>" + html + "</body>")
    assert root is not None
    for path in _CONTAINERS:
        assert root.xpath(path) == root.xpath(path.replace("/descendant::", "//"))


def _lxml_html_tree(html: str) -> bytes | None:
    """The tree `_parse` gave with lxml.html's own parser."""
    html = _XML_DECL.sub("", html, count=1)
    if not html.strip():
        return None
    try:
        return etree.tostring(lxml.html.document_fromstring(html))
    except (etree.ParserError, ValueError, etree.XMLSyntaxError):
        return None


_MARKUP = st.lists(st.sampled_from([*"<>/!?-=' \"&#;ap\x00\n", "<p>", "<!--", "<?xml?>"])).map(
    "".join
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_DOCUMENT, _MARKUP))
def test_parse_gives_the_tree_of_lxml_html(html: str) -> None:
    root = _parse(html)
    assert (None if root is None else etree.tostring(root)) == _lxml_html_tree(html)


def _inline_text_by_tails(el: etree._Element) -> str:
    """`_inline_text` as first written: spaces put into the tree's texts and tails, then
    `itertext` (refused by lxml when a text holds a form feed or vertical tab)."""
    for sub in el.iterdescendants():
        tag = sub.tag.lower() if isinstance(sub.tag, str) else ""
        if tag == "br" or tag in _BLOCK:
            sub.tail = " " + (sub.tail or "")
            if tag != "br":
                sub.text = " " + (sub.text or "")
    return _WS.sub(" ", "".join(el.itertext())).strip()


@settings(max_examples=400, deadline=None)
@given(_DOCUMENT, _PICK)
def test_cell_text_is_the_tail_spacing(html: str, pick: int) -> None:
    plain = html.replace("\f", " ").replace("\v", " ").replace("&#12;", " ")
    a, b = _tree(html, False), _tree(plain, False)
    elements = list(a.iter(etree.Element)), list(b.iter(etree.Element))
    i = pick % len(elements[0])
    # \\f and \\v are whitespace to the squash: a tree without them reads the same.
    assert _inline_text(elements[0][i]) == _inline_text_by_tails(elements[1][i])


def test_text_after_a_table_comes_once() -> None:
    html = "<body><p>x</p><table><tr><td>a\fb</td></tr></table>after<p>y</p></body>"
    for render in (_render_walk, _render_fast):
        assert render(_tree(html, True)) == ["x", "| a b |", "after", "y"]
