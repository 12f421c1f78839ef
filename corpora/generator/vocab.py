"""Words the generator builds documents from: ministries, business lines, condition templates.

Everything here is written by the project. Ministry figures follow DOMAIN.md §1.2 where it gives
them (MOIT 1,216 → 675 + 202 cut; MOH 1,871; MOF 370 → 190; MARD 345 → 118); the rest are spread
so that the totals are the reform's 6,191 conditions and 3,451 cuts. Decree numbers are DOMAIN.md's;
dates tagged [M] there are plausible, not verified.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Round:
    """One amending decree that cuts part of a ministry's conditions."""

    number: str
    signed: date
    effective: date
    cuts: int  # conditions repealed by this decree (national scale)


@dataclass(frozen=True, slots=True)
class Ministry:
    code: str  # issuer code in document numbers (BCT, BYT, ...)
    name: str  # "Bộ Công Thương"
    department: str  # the provincial body that runs its procedures (+ the province's name)
    conditions: int  # national-scale total
    rounds: tuple[Round, ...]
    lines: tuple[str, ...]  # conditional business lines it manages (list order)
    fields: tuple[str, ...]  # degree subjects for personnel conditions
    ktcn_lines: int  # KTCN goods lines it lists (national scale)
    ktcn_cut: int
    hs_chapters: tuple[int, ...]


def _r(number: str, signed: str, effective: str, cuts: int) -> Round:
    return Round(number, date.fromisoformat(signed), date.fromisoformat(effective), cuts)


def _l(text: str) -> tuple[str, ...]:
    return tuple(s.strip() for s in text.split(";") if s.strip())


# Ordered as the 2020 list groups its lines (DOMAIN.md §3).
MINISTRIES: tuple[Ministry, ...] = (
    Ministry(
        "BCA",
        "Bộ Công an",
        "Công an",
        150,
        (),
        _l("""Sản xuất con dấu; Kinh doanh công cụ hỗ trợ; Kinh doanh các loại pháo hoa;
        Kinh doanh thiết bị ngụy trang dùng để ghi âm, ghi hình; Kinh doanh súng bắn sơn;
        Kinh doanh dịch vụ cầm đồ; Kinh doanh dịch vụ xoa bóp; Kinh doanh thiết bị phát tín hiệu của xe ưu tiên;
        Kinh doanh dịch vụ bảo vệ; Kinh doanh dịch vụ lưu trú; Kinh doanh khí công nghiệp dễ cháy nổ;
        Kinh doanh dịch vụ nổ mìn; Kinh doanh tiền chất thuốc nổ; Kinh doanh dịch vụ phòng cháy, chữa cháy;
        Kinh doanh dịch vụ karaoke; Kinh doanh dịch vụ vũ trường; Kinh doanh dịch vụ in;
        Kinh doanh dịch vụ đòi nợ thuê theo hợp đồng ủy quyền; Kinh doanh trang phục, phù hiệu lực lượng bảo vệ;
        Kinh doanh dịch vụ cho thuê két an toàn"""),
        _l("luật; an ninh; quản trị kinh doanh; kỹ thuật an toàn"),
        0,
        0,
        (),
    ),
    Ministry(
        "BTP",
        "Bộ Tư pháp",
        "Sở Tư pháp",
        69,
        (),
        _l("""Hành nghề luật sư; Hành nghề công chứng; Hành nghề giám định tư pháp; Hành nghề đấu giá tài sản;
        Hành nghề trọng tài thương mại; Hành nghề thừa phát lại; Kinh doanh dịch vụ quản lý, thanh lý tài sản;
        Kinh doanh dịch vụ hòa giải thương mại; Kinh doanh dịch vụ tư vấn pháp luật;
        Kinh doanh dịch vụ dịch thuật giấy tờ"""),
        _l("luật; kinh tế; ngoại ngữ; tài chính"),
        0,
        0,
        (),
    ),
    Ministry(
        "BTC",
        "Bộ Tài chính",
        "Sở Tài chính",
        370,
        (_r("151/2018/NĐ-CP", "2018-11-07", "2018-11-07", 190),),
        _l("""Kinh doanh dịch vụ kế toán; Kinh doanh dịch vụ kiểm toán; Kinh doanh dịch vụ làm thủ tục về thuế;
        Kinh doanh dịch vụ làm thủ tục hải quan; Kinh doanh hàng miễn thuế; Kinh doanh kho ngoại quan;
        Kinh doanh địa điểm thu gom hàng lẻ; Kinh doanh địa điểm kiểm tra hàng hóa xuất khẩu, nhập khẩu;
        Kinh doanh chứng khoán; Kinh doanh dịch vụ đăng ký, lưu ký chứng khoán; Kinh doanh bảo hiểm;
        Kinh doanh tái bảo hiểm; Kinh doanh môi giới bảo hiểm; Kinh doanh đại lý bảo hiểm;
        Kinh doanh dịch vụ thẩm định giá; Kinh doanh dịch vụ xếp hạng tín nhiệm; Kinh doanh xổ số;
        Kinh doanh trò chơi có thưởng dành cho người nước ngoài; Kinh doanh dịch vụ đặt cược;
        Kinh doanh dịch vụ mua bán nợ; Kinh doanh dịch vụ tư vấn định giá doanh nghiệp;
        Kinh doanh dịch vụ quản lý quỹ đầu tư"""),
        _l("kế toán; kiểm toán; tài chính; ngân hàng; kinh tế"),
        0,
        0,
        (),
    ),
    Ministry(
        "BCT",
        "Bộ Công Thương",
        "Sở Công Thương",
        1216,
        (
            _r("08/2018/NĐ-CP", "2018-01-15", "2018-01-15", 675),
            _r("17/2020/NĐ-CP", "2020-02-05", "2020-03-20", 202),
        ),
        _l("""Kinh doanh xăng dầu; Kinh doanh khí; Kinh doanh hóa chất; Kinh doanh rượu; Kinh doanh sản phẩm thuốc lá;
        Kinh doanh thực phẩm thuộc lĩnh vực quản lý của Bộ Công Thương;
        Kinh doanh tạm nhập, tái xuất hàng thực phẩm đông lạnh; Kinh doanh tạm nhập, tái xuất hàng hóa đã qua sử dụng;
        Hoạt động phát điện; Hoạt động truyền tải điện; Hoạt động phân phối điện; Hoạt động bán lẻ điện;
        Kinh doanh dịch vụ tư vấn chuyên ngành điện lực; Kinh doanh dịch vụ giám định thương mại;
        Kinh doanh theo phương thức đa cấp; Kinh doanh dịch vụ logistics; Kinh doanh tiền chất công nghiệp;
        Kinh doanh vật liệu nổ công nghiệp; Kinh doanh dịch vụ thương mại điện tử;
        Kinh doanh mua bán hàng hóa qua Sở Giao dịch hàng hóa; Kinh doanh khoáng sản; Sản xuất rượu công nghiệp;
        Sản xuất sản phẩm thuốc lá; Kinh doanh nguyên liệu thuốc lá; Sản xuất khí; Sản xuất hóa chất công nghiệp;
        Kinh doanh dịch vụ nhượng quyền thương mại; Kinh doanh xuất khẩu gạo; Kinh doanh than;
        Kinh doanh dịch vụ kiểm định kỹ thuật an toàn công nghiệp"""),
        _l("hóa dầu; hóa học; điện; cơ khí; kinh tế; công nghệ thực phẩm; khai thác mỏ"),
        1700,
        1150,
        (27, 28, 29, 36, 38, 72, 84, 85),
    ),
    Ministry(
        "BLĐTBXH",
        "Bộ Lao động - Thương binh và Xã hội",
        "Sở Lao động - Thương binh và Xã hội",
        300,
        (_r("140/2018/NĐ-CP", "2018-10-08", "2018-10-08", 195),),
        _l("""Kinh doanh dịch vụ việc làm; Kinh doanh dịch vụ đưa người lao động đi làm việc ở nước ngoài;
        Kinh doanh dịch vụ cho thuê lại lao động; Kinh doanh dịch vụ kiểm định kỹ thuật an toàn lao động;
        Kinh doanh dịch vụ huấn luyện an toàn, vệ sinh lao động; Kinh doanh dịch vụ cai nghiện ma túy tự nguyện;
        Kinh doanh dịch vụ chăm sóc người cao tuổi; Kinh doanh dịch vụ giáo dục nghề nghiệp;
        Kinh doanh dịch vụ chăm sóc trẻ em; Kinh doanh dịch vụ hỗ trợ người khuyết tật"""),
        _l("công tác xã hội; luật; quản trị nhân lực; y tế; kỹ thuật an toàn"),
        350,
        240,
        (42, 62, 64, 65, 73, 84),
    ),
    Ministry(
        "BGTVT",
        "Bộ Giao thông vận tải",
        "Sở Giao thông vận tải",
        330,
        (),
        _l("""Kinh doanh vận tải bằng xe ô tô; Kinh doanh dịch vụ đào tạo lái xe ô tô; Kinh doanh dịch vụ sát hạch lái xe;
        Kinh doanh dịch vụ kiểm định xe cơ giới; Kinh doanh vận tải đường thủy nội địa; Kinh doanh vận tải biển;
        Kinh doanh dịch vụ đại lý tàu biển; Kinh doanh dịch vụ lai dắt tàu biển; Kinh doanh vận tải hàng không;
        Kinh doanh cảng hàng không, sân bay; Kinh doanh dịch vụ hàng không; Kinh doanh vận tải đường sắt;
        Kinh doanh kết cấu hạ tầng đường sắt; Kinh doanh dịch vụ đóng mới, hoán cải tàu biển;
        Kinh doanh dịch vụ bảo dưỡng tàu bay; Kinh doanh vận tải đa phương thức;
        Kinh doanh dịch vụ đào tạo thuyền viên; Kinh doanh dịch vụ thiết kế phương tiện thủy nội địa;
        Kinh doanh dịch vụ đào tạo nhân viên hàng không; Kinh doanh dịch vụ bảo đảm an toàn hàng hải;
        Kinh doanh vận tải hàng hóa nguy hiểm; Kinh doanh dịch vụ cứu hộ giao thông đường bộ"""),
        _l("khai thác vận tải; cơ khí động lực; hàng hải; hàng không; kinh tế vận tải"),
        900,
        610,
        (40, 86, 87, 88, 89),
    ),
    Ministry(
        "BXD",
        "Bộ Xây dựng",
        "Sở Xây dựng",
        280,
        (_r("100/2018/NĐ-CP", "2018-07-16", "2018-09-15", 160),),
        _l("""Kinh doanh dịch vụ quản lý dự án đầu tư xây dựng; Kinh doanh dịch vụ khảo sát xây dựng;
        Kinh doanh dịch vụ thiết kế xây dựng công trình; Kinh doanh dịch vụ thi công xây dựng công trình;
        Kinh doanh dịch vụ giám sát thi công xây dựng; Kinh doanh dịch vụ kiểm định xây dựng;
        Kinh doanh dịch vụ môi giới bất động sản; Kinh doanh dịch vụ quản lý vận hành nhà chung cư;
        Kinh doanh dịch vụ lập quy hoạch xây dựng; Kinh doanh dịch vụ kiến trúc; Kinh doanh bất động sản;
        Sản xuất vật liệu xây dựng có nguy cơ mất an toàn"""),
        _l("xây dựng; kiến trúc; kinh tế xây dựng; địa kỹ thuật; quy hoạch"),
        400,
        270,
        (25, 68, 69, 70, 72, 73),
    ),
    Ministry(
        "BTTTT",
        "Bộ Thông tin và Truyền thông",
        "Sở Thông tin và Truyền thông",
        240,
        (_r("150/2018/NĐ-CP", "2018-11-07", "2018-11-07", 100),),
        _l("""Kinh doanh dịch vụ bưu chính; Kinh doanh dịch vụ viễn thông; Kinh doanh dịch vụ chứng thực chữ ký điện tử;
        Kinh doanh dịch vụ mạng xã hội; Kinh doanh trò chơi điện tử trên mạng;
        Kinh doanh dịch vụ phát thanh, truyền hình trả tiền; Kinh doanh sản phẩm, dịch vụ an toàn thông tin mạng;
        Kinh doanh dịch vụ in, trừ in bao bì; Kinh doanh dịch vụ phát hành xuất bản phẩm;
        Kinh doanh dịch vụ thiết lập trang thông tin điện tử tổng hợp; Kinh doanh dịch vụ quảng cáo trên mạng;
        Kinh doanh thiết bị vô tuyến điện; Kinh doanh dịch vụ trung tâm dữ liệu; Kinh doanh dịch vụ nhập khẩu báo chí"""),
        _l("công nghệ thông tin; điện tử viễn thông; báo chí; an toàn thông tin"),
        700,
        475,
        (84, 85),
    ),
    Ministry(
        "BGDĐT",
        "Bộ Giáo dục và Đào tạo",
        "Sở Giáo dục và Đào tạo",
        200,
        (_r("135/2018/NĐ-CP", "2018-10-04", "2018-10-04", 108),),
        _l("""Kinh doanh dịch vụ giáo dục mầm non; Kinh doanh dịch vụ giáo dục phổ thông;
        Kinh doanh dịch vụ giáo dục đại học; Kinh doanh dịch vụ tư vấn du học;
        Kinh doanh dịch vụ kiểm định chất lượng giáo dục; Kinh doanh dịch vụ đào tạo ngoại ngữ, tin học;
        Kinh doanh dịch vụ giáo dục kỹ năng sống; Kinh doanh dịch vụ liên kết đào tạo với nước ngoài"""),
        _l("sư phạm; quản lý giáo dục; ngoại ngữ; tâm lý học"),
        0,
        0,
        (),
    ),
    Ministry(
        "BNNPTNT",
        "Bộ Nông nghiệp và Phát triển nông thôn",
        "Sở Nông nghiệp và Phát triển nông thôn",
        345,
        (_r("123/2018/NĐ-CP", "2018-09-17", "2018-09-17", 118),),
        _l("""Kinh doanh thuốc bảo vệ thực vật; Kinh doanh thuốc thú y; Kinh doanh phân bón; Sản xuất phân bón;
        Kinh doanh giống cây trồng; Kinh doanh giống vật nuôi; Kinh doanh thức ăn chăn nuôi; Kinh doanh thức ăn thủy sản;
        Kinh doanh giống thủy sản; Kinh doanh dịch vụ khảo nghiệm phân bón; Kinh doanh dịch vụ giết mổ gia súc, gia cầm;
        Kinh doanh thủy sản; Kinh doanh dịch vụ xử lý vật thể thuộc diện kiểm dịch thực vật;
        Kinh doanh động vật hoang dã gây nuôi; Kinh doanh thực vật rừng; Kinh doanh chế phẩm sinh học trong nuôi trồng thủy sản;
        Kinh doanh dịch vụ tiêm phòng, chẩn đoán bệnh động vật; Kinh doanh dịch vụ đăng kiểm tàu cá;
        Kinh doanh dịch vụ đào tạo thuyền viên tàu cá; Kinh doanh sản phẩm xử lý môi trường nuôi trồng thủy sản"""),
        _l("bảo vệ thực vật; thú y; nông học; chăn nuôi; nuôi trồng thủy sản; lâm nghiệp"),
        3100,
        2110,
        (1, 2, 3, 4, 6, 7, 8, 10, 12, 15, 23, 31, 44),
    ),
    Ministry(
        "BYT",
        "Bộ Y tế",
        "Sở Y tế",
        1871,
        (_r("155/2018/NĐ-CP", "2018-11-12", "2018-11-12", 1363),),
        _l("""Kinh doanh dược; Kinh doanh dịch vụ khám bệnh, chữa bệnh; Sản xuất mỹ phẩm; Kinh doanh trang thiết bị y tế;
        Kinh doanh hóa chất, chế phẩm diệt côn trùng, diệt khuẩn dùng trong gia dụng và y tế;
        Kinh doanh dịch vụ xét nghiệm; Kinh doanh dịch vụ phẫu thuật thẩm mỹ; Kinh doanh dịch vụ ngân hàng mô;
        Kinh doanh dịch vụ hỗ trợ sinh sản; Kinh doanh dịch vụ kiểm nghiệm thuốc; Kinh doanh dịch vụ thử thuốc trên lâm sàng;
        Kinh doanh thực phẩm bảo vệ sức khỏe; Kinh doanh dịch vụ ăn uống; Sản xuất thực phẩm bổ sung;
        Kinh doanh nước uống đóng chai; Kinh doanh phụ gia thực phẩm; Kinh doanh dịch vụ y tế dự phòng;
        Kinh doanh dịch vụ quan trắc môi trường lao động; Kinh doanh dịch vụ tiêm chủng;
        Kinh doanh dịch vụ xoa bóp y học cổ truyền; Kinh doanh dịch vụ vận chuyển người bệnh;
        Kinh doanh dịch vụ điều trị nghiện chất dạng thuốc phiện"""),
        _l(
            "dược; y đa khoa; điều dưỡng; hóa dược; công nghệ thực phẩm; y học cổ truyền; xét nghiệm y học"
        ),
        1300,
        880,
        (4, 19, 21, 22, 29, 30, 33, 34, 38, 90),
    ),
    Ministry(
        "BKHCN",
        "Bộ Khoa học và Công nghệ",
        "Sở Khoa học và Công nghệ",
        230,
        (_r("154/2018/NĐ-CP", "2018-11-09", "2018-11-09", 120),),
        _l("""Kinh doanh dịch vụ đánh giá sự phù hợp; Kinh doanh dịch vụ kiểm định, hiệu chuẩn phương tiện đo;
        Kinh doanh dịch vụ đánh giá công nghệ; Kinh doanh dịch vụ đại diện sở hữu công nghiệp;
        Kinh doanh dịch vụ giám định sở hữu công nghiệp; Kinh doanh dịch vụ bức xạ;
        Kinh doanh dịch vụ hỗ trợ ứng dụng năng lượng nguyên tử; Kinh doanh nguồn phóng xạ;
        Kinh doanh dịch vụ thẩm định công nghệ; Kinh doanh dịch vụ chuyển giao công nghệ"""),
        _l("vật lý hạt nhân; đo lường; kỹ thuật; sở hữu trí tuệ; công nghệ"),
        1200,
        815,
        (39, 40, 69, 70, 73, 84, 85, 87, 94, 95),
    ),
    Ministry(
        "BVHTTDL",
        "Bộ Văn hóa, Thể thao và Du lịch",
        "Sở Văn hóa, Thể thao và Du lịch",
        260,
        (_r("142/2018/NĐ-CP", "2018-10-09", "2018-10-09", 140),),
        _l("""Kinh doanh dịch vụ lữ hành; Kinh doanh dịch vụ biểu diễn nghệ thuật; Kinh doanh dịch vụ tổ chức thi người đẹp;
        Kinh doanh dịch vụ phổ biến phim; Kinh doanh dịch vụ thể thao mạo hiểm; Kinh doanh dịch vụ giám định cổ vật;
        Kinh doanh dịch vụ bảo quản, tu bổ di tích; Kinh doanh dịch vụ lưu trú du lịch;
        Kinh doanh dịch vụ hướng dẫn du lịch; Kinh doanh dịch vụ tập luyện thể thao; Kinh doanh dịch vụ sản xuất phim;
        Kinh doanh dịch vụ mua bán di vật, cổ vật"""),
        _l("du lịch; văn hóa; thể dục thể thao; nghệ thuật; bảo tàng học"),
        0,
        0,
        (),
    ),
    Ministry(
        "BTNMT",
        "Bộ Tài nguyên và Môi trường",
        "Sở Tài nguyên và Môi trường",
        180,
        (_r("136/2018/NĐ-CP", "2018-10-05", "2018-10-05", 80),),
        _l("""Kinh doanh dịch vụ quan trắc môi trường; Kinh doanh dịch vụ đo đạc và bản đồ;
        Kinh doanh dịch vụ khoan nước dưới đất; Kinh doanh dịch vụ thăm dò khoáng sản;
        Kinh doanh dịch vụ xử lý chất thải nguy hại; Kinh doanh dịch vụ tư vấn lập quy hoạch sử dụng đất;
        Kinh doanh dịch vụ định giá đất; Kinh doanh dịch vụ khí tượng thủy văn;
        Nhập khẩu phế liệu làm nguyên liệu sản xuất"""),
        _l("môi trường; địa chất; trắc địa; quản lý đất đai; khí tượng"),
        276,
        226,
        (25, 26, 39, 47, 72, 74, 76),
    ),
    Ministry(
        "NHNN",
        "Ngân hàng Nhà nước Việt Nam",
        "Ngân hàng Nhà nước chi nhánh",
        150,
        (),
        _l("""Kinh doanh dịch vụ trung gian thanh toán; Kinh doanh vàng miếng; Kinh doanh dịch vụ ngoại hối;
        Kinh doanh dịch vụ thông tin tín dụng; Kinh doanh dịch vụ đổi ngoại tệ; Hoạt động tổ chức tài chính vi mô"""),
        _l("ngân hàng; tài chính; kinh tế; công nghệ thông tin"),
        0,
        0,
        (),
    ),
)

NATIONAL_CONDITIONS = 6191
NATIONAL_CUT = 3451
NATIONAL_LINES = 227
NATIONAL_KTCN = 9926
NATIONAL_KTCN_CUT = 6776


def check_totals() -> None:
    """The reform's headline figures must add up exactly (DOMAIN.md §1.1)."""
    assert sum(m.conditions for m in MINISTRIES) == NATIONAL_CONDITIONS
    assert sum(r.cuts for m in MINISTRIES for r in m.rounds) == NATIONAL_CUT
    assert sum(len(m.lines) for m in MINISTRIES) == NATIONAL_LINES
    assert sum(m.ktcn_lines for m in MINISTRIES) == NATIONAL_KTCN
    assert sum(m.ktcn_cut for m in MINISTRIES) == NATIONAL_KTCN_CUT


# --- condition templates --------------------------------------------------------------------
# Each template has a type (Investment Law condition kinds), a text with {slots}, and the slot that
# holds the number an amending decree may lower ("n"); templates without "n" are never amended.

PLACES = _l("""địa điểm kinh doanh cố định; khu vực trưng bày sản phẩm; kho chứa hàng; khu vực tiếp nhận khách hàng;
xưởng sản xuất; khu vực bảo quản; phòng làm việc của bộ phận chuyên môn; khu vực lưu giữ mẫu; bãi đỗ phương tiện;
khu vực tập kết nguyên liệu; khu vực đóng gói; phòng thí nghiệm; khu vực lưu trữ hồ sơ; phòng điều hành;
khu vực xử lý chất thải; phòng đào tạo""")
PLACE_QUALS = _l("""riêng biệt; thuộc quyền sử dụng hợp pháp; tách biệt với khu sinh hoạt; bố trí ở tầng trệt;
có lối thoát hiểm riêng; có tường bao ngăn cách; bảo đảm thông thoáng; có mái che cố định""")
AREAS = (10, 15, 20, 25, 30, 40, 50, 60, 80, 100, 120, 150, 200, 250, 300, 500, 1000)
EQUIPMENT = _l("""hệ thống camera giám sát; thiết bị phòng cháy, chữa cháy; thiết bị đo nhiệt độ, độ ẩm; phần mềm quản lý;
hệ thống xử lý nước thải; thiết bị lưu trữ dữ liệu dự phòng; két sắt; máy phát điện dự phòng; hệ thống thông gió;
phương tiện vận chuyển chuyên dụng; thiết bị kiểm tra chất lượng; hệ thống báo cháy tự động; tủ bảo quản lạnh;
thiết bị định vị; hệ thống chiếu sáng khẩn cấp; thiết bị cân đo; hệ thống lọc không khí""")
EQUIP_QUALS = _l("""được kiểm định định kỳ; hoạt động liên tục; thuộc sở hữu của cơ sở; được hiệu chuẩn hằng năm;
đáp ứng tiêu chuẩn quốc gia; kết nối với cơ quan quản lý""")
ROLES = _l("""Người đứng đầu cơ sở; Người phụ trách chuyên môn; Người quản lý kỹ thuật; Giám đốc điều hành;
Người phụ trách an toàn; Trưởng bộ phận kiểm soát chất lượng; Người trực tiếp thực hiện dịch vụ; Kế toán trưởng""")
DEGREES = _l("trung cấp; cao đẳng; đại học; thạc sĩ")
YEARS = (1, 2, 3, 5, 7, 10)
CERTS = _l("""chứng chỉ hành nghề; giấy chứng nhận huấn luyện nghiệp vụ; giấy xác nhận kiến thức chuyên ngành;
chứng chỉ bồi dưỡng nghiệp vụ; giấy chứng nhận đủ sức khỏe; chứng chỉ an toàn; thẻ kiểm định viên""")
MONTHS = (3, 6, 12, 18, 24, 36)
CAPITAL = (
    (1, "tỷ đồng"),
    (2, "tỷ đồng"),
    (5, "tỷ đồng"),
    (10, "tỷ đồng"),
    (20, "tỷ đồng"),
    (50, "tỷ đồng"),
    (100, "tỷ đồng"),
    (300, "triệu đồng"),
    (500, "triệu đồng"),
    (200, "tỷ đồng"),
)
CAP_QUALS = _l("""tại thời điểm đề nghị cấp phép; được duy trì trong suốt quá trình hoạt động;
do ngân hàng thương mại xác nhận; không bao gồm giá trị tài sản cố định""")
DOCS = _l("""hợp đồng thuê địa điểm; hợp đồng bảo hiểm trách nhiệm nghề nghiệp; hợp đồng xử lý chất thải;
hợp đồng bảo trì thiết bị; hợp đồng cung ứng dịch vụ kiểm nghiệm; hợp đồng vận chuyển""")
PARTIES = _l(
    "đơn vị có chức năng; doanh nghiệp bảo hiểm; cơ sở y tế; chủ sở hữu công trình; tổ chức kiểm định"
)
SENSITIVE = _l("""trường học; bệnh viện; di tích lịch sử - văn hóa; trụ sở cơ quan nhà nước; khu dân cư tập trung;
chợ đầu mối""")
DISTANCES = (50, 100, 150, 200, 300, 500, 1000)
STAFF = _l(
    "nhân viên kỹ thuật; nhân viên nghiệp vụ; kiểm định viên; người lao động có chứng chỉ; chuyên gia"
)
COUNTS = (2, 3, 4, 5, 6, 8, 10, 15, 20)

TEMPLATES: tuple[tuple[str, str], ...] = (
    ("premises", "Có {place} {pqual} phục vụ hoạt động {activity}, diện tích tối thiểu {n} m²."),
    (
        "premises",
        "Có {place} {pqual} với diện tích sử dụng tối thiểu {n} m² dành cho hoạt động {activity}.",
    ),
    ("premises", "Địa điểm {activity} cách {sensitive} tối thiểu {n} m."),
    (
        "equipment",
        "Có {equip} {equal} phục vụ hoạt động {activity}, với số lượng tối thiểu {n} bộ.",
    ),
    (
        "equipment",
        "Có {equip} {equal}, lưu giữ dữ liệu tối thiểu {n} ngày phục vụ hoạt động {activity}.",
    ),
    ("equipment", "Trang bị {equip} {equal} tại {place} phục vụ hoạt động {activity}."),
    (
        "personnel",
        "{role} có bằng {degree} trở lên chuyên ngành {field} và có tối thiểu {n} năm kinh nghiệm trong hoạt động {activity}.",
    ),
    (
        "personnel",
        "Có tối thiểu {n} {staff} làm việc toàn thời gian trong hoạt động {activity}, có bằng {degree} chuyên ngành {field}.",
    ),
    (
        "personnel",
        "{role} không thuộc trường hợp bị cấm tham gia hoạt động {activity} theo quy định của pháp luật.",
    ),
    ("capital", "Có vốn điều lệ tối thiểu {n} {money} {cqual} đối với hoạt động {activity}."),
    (
        "capital",
        "Ký quỹ tối thiểu {n} {money} tại ngân hàng thương mại để bảo đảm hoạt động {activity}.",
    ),
    (
        "licence",
        "{role} có {cert} về {field} do cơ quan có thẩm quyền cấp, bồi dưỡng lại định kỳ {n} tháng một lần.",
    ),
    (
        "licence",
        "{role} có {cert} về hoạt động {activity} còn thời hạn sử dụng tối thiểu {n} tháng.",
    ),
    (
        "licence",
        "Có giấy phép môi trường hoặc văn bản chấp thuận về phòng cháy, chữa cháy đối với {place} phục vụ hoạt động {activity}.",
    ),
    ("other", "Có {doc} với {party} có thời hạn tối thiểu {n} năm phục vụ hoạt động {activity}."),
    (
        "other",
        "Phù hợp với quy hoạch mạng lưới {activity} trên địa bàn đã được cơ quan có thẩm quyền phê duyệt.",
    ),
    (
        "other",
        "Có quy trình kiểm soát chất lượng bằng văn bản đối với hoạt động {activity}, rà soát tối thiểu {n} tháng một lần.",
    ),
)
NUMBER_CHOICES: dict[str, tuple[int, ...]] = {
    "premises": AREAS,
    "equipment": COUNTS,
    "personnel": YEARS,
    "capital": tuple(c[0] for c in CAPITAL),
    "licence": MONTHS,
    "other": YEARS,
}

# Requirements provinces add on their own (they restate no national condition).
PROVINCIAL_EXTRAS = _l("""Hồ sơ được nộp trực tuyến trên Cổng dịch vụ công của tỉnh hoặc tại Trung tâm Phục vụ hành chính công;
Tổ chức, cá nhân niêm yết công khai giá dịch vụ tại địa điểm kinh doanh;
Thực hiện chế độ báo cáo định kỳ {k} tháng một lần về {dept};
Cơ sở đăng ký địa chỉ thư điện tử và số điện thoại liên hệ với {dept};
Bản sao giấy tờ nộp kèm phải được chứng thực hoặc xuất trình bản chính để đối chiếu;
Người đến nộp hồ sơ phải có giấy giới thiệu hoặc giấy ủy quyền hợp lệ;
Đơn đề nghị ghi đầy đủ thông tin theo mẫu và có chữ ký của người đại diện theo pháp luật;
Cơ sở cam kết chấp hành việc kiểm tra, giám sát của {dept} trong quá trình hoạt động""")

PROCEDURE_KINDS = (
    ("Cấp Giấy chứng nhận đủ điều kiện {activity}", 10),
    ("Cấp lại Giấy chứng nhận đủ điều kiện {activity} do thay đổi địa điểm", 5),
)
