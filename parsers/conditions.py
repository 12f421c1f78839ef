"""Business conditions (điều kiện kinh doanh) stated by the units of a legal text.

A condition is a provision that a business must satisfy to enter or carry on a line. Texts state
them in two ways, and both are recognised:

- by title: an article headed "Điều kiện …", "Yêu cầu …", "Tiêu chuẩn …", "Tiêu chí …" or
  "Quy định về cơ sở vật chất / nhân sự …" (but not "Hồ sơ / Trình tự / Thủ tục … cấp Giấy chứng
  nhận đủ điều kiện", which are procedure): its khoản/điểm/tiết are conditions;
- by lead-in: a unit whose text ends "… phải đáp ứng các điều kiện sau:" (or "… đáp ứng các
  điều kiện sau đây:", "… yêu cầu sau:"): the units under it are conditions.

A unit that only introduces its children ("Đối với cơ sở bán lẻ thuốc phóng xạ:") is context (the
`lead` of its children), not a condition of its own. An article with no numbered children is one
condition. Repealed placeholders ("(được bãi bỏ)") are reported with ``repealed=True`` and empty
text so the registry can give that id a cut status rather than lose it.

An amending text states no conditions of its own: its units are instructions ("Bãi bỏ khoản 2
Điều 5.", "Sửa đổi, bổ sung khoản 1 Điều 3 như sau: “1. …”", "Khoản 2 Điều 7 được sửa đổi …"), and
the quoted new text becomes the *target's* condition through consolidation. So an article headed
"Sửa đổi, bổ sung …" is never a condition title, and a unit whose own text is an instruction is
passed over with its children. The test is on the unit's text (verb first, then what it acts on),
not on the document's effects: in compilations (pháp điển) source notes and cross-reference lines
also yield effects, and their units are conditions all the same.

Each condition gets a type (capital / licence / personnel / premises_equipment / other) from
keywords and quantities of its own text, then of its lead, then of its article heading; its
quantities (:mod:`parsers.quantities`); and, given a :class:`~parsers.business_lines.BusinessLineIndex`,
the business lines its lead, heading, section or document scope names (the one link rule,
:class:`~parsers.business_lines.DocumentLines`).

Interface: :func:`extract_conditions` (units) and :func:`conditions_of` (a parsed Document).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from parsers import wording
from parsers.business_lines import BusinessLineIndex, DocumentLines, UnitRef
from parsers.model import Document, Unit, UnitKind
from parsers.normalize import fold
from parsers.quantities import Quantity, find_quantities

CONDITION_TYPES = ("capital", "licence", "personnel", "premises_equipment", "other")

_TITLE = re.compile(
    r"^(?:quy dinh (?:chi tiet )?(?:ve )?|cac )?"
    r"(?:dieu kien|yeu cau|tieu chuan|tieu chi|co so vat chat|nhan su|trang thiet bi|von phap dinh)\b"
)
_TITLE_ANYWHERE = re.compile(
    r"(?<!co )(?<!du )(?<!dap ung )\bdieu kien (?:kinh doanh|san xuat|hoat dong|doi voi|ve|de|cua|cap)\b"
)
# Headings whose topic is not what a business must be or have to carry on a line, whatever
# words announce it: the procedure and papers around a licence ("Hồ sơ", "Thu hồi Giấy chứng
# nhận …", "Biểu mẫu"), products and goods rather than the business (labels, advertising,
# registration of a medicine, import permits for a consignment, quality of goods), records and
# reports, state bodies and boards, and regimes that are not business lines (customs priority,
# tax exemption, criminal law, subsidies).
_NOT_A_CONDITION_TOPIC = re.compile(
    r"\b(?:(?<!dieu kien ve )(?<!dieu kien khac ve )ho so|(?<!lam )thu tuc|trinh tu|tiep nhan|"
    r"bieu mau|mau so|thu hoi|hinh thuc cap|"
    r"dieu chinh giay|quan ly,? su dung giay|quan ly giay|nguoi duoc uy quyen|cong bo|"
    r"quang cao|ghi nhan|nhan hang hoa|canh bao|bao bi|luu hanh|dang ky thuoc|lam sang|"
    r"tuong duong sinh hoc|thu thuoc|ke don|nhap khau thuoc|xuat khau thuoc|nhap khau duoc|"
    r"xuat khau duoc|nhap khau duoc chat|chat luong (?:san pham|hang hoa)|hang hoa (?:nhap khau|"
    r"xuat khau|luu thong|trong qua trinh)|trung bay|che bien, bao che|canh tac|an toan san pham|"
    r"che do uu tien|khau mien thue|tam quan|hinh su|tha tu|tai san di chuyen|tieu huy|"
    r"chuyen nhuong|rui ro|tuan thu phap luat|kim ngach|trao doi thong tin|phoi hop thu|"
    r"ho tro dau tu|bao mat|du lieu|xet tang|hoi dong|doan danh gia|cam hut thuoc|"
    r"ngon ngu|phien dich|tieng viet|khach hang|thong bao|ke toan|chung tu|giao dich dien tu|"
    r"bao lanh|niem phong|qua canh|tri gia|danh gia dot xuat|danh gia viec|he thong cong nghe|"
    r"(?<!nham )muc dich|nguyen tac|danh muc|nganh, nghe (?:dau tu )?kinh doanh co dieu kien|"
    r"nguoi tham gia|tap tin|phan ho so|dieu kien ap dung|xe o to, xe gan may|xac dinh thuoc|"
    r"quan ly chat luong|dau thau|trung thau|chao hang|mua sam|bien phap)\b|^dang ky\b"
)
# Who a lead-in's conditions bind: a business, its establishment or its people ("Cơ sở …",
# "Thương nhân …", "Tổ chức, cá nhân sản xuất …", "… nhân viên …"), not goods, documents or a
# procedure ("Bao gói hóa chất … phải bảo đảm các yêu cầu sau:").
_BOUND = re.compile(
    r"\b(?:co so|thuong nhan|doanh nghiep|to chuc, ca nhan|to chuc|ca nhan|nguoi|nhan vien|"
    r"ho kinh doanh|thanh vien|dai ly|chi nhanh|van phong dai dien|cua hang|nha thuoc|quay thuoc|"
    r"chu dau tu|hop tac xa)\b"
)
_PROCEDURAL = re.compile(
    r"^(?:quy dinh (?:chi tiet )?(?:ve )?)?(?:ho so|trinh tu|thu tuc|tham quyen|cap |cap,|cap lai|"
    r"thu hoi|mau|phi|le phi|trach nhiem|thoi han|hieu luc|kiem tra|xu ly|dinh chi)"
)
_LEAD_IN = re.compile(
    r"(?:dap ung|co du|bao dam|dam bao|tuan thu|co)\s+(?:du\s+|day du\s+)?(?:cac\s+|nhung\s+)?"
    r"(?:dieu kien|yeu cau|tieu chuan|tieu chi)[^:]{0,80}(?:sau|duoi day)(?:\s+day)?\s*:\s*$"
)
_AMEND_VERB = "(?:" + wording.alternation(wording.folded(wording.CONDITION_VERBS)) + ")"
# "Bãi bỏ khoản 2 Điều 5.", "Sửa đổi, bổ sung khoản 1 Điều 3 như sau:", "Thay thế cụm từ “…” …".
_INSTRUCTION = re.compile(rf"^{_AMEND_VERB}\b")
# "Khoản 2 Điều 7 được sửa đổi, bổ sung như sau:", "Điều 9 bị bãi bỏ."
_PASSIVE_INSTRUCTION = re.compile(
    r"^(?:(?:diem|khoan|dieu|tiet|chuong|muc|phu luc)\s+[0-9a-zđivxlc]+[\s,]*(?:va\s+)?)+"
    rf"[^.:;“\"]{{0,120}}?\b(?:duoc|bi)\s+{_AMEND_VERB}\b"
)
# What an instruction acts on: a provision, a phrase, or new text that follows.
_INSTRUCTION_OBJECT = re.compile(
    r"\b(?:dieu|khoan|diem|tiet|chuong|muc|phu luc)\s+[0-9a-zđivxlc]|\b(?:cum tu|tu ngu)\b|nhu sau"
)

# Keyword cues per type, folded. Order breaks ties (capital first: amounts are the sharpest cue).
_TYPE_CUES: dict[str, tuple[str, ...]] = {
    "capital": ("von phap dinh", "von dieu le", "ky quy", "bao lanh", "von toi thieu", "muc von", "nang luc tai chinh"),
    "licence": ("giay phep", "chung chi", "giay chung nhan", "giay xac nhan", "dang ky kinh doanh", "duoc cap phep", "chung nhan"),
    "personnel": ("nguoi ", "nhan vien", "nhan su", "bang tot nghiep", "van bang", "trinh do", "kinh nghiem",
                  "duoc si", "bac si", "ky thuat vien", "nguoi phu trach", "nguoi dung dau", "chuyen mon",
                  "dao tao", "lao dong", "thuc hanh"),
    "premises_equipment": ("dien tich", "kho ", "kho,", "thiet bi", "co so vat chat", "nha xuong", "phuong tien",
                           "camera", "dia diem", "may moc", "tu rieng", "khu vuc", "he thong", "mat bang",
                           "cua hang", "be chua", "bon chua", "xe "),
}  # fmt: skip
_QUANTITY_TYPE = {
    "capital": "capital",
    "area": "premises_equipment",
    "volume": "premises_equipment",
    "distance": "premises_equipment",
    "experience": "personnel",
    "staff": "personnel",
}


@dataclass(slots=True)
class ConditionText:
    """One business condition, as the registry stores it.

    `document`: normalised number of the document stating it; `unit_id`: its unit id there;
    `article_id`: the enclosing article; `heading`: that article's heading; `lead`: the text of
    the unit(s) introducing it ("Đối với cơ sở bán lẻ…:"), joined by " / "; `basis`: "title" or
    "lead_in" (why it counts as a condition); `business_lines`: numbers of matched lines
    (hints, best first); `repealed`: a placeholder that keeps a repealed unit's number.
    """

    document: str
    unit_id: str
    text: str
    heading: str = ""
    type: str = "other"
    quantities: list[Quantity] = field(default_factory=list)
    business_lines: list[str] = field(default_factory=list)
    repealed: bool = False
    article_id: str = ""
    lead: str = ""
    basis: str = "title"
    start: int = 0
    end: int = 0


def is_amendment_instruction(text: str) -> bool:
    """Whether a unit's text is an amending instruction (its quoted new text included)."""
    f = fold(text.lstrip()[:400])
    if _PASSIVE_INSTRUCTION.match(f):
        return True
    if not _INSTRUCTION.match(f):
        return False
    head = f.split("“", 1)[0].split('"', 1)[0]
    return bool(_INSTRUCTION_OBJECT.search(head))


def is_condition_title(heading: str) -> bool:
    """Whether an article heading announces conditions (not the procedure around them, nor an
    amendment of them: "Sửa đổi, bổ sung một số điều của Nghị định … quy định điều kiện …")."""
    f = fold(heading).strip()
    if not f or _PROCEDURAL.match(f) or _INSTRUCTION.match(f) or is_other_topic(heading):
        return False
    return bool(_TITLE.match(f) or _TITLE_ANYWHERE.search(f))


# Where a heading turns from its topic to the business it is about ("Điều kiện về vốn đối với cơ
# sở kinh doanh dịch vụ kế toán"): the words after it name an activity ("kế toán", "quảng cáo
# trên mạng", "thử thuốc trên lâm sàng"), not the topic.
_TOPIC_END = re.compile(
    r"\b(?:doi voi (?:co so|to chuc|thuong nhan|doanh nghiep|ho kinh doanh)|kinh doanh)\b"
)


def is_other_topic(heading: str) -> bool:
    """Whether an article heading is about something other than business conditions (see
    :data:`_NOT_A_CONDITION_TOPIC`): its lead-ins introduce no conditions either. Only the
    heading's topic counts, not the activity it names."""
    topic = _TOPIC_END.split(fold(heading), maxsplit=1)[0]
    return bool(_NOT_A_CONDITION_TOPIC.search(topic))


def is_lead_in(text: str) -> bool:
    """Whether a unit's text introduces a list of conditions that bind a business or its people
    ("Cơ sở … phải đáp ứng các điều kiện sau:"; not "Bao gói … phải bảo đảm các yêu cầu sau:")."""
    f = fold(text).rstrip()
    m = _LEAD_IN.search(f)
    if not m or f[: m.start()].endswith("kinh doanh "):
        return False  # "… ngành, nghề kinh doanh có điều kiện …, cụ thể như sau:" names a kind
    if re.search(r"\bban cho\b", f[: m.start()]):
        return False  # "… chỉ được bán cho các tổ chức, cá nhân đảm bảo …": the buyer's
    subject = re.sub(r"\b(?:phai|deu|can|thi|chi|duoc|moi)\b", " ", f[: m.start()]).strip(" ,;")
    # No subject of its own: the article's (heading, intro) is. A subject must be a business.
    return not subject or bool(_BOUND.search(subject))


# A provision's own words that make it something other than a business condition, whatever
# article it sits in (folded, at the start unless said otherwise):
# - record-keeping: ledgers, logs, keeping documents or information ("Có sổ sách ghi chép …");
# - a step of a procedure: registering, filing, notifying, completing a self-declaration;
# - a state body's act or duty, or a delegation ("Bộ Y tế … kiểm tra", "Chính phủ quy định chi
#   tiết Điều này");
# - an exemption, a permission or a deadline ("… thì không phải thực hiện …", "… có thể đồng thời
#   là …", "Chậm nhất đến ngày …");
# - a one-off approval ("Được sự đồng ý của Bộ Công Thương").
_RECORD_KEEPING = re.compile(
    r"(?<!khu vuc )(?<!phong )(?<!kho )(?<!tu )"  # a records room is premises, not a record rule
    r"\b(?:so sach|so theo doi|lap so|so ghi chep|ghi chep|luu giu (?:ho so|thong tin|chung tu|"
    r"tai lieu)|luu tru (?:ho so|tai lieu)|che do bao cao|bao cao dinh ky|hoa don|"
    r"giay to (?:chung minh nguon goc|truy xuat)|ho so, giay to)\b"
)
_PROCEDURE_STEP = re.compile(
    r"^(?:dang ky voi|nop (?:ho so|don)|gui (?:ho so|van ban|bao cao)|hoan thanh viec cong bo|"
    r"thong bao (?:cho|bang van ban|ngay)|co van ban thong bao|to chuc lay y kien|"
    r"trong thoi han \d+ ngay)|\bphai cung cap cho co quan\b|\blay y kien\b"
)
_STATE_ACTOR = re.compile(
    r"^(?:bo |so |cuc |tong cuc|uy ban nhan dan|chinh phu|thu tuong|bo truong|cuc truong|"
    r"tong cuc truong|giam doc so|chu tich|phong kinh te|co quan (?:hai quan|cong an|nha nuoc|"
    r"co tham quyen|cap)|cong an (?:cap|tinh|huyen))"
)
_NOT_REQUIRED = re.compile(
    r"\b(?:khong phai thuc hien|khong phai dap ung|duoc mien|co the dong thoi|khong bat buoc)\b"
    r"|^(?:cham nhat (?:den|la) ngay|duoc (?:su dong y|[^.]{0,60}\bdong y))"
)
# Rules on goods or a consignment rather than on the business: labels, shelf life, an import
# that must match capacity ("… nhập khẩu phải phù hợp với năng lực sản xuất …"); and definitions
# ("Người giới thiệu thuốc là người được …").
_GOODS_RULE = re.compile(
    r"\b(?:ghi nhan|phai con han dung|nhap khau phai phu hop)\b|^(?!.*\bphai\b)[^.]{3,60}\bla nguoi duoc\b"
)
# A provision that also requires conditions of the establishment ("Bảo đảm các điều kiện về an
# toàn thực phẩm và ghi nhãn hàng hóa …") states a business condition beside the goods rule.
_ALSO_ESTABLISHMENT = re.compile(r"\bcac dieu kien ve (?:an toan thuc pham|bao ve moi truong)\b")
# An item that states something ends like a sentence or a list item; a bare title ("Điều kiện
# kinh doanh", "Lập cơ sở bán lẻ ngoài cơ sở bán lẻ thứ nhất") only heads the items below it.
_PAGE_MARK = re.compile(r"-{2,}\s*page[^-]*-{2,}", re.IGNORECASE)


def is_not_a_condition(text: str) -> bool:
    """Whether a provision's own text is record-keeping, a procedure step, a state body's act, an
    exemption or a one-off approval rather than a condition (see the comment above)."""
    f = fold(text.lstrip())[:600]
    return bool(
        _RECORD_KEEPING.search(f)
        or _PROCEDURE_STEP.search(f)
        or _STATE_ACTOR.match(f)
        or _NOT_REQUIRED.search(f)
        or (_GOODS_RULE.search(f) and not _ALSO_ESTABLISHMENT.search(f))
    )


def is_statement(text: str) -> bool:
    """Whether the text of a unit that has items states something itself (a sentence), rather
    than titling or introducing the items."""
    t = _PAGE_MARK.sub(" ", text).strip()
    return t[-1:] in (".", ";") and len(t.split()) >= 8


def is_repealed(unit: Unit) -> bool:
    return unit.repealed or wording.is_placeholder(unit.text)


def classify(text: str, quantities: Sequence[Quantity] = (), *context: str) -> str:
    """Condition type from keywords and quantities of `text`, falling back to each `context`."""
    for kind in (q.kind for q in quantities):
        if kind in _QUANTITY_TYPE:
            return _QUANTITY_TYPE[kind]
    for candidate in (text, *context):
        f = " " + fold(candidate) + " "
        best, best_hits = "other", 0
        for kind, cues in _TYPE_CUES.items():
            hits = sum(f.count(c) for c in cues)
            if hits > best_hits:
                best, best_hits = kind, hits
        if best != "other":
            return best
    return "other"


_ITEM_KINDS = (UnitKind.KHOAN, UnitKind.DIEM, UnitKind.TIET)


def extract_conditions(
    units: Sequence[Unit],
    *,
    document: str = "",
    index: BusinessLineIndex | None = None,
    title: str = "",
) -> list[ConditionText]:
    """The conditions stated by `units` (one document's units, in document order).

    Amending instructions (:func:`is_amendment_instruction`) are skipped with their children.
    Given an `index`, each condition's `business_lines` are the lines the document's structure
    says it regulates (:class:`~parsers.business_lines.DocumentLines`; `title` is the document's).
    """
    skip: set[str] = set()
    children: dict[str | None, list[Unit]] = defaultdict(list)
    for u in units:
        if u.parent in skip or u.id in skip or is_amendment_instruction(u.text):
            skip.add(u.id)
            continue
        children[u.parent].append(u)
    out: list[ConditionText] = []
    doc_lines = (
        DocumentLines(
            [UnitRef(u.id, str(u.kind), u.parent, u.heading, u.text) for u in units],
            index,
            title=title,
        )
        if index is not None
        else None
    )

    def lines_for(article: Unit, leads: list[str], text: str) -> list[str]:
        if doc_lines is None:
            return []
        return doc_lines.link(article.id, leads, article.heading, text).numbers

    def emit(unit: Unit, article: Unit, leads: list[str], basis: str) -> None:
        """`unit` and its descendants as conditions under `article`."""
        kids = [c for c in children.get(unit.id, []) if c.kind in _ITEM_KINDS]
        repealed = is_repealed(unit)
        if kids and not repealed:
            own = unit.text.strip()
            if own and is_statement(own):
                add(unit, article, leads, basis, own, False)
            next_leads = [*leads, own] if own else leads
            for kid in kids:
                emit(kid, article, next_leads, basis)
            return
        add(unit, article, leads, basis, "" if repealed else unit.text.strip(), repealed)

    def add(
        unit: Unit, article: Unit, leads: list[str], basis: str, text: str, repealed: bool
    ) -> None:
        if not text and not repealed:
            return
        if text and is_not_a_condition(text):
            return
        quantities = find_quantities(text) if text else []
        lead = " / ".join(x for x in leads if x)
        ctype = "other" if repealed else classify(text, quantities, lead, article.heading)
        out.append(
            ConditionText(
                document=document,
                unit_id=unit.id,
                text=text,
                heading=article.heading,
                type=ctype,
                quantities=quantities,
                business_lines=lines_for(article, leads, text),
                repealed=repealed,
                article_id=article.id,
                lead=lead,
                basis=basis,
                start=unit.start,
                end=unit.end,
            )
        )

    def scan_lead_ins(unit: Unit, article: Unit) -> None:
        for kid in children.get(unit.id, []):
            if kid.kind not in _ITEM_KINDS:
                continue
            if is_lead_in(kid.text) and children.get(kid.id):
                emit(kid, article, [], "lead_in")
            else:
                scan_lead_ins(kid, article)

    for art in units:
        if art.kind != UnitKind.DIEU or art.id in skip:
            continue
        if is_condition_title(art.heading):
            kids = [c for c in children.get(art.id, []) if c.kind in _ITEM_KINDS]
            if kids:
                leads = [art.text.strip()] if art.text.strip() else []
                for kid in kids:
                    emit(kid, art, leads, "title")
            else:
                add(art, art, [], "title", art.text.strip(), is_repealed(art))
        elif is_other_topic(art.heading):
            continue
        elif is_lead_in(art.text) and children.get(art.id):
            emit(art, art, [], "lead_in")
        else:
            scan_lead_ins(art, art)
    return out


def conditions_of(doc: Document, *, index: BusinessLineIndex | None = None) -> list[ConditionText]:
    """Conditions of a parsed document, numbered by its metadata number (may be empty)."""
    return extract_conditions(
        doc.units, document=doc.metadata.number, index=index, title=doc.metadata.title
    )
