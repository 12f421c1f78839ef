"""The body of a document ends at its signature block, even without a "Nơi nhận" list.

Inputs are short texts written for these tests; the real case is NĐ 75/2021, whose last article
was followed by a repeated letterhead ("CHÍNH PHỦ", "CỘNG HÒA XÃ HỘI …") and the signature.
"""

from __future__ import annotations

import pytest

from parsers.structure import parse_structure
from tests.conftest import real_file

BODY = (
    "Điều 1. Phạm vi\nNghị định này quy định mức chi.\nĐiều 2. Hiệu lực\nCó hiệu lực từ ngày ký.\n"
)


@pytest.mark.parametrize(
    "tail",
    [
        "TM. CHÍNH PHỦ\nTHỦ TƯỚNG\nNguyễn Văn A\n",
        "THỦ TƯỚNG\nNguyễn Văn A\n",
        "CHÍNH PHỦ\nSố: 1/2031/NĐ-CP | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nNguyễn Văn A\n",
        "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nTrần Thị B\n",
        "BỘ TRƯỞNG\nTrần Thị B\n",
        "CHỦ TỊCH\nLê Văn C\n",
        "Nơi nhận:\n- Như Điều 2;\n- Lưu: VT.\n",
    ],
)
def test_last_article_ends_at_the_signature(tail: str) -> None:
    units, _ = parse_structure(BODY + tail)
    dieu_2 = next(u for u in units if u.id == "dieu_2")
    assert dieu_2.text == "Có hiệu lực từ ngày ký."


@pytest.mark.parametrize(
    "text",
    [
        # A chapter title that happens to be an issuer's name is the chapter's heading.
        "Chương V\nQUỐC HỘI\nĐiều 69. Quốc hội\nQuốc hội là cơ quan đại biểu cao nhất.\n",
        "Chương VII\nCHÍNH PHỦ\nĐiều 94. Chính phủ\nChính phủ là cơ quan hành chính.\n",
    ],
)
def test_issuer_names_as_chapter_titles_stay_headings(text: str) -> None:
    units, _ = parse_structure(text)
    chapter = next(u for u in units if u.kind.value == "chuong")
    article = next(u for u in units if u.kind.value == "dieu")
    assert chapter.heading in ("QUỐC HỘI", "CHÍNH PHỦ")
    assert article.parent == chapter.id and article.text


def test_nd_75_signature_not_in_dieu_16() -> None:
    from parsers import parse_file

    doc = parse_file(real_file("nd-75-2021-ND-CP-goc.md"))
    dieu_16 = doc.unit("dieu_16")
    assert dieu_16 is not None
    assert dieu_16.text.endswith("thi hành Nghị định này.")
    assert doc.unit("phu_luc_I") is not None
