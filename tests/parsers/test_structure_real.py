"""Structure parser on the real corpus (../shared/corpora/real; skipped when absent)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from parsers.html_text import html_to_text
from parsers.model import Unit, UnitKind
from parsers.normalize import clean
from parsers.structure import parse_structure
from tests.conftest import REAL, real_file

# An article heading of a pháp điển đề mục: "Điều 45.4.NĐ.1.1. Tên" at the start of a line.
PHAPDIEN_ARTICLE = re.compile(r"^[ \t]*Điều (\d+(?:\.(?:\d+[a-zđ]?|[A-ZĐ]+))+)\.(?:\s|$)", re.M)
TOC_HEADING = "## Danh sách điều khoản"


def parse_real(name: str) -> tuple[str, list[Unit]]:
    text = clean(real_file(name).read_text(encoding="utf-8"))
    if name.endswith(".html"):
        text, _ = html_to_text(text)
    units, _ = parse_structure(text)
    return text, units


def of_kind(units: list[Unit], kind: UnitKind) -> list[Unit]:
    return [u for u in units if u.kind is kind]


PHAPDIEN = sorted(p.name for p in REAL.glob("phapdien-*.md")) if REAL.is_dir() else []


@pytest.mark.parametrize("name", PHAPDIEN)
def test_phapdien_every_article_with_its_source_note(name: str) -> None:
    text, units = parse_real(name)
    # Counted independently: article heading lines of the body (the closing table of contents
    # repeats them), each followed by its parenthesised source note.
    body = text.split(TOC_HEADING)[0]
    expected: dict[str, bool] = {}
    lines = body.split("\n")
    for i, line in enumerate(lines):
        m = PHAPDIEN_ARTICLE.match(line)
        if not m or m.group(1) in expected:
            continue  # the same code twice in a body is one article (checked below)
        nxt = next((x.strip() for x in lines[i + 1 : i + 6] if x.strip()), "")
        expected[m.group(1)] = nxt.startswith("(") and nxt.endswith(")")
    articles = {u.number: u for u in of_kind(units, UnitKind.DIEU)}
    missing = sorted(set(expected) - set(articles))
    assert not missing, f"{name}: {len(missing)} articles not parsed, e.g. {missing[:5]}"
    extra = sorted(set(articles) - set(expected))
    assert not extra, f"{name}: unexpected articles {extra[:5]}"
    no_note = [n for n, has in expected.items() if has and not articles[n].note]
    assert not no_note, f"{name}: notes not attached to {no_note[:5]}"
    for n, has in expected.items():
        if has:
            assert articles[n].note not in articles[n].text
    assert sum(1 for u in units if u.kind is UnitKind.DIEU and u.note) >= 0.95 * len(expected)


def test_phapdien_repealed_placeholders_and_related_lines() -> None:
    _, units = parse_real("phapdien-duoc.md")
    repealed = [u for u in units if u.repealed]
    assert len(repealed) >= 80  # PROVENANCE.md: 89 "1. (được bãi bỏ)" placeholders
    assert all(u.kind in (UnitKind.KHOAN, UnitKind.DIEM, UnitKind.DIEU) for u in repealed)
    related = [r for u in units for r in u.related]
    assert len(related) >= 110  # lines that are only such a cross-reference
    assert all(r.startswith("(Điều này có nội dung liên quan") for r in related)


def test_phapdien_largest_file_parses_fast() -> None:
    path = real_file("phapdien-hai-quan.md")
    text = clean(path.read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    units, _ = parse_structure(text)
    elapsed = time.perf_counter() - t0
    assert len(of_kind(units, UnitKind.DIEU)) > 1000
    assert elapsed < 3.0, f"{elapsed:.2f} s for {len(text)} characters"


@pytest.mark.parametrize(
    ("name", "articles", "chapters"),
    [
        ("vbpl-html-toanvan-bo-luat-hinh-su-100-2015-QH13.html", 426, 26),
        ("vbpl-html-toanvan-hien-phap-2013.html", 120, 11),
    ],
)
def test_vbpl_full_text_pages(name: str, articles: int, chapters: int) -> None:
    text, units = parse_real(name)
    arts = of_kind(units, UnitKind.DIEU)
    assert len(arts) == articles
    assert [a.number for a in arts] == [str(i) for i in range(1, articles + 1)]
    assert len(of_kind(units, UnitKind.CHUONG)) == chapters
    # page furniture is gone: no script or menu text before the document
    assert "function" not in text and "ShowDialog" not in text


def test_vbpl_consolidated_page_without_full_text_has_no_articles() -> None:
    # The saved VBHN page carries only metadata and a download link, no full text.
    _, units = parse_real("vbpl-html-vbhn-31-VBHN-VPQH-luat-xu-ly-vi-pham-hanh-chinh.html")
    assert not of_kind(units, UnitKind.DIEU)


def test_nd_75_2021_original() -> None:
    _, units = parse_real("nd-75-2021-ND-CP-goc.md")
    ids = {u.id for u in units}
    assert [u.number for u in of_kind(units, UnitKind.DIEU)] == [str(i) for i in range(1, 17)]
    assert [u.id for u in of_kind(units, UnitKind.PHU_LUC)] == [
        f"phu_luc_{r}" for r in ("I", "II", "III", "IV", "V", "VI")
    ]
    assert len(of_kind(units, UnitKind.KHOAN)) >= 45
    assert len(of_kind(units, UnitKind.DIEM)) >= 30
    assert {"dieu_4__khoan_1", "dieu_6__khoan_1"} <= ids
    tables = [u for u in of_kind(units, UnitKind.TABLE) if u.parent == "phu_luc_I"]
    assert tables and len(tables[0].rows) > 30
    assert all(len(r) == len(tables[0].rows[0]) for r in tables[0].rows[:1])


def test_vbhn_4804_consolidated() -> None:
    _, units = parse_real("vbhn-4804-2024-VBHN-BLDTBXH-hop-nhat-nd-75-2021.md")
    arts = of_kind(units, UnitKind.DIEU)
    # Articles 1-16 of the consolidated decree; the amending decrees' closing articles printed
    # after the appendices are out of sequence and stay text.
    assert [u.number for u in arts] == [str(i) for i in range(1, 17)]
    appendices = of_kind(units, UnitKind.PHU_LUC)
    assert [u.number for u in appendices] == ["I", "II", "III", "IV", "V", "VI"]
    for a in appendices:
        assert any(t.parent == a.id and t.rows for t in of_kind(units, UnitKind.TABLE))
    assert len(of_kind(units, UnitKind.KHOAN)) >= 40


def test_nd_55_2023_quoted_text_never_becomes_units() -> None:
    _, units = parse_real("nd-55-2023-ND-CP-sua-doi-nd-75-2021.md")
    arts = of_kind(units, UnitKind.DIEU)
    assert [(a.number, a.heading[:20]) for a in arts] == [
        ("1", "Sửa đổi, bổ sung một"),
        ("2", "Điều khoản thi hành"),
        ("3", "Trách nhiệm thi hành"),
    ]
    items = [u for u in of_kind(units, UnitKind.KHOAN) if u.parent == "dieu_1"]
    assert [u.number for u in items] == ["1", "2", "3", "4", "5", "6"]
    # every quoted “Điều N.” / “2.” / “c)” is inside an instruction's text
    quoted = [u for u in units if u.text.count("“") and u.parent and u.parent.startswith("dieu_1")]
    assert any("“Điều 3. Mức chuẩn trợ cấp ưu đãi" in u.text for u in quoted)
    k4 = {u.number for u in of_kind(units, UnitKind.DIEM) if u.parent == "dieu_1__khoan_4"}
    assert k4 == {"a", "b", "c", "d", "đ"}
    d = next(u for u in units if u.id == "dieu_1__khoan_4__diem_d")
    assert "a) Giám định ADN" in d.text and "Các nội dung khác" in d.text


def test_luat_24_2012_html_instructions() -> None:
    text, units = parse_real("luat-24-2012-QH13-sua-doi-bo-sung-luat-dien-luc.html")
    items = [u for u in of_kind(units, UnitKind.KHOAN) if u.parent == "dieu_1"]
    assert [u.number for u in items] == [str(i) for i in range(1, 25)]
    assert "dieu_2" in {u.id for u in units}
    assert not any(u.id in ("dieu_8a", "dieu_62", "dieu_59a") for u in units)
    k4 = next(u for u in items if u.number == "4")
    assert "“Điều 8a." in k4.text
    assert text[k4.start : k4.end].startswith("4. Bổ sung Điều 8a")
    d2 = [u for u in units if u.parent == "dieu_2"]
    assert len(d2) == 5
    assert "<a" not in text and "chuong_1" not in text


def test_lai_chau_ocr_html_tables() -> None:
    _, units = parse_real("qd-UBND-LaiChau-2025-du-thao-cong-bo-TTHC-ho-tro-dau-tu.mineru-ocr.md")
    tables = of_kind(units, UnitKind.TABLE)
    assert tables
    for t in tables:
        widths = {len(r) for r in t.rows}
        assert len(widths) == 1, f"{t.id}: ragged rows after rowspan/colspan expansion"
    assert [u.number for u in of_kind(units, UnitKind.DIEU)] == ["1", "2", "3"]


def test_every_real_text_parses(real_dir: Path) -> None:
    for path in sorted(real_dir.iterdir()):
        if path.suffix not in (".md", ".html"):
            continue
        text = clean(path.read_text(encoding="utf-8"))
        if path.suffix == ".html":
            text, _ = html_to_text(text)
        units, _ = parse_structure(text)
        ids = [u.id for u in units]
        assert len(ids) == len(set(ids)), path.name
        for u in units:
            assert 0 <= u.start <= u.end <= len(text), (path.name, u.id)
