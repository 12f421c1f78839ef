"""Which lines are amending instructions, and what the quoted new text keeps.

Effects come only from real amending instructions (imperative "Sửa đổi khoản 2 …", or passive
with the changed provision or document as subject "Khoản 2 Điều 5 được sửa đổi …") and from
source notes. Prose that uses the verbs ("… ban hành, sửa đổi, bổ sung Danh mục …"), relative
citations ("khoản 4 Điều này"), VBHN footnotes and pháp điển cross-reference lines never yield an
instruction effect. The inputs are short strings written for these tests.
"""

from __future__ import annotations

import pytest

from parsers import parse_file, parse_text
from parsers.effects import instruction_effects
from parsers.effects.units import _strip_quotes
from tests.conftest import real_file

# Every table here runs through the fast paths and through their plain forms (parsers.plain).
pytestmark = pytest.mark.usefixtures("fast_and_plain")


HEAD = (
    "CHÍNH PHỦ\nSố: 12/2031/NĐ-CP\nNGHỊ ĐỊNH\n"
    "Sửa đổi, bổ sung một số điều của Nghị định số 10/2030/NĐ-CP\n"
    "Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 10/2030/NĐ-CP\n"
)
TAIL = (
    "\nĐiều 2. Hiệu lực thi hành\nNghị định này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2031.\n"
)


def effects_of(body: str) -> list[tuple[str, str, str]]:
    doc = parse_text(HEAD + body + TAIL, "t.md")
    return [(e.op.value, e.target_document, e.target_unit) for e in instruction_effects(doc)]


# (line under Điều 1, the effects expected) — real instruction forms.
POSITIVE = [
    ("1. Bãi bỏ khoản 3 Điều 5.", [("repeal", "10/2030/NĐ-CP", "dieu_5__khoan_3")]),
    ("1. Khoản 3 Điều 5 được bãi bỏ.", [("repeal", "10/2030/NĐ-CP", "dieu_5__khoan_3")]),
    (
        "1. Ngưng hiệu lực thi hành khoản 2 Điều 5.",
        [("suspend", "10/2030/NĐ-CP", "dieu_5__khoan_2")],
    ),
    ("1. Đình chỉ thi hành khoản 2 Điều 5.", [("suspend", "10/2030/NĐ-CP", "dieu_5__khoan_2")]),
    (
        "1. Tại khoản 2 Điều 7, bỏ cụm từ “trong ngày”.",
        [("replace_phrase", "10/2030/NĐ-CP", "dieu_7__khoan_2")],
    ),
    (
        "1. Bổ sung khoản 1a vào sau khoản 1; bãi bỏ khoản 3 Điều 4.",
        [
            ("insert", "10/2030/NĐ-CP", "dieu_4__khoan_1a"),
            ("repeal", "10/2030/NĐ-CP", "dieu_4__khoan_3"),
        ],
    ),
    (
        "1. Nghị định này bãi bỏ điểm c khoản 1 Điều 9 Nghị định số 10/2030/NĐ-CP.",
        [("repeal", "10/2030/NĐ-CP", "dieu_9__khoan_1__diem_c")],
    ),
    # Clauses after ";" continue the instruction; the cited document's title and its "được sửa
    # đổi, bổ sung tại …" are not verbs of their own.
    (
        "1. Bãi bỏ khoản 3 Điều 3; khoản 2 Điều 12; điểm đ khoản 1 Điều 17 Thông tư số "
        "09/2029/TT-BKHCN quy định về công bố hợp quy được sửa đổi, bổ sung tại Thông tư số "
        "02/2030/TT-BKHCN sửa đổi, bổ sung một số điều của Thông tư số 09/2029/TT-BKHCN.",
        [
            ("repeal", "09/2029/TT-BKHCN", "dieu_3__khoan_3"),
            ("repeal", "09/2029/TT-BKHCN", "dieu_12__khoan_2"),
            ("repeal", "09/2029/TT-BKHCN", "dieu_17__khoan_1__diem_đ"),
        ],
    ),
    (
        "1. Nghị định này thay thế Nghị định số 09/2029/NĐ-CP về hàng hóa; Nghị định số "
        "08/2029/NĐ-CP bổ sung hàng hóa vào Danh mục 1 tại mục 1, mục 3.",
        [
            ("replace_document", "09/2029/NĐ-CP", ""),
            ("replace_document", "08/2029/NĐ-CP", ""),
        ],
    ),
]

# Prose that uses amendment verbs: no instruction effect at all.
NEGATIVE = [
    "1. Trong từng thời kỳ, Bộ trưởng Bộ Công Thương ban hành, sửa đổi, bổ sung Danh mục hàng hóa.",
    "1. Giấy phép bị hủy bỏ khi đã bị đình chỉ hiệu lực theo quy định tại khoản 4 Điều này.",
    "1. Hồ sơ bổ sung, sửa đổi được thẩm định theo quy định tại khoản 3 Điều này.",
    "1. Trường hợp không còn yêu cầu bổ sung, Bộ Y tế cấp giấy phép theo khoản 3 Điều 6.",
    "1. Tổ chức đã được cấp Giấy chứng nhận theo Nghị định số 10/2030/NĐ-CP được tiếp tục "
    "hoạt động đến khi Giấy chứng nhận hết hiệu lực.",
    "1. Người khai hải quan được khai bổ sung theo quy định tại Điều 20 Thông tư này.",
    "1. Danh mục bổ sung giống cây trồng, bao gồm: 01 giống lúa (Phụ lục 01 kèm theo).",
    "1. Ngoài các quyền tại Điều 18 Luật Hải quan; Điều 6, Điều 7 Luật Quản lý thuế số "
    "78/2006/QH11 được sửa đổi, bổ sung tại khoản 3 Điều 1 Luật số 21/2012/QH13.",
    "1. Thời hạn được tính theo khoản 18 Điều 1 Nghị định số 10/2030/NĐ-CP được sửa đổi, bổ "
    "sung tại khoản 2 Điều 3.",
    "[3] Khoản này được sửa đổi theo quy định tại khoản 1 Điều 1 của Nghị định số 77/2024/NĐ-CP.",
    "(Điều này có nội dung liên quan đến Điều 6 của Nghị định 10/2030/NĐ-CP)",
    "(Điều 5 Nghị định số 10/2030/NĐ-CP, có hiệu lực thi hành kể từ ngày 01/01/2031, có nội "
    "dung được sửa đổi bởi Điều 1 Nghị định số 11/2031/NĐ-CP)",
]


@pytest.mark.parametrize(("line", "expected"), POSITIVE, ids=[p[0][:40] for p in POSITIVE])
def test_instruction_forms_give_their_effects(line: str, expected: list[tuple[str, ...]]) -> None:
    assert effects_of(line) == expected


@pytest.mark.parametrize("line", NEGATIVE, ids=[n[:40] for n in NEGATIVE])
def test_prose_with_amendment_verbs_gives_no_effect(line: str) -> None:
    assert effects_of(line) == []


def test_prose_does_not_switch_the_target_document() -> None:
    """A prose line naming another decree does not redirect the instructions that follow."""
    body = (
        "1. Thời hạn tính theo Nghị định số 99/2029/NĐ-CP đã được sửa đổi, bổ sung.\n"
        "2. Bãi bỏ khoản 3 Điều 5."
    )
    assert effects_of(body) == [("repeal", "10/2030/NĐ-CP", "dieu_5__khoan_3")]


def test_relative_citation_never_a_target() -> None:
    body = "1. Bãi bỏ khoản 3 Điều 5 và khoản 2 Điều này."
    assert effects_of(body) == [("repeal", "10/2030/NĐ-CP", "dieu_5__khoan_3")]


@pytest.mark.parametrize(
    ("block", "new_text"),
    [
        ("“c) Lấy mẫu: 50.000 đồng/mộ”.", "c) Lấy mẫu: 50.000 đồng/mộ."),
        ("“c) Lấy mẫu: 50.000 đồng/mộ”;", "c) Lấy mẫu: 50.000 đồng/mộ;"),
        ("“c) Lấy mẫu: 50.000 đồng/mộ;”.", "c) Lấy mẫu: 50.000 đồng/mộ;"),
        ("“c) Lấy mẫu: 50.000 đồng/mộ.”", "c) Lấy mẫu: 50.000 đồng/mộ."),
        ("“c) Lấy mẫu: 50.000 đồng/mộ”", "c) Lấy mẫu: 50.000 đồng/mộ"),
        ('"3. Mức chi theo thực tế".', "3. Mức chi theo thực tế."),
        ("“3. Mức chi theo thực tế.", "3. Mức chi theo thực tế."),
    ],
)
def test_quoted_text_keeps_the_mark_after_its_closing_quote(block: str, new_text: str) -> None:
    assert _strip_quotes(block) == new_text


def test_compilations_give_no_prose_effects() -> None:
    """Real pháp điển and VBHN text: no instruction effect aims at "Điều này" or comes from a
    footnote, a source note or a cross-reference line (the regression of issue 2)."""
    for name in ("phapdien-trong-trot.md", "vbhn-4804-2024-VBHN-BLDTBXH-hop-nhat-nd-75-2021.md"):
        doc = parse_file(real_file(name))
        effects = instruction_effects(doc)
        assert not [e for e in effects if "nay" in e.target_unit or "này" in e.target_unit]
        for e in effects:
            assert not e.evidence.startswith(("[", "(")), e.evidence[:80]
        if name.startswith("phapdien-trong"):
            assert not [e for e in effects if e.target_document == "88/2010/NĐ-CP"]
