"""A synthetic, labelled matching set: national conditions and noisy provincial restatements.

Stands in for ``corpora/generator`` (not yet available) in the matching tests and benchmark. It
writes realistic Vietnamese condition texts from templates per business line, cuts and amends a
share of them as the reform did, and has provinces restate them with the noise real texts carry:
paraphrase, reordering, abbreviation (GCN, PCCC, CCHN, ATTP), dropped diacritics, decomposed
Unicode, Ð for Đ, OCR-split syllables, typos, list markers. Provinces also list requirements that
must NOT be gaps: conditions still in force, the new version of amended ones, negations ("Không
yêu cầu …"), the same template about another subject, and procedural boilerplate.

Deterministic: same arguments, same output.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from registry.matching.matcher import (
    ConditionStatus,
    CuttingEffect,
    GapKind,
    LegalBasis,
    NationalCondition,
    ProvincialRequirement,
)

MINISTRIES: tuple[tuple[str, str, str], ...] = (
    # (ministry, the decree that states its conditions (year), the decree that cut them)
    ("BCT", "2016", "08/2018/NĐ-CP"),
    ("BYT", "2017", "155/2018/NĐ-CP"),
    ("BXD", "2015", "100/2018/NĐ-CP"),
    ("BTC", "2016", "151/2018/NĐ-CP"),
    ("BGTVT", "2016", "12/2019/NĐ-CP"),
    ("BNNPTNT", "2017", "123/2018/NĐ-CP"),
    ("BKHCN", "2016", "154/2018/NĐ-CP"),
    ("BLĐTBXH", "2016", "140/2018/NĐ-CP"),
    ("BVHTTDL", "2016", "142/2018/NĐ-CP"),
    ("BTNMT", "2016", "136/2018/NĐ-CP"),
    ("BCA", "2016", "96/2016/NĐ-CP"),
    ("BTTTT", "2017", "150/2018/NĐ-CP"),
)

ACTIVITIES = (
    "bán buôn",
    "bán lẻ",
    "sản xuất",
    "kinh doanh",
    "xuất khẩu",
    "nhập khẩu",
    "bảo quản",
    "vận chuyển",
)
GOODS = (
    "thuốc",
    "nguyên liệu làm thuốc",
    "xăng dầu",
    "khí dầu mỏ hóa lỏng",
    "hóa chất công nghiệp",
    "rượu",
    "thuốc lá",
    "thực phẩm chức năng",
    "thức ăn chăn nuôi",
    "phân bón",
    "thuốc bảo vệ thực vật",
    "thuốc thú y",
    "giống cây trồng",
    "vật liệu nổ công nghiệp",
    "trang thiết bị y tế",
    "mỹ phẩm",
    "sữa và sản phẩm sữa",
    "gạo",
    "khoáng sản",
    "xi măng",
    "thép xây dựng",
    "sản phẩm an toàn thông tin mạng",
    "thiết bị phát sóng",
    "vàng miếng",
    "thủy sản",
    "gia súc, gia cầm",
    "muối",
    "đồ chơi trẻ em",
)
SERVICES = (
    "dịch vụ lữ hành quốc tế",
    "dịch vụ karaoke",
    "dịch vụ vũ trường",
    "dịch vụ bảo vệ",
    "dịch vụ cầm đồ",
    "dịch vụ đào tạo lái xe ô tô",
    "dịch vụ kiểm định xe cơ giới",
    "dịch vụ vận tải hành khách",
    "dịch vụ giám định thương mại",
    "dịch vụ kế toán",
    "dịch vụ kiểm toán",
    "dịch vụ môi giới bất động sản",
    "dịch vụ tư vấn giám sát công trình",
    "dịch vụ quan trắc môi trường",
    "dịch vụ xử lý chất thải nguy hại",
    "dịch vụ khám bệnh, chữa bệnh",
    "dịch vụ xoa bóp",
    "dịch vụ giới thiệu việc làm",
    "dịch vụ cho thuê lại lao động",
    "dịch vụ trò chơi điện tử",
    "dịch vụ in",
    "dịch vụ bưu chính",
    "dịch vụ logistics",
    "dịch vụ thú y",
    "dịch vụ tiêm chủng",
    "dịch vụ thử nghiệm",
    "dịch vụ chứng nhận hợp quy",
    "dịch vụ đào tạo thuyền viên",
)
ROLES = (
    "dược sĩ đại học",
    "kỹ sư chuyên ngành",
    "nhân viên kỹ thuật",
    "người có trình độ trung cấp",
    "cán bộ chuyên môn",
    "bác sĩ",
    "kiểm định viên",
    "giám định viên",
    "nhân viên bảo vệ",
    "người quản lý",
)
FIELDS = (
    "phòng cháy và chữa cháy",
    "an toàn thực phẩm",
    "an ninh trật tự",
    "bảo vệ môi trường",
    "an toàn hóa chất",
    "an toàn lao động",
    "vệ sinh thú y",
    "bảo vệ thực vật",
    "thực hành tốt phân phối thuốc",
    "an toàn bức xạ",
    "an toàn điện",
    "đo lường",
)
PLACES = (
    "kho",
    "khu vực bảo quản",
    "nhà xưởng",
    "khu vực bán hàng",
    "phòng thí nghiệm",
    "bãi đỗ xe",
    "phòng làm việc",
    "cửa hàng",
    "khu vực sơ chế",
    "phòng kiểm nghiệm",
)
LANDMARKS = (
    "trường học",
    "bệnh viện",
    "khu dân cư",
    "nguồn nước sinh hoạt",
    "di tích lịch sử",
    "trụ sở cơ quan nhà nước",
)
EQUIPMENT = (
    "hệ thống xử lý nước thải",
    "thiết bị bảo quản lạnh",
    "phương tiện vận chuyển chuyên dùng",
    "hệ thống camera giám sát",
    "thiết bị đo nhiệt độ, độ ẩm",
    "hệ thống thông gió",
    "thiết bị phân tích",
    "phần mềm quản lý",
    "thiết bị báo cháy tự động",
    "cân điện tử",
)
CERTS = (
    "chứng chỉ hành nghề",
    "bằng tốt nghiệp đại học chuyên ngành",
    "chứng chỉ đào tạo nghiệp vụ",
    "giấy xác nhận kiến thức",
)

# Templates: (kind of quantity, forms). Forms are paraphrases; the first is the national wording.
# Slots: {s} subject (business line), {n} number, {x}/{y} template-specific words.
TEMPLATES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "count",
        (
            "Cơ sở {s} phải có ít nhất {n2} {x} có {y}",
            "Có tối thiểu {n2} {x} có {y} đối với cơ sở {s}",
            "Cơ sở {s}: có không dưới {n2} {x} có {y}",
        ),
    ),
    (
        "area",
        (
            "Diện tích {x} của cơ sở {s} tối thiểu {n} m2",
            "{X} của cơ sở {s} có diện tích ít nhất {n} m2",
            "Cơ sở {s} phải có {x} với diện tích không dưới {n}m2",
        ),
    ),
    (
        "none",
        (
            "Cơ sở {s} phải có giấy chứng nhận đủ điều kiện về {x}",
            "Có giấy chứng nhận đủ điều kiện về {x} (đối với cơ sở {s})",
            "Cơ sở {s} có giấy chứng nhận đủ điều kiện {x}",
        ),
    ),
    (
        "money",
        (
            "Doanh nghiệp {s} phải có vốn pháp định tối thiểu {n} tỷ đồng",
            "Vốn pháp định của doanh nghiệp {s} không thấp hơn {n} tỷ đồng",
            "Doanh nghiệp {s}: vốn pháp định từ {n} tỷ đồng trở lên",
        ),
    ),
    (
        "years",
        (
            "Người quản lý cơ sở {s} phải có ít nhất {n2} năm kinh nghiệm trong lĩnh vực {x}",
            "Người quản lý cơ sở {s} có tối thiểu {n2} năm kinh nghiệm về {x}",
            "Cơ sở {s}: người quản lý có kinh nghiệm trong lĩnh vực {x} từ {n2} năm trở lên",
        ),
    ),
    (
        "distance",
        (
            "{X} của cơ sở {s} phải cách {y} tối thiểu {n} m",
            "Khoảng cách từ {x} của cơ sở {s} đến {y} ít nhất {n} m",
            "{X} cơ sở {s} cách {y} không dưới {n} m",
        ),
    ),
    (
        "none",
        (
            "Cơ sở {s} phải có {x} đáp ứng quy chuẩn kỹ thuật quốc gia về {y}",
            "Có {x} đáp ứng quy chuẩn kỹ thuật quốc gia về {y} tại cơ sở {s}",
            "Cơ sở {s} trang bị {x} theo quy chuẩn kỹ thuật quốc gia về {y}",
        ),
    ),
    (
        "money",
        (
            "Doanh nghiệp {s} phải ký quỹ {n} tỷ đồng tại ngân hàng thương mại",
            "Ký quỹ tại ngân hàng thương mại số tiền {n} tỷ đồng đối với doanh nghiệp {s}",
            "Doanh nghiệp {s} ký quỹ {n} tỷ đồng tại một ngân hàng thương mại",
        ),
    ),
    (
        "none",
        (
            "Nhân viên trực tiếp tham gia {s} phải được tập huấn kiến thức về {x}",
            "Nhân viên trực tiếp tham gia {s} được tập huấn kiến thức {x}",
            "Người lao động trực tiếp tham gia {s} phải được tập huấn về {x}",
        ),
    ),
    (
        "none",
        (
            "Cơ sở {s} phải có phương án {x} được cơ quan có thẩm quyền phê duyệt",
            "Có phương án {x} đã được cơ quan có thẩm quyền phê duyệt đối với cơ sở {s}",
            "Cơ sở {s} có phương án {x} được phê duyệt",
        ),
    ),
)

BOILERPLATE = (
    "Tổ chức, cá nhân nộp hồ sơ trực tuyến qua Cổng dịch vụ công quốc gia",
    "Hồ sơ được lập thành 01 bộ và nộp tại Trung tâm phục vụ hành chính công",
    "Thời hạn giải quyết trong 15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
    "Đơn đề nghị theo mẫu ban hành kèm theo Thông tư",
    "Bản sao giấy chứng nhận đăng ký doanh nghiệp hoặc giấy chứng nhận đăng ký hộ kinh doanh",
    "Phí thẩm định theo quy định của Bộ Tài chính",
    "Kết quả thực hiện thủ tục hành chính được trả qua dịch vụ bưu chính công ích",
    "Trường hợp hồ sơ chưa hợp lệ, cơ quan tiếp nhận thông báo bằng văn bản trong 03 ngày",
)

PROVINCES_OLD = tuple(f"{i:02d}" for i in range(1, 64))
PROVINCES_NEW = tuple(f"N{i:02d}" for i in range(1, 35))

_QTY_VALUES = {
    "count": (1, 2, 3, 4, 5),
    "area": (10, 15, 20, 25, 30, 40, 50, 60, 80, 100, 150, 200, 300, 500),
    "money": (1, 2, 3, 5, 6, 10, 15, 20, 50, 100, 300),
    "years": (1, 2, 3, 5),
    "distance": (20, 50, 100, 200, 500, 1000),
}


@dataclass(slots=True)
class SynthLine:
    id: str
    subject: str
    ministry: str
    document: str
    cutter: str


@dataclass(slots=True)
class SynthSet:
    """Conditions, requirements and the truth: requirement id -> {(condition id, kind)}."""

    conditions: list[NationalCondition]
    requirements: list[ProvincialRequirement]
    truth: dict[str, set[tuple[str, GapKind]]] = field(default_factory=dict)
    lines: list[SynthLine] = field(default_factory=list)

    @property
    def positives(self) -> int:
        return sum(len(v) for v in self.truth.values())


def _lines(rng: random.Random, n_lines: int) -> list[SynthLine]:
    subjects = [f"{a} {g}" for g in GOODS for a in ACTIVITIES] + list(SERVICES)
    rng.shuffle(subjects)
    subjects = sorted(subjects[:n_lines])
    out = []
    for i, s in enumerate(subjects):
        ministry, year, cutter = MINISTRIES[i % len(MINISTRIES)]
        number = f"{20 + (i * 7) % 150}/{year}/NĐ-CP"
        out.append(SynthLine(f"L{i + 1:03d}", s, ministry, number, cutter))
    return out


def _fill(form: str, subject: str, n: float, x: str, y: str) -> str:
    num = f"{n:g}"
    return form.format(
        s=subject, n=num, n2=f"{int(n):02d}", x=x, X=x[:1].upper() + x[1:], y=y
    ).strip()


def _slots(rng: random.Random, template: int) -> tuple[str, str]:
    kind_x = {
        0: (ROLES, CERTS),
        1: (PLACES, PLACES),
        2: (FIELDS, FIELDS),
        3: (FIELDS, FIELDS),
        4: (FIELDS, FIELDS),
        5: (PLACES, LANDMARKS),
        6: (EQUIPMENT, FIELDS),
        7: (FIELDS, FIELDS),
        8: (FIELDS, FIELDS),
        9: (FIELDS, FIELDS),
    }[template]
    return rng.choice(kind_x[0]), rng.choice(kind_x[1])


def generate(
    seed: int,
    n_conditions: int = 6191,
    n_requirements: int = 150_000,
    n_lines: int = 227,
    cut_share: float = 3451 / 6191,
    amended_share: float = 0.08,
    bundle_share: float = 0.15,
) -> SynthSet:
    """A labelled set of ``n_conditions`` conditions and about ``n_requirements`` requirements."""
    rng = random.Random(seed)
    lines = _lines(rng, n_lines)
    conditions: list[NationalCondition] = []
    meta: list[tuple[int, str, str, str, float, float]] = []  # template, subject, x, y, n, n_new
    seen: set[str] = set()
    per_line: dict[str, list[int]] = {ln.id: [] for ln in lines}
    k = 0
    attempts = 0
    while len(conditions) < n_conditions and attempts < n_conditions * 50:
        attempts += 1
        line = lines[k % len(lines)]
        k += 1
        t = rng.randrange(len(TEMPLATES))
        qkind, forms = TEMPLATES[t]
        x, y = _slots(rng, t)
        n = float(rng.choice(_QTY_VALUES.get(qkind, (0,))))
        text = _fill(forms[0], line.subject, n, x, y)
        if text in seen:
            continue
        seen.add(text)
        r = rng.random()
        status = (
            ConditionStatus.CUT
            if r < cut_share
            else ConditionStatus.AMENDED
            if r < cut_share + amended_share and qkind in _QTY_VALUES
            else ConditionStatus.UNKNOWN
            if r > 0.985
            else ConditionStatus.IN_FORCE
        )
        n_new = n
        old_text = new_text = ""
        if status is ConditionStatus.AMENDED:
            smaller = [v for v in _QTY_VALUES[qkind] if v < n]
            n_new = float(rng.choice(smaller)) if smaller else n * 2
            old_text = text
            new_text = _fill(forms[0], line.subject, n_new, x, y)
        cid = f"C{len(conditions) + 1:05d}"
        art = 3 + len(per_line[line.id]) // 6
        unit = f"dieu_{art}__khoan_{1 + len(per_line[line.id]) % 6}"
        effect = None
        if status in (ConditionStatus.CUT, ConditionStatus.AMENDED):
            effect = CuttingEffect(
                line.cutter, f"dieu_{1 + len(conditions) % 9}", date(2018, 11, 12)
            )
        conditions.append(
            NationalCondition(
                id=cid,
                text=text,
                status=status,
                business_lines=(line.id,),
                ministry=line.ministry,
                document=line.document,
                unit=unit,
                effect=effect,
                old_text=old_text,
                new_text=new_text,
                amending_documents=(line.cutter,),
            )
        )
        meta.append((t, line.subject, x, y, n, n_new))
        per_line[line.id].append(len(conditions) - 1)

    line_by_id = {ln.id: ln for ln in lines}
    requirements: list[ProvincialRequirement] = []
    truth: dict[str, set[tuple[str, GapKind]]] = {}
    provinces = PROVINCES_OLD + PROVINCES_NEW
    per_province = max(1, n_requirements // len(provinces))
    for prov in provinces:
        count = 0
        proc = 0
        while count < per_province:
            proc += 1
            line = rng.choice(lines)
            members = per_line[line.id]
            if not members:
                continue
            published = date(rng.choice((2016, 2017, 2019, 2021, 2024)), rng.randint(1, 12), 1)
            updated = published.year >= 2019 and rng.random() < 0.6
            cites = rng.random()
            bases: tuple[LegalBasis, ...]
            if cites < 0.55:
                bases = (LegalBasis(line.document),)
            elif cites < 0.8:
                bases = (LegalBasis(line.document), LegalBasis(line.cutter))
            else:
                bases = ()
            hints = (line.id,) if rng.random() < 0.7 else ()
            pcode = f"{prov}-{line.ministry}-{proc:04d}"
            picked = rng.sample(members, min(len(members), rng.randint(8, 20)))
            texts: list[tuple[str, set[tuple[str, GapKind]]]] = []
            for ci in picked:
                c = conditions[ci]
                t, subject, x, y, n, n_new = meta[ci]
                forms = TEMPLATES[t][1]
                form = forms[0] if rng.random() < 0.5 else rng.choice(forms)
                label: set[tuple[str, GapKind]] = set()
                if c.status is ConditionStatus.CUT:
                    if updated and rng.random() < 0.5:
                        if rng.random() < 0.3:
                            body = _fill(form, subject, n, x, y)
                            texts.append((_negate(rng, body), set()))
                        continue
                    text = _fill(form, subject, n, x, y)
                    label = {(c.id, GapKind.CUT)}
                elif c.status is ConditionStatus.AMENDED:
                    if updated and rng.random() < 0.6:
                        text = _fill(form, subject, n_new, x, y)
                    else:
                        text = _fill(form, subject, n, x, y)
                        label = {(c.id, GapKind.AMENDED)}
                else:
                    text = _fill(form, subject, n, x, y)
                texts.append((text, label))
            # Hard negatives: a sibling line's condition restated under this procedure, and the
            # same template with another subject word.
            if rng.random() < 0.3:
                other = line_by_id[rng.choice(lines).id]
                if per_line[other.id] and other.id != line.id:
                    ci = rng.choice(per_line[other.id])
                    t, subject, x, y, n, _ = meta[ci]
                    if conditions[ci].status in (ConditionStatus.IN_FORCE, ConditionStatus.UNKNOWN):
                        texts.append((_fill(TEMPLATES[t][1][0], subject, n, x, y), set()))
            for _ in range(rng.randint(1, 3)):
                texts.append((rng.choice(BOILERPLATE), set()))
            rendered = [(noise(rng, text), label) for text, label in texts]
            if len(rendered) >= 3 and rng.random() < bundle_share:
                # One requirement field listing several conditions: "a) …; b) …" or one a line.
                k = rng.randint(2, min(4, len(rendered)))
                head, rendered = rendered[:k], rendered[k:]
                rendered.append(_bundle(rng, head))
            for noisy, label in rendered:
                rid = f"{prov}-R{count + 1:06d}"
                requirements.append(
                    ProvincialRequirement(
                        id=rid,
                        text=noisy,
                        province_code=prov,
                        procedure_code=pcode,
                        legal_bases=bases,
                        business_lines=hints,
                        published=published,
                    )
                )
                if label:
                    truth[rid] = label
                count += 1
    return SynthSet(conditions, requirements, truth, lines)


def _bundle(
    rng: random.Random, parts: list[tuple[str, set[tuple[str, GapKind]]]]
) -> tuple[str, set[tuple[str, GapKind]]]:
    """Several requirement texts listed in one field, with the union of their truths."""
    bodies = [p.lstrip("-+ ").rstrip(";. ") for p, _ in parts]
    style = rng.randrange(3)
    if style == 0:
        text = "Điều kiện:\n" + "\n".join(f"- {b};" for b in bodies)
    elif style == 1:
        text = "; ".join(bodies) + "."
    else:
        text = "Yêu cầu: " + " ".join(f"{'abcd'[i]}) {b}." for i, b in enumerate(bodies))
    label: set[tuple[str, GapKind]] = set()
    for _, lab in parts:
        label |= lab
    return text, label


def _negate(rng: random.Random, text: str) -> str:
    lowered = text[:1].lower() + text[1:]
    return rng.choice(
        (
            f"Không yêu cầu {lowered}",
            f"Bãi bỏ yêu cầu: {lowered}",
            f"Không bắt buộc {lowered}",
        )
    )


# --- noise --------------------------------------------------------------------------------------

_ABBREV = (
    ("giấy chứng nhận", "GCN"),
    ("phòng cháy và chữa cháy", "PCCC"),
    ("phòng cháy và chữa cháy", "phòng cháy, chữa cháy"),
    ("chứng chỉ hành nghề", "CCHN"),
    ("an toàn thực phẩm", "ATTP"),
    ("bảo vệ môi trường", "BVMT"),
    ("an ninh trật tự", "ANTT"),
    ("ít nhất", "tối thiểu"),
    ("tối thiểu", "không dưới"),
    ("tỷ đồng", "tỷ VNĐ"),
    ("doanh nghiệp", "DN"),
    ("sản xuất", "SX"),
    (" m2", "m²"),
    (" m2", " m²"),
)
_PREFIX = ("", "", "", "- ", "+ ", "a) ", "b) ", "1. ", "Điều kiện: ", "Yêu cầu: ")
_SUFFIX = ("", "", "", ".", ";", " theo quy định.", " theo quy định hiện hành;", ".")


def noise(rng: random.Random, text: str) -> str:
    """A province's rendering of ``text``: each kind of noise applied with some probability."""
    for long, short in _ABBREV:
        if long in text and rng.random() < 0.35:
            text = text.replace(long, short)
    if rng.random() < 0.3:
        text = _money_in_full(text)
    if rng.random() < 0.3:
        text = text.replace(" 0", " ")  # "02 dược sĩ" -> "2 dược sĩ"
    text = rng.choice(_PREFIX) + text + rng.choice(_SUFFIX)
    r = rng.random()
    if r < 0.15:
        text = _strip_marks(text)
    elif r < 0.25:
        text = " ".join(_strip_marks(w) if rng.random() < 0.4 else w for w in text.split(" "))
    if rng.random() < 0.12:
        text = _ocr_split(rng, text)
    if rng.random() < 0.12:
        text = _typo(rng, text)
    if rng.random() < 0.08:
        text = text.upper()
    if rng.random() < 0.1:
        text = text.replace("Đ", "Ð")
    if rng.random() < 0.1:
        text = unicodedata.normalize("NFD", text)
    return text


def _money_in_full(text: str) -> str:
    words = text.split(" ")
    for i in range(len(words) - 2):
        if words[i].isdigit() and words[i + 1] == "tỷ" and words[i + 2] == "đồng":
            words[i] = f"{int(words[i]):,}".replace(",", ".") + ".000.000.000"
            words[i + 1] = ""
    return " ".join(w for w in words if w)


def _strip_marks(text: str) -> str:
    d = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in d if not unicodedata.combining(c)))


def _ocr_split(rng: random.Random, text: str) -> str:
    """Split one or two accented syllables around their accented letter ("Qu ả ng")."""
    words = text.split(" ")
    idx = [i for i, w in enumerate(words) if len(w) >= 3 and not w.isascii()]
    for i in rng.sample(idx, min(len(idx), 2)):
        w = words[i]
        j = next(k for k, ch in enumerate(w) if not ch.isascii())
        if 0 < j < len(w) - 1:
            words[i] = f"{w[:j]} {w[j]} {w[j + 1 :]}"
        elif j == 0:
            words[i] = f"{w[0]} {w[1:]}"
        else:
            words[i] = f"{w[:j]} {w[j:]}"
    return " ".join(words)


def _typo(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    idx = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not idx:
        return text
    i = rng.choice(idx)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    op = rng.randrange(3)
    if op == 0:
        w = w[:j] + w[j + 1 :]
    elif op == 1:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    else:
        w = w[:j] + rng.choice("aeinhtcgu") + w[j + 1 :]
    words[i] = w
    return " ".join(words)
