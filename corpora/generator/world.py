"""Build the national side of a generated corpus: lines, documents, conditions, cuts, KTCN, TTHC.

Every random choice comes from a `random.Random` seeded with a string derived from the run's seed and
what is being decided, and every loop runs over lists in a fixed order, so the same seed gives the
same world whatever else changes in the process (no set or hash-order iteration).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta

from corpora.generator import vocab
from corpora.generator.model import (
    AmendingArticle,
    AmendingDoc,
    Article,
    Change,
    Condition,
    Instruction,
    Khoan,
    KtcnLine,
    KtcnList,
    LegalDoc,
    Procedure,
    TthcDecision,
    World,
)
from parsers.normalize import fold
from parsers.numbering import POINT_LETTERS

AS_OF = date(2026, 1, 1)
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


@dataclass(frozen=True, slots=True)
class Scale:
    """How much to generate. `national` reproduces the reform's figures exactly."""

    name: str
    ministries: tuple[str, ...] | None  # None: all
    lines_per_ministry: int | None
    conditions_per_line: int | None  # None: the ministry's national total
    ktcn_factor: float
    old_provinces: tuple[str, ...] | None
    new_provinces: tuple[str, ...] | None
    versions: tuple[int, ...]  # choices of decisions per (province, ministry)
    amend_rate: float = 0.0625  # share of surviving numeric conditions an amending round lowers


NATIONAL = Scale("national", None, None, None, 1.0, None, None, (1, 1, 2, 2, 3, 3))
SAMPLE = Scale(
    "sample",
    ("BCA", "BCT", "BYT"),
    3,
    12,
    0.02,
    ("02", "08", "40", "60", "67", "68", "74", "77", "79"),
    ("08", "40", "68", "79"),
    (1, 2, 2, 3),
    0.25,
)
SCALES = {s.name: s for s in (NATIONAL, SAMPLE)}


def rng_for(seed: int, *key: object) -> random.Random:
    return random.Random("|".join([str(seed), *map(str, key)]))


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def vn_int(n: int) -> str:
    """Vietnamese thousands separator: 1000 -> 1.000."""
    return f"{n:,}".replace(",", ".")


def rand_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


class _Numbers:
    """Unique document numbers per (year, suffix)."""

    def __init__(self, rng: random.Random, reserved: list[str]) -> None:
        self.rng = rng
        self.used = set(reserved)

    def take(self, year: int | None, suffix: str, low: int = 1, high: int = 180) -> str:
        while True:
            n = self.rng.randint(low, high)
            num = f"{n:02d}/{year}/{suffix}" if year else f"{n}/{suffix}"
            if num not in self.used:
                self.used.add(num)
                return num


def build_world(seed: int, scale: Scale) -> World:
    vocab.check_totals()
    ministries = [
        m for m in vocab.MINISTRIES if scale.ministries is None or m.code in scale.ministries
    ]
    reserved = [r.number for m in vocab.MINISTRIES for r in m.rounds]
    numbers = _Numbers(rng_for(seed, "numbers"), reserved)

    lines: list[tuple[str, str, str]] = []
    stt = 0
    for m in vocab.MINISTRIES:  # numbering follows the full list even at small scale
        for i, name in enumerate(m.lines):
            stt += 1
            if m in ministries and (
                scale.lines_per_ministry is None or i < scale.lines_per_ministry
            ):
                lines.append((str(stt), name, m.code))

    base_docs: list[LegalDoc] = []
    conditions: list[Condition] = []
    amending: list[AmendingDoc] = []
    procedures: list[Procedure] = []
    tthc: list[TthcDecision] = []
    code_rng = rng_for(seed, "tthc-codes")
    used_codes: set[str] = set()
    for m in ministries:
        m_lines = [ln for ln in lines if ln[2] == m.code]
        total = (
            m.conditions
            if scale.conditions_per_line is None
            else scale.conditions_per_line * len(m_lines)
        )
        docs = _base_documents(seed, m, m_lines, total, numbers)
        base_docs.extend(docs)
        m_conditions = [c for d in docs for a in d.articles for c in a.conditions()]
        conditions.extend(m_conditions)
        rounds = _scaled_rounds(m, total)
        amending.extend(_cut(seed, m, docs, m_conditions, rounds, scale.amend_rate))
        m_procs = _procedures(seed, m, docs, m_conditions, code_rng, used_codes)
        procedures.extend(m_procs)
        tthc.extend(_tthc_decisions(seed, m, amending, m_procs, numbers))
    ktcn = [_ktcn_list(seed, m, scale, numbers) for m in ministries if m.ktcn_lines]
    return World(
        seed, scale.name, AS_OF, lines, base_docs, conditions, amending, ktcn, procedures, tthc
    )


def _scaled_rounds(m: vocab.Ministry, total: int) -> list[tuple[vocab.Round, int]]:
    if total == m.conditions:
        return [(r, r.cuts) for r in m.rounds]
    return [(r, max(1, round(r.cuts * total / m.conditions))) for r in m.rounds]


# --- base documents -----------------------------------------------------------------------


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


def _base_documents(
    seed: int, m: vocab.Ministry, m_lines: list[tuple[str, str, str]], total: int, numbers: _Numbers
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


# --- cuts and amendments ------------------------------------------------------------------


_NUMBER_PHRASE = r"(\S+ \S+) ({n}) (\S+?)(?=[\s.,;]|$)"


def _amend_text(rng: random.Random, c: Condition) -> tuple[str, str, str] | None:
    """(new text, old phrase, new phrase) lowering the condition's number; None if it has none."""
    if c.number is None:
        return None
    choices = [v for v in vocab.NUMBER_CHOICES[c.type] + vocab.DISTANCES if v < c.number]
    if not choices:
        return None
    new = rng.choice(choices)
    m = re.search(_NUMBER_PHRASE.format(n=re.escape(vn_int(c.number))), c.text)
    if m is None:
        return None
    old_phrase = m.group(0)
    new_phrase = f"{m.group(1)} {vn_int(new)} {m.group(3)}"
    return c.text.replace(old_phrase, new_phrase, 1), old_phrase, new_phrase


def _cut(
    seed: int,
    m: vocab.Ministry,
    docs: list[LegalDoc],
    m_conditions: list[Condition],
    rounds: list[tuple[vocab.Round, int]],
    amend_rate: float,
) -> list[AmendingDoc]:
    rng = rng_for(seed, "cut", m.code)
    pool = list(m_conditions)
    rng.shuffle(pool)
    out: list[AmendingDoc] = []
    for rnd, n_cut in rounds:
        cut_now = pool[:n_cut]
        pool = pool[n_cut:]
        # amend about one in sixteen of what remains (only conditions with a number)
        amend_now: list[Condition] = []
        for c in pool:
            if c.number is not None and rng.random() < amend_rate:
                amend_now.append(c)
        amend_ids = {id(c) for c in amend_now}
        pool = [c for c in pool if id(c) not in amend_ids]
        cut_ids = {id(c) for c in cut_now}
        decree = LegalDoc(
            rnd.number,
            "NĐ",
            m.code,
            rnd.signed,
            rnd.effective,
            "Sửa đổi, bổ sung một số quy định về điều kiện đầu tư kinh doanh thuộc phạm vi quản lý "
            f"nhà nước của {m.name}",
            rng.choice(("md", "tvpl")),
            role="amending",
        )
        amending = AmendingDoc(decree)
        for doc in docs:
            # one decree per round amends the ministry's circulars too (as 155/2018/NĐ-CP did)
            if any(
                id(c) in cut_ids or id(c) in amend_ids for a in doc.articles for c in a.conditions()
            ):
                art = AmendingArticle(doc)
                amending.targets.append(art)
                _instructions(rng, art, doc, cut_ids, amend_ids)
        for ai, art in enumerate(amending.targets, start=1):
            for ii, ins in enumerate(art.instructions, start=1):
                for c in ins.conditions:
                    assert c.change is not None
                    c.change.unit = f"dieu_{ai}__khoan_{ii}"
                    c.change.document = decree.number
                    c.change.effective = decree.effective
        if amending.targets:
            out.append(amending)
    return out


def _flush(art: AmendingArticle, article: int, pending: list[tuple[str, Condition]]) -> None:
    """Emit the waiting repeals as one sentence: "Bãi bỏ khoản 2, khoản 3 và khoản 5 Điều 7."."""
    if not pending:
        return
    phrases = [p for p, _ in pending]
    joined = phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + " và " + phrases[-1]
    art.instructions.append(
        Instruction(f"Bãi bỏ {joined} Điều {article}.", conditions=[c for _, c in pending])
    )
    pending.clear()


def _instructions(
    rng: random.Random, art: AmendingArticle, doc: LegalDoc, cut_ids: set[int], amend_ids: set[int]
) -> None:
    for a in doc.articles:
        conds = a.conditions()
        if not conds:
            continue
        cut_here = [c for c in conds if id(c) in cut_ids]
        if len(cut_here) == len(conds) and rng.random() < 0.6:
            ins = Instruction(f"Bãi bỏ Điều {a.number}.", conditions=cut_here)
            for c in cut_here:
                c.change = Change(
                    "cut", "", "", doc.effective, "repeal", target_unit=f"dieu_{a.number}"
                )
            art.instructions.append(ins)
            continue
        pending: list[tuple[str, Condition]] = []  # repeal phrases waiting to be joined
        for k in a.khoans:
            k_conds = [k.condition] if k.condition is not None else [c for _, c in k.points]
            k_cut = [c for c in k_conds if id(c) in cut_ids]
            if k.points and len(k_cut) == len(k_conds) and rng.random() < 0.5:
                for c in k_cut:
                    c.change = Change(
                        "cut",
                        "",
                        "",
                        doc.effective,
                        "repeal",
                        target_unit=f"dieu_{a.number}__khoan_{k.number}",
                    )
                _flush(art, a.number, pending)
                art.instructions.append(
                    Instruction(f"Bãi bỏ khoản {k.number} Điều {a.number}.", conditions=k_cut)
                )
                continue
            units = [(None, k.condition)] if k.condition is not None else list(k.points)
            for letter, c in units:
                label = f"khoản {k.number}" if letter is None else f"điểm {letter} khoản {k.number}"
                unit = f"dieu_{a.number}__khoan_{k.number}" + (
                    "" if letter is None else f"__diem_{letter}"
                )
                if id(c) in cut_ids:
                    c.change = Change("cut", "", "", doc.effective, "repeal", target_unit=unit)
                    if letter is None and rng.random() < 0.35 and len(pending) < 3:
                        pending.append((label, c))
                    else:
                        _flush(art, a.number, pending)
                        art.instructions.append(
                            Instruction(f"Bãi bỏ {label} Điều {a.number}.", conditions=[c])
                        )
                elif id(c) in amend_ids:
                    _flush(art, a.number, pending)
                    amended = _amend_text(rng, c)
                    if amended is None:
                        continue
                    new_text, old_phrase, new_phrase = amended
                    if rng.random() < 0.5:
                        quoted = (f"{k.number}. " if letter is None else f"{letter}) ") + new_text
                        ins = Instruction(
                            f"Sửa đổi, bổ sung {label} Điều {a.number} như sau:",
                            quoted=f"“{quoted}”",
                            conditions=[c],
                        )
                        op = "amend"
                    else:
                        ins = Instruction(
                            f"Thay thế cụm từ “{old_phrase}” bằng cụm từ “{new_phrase}” tại {label} Điều {a.number}.",
                            conditions=[c],
                        )
                        op = "replace_phrase"
                    c.change = Change(
                        "amended", "", "", doc.effective, op, new_text=new_text, target_unit=unit
                    )
                    art.instructions.append(ins)
        _flush(art, a.number, pending)


# --- procedures and ministry decisions ----------------------------------------------------


def _procedures(
    seed: int,
    m: vocab.Ministry,
    docs: list[LegalDoc],
    m_conditions: list[Condition],
    code_rng: random.Random,
    used: set[str],
) -> list[Procedure]:
    rng = rng_for(seed, "procedures", m.code)
    out: list[Procedure] = []
    for doc in docs:
        for stt in doc.lines:
            conds = [c for c in m_conditions if c.document == doc.number and c.line == stt]
            name = next(n for s, n, _ in _all_lines() if s == stt)
            activity = lower_first(name)
            first: list[Condition] = []
            for kind_no, (template, limit) in enumerate(vocab.PROCEDURE_KINDS):
                if kind_no and rng.random() < 0.5:
                    continue
                while True:
                    code = f"{code_rng.choice('12')}.{code_rng.randint(0, 9999):06d}"
                    if code not in used:
                        used.add(code)
                        break
                source = conds if not kind_no else first
                chosen = sorted(rng.sample(source, min(limit, len(source))), key=conds.index)
                if not kind_no:
                    first = chosen
                out.append(
                    Procedure(code, template.format(activity=activity), m.code, stt, doc, chosen)
                )
    return out


_LINES_CACHE: list[tuple[str, str, str]] = []


def _all_lines() -> list[tuple[str, str, str]]:
    if not _LINES_CACHE:
        stt = 0
        for m in vocab.MINISTRIES:
            for name in m.lines:
                stt += 1
                _LINES_CACHE.append((str(stt), name, m.code))
    return _LINES_CACHE


def _tthc_decisions(
    seed: int,
    m: vocab.Ministry,
    amending: list[AmendingDoc],
    procs: list[Procedure],
    numbers: _Numbers,
) -> list[TthcDecision]:
    rng = rng_for(seed, "tthc", m.code)
    out: list[TthcDecision] = []
    for rnd in m.rounds:
        docs = [
            ad for ad in amending if ad.doc.ministry == m.code and ad.doc.effective == rnd.effective
        ]
        changed_ids = {
            id(c)
            for ad in docs
            for art in ad.targets
            for ins in art.instructions
            for c in ins.conditions
        }
        if not changed_ids:
            continue
        affected = [
            p
            for p in procs
            if p.exists_on(rnd.effective) and any(id(c) in changed_ids for c in p.conditions)
        ]
        if not affected:
            continue
        day = rnd.effective + timedelta(days=rng.randint(20, 80))
        number = numbers.take(None, f"QĐ-{m.code}", 100, 8999)
        doc = LegalDoc(
            number,
            "QĐ",
            m.code,
            day,
            day,
            "Về việc công bố thủ tục hành chính được sửa đổi, bổ sung và bị bãi bỏ thuộc phạm vi "
            f"chức năng quản lý của {m.name}",
            "md",
            role="tthc",
        )
        abolished: list[Procedure] = []
        republished: list[Procedure] = []
        for p in affected:
            all_cut = all(c.change is not None and c.change.kind == "cut" for c in p.conditions)
            if (all_cut or p.name.startswith("Cấp lại")) and rng.random() < 0.3:
                p.abolished = (number, day)
                abolished.append(p)
            else:
                p.republished.append((number, day))
                republished.append(p)
        out.append(TthcDecision(doc, republished, abolished))
    return out


# --- KTCN -----------------------------------------------------------------------------------

GOODS = vocab._l(
    """Máy; Thiết bị; Dụng cụ; Vật liệu; Sản phẩm; Hóa chất; Linh kiện; Phụ tùng; Chế phẩm; Nguyên liệu"""
)
GOODS_QUALS = vocab._l("""dùng trong công nghiệp; dùng trong gia đình; loại khác; đã qua chế biến; chưa đóng gói;
đóng gói để bán lẻ; có công suất không quá 50 kW; dạng lỏng; dạng bột; bằng thép không gỉ; bằng nhựa;
dùng cho phương tiện giao thông; dùng trong y tế; dùng trong nông nghiệp""")
INSPECTIONS = vocab._l(
    "Kiểm tra chất lượng; Kiểm tra an toàn thực phẩm; Kiểm dịch; Cấp phép nhập khẩu; Kiểm tra hiệu suất năng lượng"
)


def _ktcn_list(seed: int, m: vocab.Ministry, scale: Scale, numbers: _Numbers) -> KtcnList:
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
