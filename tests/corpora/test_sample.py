"""The bundled sample: it parses, and expected-gaps.json agrees with its documents."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from corpora import SAMPLE_DIR
from corpora.generator.provinces import NEW_BY_CODE, OLD_BY_CODE
from parsers import parse_file
from parsers.normalize import clean, fold

DOCUMENTS = sorted(
    p for p in SAMPLE_DIR.rglob("*") if p.suffix in {".md", ".html"} and p.name != "README.md"
)
EXPECTED = json.loads((SAMPLE_DIR / "expected-gaps.json").read_text(encoding="utf-8"))
GAPS: list[dict[str, Any]] = EXPECTED["gaps"]


def _plain(path: Path) -> str:
    return clean(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")))


def _number_index() -> dict[str, Path]:
    """Document number -> file, read from the "Số: …" header line (independent of the parsers)."""
    out: dict[str, Path] = {}
    for p in DOCUMENTS:
        m = re.search(r"Số:\s*([^\s|<]+)", _plain(p))
        assert m, p
        out[m.group(1)] = p
    return out


NUMBERS = _number_index()


def _procedure_body(path: Path, code: str) -> list[str]:
    """Lines of one procedure's body in PHẦN II (from its title to the next procedure title)."""
    lines = [s.strip() for s in _plain(path).splitlines() if s.strip()]
    start = next(
        i
        for i, s in enumerate(lines)
        if code in s
        and not s.startswith("|")
        and "PHẦN II" not in s
        and i > next(k for k, t in enumerate(lines) if "PHẦN II" in t)
    )
    end = next(
        (
            i
            for i in range(start + 1, len(lines))
            if re.match(r"^\d+\. .*(Mã TTHC|Mã số)", lines[i])
        ),
        len(lines),
    )
    return lines[start:end]


def _requirements(path: Path, code: str) -> list[str]:
    body = _procedure_body(path, code)
    i = next(k for k, s in enumerate(body) if "Yêu cầu, điều kiện" in s)
    out = []
    for s in body[i + 1 :]:
        if s[0] not in "-+":
            break
        out.append(s.lstrip("-+ ").strip())
    return out


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_every_sample_document_parses(path: Path) -> None:
    doc = parse_file(path)
    assert doc.units, f"{path.name}: no units"
    assert not [w for w in doc.warnings if w.code.startswith("decode")]


def test_counts_add_up() -> None:
    kinds = [g["kind"] for g in GAPS]
    assert EXPECTED["counts"] == {
        "cut": kinds.count("cut"),
        "amended": kinds.count("amended"),
        "basis": kinds.count("basis"),
        "procedure": kinds.count("procedure"),
        "total": len(GAPS),
    }
    assert len({g["id"] for g in GAPS}) == len(GAPS)


@pytest.mark.parametrize("gap", GAPS, ids=lambda g: g["id"])
def test_gap_points_at_what_exists(gap: dict[str, Any]) -> None:
    pfile = SAMPLE_DIR / gap["provincial_file"]
    assert pfile.is_file()
    assert NUMBERS[gap["provincial_document"]] == pfile
    head = fold(_plain(pfile)[:600])
    assert fold(gap["province"]).replace(" ", "") in head.replace(" ", "")
    old = OLD_BY_CODE.get(gap["province_code"])
    signed = date.fromisoformat(gap["provincial_date"])
    unit = old if signed < date(2025, 7, 1) else NEW_BY_CODE[gap["province_code"]]
    assert unit is not None and unit.successor == gap["successor_code"]
    body = _procedure_body(pfile, gap["procedure_code"])

    # the national side: the document exists and holds the unit
    national = NUMBERS[gap["document"]]
    if gap["unit"]:
        assert gap["unit"] in {u.id for u in parse_file(national).units}, gap["unit"]
    effect = NUMBERS[gap["effect_document"]]
    eff = date.fromisoformat(gap["effective"])
    eff_text = _plain(effect)
    assert f"ngày {eff.day:02d} tháng {eff.month:02d} năm {eff.year}" in eff_text or (
        f"ngày {eff.day:02d} tháng {eff.month} năm {eff.year}" in eff_text
    )
    if gap["effect_unit"]:
        assert gap["effect_unit"] in {u.id for u in parse_file(effect).units}
    assert eff > signed or gap["kind"] in ("cut", "amended", "procedure")

    if gap["kind"] in ("cut", "amended"):
        reqs = _requirements(pfile, gap["procedure_code"])
        assert reqs[gap["requirement_index"] - 1] == gap["requirement_text"]
        assert gap["condition_id"] == f"{gap['document']}#{gap['unit']}"
        assert gap["requirement_id"] == (
            f"{gap['province_code']}:{gap['provincial_document']}:{gap['procedure_code']}:{gap['requirement_index']}"
        )
    elif gap["kind"] == "basis":
        assert eff > signed
        assert any(gap["document"] in s for s in body)
    else:
        assert gap["procedure_code"] in _plain(NUMBERS[gap["document"]])


def test_readme_describes_every_file() -> None:
    readme = (SAMPLE_DIR / "README.md").read_text(encoding="utf-8")
    for p in sorted(SAMPLE_DIR.rglob("*")):
        if p.is_file() and p.name != "README.md":
            # national files by full name, provincial ones as "qd-1108-2019-…-HaGiang-…"
            stem = p.name if p.parent.name != "provincial" else "-".join(p.name.split("-")[:3])
            assert stem in readme, p.name


PROVINCIAL = sorted((SAMPLE_DIR / "provincial").iterdir())


def _listed_items(path: Path) -> dict[str, list[str]]:
    """Per procedure code, the items under its "Yêu cầu, điều kiện" field, by a plain scan: the
    lines after the field that share the first item's list marker (independent of the parsers)."""
    lines = [s.strip() for s in _plain(path).splitlines() if s.strip()]
    part2 = next(k for k, t in enumerate(lines) if "PHẦN II" in t)
    out: dict[str, list[str]] = {}
    code = ""
    marker = ""
    inside = False
    for s in lines[part2 + 1 :]:
        title = re.match(r"^\d+\. .*?(\d\.\d{6})", s)
        if title:
            code, inside = title.group(1), False
            out[code] = []
        elif "Yêu cầu, điều kiện" in s:
            inside, marker = True, ""
        elif inside and not marker and s[0] in "-+":
            marker = s[0]
            out[code].append(s[1:].strip())
        elif inside and marker and s[0] == marker:
            out[code].append(s[1:].strip())
        else:
            inside = False
    return out


@pytest.mark.parametrize("path", PROVINCIAL, ids=lambda p: p.name[:24])
def test_parsers_read_every_procedure_body(path: Path) -> None:
    """Whatever the body style, each procedure comes with its code and its requirement items."""
    from parsers.procedures import procedures_of

    decision = procedures_of(parse_file(path))
    assert NUMBERS[decision.number] == path
    expected = _listed_items(path)
    assert expected and all(expected.values())
    got = {p.code: [r.text for r in p.requirements] for p in decision.procedures}
    assert got == expected
    assert all(p.legal_bases for p in decision.procedures)


def test_every_requirement_gap_is_found_by_its_id() -> None:
    from parsers.procedures import procedures_of

    found: dict[str, str] = {}
    for path in PROVINCIAL:
        decision = procedures_of(parse_file(path))
        for p in decision.procedures:
            for i, r in enumerate(p.requirements, start=1):
                found[f"{decision.province_code}:{decision.number}:{p.code}:{i}"] = r.text
    wanted = {g["requirement_id"]: g["requirement_text"] for g in GAPS if g["requirement_id"]}
    assert len(wanted) == 14
    assert {k: found.get(k) for k in wanted} == wanted


def test_conditions_of_the_national_documents() -> None:
    """The 34 conditions of the README, numbered by their document; amending decrees state none."""
    from parsers.conditions import conditions_of

    found: set[str] = set()
    for path in sorted((SAMPLE_DIR / "national").glob("nd-*")):
        doc = parse_file(path)
        ids = {f"{doc.metadata.number}#{c.unit_id}" for c in conditions_of(doc)}
        if "sua-doi" in path.name:
            assert not ids, path.name
        found |= ids
    assert len(found) == 34
    assert {g["condition_id"] for g in GAPS if g["condition_id"]} <= found
    assert {c.split("#")[0] for c in found} == {
        "54/2017/NĐ-CP",
        "15/2018/NĐ-CP",
        "83/2014/NĐ-CP",
        "67/2013/NĐ-CP",
        "96/2016/NĐ-CP",
    }
