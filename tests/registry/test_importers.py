from __future__ import annotations

import pytest

from registry.importers.rows import number_from_filename


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("nd-75-2021-ND-CP-goc.md", "75/2021/NĐ-CP"),
        ("nd-54-2017-ND-CP-kinh-doanh-duoc.html", "54/2017/NĐ-CP"),
        ("nd-155-2018-ND-CP-sua-doi.md", "155/2018/NĐ-CP"),
        ("tt-14-2017-TT-BCT-danh-muc-hang-hoa.md", "14/2017/TT-BCT"),
        ("qd-1523-2018-QD-BCT-cong-bo-tthc.md", "1523/2018/QĐ-BCT"),
        ("qd-1766-2020-QD-UBND-BinhThuan-cong-bo.md", "1766/2020/QĐ-UBND"),
        ("x-23-2019-QD-TTg-de-an.md", "23/2019/QĐ-TTg"),
        ("luat-24-2012-QH13-sua-doi-bo-sung.html", "24/2012/QH13"),
        ("01-2013-nd-cp.html", "01/2013/NĐ-CP"),
        ("phapdien-duoc.md", ""),
        ("luat-dau-tu-2020-phu-luc-IV.csv", ""),
        ("bao-cao-2019.md", ""),
    ],
)
def test_number_from_filename(name: str, number: str) -> None:
    assert number_from_filename(name) == number
