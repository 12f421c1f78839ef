"""The Vietnamese words people read for the registry's machine values, and dd/mm/yyyy dates.

The registry stores statuses, effect operations, gap kinds and review states as English codes
(``in_force``, ``replace_phrase``, ``false_positive``); JSON keeps them. Everything a person reads
(dashboard, exports, Atom, scan reports, CLI tables) goes through this one vocabulary, so a word
is translated once and the same everywhere. Provisions are written by ``parsers.citation_text``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone
from typing import Any

from parsers.citation_text import citation

# A condition's or provision's status on a date.
STATUS = {
    "in_force": "còn hiệu lực",
    "cut": "đã cắt giảm",
    "amended": "đã sửa đổi",
    "unknown": "chưa rõ",
    "not_yet": "chưa có hiệu lực",
    "repealed": "đã bãi bỏ",
}
# What an amending provision does to its target (parsers.model.Op).
EFFECT_OP = {
    "repeal": "bãi bỏ",
    "amend": "sửa đổi",
    "insert": "bổ sung",
    "replace_phrase": "thay thế cụm từ",
    "rename": "đổi tên",
    "replace_document": "thay thế văn bản",
    "suspend": "ngưng hiệu lực",
    "expire": "hết hiệu lực",
}
# The kinds of compliance gap (registry.scan.diff).
GAP_KIND = {
    "cut": "Áp dụng điều kiện đã cắt giảm",
    "amended": "Áp dụng điều kiện cũ (đã sửa đổi)",
    "basis": "Viện dẫn căn cứ pháp lý đã thay đổi",
    "procedure": "Thủ tục chưa cập nhật phiên bản",
}
# Short forms for narrow places (CLI tables, Atom categories).
GAP_KIND_SHORT = {
    "cut": "đã cắt giảm",
    "amended": "đã sửa đổi",
    "basis": "căn cứ đã đổi",
    "procedure": "thủ tục cũ",
}
REVIEW_STATE = {
    "open": "Mới",
    "confirmed": "Đã xác nhận",
    "notified": "Đã thông báo",
    "fixed": "Đã khắc phục",
    "false_positive": "Phát hiện sai",
}
# A gap in one scan run (registry.queries.gaps._scan_history) and the runs themselves.
SCAN_EVENT = {
    "first_seen": "phát hiện lần đầu",
    "seen": "vẫn còn",
    "resolved": "không còn (đã giải quyết)",
    "absent": "không có",
}
SCAN_STATUS = {
    "complete": "hoàn tất",
    "running": "đang chạy",
    "partial": "chưa đủ phần",
    "failed": "lỗi",
}
# A national publication's action on a procedure (procedure gaps' evidence).
PROCEDURE_ACTION = {
    "new": "ban hành mới",
    "amended": "sửa đổi, bổ sung",
    "replaced": "thay thế",
    "abolished": "bãi bỏ",
}
# Why a status began (registry.consolidation.timeline writes these reasons in English).
REASON = {
    "document commenced": "văn bản có hiệu lực",
    "commencement date not known": "chưa rõ ngày có hiệu lực",
    "partly supplemented": "được bổ sung một phần",
    "partly repealed": "bị bãi bỏ một phần",
    "suspended": "bị ngưng hiệu lực",
    "document replaced": "văn bản bị thay thế",
    "document expired": "văn bản hết hiệu lực",
    "repealed": "bị bãi bỏ",
    "repealed with the whole document": "bị bãi bỏ cùng cả văn bản",
    "repealed (partial repeal of an enclosing unit)": "bị bãi bỏ cùng đơn vị chứa nó",
    "amend": "được sửa đổi",
    "replace phrase": "được thay thế cụm từ",
    "rename": "được đổi tên",
    "inserted (insert)": "được bổ sung",
}
# Specialised inspection types by the codes of the compiled KTCN list (its "loai" field).
INSPECTION_TYPE = {
    "kiem_dich_dong_vat": "Kiểm dịch động vật, sản phẩm động vật trên cạn",
    "kiem_dich_thuc_vat": "Kiểm dịch thực vật",
    "giong_vat_nuoi": "Giống vật nuôi cần bảo tồn",
    "lam_san_cites": "Mẫu vật CITES",
    "thuy_san": "Kiểm dịch thủy sản, sản phẩm thủy sản",
    "thuoc_bvtv": "Thuốc bảo vệ thực vật",
    "thuc_an_chan_nuoi": "Thức ăn chăn nuôi",
    "attp_bct": "An toàn thực phẩm (Bộ Công Thương)",
    "attp_byt": "An toàn thực phẩm (Bộ Y tế)",
    "attp_nong_san": "An toàn thực phẩm nông lâm thủy sản",
    "duoc_pham": "Dược phẩm, nguyên liệu làm thuốc",
    "duoc_lieu": "Dược liệu",
    "hoa_chat": "Hóa chất nguy hiểm, hóa chất cấm",
    "hang_tieu_dung": "Hàng tiêu dùng",
    "tam_ngung_kd": "Tạm ngừng kinh doanh tạm nhập tái xuất",
    "cat_giam_ktcn": "Đã cắt giảm kiểm tra chuyên ngành",
    "chat_luong_nhom_2": "Kiểm tra chất lượng hàng hóa nhóm 2",
    "chat_luong_nhom_2_bca": "Kiểm tra chất lượng hàng hóa nhóm 2 (Bộ Công an)",
    "pccc": "Phòng cháy, chữa cháy",
    "cam_xnk_bqp": "Cấm xuất khẩu, nhập khẩu (Bộ Quốc phòng)",
    "xuat_ban_pham": "Xuất bản phẩm nhập khẩu",
    "thiet_bi_phat_song": "Thiết bị phát, thu phát sóng vô tuyến điện",
    "thu_tuc_ck_nhap": "Làm thủ tục hải quan tại cửa khẩu nhập",
    "an_toan_lao_dong": "Kiểm tra chất lượng về an toàn lao động",
    "cua_khau_phu": "Mua bán qua cửa khẩu phụ, lối mở biên giới",
}
# Ministries by their codes (issuers' abbreviations).
MINISTRY = {
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BNNMT": "Bộ Nông nghiệp và Môi trường",
    "BYT": "Bộ Y tế",
    "BCT": "Bộ Công Thương",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "BTNMT": "Bộ Tài nguyên và Môi trường",
    "BCA": "Bộ Công an",
    "BQP": "Bộ Quốc phòng",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BLDTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "BXD": "Bộ Xây dựng",
    "BGTVT": "Bộ Giao thông vận tải",
    "BTC": "Bộ Tài chính",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "NHNN": "Ngân hàng Nhà nước Việt Nam",
}
UNKNOWN = "chưa rõ"
# Indochina Time, no daylight saving: timestamps are shown as people in Vietnam read the clock.
VIETNAM = timezone(timedelta(hours=7), "ICT")


def label(vocabulary: Mapping[str, str], value: str | None) -> str:
    """The Vietnamese word for ``value``; "chưa rõ" for a value the vocabulary does not hold,
    never the English code."""
    if not value:
        return ""
    return vocabulary.get(value, UNKNOWN)


def reason_label(reason: str | None) -> str:
    """A status interval's reason in Vietnamese; "" for a reason this vocabulary lacks."""
    return REASON.get(reason or "", "")


def inspection_label(value: str | None) -> str:
    """An inspection type as people read it: a code of the compiled list becomes its name; text
    as written in a list is kept."""
    if not value:
        return ""
    if value in INSPECTION_TYPE:
        return INSPECTION_TYPE[value]
    if "_" in value and value.isascii():
        return value.replace("_", " ").capitalize()
    return value


def ministry_label(code: str | None) -> str:
    """ "BCT" -> "Bộ Công Thương"; a name as written is kept."""
    if not code:
        return ""
    if code.strip() in ("?", "(unknown)", "unknown"):
        return UNKNOWN
    return MINISTRY.get(code.strip().upper(), code)


def cap(text: str) -> str:
    """First letter upper case, the rest untouched (``str.capitalize`` would lower proper nouns)."""
    return text[:1].upper() + text[1:]


def vn_number(value: Any, decimals: int | None = None) -> str:
    """12345 → "12.345", 96.5 → "96,5" (Vietnamese separators); None → ""."""
    if value is None or value == "":
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if decimals is None:
        decimals = 0 if number == int(number) else 1
    text = f"{number:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def vn_date(value: Any) -> str:
    """dd/mm/yyyy for a date or ISO string; "dd/mm/yyyy HH:MM" for a timestamp, in Vietnam's
    time (UTC+7) when the timestamp says its zone; "" for none.

    A string that is not an ISO date is returned unchanged (it may already be written out).
    """
    if value is None or value == "":
        return ""
    if isinstance(value, str) and len(value) > 10:
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(VIETNAM)
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    try:
        return date.fromisoformat(text).strftime("%d/%m/%Y")
    except ValueError:
        return text


def key_citation(key: str | None, document: str | None = None) -> str:
    """A condition key (``54/2017/nd-cp#dieu_4__khoan_3``) as its citation; ``document`` (the
    normalised number) is preferred to the key's folded one."""
    if not key:
        return ""
    number, _, unit = key.partition("#")
    return citation(unit, document or number.upper())


def effect_citation(by_document: str | None, by_unit: str | None) -> str:
    """The amending provision: "khoản 4 Điều 1 Nghị định số 155/2018/NĐ-CP"."""
    if not by_document:
        return ""
    return citation(by_unit or "", by_document)


def effect_sentence(
    op: str | None, by_document: str | None, by_unit: str | None, effective: Any
) -> str:
    """ "bãi bỏ bởi khoản 4 Điều 1 Nghị định số 155/2018/NĐ-CP, từ ngày 10/12/2018"."""
    if not by_document:
        return ""
    out = f"{label(EFFECT_OP, op) or 'thay đổi'} bởi {effect_citation(by_document, by_unit)}"
    if effective:
        out += f", từ ngày {vn_date(effective)}"
    return out
