"""Turn documents into files that look like the real ones: Markdown as crawled from
thuvienphapluat (header pipe table, one paragraph per line), thuvienphapluat `<p>` HTML, and the
vbpl.vn full-text page shell.

A document is first a list of blocks (header, centred title, paragraph, table, signature), so one
layout serves all three formats.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date

from corpora.generator import vocab
from corpora.generator.model import AmendingDoc, KtcnList, LegalDoc, TthcDecision
from corpora.generator.wording import lower_first
from parsers.normalize import fold


@dataclass(slots=True)
class Doc:
    issuer: list[str]  # lines of the issuer cell ("ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN")
    number: str
    place_date: str
    blocks: list[tuple[str, object]] = field(default_factory=list)
    signer: str = "TM. CHÍNH PHỦ THỦ TƯỚNG"

    def center(self, text: str) -> None:
        self.blocks.append(("center", text))

    def p(self, text: str) -> None:
        self.blocks.append(("p", text))

    def em(self, text: str) -> None:
        self.blocks.append(("em", text))

    def bold(self, text: str) -> None:
        self.blocks.append(("bold", text))

    def table(self, rows: list[list[str]]) -> None:
        self.blocks.append(("table", rows))


def vn_date(d: date) -> str:
    return f"ngày {d.day:02d} tháng {d.month} năm {d.year}"


def short_date(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def ministry(code: str) -> vocab.Ministry:
    return next(m for m in vocab.MINISTRIES if m.code == code)


# --- formats ----------------------------------------------------------------------------------


def render(doc: Doc, fmt: str) -> str:
    if fmt == "md":
        return _markdown(doc)
    body = _html_body(doc)
    if fmt == "vbpl":
        return _vbpl_shell(doc, body)
    return _tvpl_header(doc) + body + _tvpl_sign(doc)


def _cell(text: str) -> str:
    return text.replace("|", "/")


def _markdown(doc: Doc) -> str:
    out = [
        f"| {' '.join(doc.issuer)} -------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- |",
        "|---|---|",
        f"| Số: {doc.number} | {doc.place_date} |",
        "",
    ]
    for kind, value in doc.blocks:
        if kind == "table":
            rows = value
            assert isinstance(rows, list)
            out.append("| " + " | ".join(_cell(c) for c in rows[0]) + " |")
            out.append("|" + "---|" * len(rows[0]))
            out.extend("| " + " | ".join(_cell(c) for c in r) + " |" for r in rows[1:])
        else:
            out.append(str(value))
        out.append("")
    out.append(f"| Nơi nhận: - Như trên; - Lưu: VT. | {doc.signer} |")
    out.append("|---|---|")
    return "\n".join(out) + "\n"


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _html_body(doc: Doc) -> str:
    out: list[str] = []
    for kind, value in doc.blocks:
        if kind == "center":
            out.append(f'<p style="text-align:center"><strong>{_e(str(value))}</strong></p>')
        elif kind == "em":
            out.append(f"<p><em>{_e(str(value))}</em></p>")
        elif kind == "bold":
            out.append(f"<p><strong>{_e(str(value))}</strong></p>")
        elif kind == "table":
            rows = value
            assert isinstance(rows, list)
            out.append('<table border="1" cellpadding="0" cellspacing="0">\n\t<tbody>')
            for r in rows:
                cells = "".join(f"<td><p>{_e(c)}</p></td>" for c in r)
                out.append(f"\t\t<tr>{cells}</tr>")
            out.append("\t</tbody>\n</table>")
        else:
            out.append(f"<p>{_e(str(value))}</p>")
        out.append("")
    return "\n".join(out)


def _tvpl_header(doc: Doc) -> str:
    issuer = "<br />\n\t\t\t".join(_e(x) for x in doc.issuer)
    return f"""<table border="0" cellpadding="0" cellspacing="0" style="width:742px">
\t<tbody>
\t\t<tr>
\t\t\t<td style="width:167.4pt"><p style="text-align:center"><strong>{issuer}<br />
\t\t\t--------</strong></p></td>
\t\t\t<td style="width:281.55pt"><p style="text-align:center"><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br />
\t\t\tĐộc lập - Tự do - Hạnh phúc<br />
\t\t\t----------------</strong></p></td>
\t\t</tr>
\t\t<tr>
\t\t\t<td style="width:167.4pt"><p style="text-align:center">Số: {_e(doc.number)}</p></td>
\t\t\t<td style="width:281.55pt"><p style="text-align:right"><em>{_e(doc.place_date)}</em></p></td>
\t\t</tr>
\t</tbody>
</table>

"""


def _tvpl_sign(doc: Doc) -> str:
    return f"""<table border="0" cellpadding="0" cellspacing="0" style="width:749px">
\t<tbody>
\t\t<tr>
\t\t\t<td><p><strong><em>Nơi nhận:</em></strong><br />- Như trên;<br />- Lưu: VT.</p></td>
\t\t\t<td><p style="text-align:center"><strong>{_e(doc.signer)}</strong></p></td>
\t\t</tr>
\t</tbody>
</table>
"""


def _vbpl_shell(doc: Doc, body: str) -> str:
    issuer = " ".join(doc.issuer)
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8" />
<title>{_e(doc.number)} - Toàn văn - Cơ sở dữ liệu quốc gia về văn bản pháp luật</title>
</head>
<body>
<div id="toanvan">
\t<div class="fulltext">
\t\t<div class="vbHeader">
\t\t\t<table width="50%" cellpadding="1" border="0" align="left">
\t\t\t\t<tr><td>
\t\t\t\t\t<div style="padding: 5px; text-align: center;"><b>{_e(issuer)}</b></div>
\t\t\t\t\t<div style="padding-top:5px;text-align:center;">Số: {_e(doc.number)}</div>
\t\t\t\t</td></tr>
\t\t\t</table>
\t\t\t<table width="50%" cellpadding="1" border="0" align="right">
\t\t\t\t<tr><td>
\t\t\t\t\t<div style="padding: 5px; text-align: center;"><b>CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM</b></div>
\t\t\t\t\t<div style="padding: 5px; text-align: center;"><b>Độc lập - Tự do - Hạnh phúc</b></div>
\t\t\t\t\t<div style="padding: 5px; text-align: center;"><i>{_e(doc.place_date)}</i></div>
\t\t\t\t</td></tr>
\t\t\t</table>
\t\t</div>
\t\t<div style="clear:both;"></div>
\t\t<div class="toanvancontent" id="toanvancontent">
{body}
\t\t\t<p align="center"><b>{_e(doc.signer)}</b></p>
\t\t</div>
\t</div>
</div>
</body>
</html>
"""


def extension(fmt: str) -> str:
    return ".md" if fmt == "md" else ".html"


# --- national documents -----------------------------------------------------------------------


def _national_header(d: LegalDoc) -> Doc:
    m = ministry(d.ministry)
    if d.kind == "NĐ":
        return Doc(["CHÍNH PHỦ"], d.number, f"Hà Nội, {vn_date(d.signed)}")
    return Doc([m.name.upper()], d.number, f"Hà Nội, {vn_date(d.signed)}", signer="BỘ TRƯỞNG")


def _kind_word(d: LegalDoc) -> str:
    return {"NĐ": "Nghị định", "TT": "Thông tư", "QĐ": "Quyết định"}[d.kind]


def _preamble(doc: Doc, d: LegalDoc) -> None:
    m = ministry(d.ministry)
    doc.center({"NĐ": "NGHỊ ĐỊNH", "TT": "THÔNG TƯ", "QĐ": "QUYẾT ĐỊNH"}[d.kind])
    doc.center(d.title.upper())
    doc.em("Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;")
    doc.em("Căn cứ Luật Đầu tư ngày 26 tháng 11 năm 2014;")
    if d.kind == "NĐ":
        doc.em(f"Theo đề nghị của Bộ trưởng {m.name};")
        doc.em(f"Chính phủ ban hành Nghị định {lower_first(d.title)}.")
    else:
        doc.em(f"Bộ trưởng {m.name} ban hành Thông tư {lower_first(d.title)}.")


def render_base(d: LegalDoc) -> str:
    doc = _national_header(d)
    _preamble(doc, d)
    for a in d.articles:
        if a.chapter:
            label, heading = a.chapter.split("|")
            doc.center(label)
            doc.center(heading)
        doc.bold(f"Điều {a.number}. {a.heading}")
        if a.body:
            doc.p(a.body)
            continue
        doc.p(a.intro)
        for k in a.khoans:
            if k.condition is not None:
                doc.p(f"{k.number}. {k.condition.text}")
            else:
                doc.p(f"{k.number}. {k.intro}")
                for letter, c in k.points:
                    doc.p(f"{letter}) {c.text}")
    return render(doc, d.fmt)


def render_amending(ad: AmendingDoc) -> str:
    d = ad.doc
    doc = _national_header(d)
    _preamble(doc, d)
    n = 0
    for n, art in enumerate(ad.targets, start=1):
        t = art.target
        issuer = "của Chính phủ" if t.kind == "NĐ" else f"của Bộ trưởng {ministry(t.ministry).name}"
        doc.bold(
            f"Điều {n}. Sửa đổi, bổ sung một số điều của {_kind_word(t)} số {t.number} "
            f"{vn_date(t.signed)} {issuer} {lower_first(t.title)}"
        )
        for i, ins in enumerate(art.instructions, start=1):
            doc.p(f"{i}. {ins.text}")
            if ins.quoted:
                doc.p(ins.quoted)
    doc.bold(f"Điều {n + 1}. Hiệu lực thi hành")
    eff = d.effective
    doc.p(
        f"1. {_kind_word(d)} này có hiệu lực thi hành kể từ ngày {eff.day:02d} tháng {eff.month:02d} năm {eff.year}."
    )
    doc.p(
        "2. Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố "
        f"trực thuộc trung ương chịu trách nhiệm thi hành {_kind_word(d)} này./."
    )
    return render(doc, d.fmt)


def hs_text(hs: str, style: str) -> str:
    if style == "dotted":
        return f"{hs[:4]}.{hs[4:6]}.{hs[6:]}"
    if style == "spaced":
        return f"{hs[:4]} {hs[4:6]} {hs[6:]}"
    return hs


def render_ktcn(kl: KtcnList) -> tuple[str, str]:
    d = kl.doc
    m = ministry(d.ministry)
    doc = _national_header(d)
    _preamble(doc, d)
    doc.bold("Điều 1. Danh mục sản phẩm, hàng hóa")
    doc.p(
        "Ban hành kèm theo Thông tư này Danh mục sản phẩm, hàng hóa phải kiểm tra chuyên ngành khi nhập khẩu "
        f"thuộc trách nhiệm quản lý của {m.name} (Phụ lục I)."
    )
    doc.bold("Điều 2. Nguyên tắc áp dụng mã HS")
    doc.p(
        "Trường hợp Danh mục chỉ nêu mã HS 4 số hoặc 6 số thì áp dụng đối với toàn bộ các mã HS 8 số thuộc nhóm hoặc phân nhóm đó."
    )
    doc.bold("Điều 3. Hiệu lực thi hành")
    e = d.effective
    doc.p(
        f"Thông tư này có hiệu lực thi hành kể từ ngày {e.day:02d} tháng {e.month:02d} năm {e.year}."
    )
    doc.center("Phụ lục I")
    doc.center(
        "DANH MỤC SẢN PHẨM, HÀNG HÓA PHẢI KIỂM TRA CHUYÊN NGÀNH KHI NHẬP KHẨU (Ban hành kèm theo Thông tư "
        f"số {d.number} {vn_date(d.signed)} của Bộ trưởng {m.name})"
    )
    rows = [["STT", "Tên sản phẩm, hàng hóa", "Mã HS", "Hình thức kiểm tra"]]
    rows += [[str(ln.row), ln.name, hs_text(ln.hs, "dotted"), ln.inspection] for ln in kl.lines]
    doc.table(rows)
    original = render(doc, d.fmt)

    a = kl.amending
    assert a is not None
    doc = _national_header(a)
    _preamble(doc, a)
    doc.bold("Điều 1. Sửa đổi Danh mục")
    doc.p(
        f"Thay thế Phụ lục I ban hành kèm theo Thông tư số {d.number} {vn_date(d.signed)} của Bộ trưởng "
        f"{m.name} bằng Phụ lục ban hành kèm theo Thông tư này."
    )
    doc.bold("Điều 2. Hiệu lực thi hành")
    e = a.effective
    doc.p(
        f"Thông tư này có hiệu lực thi hành kể từ ngày {e.day:02d} tháng {e.month:02d} năm {e.year}."
    )
    doc.center("PHỤ LỤC")
    doc.center(
        "DANH MỤC SẢN PHẨM, HÀNG HÓA PHẢI KIỂM TRA CHUYÊN NGÀNH KHI NHẬP KHẨU (Ban hành kèm theo Thông tư "
        f"số {a.number} {vn_date(a.signed)} của Bộ trưởng {m.name})"
    )
    style = (
        "plain" if a.fmt == "tvpl" else "spaced" if int(a.number.split("/")[0]) % 2 else "dotted"
    )
    rows = [["STT", "Tên sản phẩm, hàng hóa", "Mã HS", "Hình thức kiểm tra"]]
    rows += [
        [str(i), ln.name, hs_text(ln.hs, style), ln.inspection]
        for i, ln in enumerate(kl.kept, start=1)
    ]
    doc.table(rows)
    return original, render(doc, a.fmt)


def render_tthc(t: TthcDecision) -> str:
    d = t.doc
    m = ministry(d.ministry)
    doc = Doc([m.name.upper()], d.number, f"Hà Nội, {vn_date(d.signed)}", signer="BỘ TRƯỞNG")
    doc.center("QUYẾT ĐỊNH")
    doc.center(d.title.upper())
    doc.center(f"BỘ TRƯỞNG {m.name.upper()}")
    doc.p(
        "Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08 tháng 6 năm 2010 của Chính phủ về kiểm soát thủ tục hành chính;"
    )
    doc.p("Theo đề nghị của Chánh Văn phòng Bộ,")
    doc.center("QUYẾT ĐỊNH:")
    doc.p(
        "Điều 1. Công bố kèm theo Quyết định này thủ tục hành chính được sửa đổi, bổ sung và thủ tục hành "
        f"chính bị bãi bỏ thuộc phạm vi chức năng quản lý của {m.name}."
    )
    doc.p("Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.")
    doc.p(
        f"Điều 3. Chánh Văn phòng Bộ, Giám đốc {m.department} các tỉnh, thành phố chịu trách nhiệm thi hành Quyết định này./."
    )
    doc.center("PHỤ LỤC")
    head = [
        "STT",
        "Mã TTHC",
        "Tên thủ tục hành chính",
        "Tên VBQPPL quy định nội dung",
        "Cơ quan thực hiện",
    ]
    if t.republished:
        doc.p("PHẦN I. DANH MỤC THỦ TỤC HÀNH CHÍNH ĐƯỢC SỬA ĐỔI, BỔ SUNG")
        rows = [head] + [
            [str(i), p.code, p.name, _basis_of(p), m.department]
            for i, p in enumerate(t.republished, start=1)
        ]
        doc.table(rows)
    if t.abolished:
        doc.p("PHẦN II. DANH MỤC THỦ TỤC HÀNH CHÍNH BỊ BÃI BỎ")
        rows = [head] + [
            [str(i), p.code, p.name, _basis_of(p), m.department]
            for i, p in enumerate(t.abolished, start=1)
        ]
        doc.table(rows)
    return render(doc, d.fmt)


def _basis_of(p: object) -> str:
    from corpora.generator.model import Procedure

    assert isinstance(p, Procedure)
    changes = [c.change for c in p.conditions if c.change is not None]
    numbers = sorted({ch.document for ch in changes})
    return "; ".join(f"Văn bản số {n}" for n in numbers) or f"Văn bản số {p.base.number}"
