"""What a basis gap says happened to the cited basis (issue 12, item 7): repealed, replaced,
expired, partly repealed or amended, and which provisions; never "hết hiệu lực" for a decree
that was only amended."""

from __future__ import annotations

from datetime import date

import pytest

from registry.scan.diff import basis_change
from registry.scan.national import EffectRow

D = date(2018, 11, 12)


def _e(op: str, unit: str = "", *, by: str = "155/2018/NĐ-CP", partial: bool = False) -> EffectRow:
    return EffectRow(1, unit, by, "dieu_1__khoan_1", D, "", op, partial)


@pytest.mark.parametrize(
    ("effects", "cited", "kind", "label"),
    [
        (
            [_e("amend", "dieu_3__khoan_1"), _e("replace_phrase", "dieu_4__khoan_2", partial=True)],
            "",
            "amended",
            "Nghị định số 54/2017/NĐ-CP đã được sửa đổi, bổ sung (khoản 1 Điều 3, khoản 2 Điều 4)"
            " bởi Nghị định số 155/2018/NĐ-CP",
        ),
        (
            [_e("amend", "dieu_3__khoan_1"), _e("repeal", "dieu_3__khoan_2")],
            "",
            "amended",
            "Nghị định số 54/2017/NĐ-CP đã được sửa đổi, bổ sung (khoản 1 Điều 3) và bị bãi bỏ"
            " một phần (khoản 2 Điều 3) bởi Nghị định số 155/2018/NĐ-CP",
        ),
        (
            [_e("repeal", "dieu_26__khoan_2"), _e("repeal", "dieu_26__khoan_4")],
            "",
            "partly_repealed",
            "Nghị định số 54/2017/NĐ-CP đã bị bãi bỏ một phần (khoản 2 Điều 26, khoản 4 Điều 26)"
            " bởi Nghị định số 155/2018/NĐ-CP",
        ),
        (
            [_e("repeal", "dieu_3")],
            "dieu_3",
            "repealed",
            "Điều 3 Nghị định số 54/2017/NĐ-CP đã bị bãi bỏ bởi Nghị định số 155/2018/NĐ-CP",
        ),
        (
            [_e("replace_document", by="88/2023/NĐ-CP")],
            "",
            "replaced",
            "Nghị định số 54/2017/NĐ-CP đã bị thay thế bởi Nghị định số 88/2023/NĐ-CP",
        ),
        (
            [_e("amend", "dieu_3__khoan_1"), _e("repeal")],
            "",
            "repealed",
            "Nghị định số 54/2017/NĐ-CP đã bị bãi bỏ bởi Nghị định số 155/2018/NĐ-CP",
        ),
        (
            [_e("expire", by="")],
            "",
            "expired",
            "Nghị định số 54/2017/NĐ-CP đã hết hiệu lực",
        ),
    ],
)
def test_basis_change(effects: list[EffectRow], cited: str, kind: str, label: str) -> None:
    got = basis_change(effects, "54/2017/NĐ-CP", cited)
    assert (got["kind"], got["label"]) == (kind, label)
    assert [p["unit"] for p in got["provisions"]] == [e.target_unit for e in effects]
    if kind != "expired":
        assert "hết hiệu lực" not in got["label"]
