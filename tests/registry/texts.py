"""Small legal texts written for these tests (not copied from any corpus)."""

from __future__ import annotations

DECREE = """| CHÍNH PHỦ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
|---|---|
| Số: 12/2019/NĐ-CP | Hà Nội, ngày 01 tháng 3 năm 2019 |

NGHỊ ĐỊNH

VỀ KINH DOANH DỊCH VỤ THỬ NGHIỆM

Điều 1. Phạm vi điều chỉnh

Nghị định này quy định điều kiện kinh doanh dịch vụ thử nghiệm.

Điều 2. Điều kiện kinh doanh dịch vụ thử nghiệm

1. Có ít nhất 02 thử nghiệm viên có trình độ đại học.

2. Có phòng thử nghiệm diện tích tối thiểu 30 m2.

3. Có vốn điều lệ tối thiểu 2 tỷ đồng.

Điều 3. Hiệu lực thi hành

Nghị định này có hiệu lực thi hành kể từ ngày 01 tháng 5 năm 2019.
"""

AMENDING = """| CHÍNH PHỦ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
|---|---|
| Số: 30/2021/NĐ-CP | Hà Nội, ngày 10 tháng 2 năm 2021 |

NGHỊ ĐỊNH

SỬA ĐỔI NGHỊ ĐỊNH SỐ 12/2019/NĐ-CP

Điều 1. Sửa đổi, bổ sung Nghị định số 12/2019/NĐ-CP

1. Bãi bỏ khoản 2 Điều 2.

2. Khoản 3 Điều 2 được sửa đổi như sau:

“3. Có vốn điều lệ tối thiểu 1 tỷ đồng.”

Điều 2. Hiệu lực thi hành

Nghị định này có hiệu lực thi hành kể từ ngày 01 tháng 4 năm 2021.
"""


def provincial(number: str, province: str, day: str = "05 tháng 6 năm 2026") -> str:
    """A provincial decision numbered `number` by the People's Committee of `province`."""
    return f"""| ỦY BAN NHÂN DÂN TỈNH {province.upper()} | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
|---|---|
| Số: {number} | {province}, ngày {day} |

QUYẾT ĐỊNH

VỀ VIỆC QUẢN LÝ CHỢ

Điều 1. Phạm vi

Quyết định này quy định việc quản lý chợ trên địa bàn tỉnh {province}.

Điều 2. Hiệu lực

Quyết định này có hiệu lực kể từ ngày ký.
"""
