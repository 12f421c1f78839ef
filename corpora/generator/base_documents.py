"""The base documents: per group of business lines, the decree or circular stating their conditions
(scope, subjects, one article per condition type with khoản and points, entry into force)."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

from corpora.generator import vocab
from corpora.generator.draws import Numbers, rand_date, rng_for
from corpora.generator.model import Article, Condition, Khoan, LegalDoc
from corpora.generator.wording import lower_first, vn_int
from parsers.normalize import fold
from parsers.numbering import POINT_LETTERS

ASPECTS = {
    "premises": "cơ sở vật chất",
    "equipment": "trang thiết bị",
    "personnel": "nhân sự",
    "capital": "vốn",
    "licence": "chứng chỉ, giấy phép",
    "other": "hồ sơ, quy trình và các điều kiện khác",
}
TYPE_ORDER = ("capital", "premises", "equipment", "personnel", "licence", "other")
ROMAN = tuple(
    [
        "I",
        "II",
        "III",
        "IV",
        "V",
        "VI",
        "VII",
        "VIII",
        "IX",
        "X",
        "XI",
        "XII",
        "XIII",
        "XIV",
        "XV",
        "XVI",
        "XVII",
        "XVIII",
        "XIX",
        "XX",
    ]
)


def _condition_text(
    rng: random.Random, m: vocab.Ministry, activity: str
) -> tuple[str, str, int | None]:
    ctype, template = rng.choice(vocab.TEMPLATES)
    money_n, money_unit = rng.choice(vocab.CAPITAL)
    n: int | None = None
    if "{n}" in template:
        n = money_n if ctype == "capital" else rng.choice(vocab.NUMBER_CHOICES[ctype])
        if "cách {sensitive}" in template:
            n = rng.choice(vocab.DISTANCES)
    text = template.format(
        place=rng.choice(vocab.PLACES),
        pqual=rng.choice(vocab.PLACE_QUALS),
        activity=activity,
        n=vn_int(n) if n is not None else "",
        sensitive=rng.choice(vocab.SENSITIVE),
        equip=rng.choice(vocab.EQUIPMENT),
        equal=rng.choice(vocab.EQUIP_QUALS),
        role=rng.choice(vocab.ROLES),
        degree=rng.choice(vocab.DEGREES),
        field=rng.choice(m.fields),
        staff=rng.choice(vocab.STAFF),
        money=money_unit,
        cqual=rng.choice(vocab.CAP_QUALS),
        cert=rng.choice(vocab.CERTS),
        doc=rng.choice(vocab.DOCS),
        party=rng.choice(vocab.PARTIES),
    )
    return ctype, text, n


def base_documents(
    seed: int, m: vocab.Ministry, m_lines: list[tuple[str, str, str]], total: int, numbers: Numbers
) -> list[LegalDoc]:
    rng = rng_for(seed, "base", m.code)
    # conditions per line: at least 5, the rest spread by random weights, summing to `total`
    weights = [rng.uniform(0.5, 1.5) for _ in m_lines]
    counts = [5] * len(m_lines)
    rest = total - 5 * len(m_lines)
    shares = [int(rest * w / sum(weights)) for w in weights]
    for i in range(rest - sum(shares)):
        shares[i % len(shares)] += 1
    counts = [c + s for c, s in zip(counts, shares, strict=True)]

    groups: list[list[int]] = []
    i = 0
    while i < len(m_lines):
        size = rng.choice((1, 1, 2, 3))
        groups.append(list(range(i, min(i + size, len(m_lines)))))
        i += size

    docs: list[LegalDoc] = []
    for group in groups:
        circular = rng.random() < 0.2
        year = rng.randint(2012, 2015)
        signed = rand_date(rng, date(year, 1, 5), date(year, 10, 31))
        effective = signed + timedelta(days=rng.choice((0, 45, 45, 60)))
        number = numbers.take(year, f"TT-{m.code}" if circular else "NĐ-CP")
        names = [m_lines[k][1] for k in group]
        title = "Quy định điều kiện " + "; ".join(lower_first(n) for n in names)
        doc = LegalDoc(
            number,
            "TT" if circular else "NĐ",
            m.code,
            signed,
            effective,
            title,
            rng.choice(("md", "md", "vbpl", "tvpl")),
            lines=[m_lines[k][0] for k in group],
        )
        art_no = 1
        doc.articles.append(
            Article(
                1,
                "Phạm vi điều chỉnh",
                body=(
                    f"{'Thông tư' if circular else 'Nghị định'} này quy định điều kiện đầu tư kinh doanh đối với "
                    + "; ".join(lower_first(n) for n in names)
                    + "."
                ),
                chapter="Chương I|QUY ĐỊNH CHUNG",
            )
        )
        doc.articles.append(
            Article(
                2,
                "Đối tượng áp dụng",
                body=(
                    "Văn bản này áp dụng đối với tổ chức, cá nhân đầu tư kinh doanh các ngành, nghề nêu tại Điều 1 "
                    "và cơ quan quản lý nhà nước có liên quan."
                ),
            )
        )
        art_no = 3
        for ci, k in enumerate(group):
            stt, name, _ = m_lines[k]
            activity = lower_first(name)
            seen: set[str] = set()
            by_type: dict[str, list[tuple[str, str, int | None]]] = {t: [] for t in TYPE_ORDER}
            while sum(len(v) for v in by_type.values()) < counts[k]:
                ctype, text, n = _condition_text(rng, m, activity)
                key = fold(re.sub(r"\d[\d.]*", "#", text))  # distinct beyond their numbers
                if key in seen:
                    continue
                seen.add(key)
                by_type[ctype].append((ctype, text, n))
            first = True
            for ctype in TYPE_ORDER:
                items = by_type[ctype]
                for chunk_start in range(0, len(items), 12):
                    chunk = items[chunk_start : chunk_start + 12]
                    heading = f"Điều kiện về {ASPECTS[ctype]} đối với cơ sở {activity}"
                    if chunk_start:
                        heading = f"Điều kiện khác về {ASPECTS[ctype]} đối với cơ sở {activity}"
                    art = Article(
                        art_no,
                        heading,
                        intro=f"Cơ sở {activity} phải đáp ứng các điều kiện sau đây:",
                    )
                    if first:
                        art.chapter = f"Chương {ROMAN[ci + 1]}|ĐIỀU KIỆN {name.upper()}"
                        first = False
                    _fill_article(rng, doc, art, chunk, m.code, stt)
                    doc.articles.append(art)
                    art_no += 1
        doc.articles.append(
            Article(
                art_no,
                "Hiệu lực thi hành",
                body=(
                    f"{'Thông tư' if circular else 'Nghị định'} này có hiệu lực thi hành kể từ ngày "
                    f"{effective.day:02d} tháng {effective.month:02d} năm {effective.year}."
                ),
                chapter=f"Chương {ROMAN[len(group) + 1]}|ĐIỀU KHOẢN THI HÀNH",
            )
        )
        doc.articles.append(
            Article(
                art_no + 1,
                "Trách nhiệm thi hành",
                body=(
                    "Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố "
                    "trực thuộc trung ương chịu trách nhiệm thi hành văn bản này./."
                ),
            )
        )
        docs.append(doc)
    return docs


def _fill_article(
    rng: random.Random,
    doc: LegalDoc,
    art: Article,
    items: list[tuple[str, str, int | None]],
    ministry: str,
    stt: str,
) -> None:
    def cond(unit: str, item: tuple[str, str, int | None]) -> Condition:
        ctype, text, n = item
        return Condition(doc.number, unit, ministry, stt, ctype, text, n, art.number)

    i = 0
    kn = 1
    while i < len(items):
        if len(items) - i >= 3 and rng.random() < 0.15:
            size = rng.randint(2, min(4, len(items) - i))
            k = Khoan(kn, intro=f"Về {ASPECTS[items[i][0]]} bổ sung:")
            for j in range(size):
                letter = POINT_LETTERS[j]
                k.points.append(
                    (letter, cond(f"dieu_{art.number}__khoan_{kn}__diem_{letter}", items[i + j]))
                )
            i += size
        else:
            k = Khoan(kn, condition=cond(f"dieu_{art.number}__khoan_{kn}", items[i]))
            i += 1
        art.khoans.append(k)
        kn += 1
