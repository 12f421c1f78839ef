"""The real Word files officers get (thuvienphapluat's .doc downloads), read natively.

NĐ 96/2016 from its .doc is compared article by article with the same decree's articles in the
pháp điển chapter 39.4 (a consolidated text: see parsers.formats.compare for what is set aside
and how differences are classified). Run with ``-s`` to see the figures and every difference.
"""

from __future__ import annotations

import pytest

from parsers import parse_file
from parsers.formats import extract
from parsers.formats.compare import compare
from parsers.model import UnitKind
from parsers.phapdien import split_sources
from tests.conftest import real_file

ND96_DOC = "nd-96-2016-ND-CP-dieu-kien-an-ninh-trat-tu.doc"
ND71_DOC = "nd-71-2018-ND-CP-vat-lieu-no-cong-nghiep-tien-chat.doc"
PD_394 = "phapdien-39.4-dieu-kien-an-ninh-trat-tu-nganh-nghe-kinh-doanh-co-dieu-kien.md"

pytestmark = pytest.mark.real


def test_nd96_doc_matches_phapdien_article_by_article() -> None:
    doc = parse_file(real_file(ND96_DOC))
    pd = parse_file(real_file(PD_394))
    (source,) = [s for s in split_sources(pd)[0] if s.number == "96/2016/NĐ-CP"]
    result = compare(doc.units, source.units)

    print(f"\nNĐ 96/2016 from .doc: {len(result.read)} articles read")
    print(f"compared with pháp điển 39.4: {result.compared} articles present in both")
    print(f"equal as read: {result.equal_raw}/{result.compared}")
    for what, arts in result.artefacts.items():
        print(f"set aside ({what}): {', '.join(arts)}")
    print(f"equal after that: {result.equal}/{result.compared}")
    for d in result.diffs:
        print(f"  {d.article}: {d.kind}: {d.detail}")
    base = result.compared - result.consolidated
    print(
        f"equal among articles the consolidation left unchanged: {result.equal}/{base} "
        f"= {result.share_unchanged:.1%}"
    )

    assert result.read == [f"dieu_{n}" for n in range(1, 54)]
    assert not result.missing  # every pháp điển article of the decree was read from the .doc
    assert result.compared == 49  # pháp điển 39.4 omits Điều 9, 24, 26 and 47
    assert result.share_unchanged >= 0.98
    assert all(d.kind == "consolidation" for d in result.diffs), result.diffs
    # The debt-collection service (khoản 10 Điều 3, khoản 7 Điều 6, Điều 10, Điều 34) left the
    # list of conditional business lines with the Investment Law 2020: the consolidation drops it.
    assert sorted(d.article for d in result.diffs) == ["dieu_10", "dieu_3", "dieu_34", "dieu_6"]


def test_nd96_doc_metadata_and_header_table() -> None:
    doc = parse_file(real_file(ND96_DOC))
    md = doc.metadata
    assert (md.number, md.type, md.signed and md.signed.isoformat()) == (
        "96/2016/NĐ-CP",
        "Nghị định",
        "2016-07-01",
    )
    assert doc.format == "doc"
    header = doc.units[0]
    assert header.kind == UnitKind.TABLE
    assert header.rows[1][0] == "Số: 96/2016/NĐ-CP"
    # Every line of the text has an anchor; paragraphs count up in reading order.
    assert doc.anchors and doc.anchors[0].start == 0
    paragraphs = [a.paragraph for a in doc.anchors]
    assert paragraphs == sorted(paragraphs)
    assert not any(a.ocr for a in doc.anchors)


def test_nd71_doc_parses_to_plausible_structure() -> None:
    doc = parse_file(real_file(ND71_DOC))
    md = doc.metadata
    assert md.number == "71/2018/NĐ-CP"
    assert md.signed is not None and md.signed.isoformat() == "2018-05-15"
    chapters = [u.number for u in doc.units if u.kind == UnitKind.CHUONG]
    articles = [u.number for u in doc.units if u.kind == UnitKind.DIEU]
    assert chapters == ["I", "II", "III", "IV", "V"]
    assert articles == [str(n) for n in range(1, 21)]
    dieu_4 = [u.id for u in doc.units if u.id.startswith("dieu_4__")]
    assert "dieu_4__khoan_3__diem_b" in dieu_4
    assert any(u.kind == UnitKind.PHU_LUC for u in doc.units)


def test_doc_reader_is_pure() -> None:
    data = real_file(ND96_DOC).read_bytes()
    first = extract(data, ND96_DOC)
    again = extract(data, ND96_DOC)
    assert first.text == again.text and first.anchors == again.anchors
    assert first.reader.startswith("native")
    assert "Điều 53. Hướng dẫn thi hành và trách nhiệm thi hành" in first.text
