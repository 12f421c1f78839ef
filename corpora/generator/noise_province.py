"""A second noise model: how provinces restate conditions, drawn from hand-written texts.

The classic model (:mod:`corpora.generator.noise`) and the matcher's tables were written side by
side, so the generated corpus measured the matcher against its own vocabulary. This model is drawn
from the ``tune`` half of the hand-written labels (``tests/labels/handwritten_requirements.jsonl``,
written before the matcher was read): numbers written in words, other comparators (">=", "không
nhỏ hơn", "từ … trở lên"), the abbreviations found there (some of which the matcher was later taught,
many it was not), "&" and "/" for "và" and "hoặc", a restatement that keeps only the clause holding
the number, and the leads provinces put before a condition. Select it with
``dkkd corpus generate --noise province``.

Values never change: "50 m²" may become "năm mươi mét vuông" but stays 50, because the diff
engine decides "old version of an amended condition" on them.
"""

from __future__ import annotations

import random
import re

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def _three(n: int, inner: bool) -> str:
    """0 < n < 1000 in words; ``inner`` when a higher group precedes it ("một nghìn không trăm")."""
    hundreds, rest = divmod(n, 100)
    tens, unit = divmod(rest, 10)
    words: list[str] = []
    if hundreds or inner:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if unit:
            words += (["linh"] if words else []) + [_DIGITS[unit]]
    elif tens == 1:
        words.append("mười")
        if unit:
            words.append("lăm" if unit == 5 else _DIGITS[unit])
    else:
        words += [_DIGITS[tens], "mươi"]
        if unit:
            words.append({1: "mốt", 4: "tư", 5: "lăm"}.get(unit, _DIGITS[unit]))
    return " ".join(words)


def in_words(n: int) -> str:
    """A whole number 0 <= n < 10^12 in Vietnamese words ("1000" -> "một nghìn")."""
    if n == 0:
        return "không"
    parts: list[str] = []
    for scale, name in ((10**9, "tỷ"), (10**6, "triệu"), (10**3, "nghìn"), (1, "")):
        group, n = divmod(n, scale)
        if group:
            parts.append((_three(group, bool(parts)) + (" " + name if name else "")).strip())
    return " ".join(parts)


# A whole number (dots group thousands) followed by a unit provinces spell out with it.
_NUMBER_UNIT = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+|\d+)(?![\d,]|\.\d)\s*"
    r"(m²|m³|m2|m3|tháng|năm|giờ|ngày|người|nhân viên|tỷ|triệu|cửa hàng|đại lý|phòng)"
)
_UNIT_WORDS = {"m²": "mét vuông", "m2": "mét vuông", "m³": "mét khối", "m3": "mét khối"}


def numbers_in_words(rng: random.Random, text: str) -> str:
    """ "tối thiểu 50 m²" -> "tối thiểu năm mươi mét vuông" (one number, sometimes all)."""
    found = list(_NUMBER_UNIT.finditer(text))
    if not found:
        return text
    chosen = found if rng.random() < 0.5 else [rng.choice(found)]
    for m in sorted(chosen, key=lambda x: -x.start()):
        value = int(m.group(1).replace(".", ""))
        unit = _UNIT_WORDS.get(m.group(2), m.group(2))
        text = text[: m.start()] + f"{in_words(value)} {unit}" + text[m.end() :]
    return text


_COMPARATORS = (
    (re.compile(r"\btối thiểu (là )?(?=\d)"), ("ít nhất ", "không nhỏ hơn ", ">= ", "≥ ")),
    (re.compile(r"\bít nhất (?=\d)"), ("tối thiểu ", ">= ", "không dưới ")),
)


def comparator(rng: random.Random, text: str) -> str:
    for pattern, options in _COMPARATORS:
        if pattern.search(text):
            return pattern.sub(rng.choice(options), text, count=1)
    m = re.search(r"\btối thiểu (\d[\d.,]*\s*\S+)", text)
    if m:  # "tối thiểu 30 m²" -> "từ 30 m² trở lên"
        return text[: m.start()] + f"từ {m.group(1)} trở lên" + text[m.end() :]
    return text


# Abbreviations in the tune half of the hand-written texts (longest first).
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("phòng cháy, chữa cháy", "PCCC"),
    ("phòng cháy và chữa cháy", "PCCC"),
    ("phòng, chống cháy nổ", "PCCN"),
    ("máy móc, thiết bị", "MMTB"),
    ("cơ sở kinh doanh", "CSKD"),
    ("người lao động", "NLĐ"),
    ("an toàn hóa chất", "ATHC"),
    ("giấy xác nhận", "GXN"),
    ("Giấy xác nhận", "GXN"),
    ("Giấy chứng nhận", "GCN"),
    ("thương nhân", "TN"),
    ("kinh nghiệm", "KN"),
    ("chuyên ngành", "CN"),
    ("chuyên môn", "CM"),
    ("nhân viên", "NV"),
    ("cán bộ", "CB"),
    ("cửa hàng", "CH"),
    ("trung cấp", "TC"),
    ("đại học", "ĐH"),
    ("cao đẳng", "CĐ"),
    ("nhà xưởng", "NX"),
    ("hóa chất", "HC"),
    ("diện tích", "DT"),
    ("sản xuất", "SX"),
    ("hợp đồng", "HĐ"),
    ("pháp luật", "PL"),
    ("điều kiện", "ĐK"),
    ("văn bản", "VB"),
    ("thời gian", "TG"),
    ("Sở Y tế", "SYT"),
    ("Bộ Y tế", "BYT"),
    ("xăng dầu", "XD"),
    ("doanh nghiệp", "DN"),
    ("kinh doanh", "KD"),
    ("thiết bị", "TB"),
)


def abbreviate(rng: random.Random, text: str, level: float) -> str:
    for long, short in ABBREVIATIONS:
        if long in text and rng.random() < 0.3 + 0.5 * level:
            text = text.replace(long, short)
    if rng.random() < 0.3:
        text = text.replace(" và ", " & ", 1)
    if rng.random() < 0.3:
        text = re.sub(r"(\w) hoặc (\w)", r"\1/\2", text, count=1)
    return text


def keep_the_number(text: str) -> str:
    """A split restatement: only the clauses up to the one holding the number ("Có địa điểm cố
    định, diện tích tối thiểu 50 m², tách biệt…" -> "Có địa điểm cố định, diện tích tối thiểu 50 m²")."""
    body = text.rstrip(" .;")
    clauses = body.split(", ")
    last = max((i for i, c in enumerate(clauses) if re.search(r"\d", c)), default=-1)
    if last < 0 or last == len(clauses) - 1:
        return text
    return ", ".join(clauses[: last + 1]) + "."


_LEADS = ("Cơ sở phải ", "Điều kiện: ", "Yêu cầu: ", "Đáp ứng: ", "- ", "+ ")


def lead(rng: random.Random, text: str) -> str:
    start = rng.choice(_LEADS)
    first = text[:1].lower() if start.endswith(": ") or start[0].isalpha() else text[:1]
    if start == "Cơ sở phải " and not text.startswith("Có "):
        return text
    return start + first + text[1:]


def apply(
    rng: random.Random, text: str, level: float, whole: bool = False
) -> tuple[str, list[str]]:
    """A province-style copy of ``text`` and the names of the operations applied.

    Same contract as :func:`corpora.generator.noise.apply`; ``level`` (0..1) is the province's
    carelessness; ``whole`` keeps every clause (no split restatement).
    """
    ops: list[str] = []

    def step(name: str, new: str) -> None:
        nonlocal text
        if new != text:
            text = new
            ops.append(name)

    if rng.random() < 0.15 + 0.3 * level and not whole:
        step("keep_the_number", keep_the_number(text))
    if rng.random() < 0.3 + 0.3 * level:
        step("comparator", comparator(rng, text))
    if rng.random() < 0.2 + 0.4 * level:
        step("numbers_in_words", numbers_in_words(rng, text))
    if rng.random() < 0.2 + 0.5 * level:
        step("abbreviate", abbreviate(rng, text, level))
    if rng.random() < 0.3:
        step("lead", lead(rng, text))
    return text, ops
