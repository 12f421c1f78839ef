"""The Investment Law's list of conditional business lines, and matching texts to it.

Phụ lục IV of Luật Đầu tư is a two-column table "STT | Ngành, nghề". Amending laws insert
letter-suffixed numbers ("29a", "90a") and leave repealed numbers empty rather than renumbering
(there is no item 11), so a line's identity is its number *as printed*, a string.

Readers: :func:`read_csv` (``stt,nganh_nghe``), :func:`from_rows` (any table whose header has
STT and Ngành, nghề, e.g. pipe rows or `Unit.rows`), :func:`from_html` and :func:`from_document`.
Each returns :class:`BusinessLine` objects in list order.

Naming (:class:`BusinessLineIndex`): which lines a text names, as a phrase of the line's activity,
never by a similarity score. Linking (:class:`DocumentLines`): which lines a condition belongs
to, from what the document's structure says (lead, article heading, section, scope article).
This is the one link rule: the registry's consolidation and :mod:`parsers.conditions` use it.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from parsers.ministries import ministry_named
from parsers.model import Document
from parsers.normalize import clean, fold, squash_spaces
from parsers.table_rows import html_table_rows, tables_of

_NUMBER = re.compile(r"^\s*(\d{1,3}[a-z]?)\s*\.?\s*$", re.IGNORECASE)


@dataclass(slots=True)
class BusinessLine:
    """One conditional business line.

    `number` as printed ("29a"); `name` cleaned text; `folded` for matching; `ministry` a code
    from :data:`parsers.ministries.MINISTRIES` when the list states it (group row or "của Bộ …" in the name), else "".
    `order` is the position in the list (0-based), which survives gaps and inserted numbers.
    """

    number: str
    name: str
    folded: str = ""
    ministry: str = ""
    order: int = 0

    def __post_init__(self) -> None:
        if not self.folded:
            self.folded = fold(self.name)


class BusinessLineError(ValueError):
    """A list that cannot be read; the message names the source and the problem."""


def ministry_of(text: str) -> str:
    """Ministry code named in a text ("… của Bộ Công Thương" → "BCT"), or ""."""
    return ministry_named(text)


def _line(number: str, name: str, order: int, ministry: str) -> BusinessLine:
    name = squash_spaces(clean(name).replace("\n", " "))
    return BusinessLine(
        number=number.lower(), name=name, order=order, ministry=ministry_of(name) or ministry
    )


def read_csv(source: str | Path, *, text: str | None = None) -> list[BusinessLine]:
    """Lines from a ``stt,nganh_nghe`` CSV (path, or `text` with `source` naming it)."""
    name = str(source)
    if text is None:
        try:
            text = Path(source).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as e:
            raise BusinessLineError(f"{name}: cannot read: {e}") from e
    reader = csv.reader(io.StringIO(clean(text)))
    header = next(reader, None)
    if not header or len(header) < 2:
        raise BusinessLineError(f"{name}: empty or not a two-column CSV")
    rows = [header, *reader]
    lines = from_rows(rows)
    if not lines:
        raise BusinessLineError(f"{name}: no numbered business line rows")
    return lines


def _is_header(row: Sequence[str]) -> bool:
    if _NUMBER.match(row[0]):
        return False
    cells = [fold(c).strip() for c in row]
    return cells[0] in ("stt", "tt", "so tt", "so thu tu") or any(
        "nganh" in c and "nghe" in c and len(c) < 40 for c in cells
    )


def from_rows(rows: Iterable[Sequence[str]], *, require_header: bool = False) -> list[BusinessLine]:
    """Lines from table rows: the number cell, then the name cell.

    Group rows ("I | NGÀNH, NGHỀ THUỘC PHẠM VI QUẢN LÝ CỦA BỘ CÔNG AN" or a merged row naming a
    ministry) set the ministry of the lines below them. With `require_header`, rows before a
    "STT | Ngành, nghề" header are ignored and a table without one yields nothing (for scanning
    arbitrary documents).
    """
    lines: list[BusinessLine] = []
    ministry = ""
    seen_header = not require_header
    for row in rows:
        cells = [c.strip() for c in row if c is not None]
        if len(cells) < 2:
            if cells and (named := ministry_of(cells[0])) and seen_header:
                ministry = named
            continue
        if _is_header(cells):
            seen_header = True
            continue
        if not seen_header:
            continue
        m = _NUMBER.match(cells[0])
        name = next((c for c in cells[1:] if c), "")
        if m and name:
            lines.append(_line(m.group(1), name, len(lines), ministry))
        elif (
            not m
            and (g := ministry_of(" ".join(cells)))
            and not any(_NUMBER.match(c) for c in cells)
        ):
            ministry = g
    return lines


def from_html(html: str) -> list[BusinessLine]:
    """Lines from the first HTML table whose header reads STT | Ngành, nghề."""
    for rows in html_table_rows(clean(html)):
        lines = from_rows(rows, require_header=True)
        if lines:
            return lines
    return []


def from_document(doc: Document) -> list[BusinessLine]:
    """Lines from every "STT | Ngành, nghề" table of a parsed document, in order."""
    out: list[BusinessLine] = []
    for table in tables_of(doc):
        for line in from_rows(table.rows, require_header=True):
            line.order = len(out)
            out.append(line)
    return out


# --- which lines a text names ---------------------------------------------------------------------
#
# A text names a line when it contains the line's activity as a phrase: the name without its
# "Kinh doanh" head ("dịch vụ bảo vệ", "xăng dầu"), an item of an enumerating name ("sản phẩm thuốc
# lá", "nguyên liệu thuốc lá") or a wording decrees use for it ("kinh doanh thuốc" for "Kinh doanh
# dược"). Phrases are compared on lower-cased text with diacritics kept ("bảo vệ" is not "bào
# chế"), and where two phrases overlap the longer wins ("dịch vụ bảo vệ thực vật" is line 161, not
# line 10). There is no similarity score: a text that does not contain a phrase names no line.

# Heads dropped from a name to get its activity; "dịch vụ" is kept ("dịch vụ bảo vệ").
_HEADS = re.compile(r"^(?:kinh doanh|hoạt động kinh doanh của|hoạt động của)\s+")
# Verbs that turn a one-word activity ("dược", "rượu", "khí") into a phrase: alone it is too common.
_VERBS = (
    "kinh doanh",
    "bán",
    "sản xuất",
    "mua bán",
    "bán buôn",
    "bán lẻ",
    "phân phối",
    "hành nghề",
    "xuất khẩu",
    "nhập khẩu",
)
# Words that say nothing alone about which line an item of an enumerating name is ("máy móc",
# "sửa chữa", "dịch vụ kiểm định"): an item needs two other syllables to name a line.
_GENERIC_WORDS = frozenset(
    """dịch vụ kinh doanh hoạt động sản xuất nhập khẩu xuất khẩu tạm nhập tái xuất tạm xuất
    tái nhập chế biến nghiên cứu chế tạo thử nghiệm sửa chữa bảo dưỡng bảo hành kiểm định
    đánh giá đào tạo huấn luyện quản lý xét nghiệm gia công vận chuyển dự báo kiểm nghiệm
    khảo nghiệm đóng mới hoán cải lập quy hoạch thiết kế tổ chức thi công tư vấn giám sát dự án
    trang thiết bị máy móc sản phẩm hàng hóa phương tiện vật tư linh kiện phụ tùng bộ phận kỹ
    thuật công nghệ quảng cáo trưng bày cất giữ ngân hàng xây dựng tài chính kiểm tra tập kết
    bán buôn bán lẻ phân phối mua bán ghi âm ghi hình định vị người các và của trong tại việt
    nam nước ngoài khác chuyên dùng cung ứng khai thác vận hành tái chế làm mới phân tích hóa
    chất chăn nuôi thể thao du lịch hải quan mạng internet""".split()  # noqa: SIM905 (syllables)
)
# Wordings of decrees for the list's activities, folded text → list wording. "thuốc" alone is
# medicine ("dược") unless tobacco, pesticide, veterinary drugs or explosives, which have lines of
# their own; "thuốc" and "thuộc" differ only in diacritics, which are kept here.
_WORDINGS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:nhà thuốc|quầy thuốc|tủ thuốc)\b"), "kinh doanh dược"),
    (re.compile(r"\bthuốc(?!\s+(?:lá|bảo vệ|thú y|nổ|phóng|diệt|pháo))\b"), "dược"),
    (re.compile(r"\b(?:dược phẩm)\b"), "dược"),
    (re.compile(r"\brượu bia\b"), "rượu"),
    (re.compile(r"\b(kinh doanh|sản xuất|bán buôn|bán lẻ|mua bán|phân phối) thuốc lá\b"), r"\1 sản phẩm thuốc lá"),
]  # fmt: skip
_NON_WORD = re.compile(r"[^\w\-]+")
_AND = re.compile(r"(?<!\S)và(?!\S)")
# A phrase taken from a "Kinh doanh X" name ("xăng dầu", "hóa chất", "hàng miễn thuế") names the
# line only as an activity: right after one of these words ("thương nhân xuất khẩu, nhập khẩu xăng
# dầu", "sản xuất, kinh doanh hóa chất", "công nhận kho ngoại quan"), not as goods ("đối với hàng
# hóa là xăng dầu", "cửa hàng miễn thuế"); an item of an enumerating name may follow its
# neighbours ("kinh doanh quân trang, quân dụng cho lực lượng vũ trang"): an activity word among
# the four words before it. Names that start with their own activity ("Sản xuất con dấu", "dịch
# vụ bảo vệ") need none.
_ACTIVITY = re.compile(
    r"(?<!\w)(?:kinh doanh|sản xuất|mua bán|mua|bán|bán buôn|bán lẻ|phân phối|xuất khẩu|nhập khẩu|"
    r"tạm nhập|tái xuất|chế biến|cung ứng|cung cấp|đại lý|hành nghề|gia công|sang chai|san chiết|"
    r"đóng gói|pha chế|hoạt động|dịch vụ|công nhận|thành lập|hoạt động(?: kinh doanh)? của)\s*$"
)
_SELF_ACTIVITY = re.compile(
    r"^(?:dịch vụ|hoạt động|hành nghề|sản xuất|xuất khẩu|nhập khẩu|khai thác|nuôi|đào tạo|"
    r"đăng kiểm|đại lý|môi giới|cung ứng|kiểm định|kiểm toán|kinh doanh|mua bán|bán|phân phối|"
    r"cơ sở|nghiên cứu|chế biến|nuôi trồng)\b"
)


# What a text excludes or details names nothing: "(trừ kinh doanh trò chơi điện tử có thưởng …)",
# "(không bao gồm …)", "(bao gồm thuốc thú y, …)", ", trừ in bao bì".
_EXCLUDED = re.compile(r"\((?:trừ|không bao gồm|bao gồm)[^()]*\)|,\s*trừ\s[^;.:()]*")


def _norm(text: str, *, keep_exclusions: bool = False) -> str:
    """Lower-cased NFC text with the decrees' wordings mapped, exclusions dropped and
    punctuation as single spaces."""
    low = clean(text).lower()
    if not keep_exclusions:
        low = _EXCLUDED.sub(" ", low)
    for pattern, repl in _WORDINGS:
        low = pattern.sub(repl, low)
    # "và" joins items the list and the decrees write with or without it ("gia dụng (và) y tế").
    return " " + " ".join(_AND.sub(" ", _NON_WORD.sub(" ", low)).split()) + " "


def _activity_names(name: str) -> list[str]:
    """The name without exclusions and notes, and its variants with a parenthesised synonym
    ("ka-ra-ô-kê (karaoke)" → "karaoke")."""
    low = clean(name).lower()
    low = re.split(r",\s*trừ\s+|\s*\((?:bao gồm|không bao gồm|trừ)", low, maxsplit=1)[0]
    variants = [re.sub(r"\s*\([^()]*\)", "", low)]
    swapped = re.sub(r"\S+\s*\(([^()\s]+)\)", r"\1", low)
    if swapped != low:
        variants.append(re.sub(r"\s*\([^()]*\)", "", swapped))
    return [squash_spaces(v).strip(" ,;.") for v in variants]


def _distinctive(item: str) -> bool:
    """Whether an item of a name says which line it is: three syllables or more, two of them not
    generic words (one after "dịch vụ": "dịch vụ karaoke")."""
    sylls = item.split()
    if len(sylls) < 3:
        return False
    rest = [s for s in sylls if s not in _GENERIC_WORDS]
    return len(rest) >= 2 or (item.startswith("dịch vụ ") and len(rest) == 1)


def _phrases(line: BusinessLine) -> tuple[list[str], list[str]]:
    """(whole activity phrases, item phrases) of a line, normalised like :func:`_norm`."""
    whole: list[str] = []
    items: list[str] = []
    for variant in _activity_names(line.name):
        core = _HEADS.sub("", variant)
        core_n = _norm(core).strip()
        if not core_n:
            continue
        if " " not in core_n:
            whole.extend(f"{verb} {core_n}" for verb in _VERBS)
        else:
            whole.append(core_n)
            if core_n.startswith("các ") and core_n.count(" ") >= 2:
                whole.append(core_n[4:])  # "(các) thiết bị gây nhiễu, phá sóng …"
        service = core_n.startswith("dịch vụ ")
        for part in re.split(r"\s*[,;]\s*", core):
            part_n = _norm(part).strip()
            if service and not part_n.startswith("dịch vụ "):
                part_n = "dịch vụ " + part_n
            if part_n != core_n and _distinctive(part_n):
                items.append(part_n)
    # "dịch vụ cai nghiện thuốc lá" is also written "hoạt động cai nghiện thuốc lá", "cơ sở cai
    # nghiện thuốc lá": without "dịch vụ" (and three syllables at least) after an activity word.
    items.extend(
        p[len("dịch vụ ") :]
        for p in (*whole, *items)
        if p.startswith("dịch vụ ") and len(p.split()) >= 5
    )
    return whole, items


def _at_every_start(phrases: list[str]) -> re.Pattern[str] | None:
    """A pattern whose matches are the longest phrase at every start (overlapping), in group 1."""
    if not phrases:
        return None
    alternatives = "|".join(re.escape(p) for p in phrases)  # longest first
    return re.compile(r"(?<!\w)(?=(" + alternatives + r")(?!\w))")


@dataclass(slots=True)
class LineMatch:
    line: BusinessLine
    score: float
    # The phrase of the line found in the text (evidence).
    matched: list[str] = field(default_factory=list)


class BusinessLineIndex:
    """Which lines a text names; see the comment above for the rule."""

    def __init__(self, lines: Sequence[BusinessLine]) -> None:
        self.lines = list(lines)
        owners: dict[str, set[int]] = defaultdict(set)
        whole_of: dict[str, set[int]] = defaultdict(set)
        for i, line in enumerate(self.lines):
            whole, items = _phrases(line)
            for p in whole:
                whole_of[p].add(i)
            for p in items:
                owners[p].add(i)
        # An item two lines share names neither; a whole name wins over another line's item.
        self._owner: dict[str, list[int]] = {p: sorted(ix) for p, ix in whole_of.items()}
        for p, ix in owners.items():
            if len(ix) == 1 and p not in self._owner:
                self._owner[p] = sorted(ix)
        # Phrases that name a line only after an activity word (see _ACTIVITY); items may have
        # their list neighbours in between.
        self._needs_activity = {p for p in self._owner if not _SELF_ACTIVITY.match(p)}
        self._items = {p for p in self._owner if p not in whole_of}
        phrases = sorted(self._owner, key=lambda p: (-len(p), p))
        self._regex = _at_every_start(phrases)
        folded: dict[str, list[int]] = {}
        for p, owners_of in self._owner.items():
            folded.setdefault(fold(p), owners_of)
        self._folded_needs = {fold(p) for p in self._needs_activity}
        self._folded_items = {fold(p) for p in self._items}
        self._folded_activity = re.compile(fold(_ACTIVITY.pattern))
        self._folded_owner = folded
        fphrases = sorted(folded, key=lambda p: (-len(p), p))
        self._folded_regex = _at_every_start(fphrases)
        # A phrase two lines share ("dịch vụ in" of "Kinh doanh dịch vụ in" and "Kinh doanh dịch
        # vụ in, trừ in bao bì") names the one whose whole name the text contains, if one does.
        self._full = [_norm(line.name, keep_exclusions=True).strip() for line in self.lines]

    def named(self, text: str) -> list[LineMatch]:
        """Lines the text names, in the order they first appear."""
        if not text or self._regex is None or self._folded_regex is None:
            return []
        norm = _norm(text)
        regex, owner, needs, items, activity = (
            self._regex,
            self._owner,
            self._needs_activity,
            self._items,
            _ACTIVITY,
        )
        if norm.isascii():  # text written without diacritics: compare folded
            norm = " " + fold(norm).strip() + " "
            regex, owner = self._folded_regex, self._folded_owner
            needs, items = self._folded_needs, self._folded_items
            activity = self._folded_activity
        # Every start's longest phrase; those that need an activity word and have none wait.
        found = [(m.start(), m.start() + len(m.group(1)), m.group(1)) for m in regex.finditer(norm)]

        def governed(start: int, phrase: str) -> bool:
            if phrase not in needs:
                return True
            words = norm[:start].split()
            reach = 4 if phrase in items else 1
            return any(
                activity.search(" ".join(words[: len(words) - k][-5:])) for k in range(reach)
            )

        # Overlapping phrases: the longer wins ("kinh doanh khí" inside "kinh doanh khí công
        # nghiệp dễ cháy nổ" is the longer line's).
        accepted: list[tuple[int, int, str]] = []
        for cand in sorted(found, key=lambda c: (c[0] - c[1], c[0])):
            if governed(cand[0], cand[2]) and all(
                cand[1] <= a[0] or cand[0] >= a[1] for a in accepted
            ):
                accepted.append(cand)
        # The next item of a list an activity word governs ("kinh doanh hàng miễn thuế, kho bãi,
        # địa điểm làm thủ tục hải quan"): at most three words after an accepted one.
        changed = True
        while changed:
            changed = False
            for cand in sorted(found):
                if cand in accepted or any(
                    not (cand[1] <= a[0] or cand[0] >= a[1]) for a in accepted
                ):
                    continue
                if any(
                    a[1] <= cand[0] and len(norm[a[1] : cand[0]].split()) <= 3 for a in accepted
                ):
                    accepted.append(cand)
                    changed = True
        out: list[LineMatch] = []
        seen: set[int] = set()
        for _start, _end, phrase in sorted(accepted):
            owners = owner[phrase]
            if len(owners) > 1:
                raw = _norm(text, keep_exclusions=True)
                whole = [i for i in owners if self._full[i] in raw]
                if whole:
                    longest = max(len(self._full[i]) for i in whole)
                    owners = [i for i in whole if len(self._full[i]) == longest]
            for i in owners:
                if i not in seen:
                    seen.add(i)
                    out.append(LineMatch(self.lines[i], 1.0, [phrase]))
        return out

    def match(self, text: str, *, limit: int = 3, threshold: float = 0.0) -> list[LineMatch]:
        """The first `limit` lines `text` names (`threshold` is kept for callers; naming is
        yes or no)."""
        return self.named(text)[:limit]

    def best(self, text: str, *, threshold: float = 0.0) -> BusinessLine | None:
        found = self.named(text)
        return found[0].line if found else None


# --- which lines a document's provisions regulate -------------------------------------------------
#
# The law says which lines its provisions regulate in three places, used from the most specific:
# 1. the unit that introduces a condition ("Đối với cơ sở kinh doanh dịch vụ cầm đồ:") and the
#    article's own intro ("… cơ sở kinh doanh dịch vụ bảo vệ phải đáp ứng các điều kiện sau đây:");
# 2. the article heading ("Điều 11. Điều kiện về an ninh, trật tự đối với kinh doanh dịch vụ bảo
#    vệ"), then the headings of the section (mục) and chapter that hold it;
# 3. the document's scope: its title, its "Phạm vi điều chỉnh" / "Đối tượng áp dụng" articles and
#    an article listing the lines it covers ("Điều 3. Ngành, nghề đầu tư kinh doanh có điều kiện về
#    an ninh, trật tự …"). A general article (Điều 7 of NĐ 96/2016, "… áp dụng chung cho các ngành,
#    nghề") names no line, so it applies to every line of the scope.
# A condition gets the lines of the first level that names any; a document whose scope names no
# line leaves the conditions no level names unlinked, and so does a several-line scope for an
# article about a subject of its own (see _SPECIFIC).

_SCOPE_HEADING = re.compile(
    r"^(?:pham vi dieu chinh|pham vi ap dung|doi tuong ap dung|"
    r"nganh, nghe (?:dau tu )?kinh doanh co dieu kien|danh muc nganh, nghe)"
)
# A list item "Kinh doanh khí, gồm: Các hoạt động … theo Nghị định số 19/2016 về kinh doanh khí"
# names its line before "gồm"; what follows describes it and may mention other activities.
_DESCRIPTION = re.compile(r",?\s*(?:bao )?gồm\s*:|:\s*\S")
_SECTION_KINDS = ("chuong", "muc", "phan")
# An article about one subject of its own ("Điều kiện công nhận kho hàng không kéo dài", "Điều
# kiện đối với cơ sở thực hiện kiểm nghiệm", "… đối với kinh doanh dịch vụ đòi nợ", an activity
# the list no longer has) that names no listed line belongs to none of a
# several-line scope: giving it all of them would be a guess. A general article ("… áp dụng chung
# cho các ngành, nghề", "Yêu cầu đối với nhà xưởng, kho chứa") applies to every line of it.
_SPECIFIC = re.compile(
    r"\b(?:cong nhan|cap giay|cap phep|thanh lap|lap co so|doi voi (?:co so|to chuc|thuong nhan|"
    r"doanh nghiep|nguoi|ben)|cua (?:co so|to chuc|thuong nhan|nguoi)|"
    r"doi voi (?:hoat dong )?kinh doanh|dieu kien kinh doanh)\b"
)
_EXCLUSION = re.compile(r"\bkhong (?:ap dung|dieu chinh|thuoc doi tuong|thuoc pham vi)")


@dataclass(slots=True)
class LineLink:
    """The lines a condition belongs to and why: `basis` is "lead", "heading", "section", "scope"
    or "" (no level names a line), `source` the unit id (or "title") that names them."""

    numbers: list[str]
    basis: str = ""
    source: str = ""


@dataclass(slots=True)
class UnitRef:
    """What the link rule reads of a unit (parsed units and registry provisions alike)."""

    id: str
    kind: str
    parent: str | None
    heading: str
    text: str


def _scope_text(text: str) -> str:
    m = _DESCRIPTION.search(text)
    return text[: m.start()] if m else text


class DocumentLines:
    """The lines a document regulates, by unit; see the comment above for the rule."""

    def __init__(
        self, units: Sequence[UnitRef], index: BusinessLineIndex, *, title: str = ""
    ) -> None:
        self._index = index
        self._by_id = {u.id: u for u in units}
        self._cache: dict[str, list[str]] = {}
        scope: list[str] = []
        self.scope_sources: list[str] = []
        named_title = self.named(title)
        if named_title:
            scope.extend(named_title)
            self.scope_sources.append("title")
        scope_roots = {
            u.id
            for u in units
            if u.kind == "dieu" and _SCOPE_HEADING.match(fold(u.heading).strip())
        }
        excluded: set[str] = set()
        for u in units:
            root = u.id.split("__", 1)[0]
            if root not in scope_roots:
                continue
            if u.parent in excluded:
                continue
            # Sentences that exclude ("… không thuộc phạm vi điều chỉnh …") name no line; a unit
            # that introduces exclusions ("Nghị định này không áp dụng đối với:") takes its items.
            sentences = [x for x in re.split(r"\n|(?<=[.;])\s+", u.text) if x.strip()]
            kept = [x for x in sentences if not _EXCLUSION.search(fold(x))]
            if sentences and not kept and u.text.rstrip().endswith(":"):
                excluded.add(u.id)
            text = _scope_text(" ".join(kept))
            if u.id.count("__") > 1:
                # Below a listed line ("đ) Bao bì, tem, nhãn … dược phẩm") only an item that
                # starts with a line names one ("a) Kinh doanh dịch vụ karaoke").
                text = " ".join(text.split()[:8])
            found = self.named(text)
            if found:
                scope.extend(n for n in found if n not in scope)
                if root not in self.scope_sources:
                    self.scope_sources.append(root)
        self.scope = list(dict.fromkeys(scope))

    def named(self, text: str) -> list[str]:
        if not text:
            return []
        if text not in self._cache:
            self._cache[text] = [m.line.number for m in self._index.named(text)]
        return self._cache[text]

    def _sections(self, unit_id: str) -> list[UnitRef]:
        out: list[UnitRef] = []
        seen: set[str] = set()
        u = self._by_id.get(unit_id)
        parent = u.parent if u else None
        while parent and parent not in seen:
            seen.add(parent)
            p = self._by_id.get(parent)
            if p is None:
                break
            if p.kind in _SECTION_KINDS:
                out.append(p)
            parent = p.parent
        return out

    def link(
        self, article_id: str, leads: Sequence[str] = (), heading: str = "", text: str = ""
    ) -> LineLink:
        """Lines of a condition under article `article_id`, introduced by `leads` (outermost
        first, as :class:`~parsers.conditions.ConditionText` joins them).

        Where that gives several lines, a condition whose own `text` names some of them
        ("2. Cơ sở kinh doanh dịch vụ cầm đồ phải …" in an article for several lines, or an item
        "a) Kinh doanh công cụ hỗ trợ;" of a list of lines) belongs to those only.
        """
        found = self._link(article_id, leads, heading)
        if len(found.numbers) > 1 and text:
            own = [n for n in self.named(text) if n in found.numbers]
            if own:
                return LineLink(own, "text", found.source)
        return found

    def _link(self, article_id: str, leads: Sequence[str], heading: str) -> LineLink:
        article = self._by_id.get(article_id)
        for lead in reversed([x for x in leads if x]):
            found = self.named(lead)
            if found:
                return LineLink(found, "lead", article_id)
        found = self.named(heading or (article.heading if article else ""))
        if found:
            return LineLink(found, "heading", article_id)
        for section in self._sections(article_id):
            found = self.named(section.heading)
            if found:
                return LineLink(found, "section", section.id)
        heading = fold(heading or (article.heading if article else ""))
        if len(self.scope) == 1 or (self.scope and not _SPECIFIC.search(heading)):
            return LineLink(list(self.scope), "scope", ",".join(self.scope_sources))
        return LineLink([])
