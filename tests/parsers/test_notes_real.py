"""Pháp điển source notes against the corpus's own index of them (phapdien-amendment-notes.tsv)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from parsers.citations import CHAIN_RE, parse_chain
from parsers.decode import decode
from parsers.model import Op
from parsers.normalize import clean, fold, normalize_number
from parsers.notes import iter_note_lines, note_effects, parse_note

TSV = "phapdien-amendment-notes.tsv"


def _tokens(name: str) -> set[str]:
    return set(re.sub(r"^[\d.]+-", "", name.removesuffix(".md")).split("-"))


def _rows_for(md: Path, rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Rows of `md`'s đề mục: same basename (our files may prefix the đề mục number), else the
    only repo file whose name holds all of ours' words (ours drop "cua", "ve", ...)."""
    ours = re.sub(r"^phapdien-(?:[\d.]+-)?", "", md.name)
    paths = {r["phapdien_file"] for r in rows}
    same = [p for p in paths if p.rsplit("/", 1)[-1] == ours]
    if not same:
        words = _tokens(ours)
        same = [p for p in paths if words <= _tokens(p.rsplit("/", 1)[-1])]
    if len(same) != 1:
        return []
    return [r for r in rows if r["phapdien_file"] == same[0]]


def _expected_by(amended_by: str) -> tuple[str, str]:
    m = CHAIN_RE.search(amended_by)
    unit = parse_chain(m.group())[0].unit_id() if m and m.start() < 3 else ""
    num = re.search(r"số[ ]+(\S+?)(?:[ ,]|$)", amended_by)
    return unit, normalize_number(num.group(1)) if num else ""


def _disagreement(row: dict[str, str]) -> str:
    note = parse_note(clean(row["note"]))
    if note is None:
        return "not parsed"
    problems = []
    if note.source_article != row["source_article"]:
        problems.append(f"article {note.source_article!r} != {row['source_article']!r}")
    if note.source_document != normalize_number(row["source_doc_no"]):
        problems.append(f"document {note.source_document!r} != {row['source_doc_no']!r}")
    if not fold(note.source_doc_type).startswith(fold(row["source_doc_type"])):
        problems.append(f"type {note.source_doc_type!r} != {row['source_doc_type']!r}")
    expected_ops = {o for o in row["operations"].split(";") if o}
    if set(note.operations) != expected_ops:
        problems.append(f"operations {note.operations} != {sorted(expected_ops)}")
    if expected_ops:
        unit, number = _expected_by(row["amended_by"])
        if (note.amended_by_unit, note.amended_by) != (unit, number):
            problems.append(f"by {note.amended_by_unit} {note.amended_by} != {unit} {number}")
    return "; ".join(problems)


@pytest.fixture(scope="module")
def rows(real_dir: Path) -> list[dict[str, str]]:
    with (real_dir / TSV).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_notes_agree_with_index(real_dir: Path, rows: list[dict[str, str]]) -> None:
    total = agree = 0
    report: list[str] = []
    for md in sorted(real_dir.glob("phapdien-*.md")):
        mine = _rows_for(md, rows)
        text, _enc = decode(md.read_bytes(), md.name)
        found = {" ".join(fold(n.text).strip(" ()").split()) for n in iter_note_lines(text)}
        for row in mine:
            total += 1
            problem = _disagreement(row)
            key = " ".join(fold(clean(row["note"])).strip(" ()").split())
            if key not in found:
                problem = (problem + "; " if problem else "") + "not found in the .md file"
            if problem:
                report.append(f"{md.name} {row['phapdien_article'][:40]}: {problem}")
            else:
                agree += 1
    assert total > 400
    share = agree / total
    print(f"\npháp điển notes agreeing with {TSV}: {agree}/{total} = {share:.2%}")
    for line in report:
        print("  disagreement:", line)
    assert share >= 0.99


NOTE_CASES = [
    (
        "(Điều 14 Nghị định số 54/2017/NĐ-CP, có hiệu lực thi hành kể từ ngày 01/07/2017, có nội "
        "dung bị bãi bỏ bởi Điều 4 Nghị định số 155/2018/NĐ-CP có hiệu lực thi hành kể từ ngày "
        "12/11/2018)",
        [("repeal", "54/2017/NĐ-CP", "dieu_14", "155/2018/NĐ-CP", "dieu_4", "2018-11-12", True)],
    ),
    (
        "(Điều 9 Luật số 105/2016/QH13, có hiệu lực thi hành kể từ ngày 01/01/2017, bị bãi bỏ bởi "
        "Điều 3 Luật số 28/2018/QH14 có hiệu lực thi hành kể từ ngày 01/01/2019)",
        [("repeal", "105/2016/QH13", "dieu_9", "28/2018/QH14", "dieu_3", "2019-01-01", False)],
    ),
    (
        "(Điều 11 Thông tư số 35/2018/TT-BYT, có hiệu lực thi hành kể từ ngày 01/01/2019, có nội "
        "dung được sửa đổi, có nội dung được bổ sung, có nội dung bị bãi bỏ bởi Điều 1 Thông tư số "
        "12/2022/TT-BYT có hiệu lực thi hành kể từ ngày 05/01/2023)",
        [
            ("amend", "35/2018/TT-BYT", "dieu_11", "12/2022/TT-BYT", "dieu_1", "2023-01-05", True),
            ("insert", "35/2018/TT-BYT", "dieu_11", "12/2022/TT-BYT", "dieu_1", "2023-01-05", True),
            ("repeal", "35/2018/TT-BYT", "dieu_11", "12/2022/TT-BYT", "dieu_1", "2023-01-05", True),
        ],
    ),
    (
        "(Điều 2 Thông tư số 24/2019/TT-BGTVT, có hiệu lực thi hành kể từ ngày 01/10/2019, bị ngưng "
        "hiệu lực bởi Điều 1 Thông tư số 27/2022/TT-BGTVT, có hiệu lực thi hành kể từ ngày 28/11/2022)",
        [
            (
                "suspend",
                "24/2019/TT-BGTVT",
                "dieu_2",
                "27/2022/TT-BGTVT",
                "dieu_1",
                "2022-11-28",
                False,
            )
        ],
    ),
    (
        "(Điều 1 Luật số 105/2016/QH13 Dược ngày 06/04/2016 của Quốc hội, có hiệu lực thi hành kể "
        "từ ngày 01/01/2017 )",
        [],
    ),
    (
        "(Điều 82a Bộ luật số 95/2015/QH13, có hiệu lực thi hành kể từ ngày 01/07/2017, được bổ sung "
        "bởi Điều 1 Luật số 1/2020/QH14 có hiệu lực thi hành kể từ ngày 01/01/2021)",
        [("insert", "95/2015/QH13", "dieu_82a", "01/2020/QH14", "dieu_1", "2021-01-01", False)],
    ),
]


@pytest.mark.parametrize(("note", "expected"), NOTE_CASES)
def test_note_effects(note: str, expected: list[tuple[object, ...]]) -> None:
    parsed = parse_note(note, 0)
    assert parsed is not None
    got = [
        (
            e.op.value,
            e.target_document,
            e.target_unit,
            e.by_document,
            e.by_unit,
            str(e.effective),
            e.partial,
        )
        for e in note_effects(parsed)
    ]
    assert got == expected
    assert all(e.source == "note" for e in note_effects(parsed))
    assert Op.REPEAL.value == "repeal"
