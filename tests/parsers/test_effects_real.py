"""Effects of two real amending texts, checked against tables written by reading them."""

from __future__ import annotations

from collections import Counter

from parsers import parse_file
from parsers.effects import instruction_effects
from tests.conftest import real_file

# Luật 24/2012/QH13, Điều 1: (item, op, target unit) for each of the 24 items.
LUAT_24_DIEU_1 = [
    (1, "insert", "dieu_3__khoan_17"), (1, "insert", "dieu_3__khoan_18"),
    (2, "insert", "dieu_4__khoan_1a"), (2, "amend", "dieu_4__khoan_3"), (2, "amend", "dieu_4__khoan_4"),
    (3, "amend", "dieu_8__khoan_1"), (3, "amend", "dieu_8__khoan_3"),
    (4, "insert", "dieu_8a"),
    (5, "rename", "dieu_9"), (5, "amend", "dieu_9__khoan_1"), (5, "amend", "dieu_9__khoan_2"),
    (6, "amend", "dieu_11__khoan_1"),
    (7, "amend", "dieu_16__khoan_1__diem_đ"),
    (8, "amend", "dieu_18__khoan_2"),
    (9, "amend", "dieu_23__khoan_6"),
    (10, "amend", "dieu_24__khoan_2"),
    (11, "rename", "dieu_25"), (11, "amend", "dieu_25__khoan_1"), (11, "amend", "dieu_25__khoan_2"),
    (12, "amend", "dieu_28__khoan_2__diem_c"),
    (13, "insert", "dieu_29__khoan_1a"), (13, "amend", "dieu_29__khoan_3"), (13, "amend", "dieu_29__khoan_4"),
    (14, "insert", "dieu_30__khoan_6"),
    (15, "amend", "dieu_31__khoan_1"), (15, "amend", "dieu_31__khoan_2"), (15, "amend", "dieu_31__khoan_3"),
    (16, "amend", "dieu_32__khoan_1"), (16, "amend", "dieu_32__khoan_4"), (16, "insert", "dieu_32__khoan_5"),
    (17, "amend", "dieu_39__khoan_2__diem_a"),
    (18, "amend", "dieu_44__khoan_1__diem_c"),
    (19, "rename", "dieu_49"), (19, "insert", "dieu_49__khoan_4"),
    (20, "amend", "dieu_54__khoan_1"),
    (21, "insert", "dieu_59a"),
    (22, "amend", "dieu_62"),
    (23, "amend", "dieu_66__khoan_1__diem_đ"), (23, "amend", "dieu_66__khoan_1__diem_g"),
    (23, "amend", "dieu_66__khoan_1__diem_k"), (23, "insert", "dieu_66__khoan_1__diem_m"),
    (23, "insert", "dieu_66__khoan_1__diem_n"), (23, "amend", "dieu_66__khoan_2"),
    (24, "amend", "dieu_67"),
]  # fmt: skip

# Điều 2: word-level edits, one effect per location: (old, new, anchor, target).
QP, QC, BCN, BCT = "quy phạm", "quy chuẩn kỹ thuật", "Bộ Công nghiệp", "Bộ Công thương"
LUAT_24_DIEU_2_TARGETS = {
    "a": ["dieu_10__khoan_2"],
    "b": ["dieu_21__khoan_1__diem_h", "dieu_21__khoan_2__diem_b"],
    "c": ["dieu_40__khoan_1__diem_b"],
    "d": ["dieu_11__khoan_4", "dieu_28__khoan_2__diem_b", "dieu_34__khoan_2", "dieu_39__khoan_1__diem_đ",
          "dieu_40__khoan_1__diem_d", "dieu_41__khoan_1__diem_đ", "dieu_45__khoan_1__diem_b",
          "dieu_45__khoan_2__diem_a", "dieu_54__khoan_5__diem_b", "dieu_54__khoan_6", "dieu_55__khoan_7",
          "dieu_55__khoan_8", "dieu_57__khoan_1", "dieu_57__khoan_2", "dieu_57__khoan_3",
          "dieu_57__khoan_7", "dieu_64__khoan_1"],
    "đ": ["dieu_3__khoan_12", "dieu_55__khoan_5"],
    "e": ["dieu_3__khoan_7", "dieu_10__khoan_4", "dieu_11__khoan_5", "dieu_13__khoan_3", "dieu_21__khoan_3",
          "dieu_34__khoan_1__diem_b", "dieu_38__khoan_1", "dieu_38__khoan_2", "dieu_56__khoan_1",
          "dieu_56__khoan_2", "dieu_59__khoan_5", "dieu_61__khoan_3", "dieu_64__khoan_4",
          "dieu_65__khoan_2", "dieu_65__khoan_3"],
}  # fmt: skip


def _luat_24():
    return parse_file(real_file("luat-24-2012-QH13-sua-doi-bo-sung-luat-dien-luc.html"))


def test_luat_24_dieu_1_every_item() -> None:
    doc = _luat_24()
    effects = [e for e in instruction_effects(doc) if e.by_unit.startswith("dieu_1__")]
    got = [(int(e.by_unit.split("khoan_")[1]), e.op.value, e.target_unit) for e in effects]
    assert got == LUAT_24_DIEU_1
    assert {e.target_document for e in effects} == {"28/2004/QH11"}
    assert all(e.by_document == "24/2012/QH13" for e in effects)
    assert all(e.new_text for e in effects)
    by_target = {e.target_unit: e for e in effects}
    assert by_target["dieu_8a"].anchor == "dieu_8"
    assert by_target["dieu_4__khoan_1a"].anchor == "dieu_4__khoan_1"
    assert by_target["dieu_4__khoan_1a"].new_text.startswith("1a. ")
    assert by_target["dieu_4__khoan_3"].new_text.startswith("3. ")
    assert by_target["dieu_9"].new_text.startswith("Lập, phê duyệt")
    assert by_target["dieu_66__khoan_1__diem_m"].new_text.startswith("m) ")
    assert str(by_target["dieu_62"].effective) == "2013-07-01"


def test_luat_24_dieu_2_word_edits() -> None:
    effects = [e for e in instruction_effects(_luat_24()) if e.by_unit.startswith("dieu_2__")]
    for item, targets in LUAT_24_DIEU_2_TARGETS.items():
        got = [e.target_unit for e in effects if e.by_unit == f"dieu_2__khoan_1__diem_{item}"]
        assert got == targets, item
    d = [e for e in effects if e.by_unit == "dieu_2__khoan_1__diem_d"]
    assert {(e.old_text, e.new_text) for e in d} == {(QP, QC)}
    k2 = [
        (e.op.value, e.target_unit, e.old_text) for e in effects if e.by_unit == "dieu_2__khoan_2"
    ]
    assert k2 == [
        ("replace_phrase", "dieu_18__khoan_1", "thứ tự"),
        ("repeal", "dieu_41__khoan_1__diem_b", ""),
        ("repeal", "dieu_66__khoan_1__diem_e", ""),
    ]
    k3 = [e for e in effects if e.by_unit == "dieu_2__khoan_3"]
    assert [(e.target_unit, e.new_text, e.anchor, e.old_text) for e in k3] == [
        ("dieu_17__khoan_1", "minh bạch", "Bảo đảm công khai", "")
    ]
    k4 = [(e.target_unit, e.anchor) for e in effects if e.by_unit == "dieu_2__khoan_4"]
    anchor = "trừ trường hợp các bên có thỏa thuận khác"
    assert k4 == [
        ("dieu_24__khoan_1", anchor),
        ("dieu_24__khoan_3", anchor),
        ("dieu_39__khoan_2__diem_i", ""),
        ("dieu_40__khoan_2__diem_e", ""),
        ("dieu_41__khoan_2__diem_c", ""),
    ]
    k5 = [e.target_unit for e in effects if e.by_unit == "dieu_2__khoan_5"]
    assert k5 == [
        "chuong_VIII", "dieu_60", "dieu_61", "dieu_64", "dieu_60__khoan_1", "dieu_60__khoan_3",
        "dieu_60__khoan_4", "dieu_61__khoan_4", "dieu_64__khoan_1", "dieu_64__khoan_2", "dieu_64__khoan_4",
    ]  # fmt: skip
    assert len(effects) == 58
    assert Counter(e.op.value for e in effects) == {"replace_phrase": 56, "repeal": 2}


ND_55 = [
    ("dieu_1__khoan_1", "dieu_1", "Điều 1. "),
    ("dieu_1__khoan_2", "dieu_3", "Điều 3. "),
    ("dieu_1__khoan_3", "dieu_4", "Điều 4. "),
    ("dieu_1__khoan_4__diem_a", "dieu_12__khoan_1__diem_c", "c) "),
    ("dieu_1__khoan_4__diem_b", "dieu_12__khoan_2", "2. "),
    ("dieu_1__khoan_4__diem_c", "dieu_12__khoan_3", "3. "),
    ("dieu_1__khoan_4__diem_d", "dieu_12__khoan_4", "4. "),
    ("dieu_1__khoan_4__diem_đ", "dieu_12__khoan_7", "7. "),
    ("dieu_1__khoan_5__diem_a", "dieu_13__khoan_4__diem_a", "a) "),
    ("dieu_1__khoan_5__diem_b", "dieu_13__khoan_5", "5. "),
    ("dieu_1__khoan_5__diem_c", "dieu_13__khoan_6", "6. "),
    ("dieu_1__khoan_5__diem_d", "dieu_13__khoan_7", "7. "),
    ("dieu_1__khoan_5__diem_đ", "dieu_13__khoan_10__diem_a", "a) "),
    ("dieu_1__khoan_5__diem_e", "dieu_13__khoan_11", "11. "),
    ("dieu_1__khoan_6", "dieu_14__khoan_4", "4. "),
]


def test_nd_55_every_instruction() -> None:
    doc = parse_file(real_file("nd-55-2023-ND-CP-sua-doi-nd-75-2021.md"))
    effects = instruction_effects(doc)
    assert [(e.by_unit, e.target_unit) for e in effects] == [(b, t) for b, t, _ in ND_55]
    for e, (_b, _t, start) in zip(effects, ND_55, strict=True):
        assert e.op.value == "amend"
        assert e.target_document == "75/2021/NĐ-CP"
        assert e.by_document == "55/2023/NĐ-CP"
        assert e.new_text.startswith(start), (e.target_unit, e.new_text[:30])
        assert "”" not in e.new_text[-2:]
        assert str(e.effective) == "2023-09-05"
        assert doc.text[e.evidence_start : e.evidence_end] == e.evidence
