"""Vietnam's provincial-level units: the 63 before the 2025 merger and the 34 after (DOMAIN.md §5).

A clean data module (no parsing logic beyond name lookup) so the registry can reuse it. Codes are the
GSO/NSO two-digit codes; after 1 Jul 2025 (QĐ 19/2025/QĐ-TTg) a code such as 15 or 52 names a
different territory than before, so every unit carries its validity period and lookups take a date.

:func:`resolve_province` is the one reading of a province a person types (API, dashboard, CLI,
scan): a name, an old name or alias, or a code, on a date, gives the authority answering that day
and the territories (old, pre-merger units) it covers; anything else is refused with the closest
names. A territory is an old unit: it is the smallest area whose published procedures can differ.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from rapidfuzz import fuzz, process

from parsers.normalize import fold

# NQ 202/2025/QH15 took effect on 12 Jun 2025; the old local governments kept working until the
# new ones started on 1 Jul 2025 (DOMAIN.md §5), so that is the day a province's successor answers.
MERGER_DATE = date(2025, 7, 1)


@dataclass(frozen=True, slots=True)
class Province:
    code: str
    name: str
    # "tinh" (province) or "thanh_pho" (centrally-run city)
    kind: str
    valid_from: date | None
    valid_to: date | None
    # Code of the unit this one became (old units) or the old codes it was formed from (new units).
    successor: str = ""
    formed_from: tuple[str, ...] = ()
    aliases: tuple[str, ...] = field(default=())

    def valid_on(self, on: date) -> bool:
        return (self.valid_from is None or on >= self.valid_from) and (
            self.valid_to is None or on < self.valid_to
        )


def _old(code: str, name: str, successor: str, kind: str = "tinh", *aliases: str) -> Province:
    return Province(code, name, kind, None, MERGER_DATE, successor=successor, aliases=aliases)


def _new(code: str, name: str, formed_from: str, kind: str = "tinh", *aliases: str) -> Province:
    return Province(
        code,
        name,
        kind,
        MERGER_DATE,
        None,
        formed_from=tuple(formed_from.split()),
        aliases=aliases,
    )


# The 63 units before 1 Jul 2025: code, name, code of the unit it became.
OLD_PROVINCES: tuple[Province, ...] = (
    _old("01", "Hà Nội", "01", "thanh_pho"),
    _old("02", "Hà Giang", "08"),
    _old("04", "Cao Bằng", "04"),
    _old("06", "Bắc Kạn", "19", "tinh", "Bắc Cạn"),
    _old("08", "Tuyên Quang", "08"),
    _old("10", "Lào Cai", "15"),
    _old("11", "Điện Biên", "11"),
    _old("12", "Lai Châu", "12"),
    _old("14", "Sơn La", "14"),
    _old("15", "Yên Bái", "15"),
    _old("17", "Hòa Bình", "25"),
    _old("19", "Thái Nguyên", "19"),
    _old("20", "Lạng Sơn", "20"),
    _old("22", "Quảng Ninh", "22"),
    _old("24", "Bắc Giang", "24"),
    _old("25", "Phú Thọ", "25"),
    _old("26", "Vĩnh Phúc", "25"),
    _old("27", "Bắc Ninh", "24"),
    _old("30", "Hải Dương", "31"),
    _old("31", "Hải Phòng", "31", "thanh_pho"),
    _old("33", "Hưng Yên", "33"),
    _old("34", "Thái Bình", "33"),
    _old("35", "Hà Nam", "37"),
    _old("36", "Nam Định", "37"),
    _old("37", "Ninh Bình", "37"),
    _old("38", "Thanh Hóa", "38"),
    _old("40", "Nghệ An", "40"),
    _old("42", "Hà Tĩnh", "42"),
    _old("44", "Quảng Bình", "44"),
    _old("45", "Quảng Trị", "44"),
    _old("46", "Thừa Thiên Huế", "46", "tinh", "Huế", "Thừa Thiên - Huế"),
    _old("48", "Đà Nẵng", "48", "thanh_pho"),
    _old("49", "Quảng Nam", "48"),
    _old("51", "Quảng Ngãi", "51"),
    _old("52", "Bình Định", "52"),
    _old("54", "Phú Yên", "66"),
    _old("56", "Khánh Hòa", "56"),
    _old("58", "Ninh Thuận", "56"),
    _old("60", "Bình Thuận", "68"),
    _old("62", "Kon Tum", "51"),
    _old("64", "Gia Lai", "52"),
    _old("66", "Đắk Lắk", "66", "tinh", "Đăk Lăk", "Đắc Lắc"),
    _old("67", "Đắk Nông", "68", "tinh", "Đăk Nông"),
    _old("68", "Lâm Đồng", "68"),
    _old("70", "Bình Phước", "75"),
    _old("72", "Tây Ninh", "80"),
    _old("74", "Bình Dương", "79"),
    _old("75", "Đồng Nai", "75"),
    _old("77", "Bà Rịa - Vũng Tàu", "79", "tinh", "Bà Rịa Vũng Tàu", "Bà Rịa-Vũng Tàu"),
    _old("79", "Hồ Chí Minh", "79", "thanh_pho", "TP.HCM", "TPHCM", "TP HCM"),
    _old("80", "Long An", "80"),
    _old("82", "Tiền Giang", "82"),
    _old("83", "Bến Tre", "86"),
    _old("84", "Trà Vinh", "86"),
    _old("86", "Vĩnh Long", "86"),
    _old("87", "Đồng Tháp", "82"),
    _old("89", "An Giang", "91"),
    _old("91", "Kiên Giang", "91"),
    _old("92", "Cần Thơ", "92", "thanh_pho"),
    _old("93", "Hậu Giang", "92"),
    _old("94", "Sóc Trăng", "92"),
    _old("95", "Bạc Liêu", "96"),
    _old("96", "Cà Mau", "96"),
)

# The 34 units from 1 Jul 2025 (QĐ 19/2025/QĐ-TTg): code, name, old codes merged into it.
NEW_PROVINCES: tuple[Province, ...] = (
    _new("01", "Hà Nội", "01", "thanh_pho"),
    _new("04", "Cao Bằng", "04"),
    _new("08", "Tuyên Quang", "02 08"),
    _new("11", "Điện Biên", "11"),
    _new("12", "Lai Châu", "12"),
    _new("14", "Sơn La", "14"),
    _new("15", "Lào Cai", "10 15"),
    _new("19", "Thái Nguyên", "06 19"),
    _new("20", "Lạng Sơn", "20"),
    _new("22", "Quảng Ninh", "22"),
    _new("24", "Bắc Ninh", "24 27"),
    _new("25", "Phú Thọ", "17 25 26"),
    _new("31", "Hải Phòng", "30 31", "thanh_pho"),
    _new("33", "Hưng Yên", "33 34"),
    _new("37", "Ninh Bình", "35 36 37"),
    _new("38", "Thanh Hóa", "38"),
    _new("40", "Nghệ An", "40"),
    _new("42", "Hà Tĩnh", "42"),
    _new("44", "Quảng Trị", "44 45"),
    _new("46", "Huế", "46", "thanh_pho", "Thừa Thiên Huế"),
    _new("48", "Đà Nẵng", "48 49", "thanh_pho"),
    _new("51", "Quảng Ngãi", "51 62"),
    _new("52", "Gia Lai", "52 64"),
    _new("56", "Khánh Hòa", "56 58"),
    _new("66", "Đắk Lắk", "54 66", "tinh", "Đăk Lăk", "Đắc Lắc"),
    _new("68", "Lâm Đồng", "60 67 68"),
    _new("75", "Đồng Nai", "70 75"),
    _new("79", "Hồ Chí Minh", "74 77 79", "thanh_pho", "TP.HCM", "TPHCM", "TP HCM"),
    _new("80", "Tây Ninh", "72 80"),
    _new("82", "Đồng Tháp", "82 87"),
    _new("86", "Vĩnh Long", "83 84 86"),
    _new("91", "An Giang", "89 91"),
    _new("92", "Cần Thơ", "92 93 94", "thanh_pho"),
    _new("96", "Cà Mau", "95 96"),
)

# Former or informal names people and documents still use → the old (pre-merger) code of the unit
# that held them: Hà Tây (merged into Hà Nội in 2008), cities of a province (Đà Lạt, Vũng Tàu, Nha
# Trang, Phan Thiết), Sài Gòn. After the merger they follow that unit to its successor.
EXTRA_ALIASES: dict[str, str] = {
    "Hà Tây": "01",
    "Đà Lạt": "68",
    "Vũng Tàu": "77",
    "Bà Rịa": "77",
    "Sài Gòn": "79",
    "Thành phố Huế": "46",
    "Nha Trang": "56",
    "Phan Thiết": "60",
}

_PREFIX = re.compile(r"^(?:tinh|thanh pho|tp\.?)\s+")
_DASHES = str.maketrans({c: " " for c in "-‐‑‒–—―"})


def folded_name(name: str) -> str:
    """Lookup key of a unit's name: folded, without "tỉnh"/"thành phố", single-spaced, no hyphens."""
    key = fold(unicodedata.normalize("NFC", name)).translate(_DASHES).replace(".", ". ")
    key = " ".join(key.split())
    return _PREFIX.sub("", key).replace(". ", ".")


@lru_cache(maxsize=2)
def _index(new: bool) -> dict[str, Province]:
    units = NEW_PROVINCES if new else OLD_PROVINCES
    out: dict[str, Province] = {}
    for p in units:
        for name in (p.name, *p.aliases):
            out[folded_name(name)] = p
    return out


def lookup(name: str, on: date | None = None) -> Province | None:
    """The unit called `name` on date `on` (before the merger when no date is given)."""
    new = on is not None and on >= MERGER_DATE
    return _index(new).get(folded_name(name))


@lru_cache(maxsize=2)
def _name_pattern(new: bool) -> re.Pattern[str]:
    names = sorted(_index(new), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b")


def find_province(text: str, on: date | None = None) -> Province | None:
    """The first unit named in `text` (e.g. an issuer line "UBND TỈNH HÀ GIANG"), or None."""
    new = on is not None and on >= MERGER_DATE
    key = " ".join(fold(text).replace("-", " ").split())
    m = _name_pattern(new).search(key)
    return _index(new)[m.group(1)] if m else None


# --- the one resolver ---------------------------------------------------------------------------

OLD_BY_CODE: dict[str, Province] = {p.code: p for p in OLD_PROVINCES}
NEW_BY_CODE: dict[str, Province] = {p.code: p for p in NEW_PROVINCES}


class UnknownProvince(ValueError):
    """A province nobody knows by that name or code; carries the closest names for the message."""

    def __init__(self, query: str, suggestions: tuple[str, ...] = ()) -> None:
        self.query = query
        self.suggestions = suggestions
        msg = f"Không có tỉnh, thành phố nào có tên hoặc mã “{query.strip()}”"
        if suggestions:
            msg += ". Tên gần nhất: " + ", ".join(suggestions) + "."
        else:
            msg += " (nhập tên, tên cũ hoặc mã 2 chữ số theo danh mục hành chính)."
        super().__init__(msg)


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    """What a typed province means on a date.

    ``authority`` is the unit that answers on ``on`` (the old unit itself before 1 Jul 2025, its
    successor from then); ``territories`` are the old codes whose procedures the answer covers: the
    old unit named, or every old unit a post-merger unit was formed from.
    """

    query: str
    on: date
    authority: Province
    territories: tuple[str, ...]
    # The unit the query named (an old unit for "Bình Thuận" even in 2026).
    named: Province

    @property
    def label(self) -> str:
        """ "Bình Thuận (nay thuộc tỉnh Lâm Đồng)", or "Lâm Đồng" for a current unit, for people."""
        a, n = self.authority, self.named
        if n is a:
            return a.name
        if n.name == a.name:
            return f"{a.name} (địa bàn trước ngày {MERGER_DATE:%d/%m/%Y})"
        return f"{n.name} (nay thuộc {'thành phố' if a.kind == 'thanh_pho' else 'tỉnh'} {a.name})"

    def to_dict(self) -> dict[str, object]:
        return {
            "query": self.query,
            "as_of": self.on.isoformat(),
            "code": self.authority.code,
            "name": self.authority.name,
            "era": "new" if self.authority.valid_from is not None else "old",
            "named": self.named.name,
            "label": self.label,
            "territories": [{"code": c, "name": OLD_BY_CODE[c].name} for c in self.territories],
        }


def territories_of(code: str, signed: date | None) -> tuple[str, ...]:
    """Old units a provincial decision covers: its own, or all those merged into a post-merger
    unit when it was signed on or after the merger."""
    if signed is not None and signed >= MERGER_DATE and code in NEW_BY_CODE:
        return NEW_BY_CODE[code].formed_from or (code,)
    return (code,)


def successor_of(code: str, signed: date | None) -> str:
    """The code of the unit answering today for a text of province ``code`` signed on ``signed``."""
    if not code:
        return ""
    if signed is not None and signed >= MERGER_DATE:
        return code if code in NEW_BY_CODE else ""
    old = OLD_BY_CODE.get(code)
    return old.successor if old is not None else ""


def covering_codes(territories: tuple[str, ...] | frozenset[str]) -> tuple[str, ...]:
    """New units whose area includes any of ``territories`` (old codes)."""
    want = set(territories)
    return tuple(p.code for p in NEW_PROVINCES if want & set(p.formed_from))


@lru_cache(maxsize=1)
def _old_index() -> dict[str, Province]:
    out = dict(_index(False))
    for alias, code in EXTRA_ALIASES.items():
        out.setdefault(folded_name(alias), OLD_BY_CODE[code])
    return out


@lru_cache(maxsize=1)
def _choices() -> dict[str, tuple[str, str]]:
    """Folded key → (the name shown in a suggestion, the unit it names) ("vung tau" → Vũng Tàu)."""
    out: dict[str, tuple[str, str]] = {}
    for era, units in (("new", NEW_PROVINCES), ("old", OLD_PROVINCES)):
        for p in units:
            unit = p.code if era == "new" else p.successor + "/" + p.code
            for name in (p.name, *p.aliases):
                out.setdefault(folded_name(name), (name, unit))
    for alias, code in EXTRA_ALIASES.items():
        out.setdefault(folded_name(alias), (alias, OLD_BY_CODE[code].successor + "/" + code))
    return out


def suggest(query: str, limit: int = 3) -> tuple[str, ...]:
    """The names closest to ``query`` (rapidfuzz over folded names), best first, one per unit;
    by edit distance when no name shares a word with it, so a refusal always shows some."""
    key = folded_name(query)
    if not key:
        return ()
    choices = _choices()
    found = process.extract(key, list(choices), scorer=fuzz.WRatio, limit=20, score_cutoff=1)
    if not found:
        found = process.extract(key, list(choices), scorer=fuzz.ratio, limit=20)
    names: list[str] = []
    units: set[str] = set()
    for k, _score, _i in found:
        name, unit = choices[k]
        if unit not in units and name not in names:
            units.add(unit)
            names.append(name)
    return tuple(names[:limit])


def resolve_province(query: str, on: date | None = None) -> Jurisdiction:
    """The authority answering for ``query`` (name, former name, alias or 2-digit code) on ``on``
    (default today) and the territories it covers; :class:`UnknownProvince` otherwise.

    Before 1 Jul 2025 a province is itself. From then a current unit (name or new code) covers
    every old unit it was formed from, and an old unit (name or old code no longer in use) is
    answered for by its successor but stays its own territory: "Bình Thuận" in 2026 is Lâm Đồng
    answering for the Bình Thuận area; "Lâm Đồng" in 2020 is only the old Lâm Đồng.
    """
    day = on or date.today()
    raw = " ".join(query.split())
    post = day >= MERGER_DATE
    named: Province | None = None
    if raw.isdigit() and len(raw) <= 2:
        code = raw.zfill(2)
        named = NEW_BY_CODE[code] if post and code in NEW_BY_CODE else OLD_BY_CODE.get(code)
    elif raw:
        key = folded_name(raw)
        named = (_index(True).get(key) if post else None) or _old_index().get(key)
    if named is None:
        raise UnknownProvince(query, () if raw.isdigit() else suggest(raw))
    if named.valid_from is not None:  # a current unit: the whole of its area
        return Jurisdiction(query, day, named, named.formed_from or (named.code,), named)
    if not post:
        return Jurisdiction(query, day, named, (named.code,), named)
    return Jurisdiction(query, day, NEW_BY_CODE[named.successor], (named.code,), named)
