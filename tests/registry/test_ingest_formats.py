"""Ingest reads Word and PDF files: the same registry rows and gaps as from Markdown, plus where.

The bundled sample with three provincial decisions swapped for their .pdf and .docx versions
(written by tests.formats.writers) scans to exactly the gaps `expected-gaps.json` holds, and
the gaps from the PDF decision point at the page their requirement was read on.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from corpora.scoring import compare, explain_misses, identity
from registry.scan.gaps import list_gaps
from registry.scan.run import scan
from registry.store import models as m
from registry.store.db import open_registry
from registry.store.ingest import ingest_paths
from tests.conftest import real_file

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "sample"
EXPECTED = json.loads((SAMPLE / "expected-gaps.json").read_text(encoding="utf-8"))
AS_PDF = "qd-512-2016-QD-UBND-BinhThuan-cong-bo-tthc-cong-thuong"
AS_DOCX = (
    "qd-2310-2020-QD-UBND-NgheAn-cong-bo-tthc-y-te",
    "qd-1675-2021-QD-UBND-BaRiaVungTau-cong-bo-tthc-duoc",
)


@pytest.fixture(scope="module")
def mixed_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("docx", reason="python-docx writes the test files")
    pytest.importorskip("reportlab", reason="reportlab writes the test PDFs")
    from tests.formats import writers

    if writers.dejavu() is None:
        pytest.skip("DejaVu Sans is needed to write Vietnamese PDFs")
    root = tmp_path_factory.mktemp("mixed") / "sample"
    shutil.copytree(SAMPLE, root)
    md = root / "provincial" / f"{AS_PDF}.md"
    (md.with_suffix(".pdf")).write_bytes(writers.to_pdf(md.read_text(encoding="utf-8")))
    md.unlink()
    for stem in AS_DOCX:
        md = root / "provincial" / f"{stem}.md"
        md.with_suffix(".docx").write_bytes(writers.to_docx(md.read_text(encoding="utf-8")))
        md.unlink()
    return root


def test_sample_with_word_and_pdf_decisions_scans_to_the_expected_gaps(
    mixed_sample: Path, tmp_path: Path
) -> None:
    engine = open_registry(f"sqlite:///{tmp_path / 'r.db'}")
    report = ingest_paths(engine, [mixed_sample], max_bytes=10**8)
    quarantined = [q["path"] for q in report.to_dict()["quarantine"]]
    assert [Path(q).name for q in quarantined] == ["README.md"]  # as for the Markdown sample
    as_of = date.fromisoformat(EXPECTED["valid_as_of"])
    scan(engine, as_of, workers=1)
    with engine.connect() as conn:
        _, found = list_gaps(conn)
    result = compare(found, EXPECTED["gaps"])
    assert result.equal, (
        result.describe() + "\n" + "\n".join(explain_misses(engine, as_of, result.missing))
    )
    by_id = {identity(g): g for g in found}
    for want in EXPECTED["gaps"]:  # the requirement texts read from Word/PDF are the same
        if want["requirement_text"]:
            assert by_id[identity(want)]["requirement_text"] == want["requirement_text"]

    from_pdf = [
        g for g in found if g["provincial_document"] == "512/QĐ-UBND" and g["kind"] == "cut"
    ]
    assert from_pdf
    for g in from_pdf:
        where = g["evidence"]["provincial"]
        assert where["page"] >= 1 and where["paragraph"] >= 1
        assert "ocr" not in where
    from_docx = [
        g for g in found if g["provincial_document"] == "2310/QĐ-UBND" and g["kind"] == "cut"
    ]
    assert from_docx and all(g["evidence"]["provincial"]["paragraph"] >= 1 for g in from_docx)
    with engine.connect() as conn:
        sf = m.table_of(m.SourceFile)
        formats = dict(conn.execute(select(sf.c.path, sf.c.format)).all())
        info = {p: i for p, i in conn.execute(select(sf.c.path, sf.c.info)) if p.endswith(".pdf")}
    assert sorted(f for f in formats.values() if f in ("pdf", "docx")) == ["docx", "docx", "pdf"]
    (pdf_info,) = info.values()
    assert pdf_info["pages"] >= 2 and pdf_info["ocr_pages"] == []
    engine.dispose()


def test_real_word_files_are_ingested_with_paragraph_numbers(tmp_path: Path) -> None:
    files = [
        real_file("nd-96-2016-ND-CP-dieu-kien-an-ninh-trat-tu.doc"),
        real_file("nd-71-2018-ND-CP-vat-lieu-no-cong-nghiep-tien-chat.doc"),
    ]
    engine = open_registry(f"sqlite:///{tmp_path / 'r.db'}")
    report = ingest_paths(engine, files, max_bytes=10**8)
    assert report.counts() == {"added": 2, "new_version": 0, "unchanged": 0, "quarantined": 0}
    with engine.connect() as conn:
        pv, doc = m.table_of(m.Provision), m.table_of(m.Document)
        rows = conn.execute(
            select(pv.c.unit_id, pv.c.paragraph)
            .join(doc, doc.c.id == pv.c.document_id)
            .where(doc.c.number == "96/2016/NĐ-CP")
        ).all()
    paragraphs = dict(rows)
    assert len([u for u in paragraphs if u.startswith("dieu_") and "__" not in u]) == 53
    assert all(p is not None and p >= 1 for p in paragraphs.values())
    assert paragraphs["dieu_1"] < paragraphs["dieu_7"] < paragraphs["dieu_53"]
    engine.dispose()
