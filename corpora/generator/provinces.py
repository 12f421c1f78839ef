"""The 63 provincial units before the 2025 merger and the 34 after (DOMAIN.md §5).

The generator keeps its own compact copy so that it does not depend on the parsers' lookup module
(a test checks that both agree when `parsers.provinces` is present).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# NQ 202/2025/QH15 took effect on 12 Jun 2025; the new units govern from 1 Jul 2025.
MERGER_DATE = date(2025, 7, 1)


@dataclass(frozen=True, slots=True)
class Unit:
    code: str
    name: str
    city: bool  # "Thành phố" (centrally-run city) rather than "Tỉnh"
    successor: str  # for old units: the new unit's code; for new units: its own code

    @property
    def title(self) -> str:
        """The name as an issuing UBND writes it: "Tỉnh Nghệ An", "Thành phố Hà Nội"."""
        return ("Thành phố " if self.city else "Tỉnh ") + self.name


# code, name, successor; a leading "*" marks a centrally-run city.
_OLD = """01 *Hà Nội 01|02 Hà Giang 08|04 Cao Bằng 04|06 Bắc Kạn 19|08 Tuyên Quang 08|10 Lào Cai 15|
11 Điện Biên 11|12 Lai Châu 12|14 Sơn La 14|15 Yên Bái 15|17 Hòa Bình 25|19 Thái Nguyên 19|
20 Lạng Sơn 20|22 Quảng Ninh 22|24 Bắc Giang 24|25 Phú Thọ 25|26 Vĩnh Phúc 25|27 Bắc Ninh 24|
30 Hải Dương 31|31 *Hải Phòng 31|33 Hưng Yên 33|34 Thái Bình 33|35 Hà Nam 37|36 Nam Định 37|
37 Ninh Bình 37|38 Thanh Hóa 38|40 Nghệ An 40|42 Hà Tĩnh 42|44 Quảng Bình 44|45 Quảng Trị 44|
46 Thừa Thiên Huế 46|48 *Đà Nẵng 48|49 Quảng Nam 48|51 Quảng Ngãi 51|52 Bình Định 52|
54 Phú Yên 66|56 Khánh Hòa 56|58 Ninh Thuận 56|60 Bình Thuận 68|62 Kon Tum 51|64 Gia Lai 52|
66 Đắk Lắk 66|67 Đắk Nông 68|68 Lâm Đồng 68|70 Bình Phước 75|72 Tây Ninh 80|74 Bình Dương 79|
75 Đồng Nai 75|77 Bà Rịa - Vũng Tàu 79|79 *Hồ Chí Minh 79|80 Long An 80|82 Tiền Giang 82|
83 Bến Tre 86|84 Trà Vinh 86|86 Vĩnh Long 86|87 Đồng Tháp 82|89 An Giang 91|91 Kiên Giang 91|
92 *Cần Thơ 92|93 Hậu Giang 92|94 Sóc Trăng 92|95 Bạc Liêu 96|96 Cà Mau 96"""

_NEW = """01 *Hà Nội|04 Cao Bằng|08 Tuyên Quang|11 Điện Biên|12 Lai Châu|14 Sơn La|15 Lào Cai|
19 Thái Nguyên|20 Lạng Sơn|22 Quảng Ninh|24 Bắc Ninh|25 Phú Thọ|31 *Hải Phòng|33 Hưng Yên|
37 Ninh Bình|38 Thanh Hóa|40 Nghệ An|42 Hà Tĩnh|44 Quảng Trị|46 *Huế|48 *Đà Nẵng|51 Quảng Ngãi|
52 Gia Lai|56 Khánh Hòa|66 Đắk Lắk|68 Lâm Đồng|75 Đồng Nai|79 *Hồ Chí Minh|80 Tây Ninh|
82 Đồng Tháp|86 Vĩnh Long|91 An Giang|92 *Cần Thơ|96 Cà Mau"""


def _parse(table: str, new: bool) -> tuple[Unit, ...]:
    units = []
    for item in table.replace("\n", "").split("|"):
        code, rest = item.split(" ", 1)
        if new:
            name, successor = rest, code
        else:
            name, successor = rest.rsplit(" ", 1)
        city = name.startswith("*")
        units.append(Unit(code, name.lstrip("*"), city, successor))
    return tuple(units)


OLD_UNITS: tuple[Unit, ...] = _parse(_OLD, new=False)
NEW_UNITS: tuple[Unit, ...] = _parse(_NEW, new=True)
OLD_BY_CODE = {u.code: u for u in OLD_UNITS}
NEW_BY_CODE = {u.code: u for u in NEW_UNITS}


def formed_from(new_code: str) -> tuple[str, ...]:
    """Old codes merged into the new unit `new_code`."""
    return tuple(u.code for u in OLD_UNITS if u.successor == new_code)


assert len(OLD_UNITS) == 63 and len(NEW_UNITS) == 34
