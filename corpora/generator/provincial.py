"""Provincial decisions publishing procedures, and the truth about each of their requirements.

Two passes. The schedule (who publishes which procedure codes when, copying national texts as of
which date) is small and decides which versions still count (supersession, DOMAIN.md §5 merger).
Then each decision is rendered, written and forgotten, its truth rows streamed beside it, so
memory stays flat however many requirement texts the corpus holds.

A province "copies" the national conditions as of a snapshot date: diligent provinces copy the texts
in force on the day they publish, others re-use an older copy (their previous decision or a reference
date before the cuts), and some update only part of the list ("half did").
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from corpora.generator import noise, noise_province, provinces, vocab
from corpora.generator.draws import rand_date, rng_for
from corpora.generator.model import Condition, LegalDoc, Procedure, World
from corpora.generator.render import Doc, extension, ministry, render, short_date, slug, vn_date
from corpora.generator.scales import Scale
from corpora.generator.wording import vn_int
from parsers.normalize import clean

FIRST_DAY = date(2016, 1, 1)
LAST_OLD_DAY = date(2025, 6, 11)
FIRST_NEW_DAY = provinces.MERGER_DATE
LAST_NEW_DAY = date(2025, 12, 15)


@dataclass(slots=True)
class Version:
    unit: provinces.Unit
    new: bool
    ministry: str
    day: date
    number: str
    snapshot: date  # copy of national texts as of this date
    previous: date  # the older copy a half-updated decision still mixes in
    half: bool
    noise: float
    style: str  # "A" (a) … l)) or "B" (- … / + …)
    fmt: str
    procedures: list[Procedure]
    counted: dict[str, bool] = field(default_factory=dict)  # procedure code -> still counts

    @property
    def province_code(self) -> str:
        return self.unit.code

    @property
    def territory(self) -> tuple[str, ...]:
        return provinces.formed_from(self.unit.code) if self.new else (self.unit.code,)


def schedule(world: World, scale: Scale) -> list[Version]:
    seed = world.seed
    procs_by_ministry: dict[str, list[Procedure]] = {}
    for p in world.procedures:
        procs_by_ministry.setdefault(p.ministry, []).append(p)
    ministries = [m for m in vocab.MINISTRIES if m.code in procs_by_ministry]
    versions: list[Version] = []
    used_numbers: dict[str, set[int]] = {}
    refs: dict[str, date] = {}

    def number(rng: random.Random, code: str) -> str:
        used = used_numbers.setdefault(code, set())
        while True:
            n = rng.randint(100, 4999)
            if n not in used:
                used.add(n)
                return f"{n}/QĐ-UBND"

    for unit in provinces.OLD_UNITS:
        if scale.old_provinces is not None and unit.code not in scale.old_provinces:
            continue
        rng = rng_for(seed, "province", unit.code)
        diligence = rng.uniform(0.25, 0.95)
        level = rng.uniform(0.1, 0.7)
        style = rng.choice("AB")
        ref = rand_date(rng, FIRST_DAY, date(2017, 12, 31))
        refs[unit.code] = ref
        for m in ministries:
            count = rng.choice(scale.versions)
            days = sorted({rand_date(rng, FIRST_DAY, LAST_OLD_DAY) for _ in range(count)})
            previous = ref
            for day in days:
                current = rng.random() < diligence
                snapshot = day if current else min(previous, day)
                half = current and rng.random() < 0.2
                listing = [p for p in procs_by_ministry[m.code] if p.exists_on(snapshot)]
                chosen = _subset(rng, listing, 0.5, 0.95)
                if chosen:
                    versions.append(
                        Version(
                            unit,
                            False,
                            m.code,
                            day,
                            number(rng, unit.code),
                            snapshot,
                            previous,
                            half,
                            level,
                            style,
                            "md" if rng.random() < 0.8 else "tvpl",
                            chosen,
                        )
                    )
                if current and not half:
                    previous = day

    for unit in provinces.NEW_UNITS:
        if scale.new_provinces is not None and unit.code not in scale.new_provinces:
            continue
        rng = rng_for(seed, "new-province", unit.code)
        level = rng.uniform(0.05, 0.5)
        style = rng.choice("AB")
        olds = [refs[c] for c in provinces.formed_from(unit.code) if c in refs] or [
            date(2017, 6, 1)
        ]
        for m in ministries:
            if rng.random() < 0.45:
                continue
            day = rand_date(rng, FIRST_NEW_DAY, LAST_NEW_DAY)
            current = rng.random() < 0.85
            snapshot = day if current else rng.choice(olds)
            listing = [p for p in procs_by_ministry[m.code] if p.exists_on(snapshot)]
            chosen = _subset(rng, listing, 0.4, 0.8)
            if chosen:
                versions.append(
                    Version(
                        unit,
                        True,
                        m.code,
                        day,
                        number(rng, unit.code),
                        snapshot,
                        snapshot,
                        False,
                        level,
                        style,
                        "md" if rng.random() < 0.8 else "tvpl",
                        chosen,
                    )
                )
    _supersede(versions)
    return versions


def _subset(rng: random.Random, items: list[Procedure], low: float, high: float) -> list[Procedure]:
    if not items:
        return []
    k = max(1, round(len(items) * rng.uniform(low, high)))
    picked = sorted(rng.sample(range(len(items)), k))
    return [items[i] for i in picked]


def _supersede(versions: list[Version]) -> None:
    """A version of a code counts unless a later one replaces it on the same territory.

    Old units' decisions cover their own territory; a post-merger unit's decisions cover every
    old unit merged into it (and so replace their versions of the same code).
    """
    latest: dict[tuple[str, str], date] = {}  # (old territory code, procedure code) -> newest date
    for v in versions:
        for t in v.territory:
            for p in v.procedures:
                key = (t, p.code)
                if latest.get(key, date.min) < v.day:
                    latest[key] = v.day
    for v in versions:
        for p in v.procedures:
            v.counted[p.code] = all(latest[(t, p.code)] <= v.day for t in v.territory)


# --- the truth about one decision -------------------------------------------------------------


@dataclass(slots=True)
class Effects:
    """Effects on each base document: (effective, amending doc, amending article unit, target units)."""

    by_doc: dict[str, list[tuple[date, str, str, list[str]]]]

    @classmethod
    def of(cls, world: World) -> Effects:
        by_doc: dict[str, list[tuple[date, str, str, list[str]]]] = {}
        for ad in world.amending:
            for ai, art in enumerate(ad.targets, start=1):
                units = [
                    c.change.target_unit
                    for ins in art.instructions
                    for c in ins.conditions
                    if c.change
                ]
                by_doc.setdefault(art.target.number, []).append(
                    (ad.doc.effective, ad.doc.number, f"dieu_{ai}", units)
                )
        for effs in by_doc.values():
            effs.sort()
        return cls(by_doc)

    def amending_before(self, doc: str, on: date) -> list[tuple[date, str]]:
        return [(e, n) for e, n, _, _ in self.by_doc.get(doc, []) if e <= on]

    def first_after(
        self, doc: str, unit: str, after: date, until: date
    ) -> tuple[date, str, str] | None:
        for eff, number, by_unit, units in self.by_doc.get(doc, []):
            if after < eff <= until and (
                not unit or any(u == unit or u.startswith(unit + "__") for u in units)
            ):
                return eff, number, by_unit
        return None


def _gap(v: Version, kind: str, code: str, path: str, **kw: Any) -> dict[str, Any]:
    g: dict[str, Any] = {
        "kind": kind,
        "province": v.unit.title,
        "province_code": v.unit.code,
        "successor_code": v.unit.successor,
        "provincial_document": v.number,
        "provincial_date": v.day.isoformat(),
        "provincial_file": path,
        "procedure_code": code,
        "requirement_index": None,
        "requirement_id": None,
        "requirement_text": None,
        "document": "",
        "unit": "",
        "condition_id": None,
        "effect_document": "",
        "effect_unit": "",
        "effective": None,
    }
    g.update(kw)
    return g


@dataclass(slots=True)
class Requirement:
    text: str
    condition: Condition | None
    version: str  # "current" | "old" | "" (extra)
    ops: list[str]


# The noise models `dkkd corpus generate --noise` chooses from.
NOISE_MODELS = ("classic", "province")


def _requirements(
    rng: random.Random, v: Version, p: Procedure, noise_model: str = "classic"
) -> list[Requirement]:
    out: list[Requirement] = []
    for c in p.conditions:
        when = v.snapshot
        if v.half and rng.random() < 0.5:
            when = min(v.previous, v.day)
        text = c.text_on(when)
        if not text or rng.random() < 0.08:
            continue
        old = c.change is not None and c.change.kind == "amended" and when < c.change.effective
        out.append(Requirement(text, c, "old" if old else "current", []))
    if len(out) > 2 and rng.random() < 0.3:
        i = rng.randrange(len(out) - 1)
        out[i], out[i + 1] = out[i + 1], out[i]
    dept = department(p.ministry, v.unit.title)
    for _ in range(2):
        if rng.random() < 0.3:
            extra = rng.choice(vocab.PROVINCIAL_EXTRAS).format(k=rng.choice((3, 6, 12)), dept=dept)
            out.insert(rng.randrange(len(out) + 1), Requirement(extra + ".", None, "", []))
    for r in out:
        if noise_model == "province":
            # An amended condition is restated whole: its old and new versions may differ in a
            # clause a split restatement would drop.
            amended = r.condition is not None and r.condition.change is not None
            amended = amended and r.condition.change.kind == "amended"  # type: ignore[union-attr]
            r.text, r.ops = noise_province.apply(rng, r.text, v.noise, whole=amended)
        else:
            r.text, r.ops = noise.apply(rng, r.text, v.noise)
        if v.style == "B":  # "+ item;" lists
            r.text = r.text.rstrip(".") + ";"
    return out


def _basis_line(d: LegalDoc, article: int | None) -> str:
    who = "của Chính phủ" if d.kind == "NĐ" else f"của Bộ trưởng {ministry(d.ministry).name}"
    kind = "Nghị định" if d.kind == "NĐ" else "Thông tư"
    head = f"Điều {article} " if article else ""
    return f"{head}{kind} số {d.number} ngày {short_date(d.signed)} {who}"


def write_decisions(
    world: World,
    versions: list[Version],
    corpus: Path,
    truth: dict[str, IO[str]],
    progress: Callable[[int, int], None] | None = None,
    noise_model: str = "classic",
) -> dict[str, int]:
    """Render every decision, write it and its truth rows; return counts. ``progress(done,
    total)`` is told after each decision."""
    effects = Effects.of(world)
    amending_docs = {ad.doc.number: ad.doc for ad in world.amending}
    counts = {"decisions": 0, "procedure_versions": 0, "requirements": 0, "restating": 0}
    for done, v in enumerate(versions, start=1):
        if progress is not None:
            progress(done - 1, len(versions))
        rng = rng_for(world.seed, "decision", v.unit.code, v.new, v.ministry, v.day)
        name = f"qd-{v.number.split('/')[0]}-{v.day.year}-QD-UBND-{slug(v.unit.name)}-{v.ministry.lower()}"
        rel = f"provincial/{v.unit.code}-{slug(v.unit.name)}/{slug(name)}{extension(v.fmt)}"
        doc = _decision_header(v, rng)
        bodies: list[tuple[Procedure, list[Requirement], list[tuple[LegalDoc, int | None]]]] = []
        for p in v.procedures:
            reqs = _requirements(rng, v, p, noise_model)
            article = None
            if rng.random() < 0.25 and p.conditions:
                article = p.conditions[0].article
            bases: list[tuple[LegalDoc, int | None]] = [(p.base, article)]
            for _eff, num in effects.amending_before(p.base.number, v.snapshot):
                bases.append((amending_docs[num], None))
            bodies.append((p, reqs, bases))
        _decision_body(doc, v, bodies, rng)
        path = corpus / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(doc, v.fmt), encoding="utf-8")
        counts["decisions"] += 1
        _write(
            truth["documents"],
            {
                "path": f"corpus/{rel}",
                "number": v.number,
                "kind": "QĐ",
                "role": "provincial",
                "issuer": f"UBND {v.unit.title}",
                "province_code": v.unit.code,
                "successor_code": v.unit.successor,
                "post_merger": v.new,
                "ministry": v.ministry,
                "signed": v.day.isoformat(),
                "effective": [v.day.isoformat()],
            },
        )
        for p, reqs, bases in bodies:
            counts["procedure_versions"] += 1
            counted = v.counted[p.code]
            for g in _procedure_gaps(world, v, p, rel, counted):
                _write(truth["gaps"], g)
            for i, r in enumerate(reqs, start=1):
                counts["requirements"] += 1
                rid = f"{v.unit.code}:{v.number}:{p.code}:{i}"
                gap = None
                c = r.condition
                if c is not None:
                    counts["restating"] += 1
                    status = c.status_on(world.as_of)
                    if counted and status == "cut":
                        gap = "cut"
                    elif counted and status == "amended" and r.version == "old":
                        gap = "amended"
                text = clean(r.text)
                _write(
                    truth["requirements"],
                    {
                        "id": rid,
                        "province_code": v.unit.code,
                        "provincial_document": v.number,
                        "procedure_code": p.code,
                        "index": i,
                        "text": text,
                        "restates": c.id if c else None,
                        "restated_version": r.version or None,
                        "noise": r.ops,
                        "counted": counted,
                        "gap": gap,
                    },
                )
                if gap and c is not None and c.change is not None:
                    _write(
                        truth["gaps"],
                        _gap(
                            v,
                            gap,
                            p.code,
                            f"corpus/{rel}",
                            requirement_index=i,
                            requirement_id=rid,
                            requirement_text=text,
                            document=c.document,
                            unit=c.unit,
                            condition_id=c.id,
                            effect_document=c.change.document,
                            effect_unit=c.change.unit,
                            effective=c.change.effective.isoformat(),
                        ),
                    )
            for d, article in bases:
                unit = f"dieu_{article}" if article else ""
                stale = effects.first_after(d.number, unit, v.day, world.as_of) if counted else None
                _write(
                    truth["bases"],
                    {
                        "province_code": v.unit.code,
                        "provincial_document": v.number,
                        "provincial_date": v.day.isoformat(),
                        "procedure_code": p.code,
                        "document": d.number,
                        "unit": unit,
                        "counted": counted,
                        "stale": stale is not None,
                    },
                )
                if stale is not None:
                    eff, number, by_unit = stale
                    _write(
                        truth["gaps"],
                        _gap(
                            v,
                            "basis",
                            p.code,
                            f"corpus/{rel}",
                            document=d.number,
                            unit=unit,
                            effect_document=number,
                            effect_unit=by_unit,
                            effective=eff.isoformat(),
                        ),
                    )
    return counts


def _procedure_gaps(
    world: World, v: Version, p: Procedure, rel: str, counted: bool
) -> Iterator[dict[str, Any]]:
    if not counted:
        return
    # Abolished by its ministry, or else re-published after this version: one gap either way.
    if p.abolished is not None and p.abolished[1] <= world.as_of:
        due = [p.abolished]
    else:
        due = [(n, d) for n, d in p.republished if v.day < d <= world.as_of]
    for number, day in due[:1]:
        yield _gap(
            v,
            "procedure",
            p.code,
            f"corpus/{rel}",
            document=number,
            effect_document=number,
            effective=day.isoformat(),
        )


def _write(out: IO[str], row: dict[str, Any]) -> None:
    out.write(json.dumps(row, ensure_ascii=False) + "\n")


# --- layout -------------------------------------------------------------------------------------


def department(ministry_code: str, place: str) -> str:
    """ "Sở Y tế tỉnh Nghệ An", "Công an thành phố Đà Nẵng"."""
    return f"{ministry(ministry_code).department} {place[:1].lower()}{place[1:]}"


def _decision_header(v: Version, rng: random.Random) -> Doc:
    unit = v.unit
    issuer_place = unit.title
    if not v.new and unit.code == "46" and v.day >= date(2025, 1, 1):
        issuer_place = "Thành phố Huế"
    place = issuer_place.removeprefix("Tỉnh ").removeprefix("Thành phố ") or issuer_place
    if unit.city and place == issuer_place.removeprefix("Thành phố "):
        place = place if rng.random() < 0.5 else issuer_place
    if rng.random() < 0.05 * (1 + v.noise * 4):
        place = noise.ocr_split(rng, place)
    doc = Doc(["ỦY BAN NHÂN DÂN", issuer_place.upper()], v.number, f"{place}, {vn_date(v.day)}")
    dept = department(v.ministry, issuer_place)
    doc.signer = rng.choice(("CHỦ TỊCH", "KT. CHỦ TỊCH PHÓ CHỦ TỊCH"))
    doc.center("QUYẾT ĐỊNH")
    doc.center(f"VỀ VIỆC CÔNG BỐ THỦ TỤC HÀNH CHÍNH THUỘC THẨM QUYỀN GIẢI QUYẾT CỦA {dept.upper()}")
    doc.center(f"CHỦ TỊCH ỦY BAN NHÂN DÂN {issuer_place.upper()}")
    if v.new:
        doc.p("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;")
        doc.p(
            "Căn cứ Nghị quyết số 202/2025/QH15 ngày 12 tháng 6 năm 2025 của Quốc hội về việc sắp xếp đơn vị hành chính cấp tỉnh;"
        )
    else:
        doc.p("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;")
    doc.p(
        "Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ về kiểm soát thủ tục hành chính;"
    )
    doc.p(f"Theo đề nghị của Giám đốc {dept}.")
    doc.center("QUYẾT ĐỊNH:")
    doc.p(
        f"Điều 1. Công bố kèm theo Quyết định này {len(v.procedures):02d} thủ tục hành chính thuộc thẩm quyền "
        f"giải quyết của {dept}."
    )
    doc.p("Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.")
    doc.p(
        f"Điều 3. Chánh Văn phòng Ủy ban nhân dân, Giám đốc {dept} và các tổ chức, cá nhân có liên quan "
        "chịu trách nhiệm thi hành Quyết định này./."
    )
    return doc


def _decision_body(
    doc: Doc,
    v: Version,
    bodies: list[tuple[Procedure, list[Requirement], list[tuple[LegalDoc, int | None]]]],
    rng: random.Random,
) -> None:
    dept = department(v.ministry, v.unit.title)
    doc.center("PHẦN I. DANH MỤC THỦ TỤC HÀNH CHÍNH")
    rows = [["STT", "Mã TTHC", "Tên thủ tục hành chính", "Lĩnh vực", "Cơ quan thực hiện"]]
    for i, (p, _, _) in enumerate(bodies, start=1):
        rows.append([str(i), p.code, p.name, ministry(p.ministry).name.removeprefix("Bộ "), dept])
    doc.table(rows)
    doc.center("PHẦN II. NỘI DUNG CỤ THỂ CỦA TỪNG THỦ TỤC HÀNH CHÍNH")
    for i, (p, reqs, bases) in enumerate(bodies, start=1):
        basis_lines = [_basis_line(d, a) for d, a in bases]
        fee = rng.choice(
            (
                "Không",
                "Theo quy định của Bộ Tài chính",
                f"{vn_int(rng.choice((200, 500, 700, 1000)) * 1000)} đồng/hồ sơ",
            )
        )
        if v.style == "A":
            doc.p(f"{i}. Thủ tục {p.name} - Mã TTHC: {p.code}")
            doc.p(
                "a) Trình tự thực hiện: Tổ chức, cá nhân nộp hồ sơ tại Trung tâm Phục vụ hành chính công; cơ quan giải quyết thẩm định hồ sơ và trả kết quả."
            )
            doc.p(
                "b) Cách thức thực hiện: Trực tiếp, qua dịch vụ bưu chính công ích hoặc trực tuyến."
            )
            doc.p(
                "c) Thành phần, số lượng hồ sơ: Đơn đề nghị theo mẫu; tài liệu chứng minh đáp ứng điều kiện. Số lượng: 01 bộ."
            )
            doc.p(
                f"d) Thời hạn giải quyết: {rng.choice((5, 10, 15, 20))} ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."
            )
            doc.p("đ) Đối tượng thực hiện thủ tục hành chính: Tổ chức, cá nhân.")
            doc.p(f"e) Cơ quan thực hiện thủ tục hành chính: {dept}.")
            doc.p("g) Kết quả thực hiện thủ tục hành chính: Giấy chứng nhận hoặc văn bản trả lời.")
            doc.p(f"h) Phí, lệ phí: {fee}.")
            doc.p(
                "i) Tên mẫu đơn, mẫu tờ khai: Theo mẫu ban hành kèm theo văn bản quy phạm pháp luật."
            )
            if reqs:
                doc.p("k) Yêu cầu, điều kiện thực hiện thủ tục hành chính:")
                for r in reqs:
                    doc.p(f"- {r.text}")
            else:
                doc.p("k) Yêu cầu, điều kiện thực hiện thủ tục hành chính: Không.")
            doc.p("l) Căn cứ pháp lý của thủ tục hành chính:")
            for b in basis_lines:
                doc.p(f"- {b}.")
        else:
            doc.p(f"{i}. {p.name} (Mã TTHC: {p.code})")
            doc.p("- Trình tự thực hiện:")
            doc.p("+ Tổ chức, cá nhân nộp hồ sơ tại Bộ phận một cửa;")
            doc.p("+ Cơ quan giải quyết kiểm tra hồ sơ, thẩm định thực tế và trả kết quả.")
            doc.p("- Cách thức thực hiện: Trực tiếp hoặc qua đường bưu điện.")
            doc.p(f"- Thời hạn giải quyết: {rng.choice((5, 10, 15, 20))} ngày làm việc.")
            doc.p(f"- Cơ quan thực hiện: {dept}.")
            doc.p(f"- Lệ phí: {fee}.")
            if reqs:
                doc.p("- Yêu cầu, điều kiện thực hiện thủ tục hành chính:")
                for r in reqs:
                    doc.p(f"+ {r.text}")
            else:
                doc.p("- Yêu cầu, điều kiện thực hiện thủ tục hành chính: Không có.")
            doc.p("- Căn cứ pháp lý của thủ tục hành chính:")
            for b in basis_lines:
                doc.p(f"+ {b}.")
