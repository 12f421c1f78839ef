"""The noise real provincial texts carry: rewording, reordering, abbreviation, dropped diacritics,
decomposed Unicode, OCR-split syllables ("Qu ả ng"), typos and Ð (U+00D0) for Đ.

No operation touches a digit: a restated condition keeps its numbers (50 m² must stay 50), because
the diff engine decides "old version of an amended condition" on them. Only abbreviating "m²" to
"m2", as real texts do, adds a digit after a unit.
"""

from __future__ import annotations

import random
import re
import unicodedata

REWORDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("tối thiểu", ("ít nhất", "không dưới", "tối thiểu là")),
    ("phục vụ hoạt động", ("phục vụ cho hoạt động", "để phục vụ hoạt động")),
    ("theo quy định của pháp luật", ("theo quy định", "theo quy định hiện hành")),
    ("có bằng", ("có văn bằng", "tốt nghiệp")),
    ("năm kinh nghiệm", ("năm kinh nghiệm làm việc", "năm công tác")),
    ("được kiểm định định kỳ", ("có kiểm định định kỳ", "kiểm định định kỳ")),
    ("do cơ quan có thẩm quyền cấp", ("do cơ quan nhà nước có thẩm quyền cấp",)),
    ("diện tích sử dụng", ("diện tích",)),
    ("thuộc quyền sử dụng hợp pháp", ("thuộc quyền sử dụng hợp pháp của cơ sở",)),
    ("làm việc toàn thời gian", ("làm việc chính thức", "toàn thời gian")),
    ("phải đáp ứng", ("đáp ứng",)),
    ("trở lên", ("trở lên", "hoặc cao hơn")),
    ("với số lượng", ("số lượng",)),
)
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("Giấy chứng nhận", "GCN"),
    ("giấy chứng nhận", "GCN"),
    ("phòng cháy, chữa cháy", "PCCC"),
    ("an toàn thực phẩm", "ATTP"),
    ("cơ quan có thẩm quyền", "CQ có thẩm quyền"),
    ("doanh nghiệp", "DN"),
    ("kinh doanh", "KD"),
    ("m²", "m2"),
    ("đại học", "ĐH"),
    ("cao đẳng", "CĐ"),
    ("hợp đồng", "HĐ"),
    ("chứng chỉ hành nghề", "CCHN"),
    ("ngân hàng thương mại", "NHTM"),
    ("Người phụ trách chuyên môn", "Người PTCM"),
    ("trang thiết bị", "TTB"),
    ("cơ sở", "CS"),
    ("Ủy ban nhân dân", "UBND"),
)
_STRIP = str.maketrans({"đ": "d", "Đ": "D"})
_WORD = re.compile(r"[^\W\d_]{4,}")
_NON_ASCII_WORD = re.compile(r"\b[^\W\d_]*[^\x00-\x7f][^\W\d_]*\b")


def reword(rng: random.Random, text: str) -> str:
    candidates = [(a, b) for a, b in REWORDINGS if a in text]
    for old, news in rng.sample(candidates, min(len(candidates), rng.randint(1, 2))):
        text = text.replace(old, rng.choice(news), 1)
    if text.startswith("Có ") and rng.random() < 0.4:
        text = rng.choice(("Phải có ", "Cơ sở có ")) + text[3:]
    return text


# Trailing clauses that can move to the front without changing the meaning.
MOVABLE = ("diện tích", "với số lượng", "lưu giữ dữ liệu", "bồi dưỡng lại", "với diện tích")


def reorder(rng: random.Random, text: str) -> str:
    """ "A, diện tích tối thiểu 50 m²." -> "Diện tích tối thiểu 50 m², a." (real provinces do this)."""
    body = text.rstrip(".;")
    if ", " not in body:
        return text
    first, second = body.rsplit(", ", 1)
    if not second.startswith(MOVABLE):
        return text
    return second[:1].upper() + second[1:] + ", " + first[:1].lower() + first[1:] + "."


def abbreviate(rng: random.Random, text: str) -> str:
    for long, short in ABBREVIATIONS:
        if long in text and rng.random() < 0.7:
            text = text.replace(long, short)
    return text


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_STRIP))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def decompose(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def ocr_split(rng: random.Random, text: str) -> str:
    """ "quầy" -> "qu ầ y": OCR output splits a syllable around its accented vowel."""
    words = [m for m in _NON_ASCII_WORD.finditer(text) if len(m.group(0)) >= 3]
    if not words:
        return text
    m = rng.choice(words)
    word = m.group(0)
    i = next((k for k, ch in enumerate(word) if ord(ch) > 127 and 0 < k < len(word) - 1), -1)
    if i < 0:
        return text
    split = word[:i] + " " + word[i] + " " + word[i + 1 :]
    return text[: m.start()] + split + text[m.end() :]


def typo(rng: random.Random, text: str) -> str:
    words = list(_WORD.finditer(text))
    if not words:
        return text
    m = rng.choice(words)
    w = m.group(0)
    i = rng.randrange(1, len(w) - 1)
    new = w[:i] + w[i + 1] + w[i] + w[i + 2 :] if rng.random() < 0.5 else w[:i] + w[i + 1 :]
    return text[: m.start()] + new + text[m.end() :]


def eth(text: str) -> str:
    return text.replace("Đ", "\u00d0")


def apply(rng: random.Random, text: str, level: float) -> tuple[str, list[str]]:
    """A noisy copy of `text` and the names of the operations applied (recorded in the truth).

    `level` (0..1) is the province's carelessness. At most one heavy operation (no diacritics,
    OCR split) per text, so a human still recognises the condition.
    """
    ops: list[str] = []

    def step(name: str, new: str) -> None:
        nonlocal text
        if new != text:  # record only what changed the text
            text = new
            ops.append(name)

    if rng.random() < 0.25 + 0.5 * level:
        step("reword", reword(rng, text))
    if rng.random() < 0.1 + 0.2 * level:
        step("reorder", reorder(rng, text))
    if rng.random() < 0.1 + 0.4 * level:
        step("abbreviate", abbreviate(rng, text))
    heavy = rng.random()
    if heavy < 0.04 * level:
        step("no_diacritics", strip_diacritics(text))
    elif heavy < 0.12 * level:
        step("ocr_split", ocr_split(rng, text))
    if rng.random() < 0.06 * level:
        step("typo", typo(rng, text))
    if rng.random() < 0.03:
        step("nfd", decompose(text))
    if "Đ" in text and rng.random() < 0.05:
        step("eth", eth(text))
    return text, ops
