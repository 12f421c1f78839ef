"""KTCN: per ministry, the list of goods subject to specialised inspection (2017) and the amending
circular that cuts part of it (2018–2019)."""

from __future__ import annotations

from datetime import date, timedelta

from corpora.generator import vocab
from corpora.generator.draws import Numbers, rand_date, rng_for
from corpora.generator.model import KtcnLine, KtcnList, LegalDoc
from corpora.generator.scales import Scale

GOODS = vocab._l(
    """Máy; Thiết bị; Dụng cụ; Vật liệu; Sản phẩm; Hóa chất; Linh kiện; Phụ tùng; Chế phẩm; Nguyên liệu"""
)
GOODS_QUALS = vocab._l("""dùng trong công nghiệp; dùng trong gia đình; loại khác; đã qua chế biến; chưa đóng gói;
đóng gói để bán lẻ; có công suất không quá 50 kW; dạng lỏng; dạng bột; bằng thép không gỉ; bằng nhựa;
dùng cho phương tiện giao thông; dùng trong y tế; dùng trong nông nghiệp""")
INSPECTIONS = vocab._l(
    "Kiểm tra chất lượng; Kiểm tra an toàn thực phẩm; Kiểm dịch; Cấp phép nhập khẩu; Kiểm tra hiệu suất năng lượng"
)


def ktcn_list(seed: int, m: vocab.Ministry, scale: Scale, numbers: Numbers) -> KtcnList:
    rng = rng_for(seed, "ktcn", m.code)
    total = max(10, round(m.ktcn_lines * scale.ktcn_factor))
    cut = round(total * m.ktcn_cut / m.ktcn_lines)
    signed = rand_date(rng, date(2017, 3, 1), date(2017, 9, 30))
    doc = LegalDoc(
        numbers.take(2017, f"TT-{m.code}", 1, 60),
        "TT",
        m.code,
        signed,
        signed + timedelta(days=45),
        "Ban hành Danh mục sản phẩm, hàng hóa phải kiểm tra chuyên ngành thuộc trách nhiệm quản lý của "
        + m.name,
        rng.choice(("md", "tvpl")),
        role="ktcn_list",
    )
    codes: set[str] = set()
    lines: list[KtcnLine] = []
    while len(lines) < total:
        ch = rng.choice(m.hs_chapters)
        hs = f"{ch:02d}{rng.randint(1, 40):02d}{rng.choice((10, 11, 12, 19, 20, 21, 29, 30, 31, 39, 40, 90)):02d}{rng.choice((0, 10, 11, 20, 21, 30, 90)):02d}"
        if hs in codes:
            continue
        codes.add(hs)
        lines.append(
            KtcnLine(
                m.code,
                doc.number,
                0,
                hs,
                f"{rng.choice(GOODS)} {rng.choice(GOODS_QUALS)}",
                rng.choice(INSPECTIONS),
            )
        )
    lines.sort(key=lambda ln: ln.hs)
    for i, ln in enumerate(lines, start=1):
        ln.row = i
    cut_lines = set(rng.sample(range(total), cut))
    asigned = rand_date(rng, date(2018, 10, 1), date(2019, 8, 31))
    amend = LegalDoc(
        numbers.take(asigned.year, f"TT-{m.code}", 1, 60),
        "TT",
        m.code,
        asigned,
        asigned + timedelta(days=rng.choice((30, 45, 60))),
        f"Sửa đổi Danh mục sản phẩm, hàng hóa phải kiểm tra chuyên ngành ban hành kèm theo Thông tư số {doc.number}",
        rng.choice(("md", "tvpl")),
        role="ktcn_amending",
    )
    kept: list[KtcnLine] = []
    for i, ln in enumerate(lines):
        if i in cut_lines:
            ln.cut_by = amend.number
            ln.cut_on = amend.effective
        else:
            kept.append(ln)
    return KtcnList(doc, lines, amend, kept)
