"""Input generators for fuzzing the parsers (hypothesis strategies) and a hard time budget.

The amendment grammar follows DOMAIN.md §4.4: each generated instruction is built from a target
(Điều / khoản / điểm, inserted suffixes, lists), an operation phrasing and, for amend/insert, a
quoted new text that may itself contain quotes, article headings and instruction-looking lines
(quoted text belongs to the instruction, never to the amending document). Every instruction
carries the effect it must produce, so the same generator serves "never crash" and "right answer".
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from hypothesis import strategies as st

from parsers.numbering import POINT_LETTERS

LETTERS = list(POINT_LETTERS)  # the Vietnamese point-letter order
TARGET_DOC = "08/2018/NĐ-CP"


@contextmanager
def time_budget(seconds: float, what: str = "input") -> Iterator[None]:
    """Fail (TimeoutError) if the block runs longer than `seconds` of wall time (main thread)."""

    def fire(_sig: int, _frame: object) -> None:
        raise TimeoutError(f"{what} took more than {seconds} s")

    old = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@dataclass(frozen=True)
class Target:
    article: str  # "5", "8a"
    clause: str | None = None  # "2", "1a"
    point: str | None = None  # "a", "đ", "a1"

    def words(self) -> str:
        parts = []
        if self.point:
            parts.append(f"điểm {self.point}")
        if self.clause:
            parts.append(f"khoản {self.clause}")
        parts.append(f"Điều {self.article}")
        return " ".join(parts)

    def unit_id(self) -> str:
        uid = f"dieu_{self.article}"
        if self.clause:
            uid += f"__khoan_{self.clause}"
        if self.point:
            uid += f"__diem_{self.point}"
        return uid


@dataclass(frozen=True)
class Instruction:
    text: str  # the instruction line(s), without the amending document's own numbering
    op: str  # parsers.model.Op value
    unit: str  # expected target_unit


# Article 99 is kept for the instruction-looking line inside quoted text (never a real target).
_article = st.integers(1, 98).map(str) | st.tuples(st.integers(1, 98), st.sampled_from("abc")).map(
    lambda t: f"{t[0]}{t[1]}"
)
_clause = st.integers(1, 12).map(str)
_point = st.sampled_from(LETTERS)
targets = st.builds(
    Target,
    _article,
    st.none() | _clause,
    st.none(),
) | st.builds(Target, _article, _clause, _point)

_WORDS = [
    "cơ sở",
    "kinh doanh",
    "phải có",
    "giấy chứng nhận",
    "đủ điều kiện",
    "kho chứa",
    "người quản lý",
    "trình độ",
    "trung cấp",
    "an toàn thực phẩm",
    "phòng cháy",
    "chữa cháy",
]
_sentence = st.lists(st.sampled_from(_WORDS), min_size=2, max_size=12).map(
    lambda ws: (" ".join(ws)).capitalize() + "."
)


@st.composite
def quoted_body(draw: st.DrawFn, label: str) -> str:
    """New text for an amend/insert: may nest quotes, headings and instruction-looking lines."""
    lines = [f"{label} {draw(_sentence)}".strip()]
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["plain", "point", "inner_quote", "fake_instruction"]))
        if kind == "plain":
            lines.append(draw(_sentence))
        elif kind == "point":
            lines.append(f"{draw(_point)}) {draw(_sentence)}")
        elif kind == "inner_quote":
            lines.append(f"Cụm từ ‘{draw(_sentence)}’ được hiểu là {draw(_sentence)}")
        else:
            # Inside the quote this is the target document's text, not an instruction of ours.
            lines.append("Bãi bỏ khoản 9 Điều 99.")
    return "\n".join(lines)


@st.composite
def instructions(draw: st.DrawFn) -> Instruction:
    t = draw(targets)
    op = draw(st.sampled_from(["amend", "amend_passive", "repeal", "phrase", "insert", "suspend"]))
    oq, cq = draw(st.sampled_from([("“", "”"), ('"', '"')]))
    if op == "amend":
        label = f"{t.point})" if t.point else (f"{t.clause}." if t.clause else f"Điều {t.article}.")
        body = draw(quoted_body(label))
        return Instruction(
            f"Sửa đổi, bổ sung {t.words()} như sau:\n{oq}{body}{cq}", "amend", t.unit_id()
        )
    if op == "amend_passive":
        label = f"{t.point})" if t.point else (f"{t.clause}." if t.clause else f"Điều {t.article}.")
        body = draw(quoted_body(label))
        words = t.words()
        return Instruction(
            f"{words[0].upper()}{words[1:]} được sửa đổi, bổ sung như sau:\n{oq}{body}{cq}",
            "amend",
            t.unit_id(),
        )
    if op == "repeal":
        return Instruction(f"Bãi bỏ {t.words()}.", "repeal", t.unit_id())
    if op == "suspend":
        verb = draw(
            st.sampled_from(
                ["Tạm ngưng hiệu lực thi hành", "Ngưng hiệu lực thi hành", "Đình chỉ thi hành"]
            )
        )
        return Instruction(f"{verb} {t.words()}.", "suspend", t.unit_id())
    if op == "phrase":
        a, b = draw(st.sampled_from(_WORDS)), draw(st.sampled_from(_WORDS))
        return Instruction(
            f"Thay thế cụm từ {oq}{a}{cq} bằng cụm từ {oq}{b}{cq} tại {t.words()}.",
            "replace_phrase",
            t.unit_id(),
        )
    # insert: a new clause after an existing one, or a new article after an article
    if t.clause:
        new = f"{t.clause}a"
        body = draw(quoted_body(f"{new}."))
        return Instruction(
            f"Bổ sung khoản {new} vào sau khoản {t.clause} Điều {t.article} như sau:\n"
            f"{oq}{body}{cq}",
            "insert",
            f"dieu_{t.article}__khoan_{new}",
        )
    art = f"{t.article.rstrip('abc')}d"
    body = draw(quoted_body(f"Điều {art}. Điều kiện"))
    return Instruction(
        f"Bổ sung Điều {art} vào sau Điều {t.article.rstrip('abc')} như sau:\n{oq}{body}{cq}",
        "insert",
        f"dieu_{art}",
    )


def amending_document(items: list[Instruction]) -> str:
    """An amending decree whose Điều 1 lists `items` as numbered clauses, with its commencement."""
    body = "\n".join(f"{i}. {ins.text}" for i, ins in enumerate(items, 1))
    return (
        "CHÍNH PHỦ\nSố: 12/2020/NĐ-CP\nNGHỊ ĐỊNH\n"
        f"Sửa đổi, bổ sung một số điều của Nghị định số {TARGET_DOC}\n"
        f"Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số {TARGET_DOC}\n"
        f"{body}\n"
        "Điều 2. Hiệu lực thi hành\n"
        "Nghị định này có hiệu lực thi hành kể từ ngày 01 tháng 3 năm 2020.\n"
    )


# --- markdown -------------------------------------------------------------------------------------

_MD = [
    "# ",
    "## Chương II\n",
    "### Điều 5. Điều kiện\n",
    "**Điều 7.** ",
    "*",
    "_",
    "> ",
    "- ",
    "1. ",
    "a) ",
    "```\n",
    "| STT | Ngành, nghề |\n|---|---|\n| 1 | Sản xuất con dấu |\n",
    "| 2 |",
    "[liên kết](http://x)",
    "![](a.png)",
    "<br>",
    "\\",
    "\n\n",
    "---\n",
    "Phụ lục I\n",
    "“",
    "”",
]
markdown = st.lists(
    st.one_of(
        st.sampled_from(_MD),
        _sentence,
        instructions().map(lambda i: i.text),
        st.text(max_size=15),
    ),
    max_size=50,
).map("".join)

# --- HTML -----------------------------------------------------------------------------------------

_OPEN = ["p", "div", "td", "tr", "table", "span", "b", "i", "li", "ul", "h1", "sup", "font"]


@st.composite
def html_tree(draw: st.DrawFn, depth: int = 0) -> str:
    """Nested HTML with unbalanced tags, attributes, entities, scripts and legal text."""
    parts = []
    for _ in range(draw(st.integers(0, 5))):
        choice = draw(st.integers(0, 9))
        if choice < 3 and depth < 6:
            tag = draw(st.sampled_from(_OPEN))
            attrs = draw(
                st.sampled_from(
                    ["", " class='x'", ' colspan="2"', " rowspan=0", " style='display:none'"]
                )
            )
            inner = draw(html_tree(depth + 1))
            close = draw(st.sampled_from([f"</{tag}>", "", f"</{tag}></{tag}>"]))
            parts.append(f"<{tag}{attrs}>{inner}{close}")
        elif choice == 3:
            parts.append(draw(instructions()).text.replace("\n", "<br>"))
        elif choice == 4:
            parts.append(
                draw(
                    st.sampled_from(
                        ["&nbsp;", "&amp;", "&#7897;", "&#x1EA1;", "&bogus;", "&#0;", "&#99999999;"]
                    )
                )
            )
        elif choice == 5:
            parts.append(
                draw(
                    st.sampled_from(
                        [
                            "<script>document.title='x'</script>",
                            "<style>p{}</style>",
                            "<!-- c -->",
                            "<![CDATA[x]]>",
                            "<?xml x?>",
                        ]
                    )
                )
            )
        else:
            parts.append(draw(_sentence | st.text(max_size=20)))
    return "".join(parts)


# --- bytes ----------------------------------------------------------------------------------------


@st.composite
def encoded_text(draw: st.DrawFn) -> bytes:
    """Vietnamese text in the encodings files arrive in, sometimes cut or corrupted."""
    text = draw(markdown)
    enc = draw(
        st.sampled_from(
            ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1258", "latin-1"]
        )
    )
    data = text.encode(enc, errors="replace")
    cut = draw(st.integers(0, 3))
    if cut and data:
        data = data[: draw(st.integers(0, len(data)))]
    if draw(st.booleans()) and data:
        i = draw(st.integers(0, len(data) - 1))
        data = data[:i] + bytes([draw(st.integers(0, 255))]) + data[i + 1 :]
    return data
