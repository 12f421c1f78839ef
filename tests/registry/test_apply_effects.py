"""Consolidation of project-written mini documents: every operation and the tricky orders."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers import Effect, Op, parse_text
from parsers.model import Document, UnitKind
from registry.consolidation.apply_effects import apply
from registry.consolidation.fragments import parse_fragment
from registry.consolidation.render import render
from registry.consolidation.versions import ConsolidatedDocument, VersionState

NUMBER = "12/2024/NĐ-CP"
BASE_TEXT = """Điều 1. Phạm vi
Nghị định này quy định về mức phí.
Điều 2. Mức phí
1. Mức phí thứ nhất là 10 đồng.
2. Mức phí thứ hai gồm:
a) Phí hồ sơ 5 đồng;
b) Phí thẩm định 7 đồng.
3. Sở Tài chính hướng dẫn thu phí tại Sở Tài chính.
Điều 3. Hiệu lực
Nghị định này có hiệu lực từ ngày 01 tháng 01 năm 2024.
"""
D1, D2, D3 = date(2024, 3, 1), date(2024, 6, 1), date(2024, 9, 1)
LATER = date(2025, 1, 1)


def base() -> Document:
    return parse_text(BASE_TEXT, "mini.md")


def eff(
    op: Op,
    unit: str,
    when: date | None = D1,
    new: str = "",
    old: str = "",
    anchor: str = "",
    target: str = NUMBER,
    by_unit: str = "dieu_1__khoan_1",
) -> Effect:
    return Effect(
        op=op,
        target_document=target,
        target_unit=unit,
        by_document="3/2024/NĐ-CP",
        by_unit=by_unit,
        effective=when,
        new_text=new,
        old_text=old,
        anchor=anchor,
    )


def consolidate(effects: list[Effect], as_of: date = LATER) -> ConsolidatedDocument:
    return apply(base(), effects, as_of, document=NUMBER)


def text_of(c: ConsolidatedDocument, unit_id: str, when: date | None = None) -> str | None:
    u = c.unit(unit_id)
    if u is None:
        return None
    v = u.at(when or c.as_of)
    return None if v is None else v.text


@dataclass
class Case:
    name: str
    effects: list[Effect]
    # unit id -> expected text on the consolidation date (None: the unit is not there).
    texts: dict[str, str | None] = field(default_factory=dict)
    # Substrings of the rendered text, in this order.
    order: list[str] = field(default_factory=list)
    # Substrings of the reasons of unapplied effects, one per unapplied effect, in order.
    unapplied: list[str] = field(default_factory=list)


CASES = [
    Case(
        "amend a clause: children from the quoted text, end punctuation restored",
        [
            eff(
                Op.AMEND,
                "dieu_2__khoan_2",
                new="2. Mức phí thứ hai gồm:\na) Phí hồ sơ 6 đồng;\nb) Phí thẩm định 8 đồng;\n"
                "c) Phí cấp bản sao 2 đồng",
            )
        ],
        texts={
            "dieu_2__khoan_2__diem_a": "Phí hồ sơ 6 đồng;",
            "dieu_2__khoan_2__diem_c": "Phí cấp bản sao 2 đồng.",
        },
        order=["2. Mức phí thứ hai", "a) Phí hồ sơ 6", "b) Phí thẩm định 8", "c) Phí cấp", "3. Sở"],
    ),
    Case(
        "amend an article: clauses the new text drops end",
        [eff(Op.AMEND, "dieu_2", new="Điều 2. Mức phí mới\n1. Mức phí là 20 đồng")],
        texts={
            "dieu_2__khoan_1": "Mức phí là 20 đồng.",
            "dieu_2__khoan_2": None,
            "dieu_2__khoan_2__diem_a": None,
            "dieu_2__khoan_3": None,
        },
        order=["Điều 2. Mức phí mới", "1. Mức phí là 20 đồng.", "Điều 3."],
    ),
    Case(
        "amend a point without its label keeps the label",
        [eff(Op.AMEND, "dieu_2__khoan_2__diem_b", new="Phí thẩm định 9 đồng")],
        texts={"dieu_2__khoan_2__diem_b": "Phí thẩm định 9 đồng."},
        order=["b) Phí thẩm định 9 đồng."],
    ),
    Case(
        "insert after an inserted unit, and after the same anchor later (1a, 1b, 1c)",
        [
            eff(Op.INSERT, "dieu_2__khoan_1a", new="1a. Phí A", anchor="dieu_2__khoan_1"),
            eff(Op.INSERT, "dieu_2__khoan_1b", new="1b. Phí B", anchor="dieu_2__khoan_1a"),
            eff(Op.INSERT, "dieu_2__khoan_1c", D2, new="1c. Phí C", anchor="dieu_2__khoan_1"),
        ],
        texts={"dieu_2__khoan_1b": "Phí B."},
        order=["1. Mức phí thứ nhất", "1a. Phí A", "1b. Phí B", "1c. Phí C", "2. Mức phí thứ hai"],
    ),
    Case(
        "insert an article after its anchor; a point without anchor goes by its letter",
        [
            eff(
                Op.INSERT,
                "dieu_2a",
                new="Điều 2a. Miễn phí\nNgười có công được miễn phí",
                anchor="dieu_2",
            ),
            eff(Op.INSERT, "dieu_2__khoan_2__diem_c", new="c) Phí cấp lại 1 đồng"),
        ],
        texts={"dieu_2a": "Người có công được miễn phí."},
        order=[
            "b) Phí thẩm định",
            "c) Phí cấp lại 1 đồng.",
            "3. Sở",
            "Điều 2a. Miễn phí",
            "Điều 3.",
        ],
    ),
    Case(
        "points d and đ inserted without anchors follow the letter order",
        [
            eff(Op.INSERT, "dieu_2__khoan_2__diem_đ", new="đ) Phí Đ"),
            eff(Op.INSERT, "dieu_2__khoan_2__diem_d", new="d) Phí D;"),
            eff(Op.INSERT, "dieu_2__khoan_2__diem_c", D2, new="c) Phí C;"),
            eff(Op.INSERT, "dieu_3a", new="Điều 3a. Chuyển tiếp\nÁp dụng ngay"),
        ],
        order=["b) Phí thẩm định", "c) Phí C;", "d) Phí D;", "đ) Phí Đ.", "Điều 3a. Chuyển"],
    ),
    Case(
        "insert where the unit already is",
        [eff(Op.INSERT, "dieu_2__khoan_2", new="2. Trùng")],
        unapplied=["already exists"],
    ),
    Case(
        "insert under a parent that does not exist",
        [eff(Op.INSERT, "dieu_9__khoan_1a", new="1a. X", anchor="dieu_9__khoan_1")],
        unapplied=["dieu_9 is not in the document"],
    ),
    Case(
        "repeal keeps a placeholder; amending it afterwards is refused",
        [
            eff(Op.REPEAL, "dieu_2__khoan_2"),
            eff(Op.AMEND, "dieu_2__khoan_2", D2, new="2. Phí mới"),
        ],
        texts={"dieu_2__khoan_2": "", "dieu_2__khoan_2__diem_a": ""},
        order=["1. Mức phí thứ nhất", "2. (được bãi bỏ)", "3. Sở"],
        unapplied=["repealed since 2024-03-01"],
    ),
    Case(
        "repeal twice",
        [eff(Op.REPEAL, "dieu_1"), eff(Op.REPEAL, "dieu_1", D2)],
        order=["Điều 1. (được bãi bỏ)", "Điều 2."],
        unapplied=["already repealed"],
    ),
    Case(
        "phrase replaced everywhere in the unit and its sub-units",
        [eff(Op.REPLACE_PHRASE, "dieu_2", new="Bộ Tài chính", old="Sở Tài chính")],
        texts={"dieu_2__khoan_3": "Bộ Tài chính hướng dẫn thu phí tại Bộ Tài chính."},
    ),
    Case(
        "phrase replaced at a sentence start takes a capital; lower-case old matches there too",
        [
            eff(Op.REPLACE_PHRASE, "dieu_2__khoan_3", new="cơ quan thuế", old="Sở Tài chính"),
            eff(Op.REPLACE_PHRASE, "dieu_2", new="giá", old="mức phí"),
        ],
        texts={
            "dieu_2__khoan_3": "Cơ quan thuế hướng dẫn thu phí tại cơ quan thuế.",
            "dieu_2__khoan_1": "Giá thứ nhất là 10 đồng.",
            "dieu_1": "Nghị định này quy định về mức phí.",
        },
    ),
    Case(
        "phrase replaced in a unit amended earlier sees the new text",
        [
            eff(Op.AMEND, "dieu_2__khoan_1", new="1. Mức phí thứ nhất là 15 đồng"),
            eff(Op.REPLACE_PHRASE, "dieu_2__khoan_1", D2, new="25 đồng", old="15 đồng"),
        ],
        texts={"dieu_2__khoan_1": "Mức phí thứ nhất là 25 đồng."},
    ),
    Case(
        "phrase removed, spaces tidied",
        [eff(Op.REPLACE_PHRASE, "dieu_2__khoan_3", old="tại Sở Tài chính")],
        texts={"dieu_2__khoan_3": "Sở Tài chính hướng dẫn thu phí."},
    ),
    Case(
        "phrase inserted after another phrase, and at the end of a unit",
        [
            eff(Op.REPLACE_PHRASE, "dieu_2__khoan_1", new="tối đa", anchor="thứ nhất là"),
            eff(Op.REPLACE_PHRASE, "dieu_1", new="và lệ phí"),
        ],
        texts={
            "dieu_2__khoan_1": "Mức phí thứ nhất là tối đa 10 đồng.",
            "dieu_1": "Nghị định này quy định về mức phí và lệ phí.",
        },
    ),
    Case(
        "phrase not in the text",
        [eff(Op.REPLACE_PHRASE, "dieu_3", new="Y", old="không có")],
        unapplied=["'không có' not found in dieu_3"],
    ),
    Case(
        "rename an article",
        [eff(Op.RENAME, "dieu_1", new="Điều 1. Phạm vi điều chỉnh")],
        order=["Điều 1. Phạm vi điều chỉnh\nNghị định này"],
    ),
    Case(
        "several operations of one instruction, applied in its order",
        [
            eff(Op.AMEND, "dieu_2__khoan_1", new="1. Mức phí là 11 đồng"),
            eff(Op.INSERT, "dieu_2__khoan_1a", new="1a. Phí phụ 1 đồng", anchor="dieu_2__khoan_1"),
            eff(Op.REPEAL, "dieu_2__khoan_2__diem_b"),
            eff(Op.REPLACE_PHRASE, "dieu_2__khoan_1a", new="2 đồng", old="1 đồng"),
        ],
        texts={"dieu_2__khoan_1a": "Phí phụ 2 đồng.", "dieu_2__khoan_1": "Mức phí là 11 đồng."},
        order=["1. Mức phí là 11", "1a. Phí phụ 2 đồng.", "a) Phí hồ sơ", "b) (được bãi bỏ)"],
    ),
    Case(
        "an effect on a unit inserted only later is unapplied; the insertion still applies",
        [
            eff(Op.INSERT, "dieu_2__khoan_4", D2, new="4. Phí mới 4 đồng"),
            eff(Op.AMEND, "dieu_2__khoan_4", D1, new="4. Phí mới 5 đồng"),
        ],
        texts={"dieu_2__khoan_4": "Phí mới 4 đồng."},
        order=["3. Sở", "4. Phí mới 4 đồng."],
        unapplied=["dieu_2__khoan_4 is not in the document"],
    ),
    Case(
        "effects without a date, for another document, or without a target",
        [
            eff(Op.AMEND, "dieu_1", None, new="Điều 1. X"),
            eff(Op.AMEND, "dieu_1", new="Điều 1. X", target="99/2020/NĐ-CP"),
            eff(Op.AMEND, "", new="X"),
            eff(Op.AMEND, "dieu_1", new=""),
        ],
        unapplied=[
            "no effective date",
            "targets 99/2020/NĐ-CP",
            "without a target unit",
            "without new text",
        ],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_operations(case: Case) -> None:
    c = consolidate(case.effects)
    for unit_id, expected in case.texts.items():
        assert text_of(c, unit_id) == expected, unit_id
    text = render(c)
    pos = 0
    for piece in case.order:
        found = text.find(piece, pos)
        assert found >= 0, f"{piece!r} not after position {pos} in:\n{text}"
        pos = found + len(piece)
    assert len(c.unapplied) == len(case.unapplied), [u.reason for u in c.unapplied]
    for got, want in zip(c.unapplied, case.unapplied, strict=True):
        assert want in got.reason
    # Nothing is lost: every effect is applied, unapplied or pending.
    assert len(c.applied) + len(c.unapplied) + len(c.pending) == len(case.effects)


def test_versions_keep_history_and_point_to_their_effect() -> None:
    first = eff(Op.AMEND, "dieu_2__khoan_1", D1, new="1. Mức phí là 15 đồng")
    second = eff(Op.REPLACE_PHRASE, "dieu_2__khoan_1", D2, new="25 đồng", old="15 đồng")
    c = consolidate([second, first])  # input order does not matter across dates
    u = c.unit("dieu_2__khoan_1")
    assert u is not None
    assert [(v.valid_from, v.valid_to, v.effect) for v in u.versions] == [
        (date(2024, 1, 1), D1, None),
        (D1, D2, first),
        (D2, None, second),
    ]
    assert text_of(c, "dieu_2__khoan_1", date(2024, 2, 1)) == "Mức phí thứ nhất là 10 đồng."
    assert text_of(c, "dieu_2__khoan_1", D1) == "Mức phí là 15 đồng."
    assert "10 đồng" in render(c, date(2024, 2, 1))
    assert "25 đồng" in render(c)


def test_dropped_clauses_render_in_place_before_the_amendment() -> None:
    c = consolidate([eff(Op.AMEND, "dieu_2", D2, new="Điều 2. Mức phí\n1. Mức phí là 20 đồng")])
    before = render(c, D1)
    assert before.index("2. Mức phí thứ hai") < before.index("3. Sở") < before.index("Điều 3.")
    assert "3. Sở" not in render(c)


def test_effects_after_the_consolidation_date_are_pending() -> None:
    late = eff(Op.REPEAL, "dieu_1", D3)
    c = consolidate([late], as_of=D2)
    assert c.pending == [late] and not c.applied and not c.unapplied
    assert "Điều 1. Phạm vi" in render(c)


@pytest.mark.parametrize(
    ("op", "state"),
    [
        (Op.EXPIRE, VersionState.EXPIRED),
        (Op.REPLACE_DOCUMENT, VersionState.REPLACED),
        (Op.SUSPEND, VersionState.SUSPENDED),
        (Op.REPEAL, VersionState.REPEALED),
    ],
)
def test_whole_document_operations(op: Op, state: VersionState) -> None:
    c = consolidate([eff(op, "", D2)])
    assert c.state(D1) is VersionState.TEXT
    assert c.state() is state
    assert "Điều 1. Phạm vi" in render(c, D1)
    v = c.unit("dieu_2__khoan_1").at(D3)  # type: ignore[union-attr]
    assert v is not None and v.state is state
    if state is VersionState.SUSPENDED:
        assert "Điều 1. Phạm vi" in render(c)  # suspended text is still the text
    else:
        assert render(c).strip() == ""


def test_inputs_are_not_changed_and_versions_hold_the_very_effects() -> None:
    doc = base()
    before = [(u.id, u.text, u.heading, u.repealed) for u in doc.units]
    effects = [
        eff(Op.REPEAL, "dieu_2__khoan_3", old="tại Sở Tài chính"),
        eff(Op.AMEND, "dieu_2__khoan_2", new="2. Phí khác"),
        eff(Op.REPLACE_PHRASE, "dieu_1", D2, new="phí", old="mức phí"),
    ]
    snapshot = [(e.new_text, e.old_text, e.anchor) for e in effects]
    c1 = apply(doc, effects, LATER, document=NUMBER)
    c2 = apply(doc, effects, LATER, document=NUMBER)
    assert render(c1) == render(c2)
    assert [(u.id, u.text, u.heading, u.repealed) for u in doc.units] == before
    assert [(e.new_text, e.old_text, e.anchor) for e in effects] == snapshot
    produced = [v.effect for u in c1.walk() for v in u.versions if v.effect is not None]
    assert all(any(p is e for e in effects) for p in produced)
    assert text_of(c1, "dieu_2__khoan_3") == "Sở Tài chính hướng dẫn thu phí."


def test_a_suspended_unit_can_still_be_amended() -> None:
    c = consolidate(
        [
            eff(Op.SUSPEND, "dieu_2__khoan_1"),
            eff(Op.AMEND, "dieu_2__khoan_1", D2, new="1. Mức phí là 30 đồng"),
        ]
    )
    v = c.unit("dieu_2__khoan_1").at(D3)  # type: ignore[union-attr]
    assert v is not None and v.state is VersionState.SUSPENDED and v.text == "Mức phí là 30 đồng."


def test_unknown_base_number_is_warned_about() -> None:
    c = apply(base(), [eff(Op.REPEAL, "dieu_1")], LATER)
    assert c.applied and "number is unknown" in c.warnings[0]


def test_a_document_ends_once() -> None:
    c = consolidate([eff(Op.EXPIRE, "", D1), eff(Op.REPLACE_DOCUMENT, "", D2)])
    assert c.state() is VersionState.EXPIRED
    assert [u.reason for u in c.unapplied] == ["the document is already expired"]


def test_repealed_placeholders_can_be_left_out() -> None:
    c = consolidate([eff(Op.REPEAL, "dieu_2__khoan_3")])
    assert "3. (được bãi bỏ)" in render(c)
    assert "được bãi bỏ" not in render(c, repealed=False)


@pytest.mark.parametrize(
    ("new_text", "target", "kind", "ids"),
    [
        (
            "4. Chung:\na) Một;\nb) Hai",
            "dieu_5__khoan_4",
            UnitKind.KHOAN,
            ["", "__diem_a", "__diem_b"],
        ),
        (
            "c) Điểm:\n- gạch một;\n- gạch hai",
            "dieu_5__khoan_1__diem_c",
            UnitKind.DIEM,
            ["", "__tiet_1", "__tiet_2"],
        ),
        ("Điều 7. Tên\n1. Một.\n2. Hai.", "dieu_7", UnitKind.DIEU, ["", "__khoan_1", "__khoan_2"]),
        ("Nội dung không nhãn", "dieu_5__khoan_2", UnitKind.KHOAN, [""]),
        (
            "PHỤ LỤC II\nDANH MỤC\n| STT | Tên |\n|---|---|\n| 1 | A |",
            "phu_luc_II",
            UnitKind.PHU_LUC,
            ["", "__table_1"],
        ),
    ],
)
def test_parse_fragment_reroots_on_the_target(
    new_text: str, target: str, kind: UnitKind, ids: list[str]
) -> None:
    frag = parse_fragment(new_text, target, kind)
    assert [u.id for u in frag.units] == [target + s for s in ids]
    assert frag.units[0].parent is None
    assert all(u.parent is not None for u in frag.units[1:])


def test_quoted_text_that_runs_into_the_next_unit_is_reported() -> None:
    c = consolidate([eff(Op.AMEND, "dieu_2__khoan_1", new="1. Một là 1 đồng.\n2. Hai là 2 đồng.")])
    assert text_of(c, "dieu_2__khoan_1") == "Một là 1 đồng."
    assert c.warnings and "dieu_1__khoan_2" in c.warnings[0]


_IDS = [
    "dieu_1",
    "dieu_2",
    "dieu_2__khoan_1",
    "dieu_2__khoan_1a",
    "dieu_2__khoan_2",
    "dieu_2__khoan_2__diem_a",
    "dieu_2__khoan_2__diem_c",
    "dieu_2a",
    "dieu_9__khoan_1",
    "dieu_2__khoan_2__diem_a__tiet_1",
    "chuong_I",
    "p_1",
    "",
    "phu_luc_I",
]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(list(Op)),
            st.sampled_from(_IDS),
            st.sampled_from([D1, D2, D3, None]),
            st.one_of(
                st.text(alphabet="ab12.)\n “”:;Điều ", max_size=40),
                st.sampled_from(["1. X", "Điều 2a. Y\n1. Z", "a) q\nb) r", "PHỤ LỤC I\n| a |"]),
            ),
            st.sampled_from(["", "Sở", "10 đồng", "x"]),
            st.sampled_from(_IDS),
        ),
        max_size=8,
    )
)
def test_never_crashes_and_never_loses_an_effect(
    raw: list[tuple[Op, str, date | None, str, str, str]],
) -> None:
    effects = [eff(op, u, when, new, old, anchor) for op, u, when, new, old, anchor in raw]
    c = consolidate(effects, as_of=D2)
    assert len(c.applied) + len(c.unapplied) + len(c.pending) == len(effects)
    render(c)
    render(c, D1)
    # The tree stays a tree: every unit reachable once, from its own parent.
    walked = [u.id for u in c.walk()]
    assert len(walked) == len(set(walked)) and set(walked) == set(c.units)
    for u in c.walk():
        for a, b in zip(u.versions, u.versions[1:], strict=False):
            assert a.valid_to is not None and b.valid_from is not None
            # Versions follow each other; a gap is a time the unit was not in the text.
            assert a.valid_to <= b.valid_from


AMENDING_BEFORE_AFTER = """CHÍNH PHỦ
Số: 3/2024/NĐ-CP
NGHỊ ĐỊNH
Sửa đổi, bổ sung một số điều của Nghị định số 12/2024/NĐ-CP
Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 12/2024/NĐ-CP
1. Bổ sung cụm từ “hằng năm” vào sau cụm từ “hướng dẫn thu phí” tại khoản 3 Điều 2.
2. Bổ sung cụm từ “cơ quan thuế và” vào trước cụm từ “Sở Tài chính hướng dẫn” tại khoản 3 Điều 2.
3. Bổ sung khoản 0a vào trước khoản 1 Điều 2 như sau:
“0a. Phí được nộp bằng tiền đồng.”
4. Bổ sung khoản 1a vào sau khoản 1 Điều 2 như sau:
“1a. Phí được nộp trực tuyến.”
Điều 2. Hiệu lực thi hành
Nghị định này có hiệu lực thi hành từ ngày 01 tháng 3 năm 2024.
"""


def test_phrase_and_unit_insertions_before_and_after_their_anchor() -> None:
    """ "vào trước" and "vào sau" are told apart by the parser and applied on the right side."""
    amending = parse_text(AMENDING_BEFORE_AFTER, "amending.md")
    anchors = [(e.op.value, e.target_unit, e.anchor) for e in amending.effects]
    assert anchors == [
        ("replace_phrase", "dieu_2__khoan_3", "hướng dẫn thu phí"),
        ("replace_phrase", "dieu_2__khoan_3", "before:Sở Tài chính hướng dẫn"),
        ("insert", "dieu_2__khoan_0a", "before:dieu_2__khoan_1"),
        ("insert", "dieu_2__khoan_1a", "dieu_2__khoan_1"),
    ]
    c = apply(base(), amending.effects, LATER, document=NUMBER)
    assert [u.unapplied for u in [c]] == [[]]
    assert text_of(c, "dieu_2__khoan_3") == (
        "cơ quan thuế và Sở Tài chính hướng dẫn thu phí hằng năm tại Sở Tài chính."
    )
    khoan = [u.id for u, _v in c.at() if u.parent == "dieu_2"]
    assert khoan == [
        "dieu_2__khoan_0a",
        "dieu_2__khoan_1",
        "dieu_2__khoan_1a",
        "dieu_2__khoan_2",
        "dieu_2__khoan_3",
    ]
    # Before the amendment the old order and wording stand.
    assert text_of(c, "dieu_2__khoan_3", date(2024, 2, 1)) == (
        "Sở Tài chính hướng dẫn thu phí tại Sở Tài chính."
    )
