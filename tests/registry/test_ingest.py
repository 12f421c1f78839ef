"""Ingest: idempotent by content, new versions for changed files, quarantine for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from registry.queries.stats import row_counts
from registry.store import models as m
from registry.store.ingest import ingest_paths
from tests.registry.texts import AMENDING, DECREE, provincial

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "sample"


def _write(folder: Path, name: str, content: str | bytes) -> Path:
    p = folder / name
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        p.write_text(content, encoding="utf-8")
    else:
        p.write_bytes(content)
    return p


def test_same_content_twice_adds_nothing(registry_db: Engine) -> None:
    first = ingest_paths(registry_db, [SAMPLE], max_bytes=10_000_000)
    assert first.counts()["added"] >= 20
    with registry_db.connect() as conn:
        before = row_counts(conn)
    second = ingest_paths(registry_db, [SAMPLE], max_bytes=10_000_000)
    with registry_db.connect() as conn:
        after = row_counts(conn)
    assert second.counts()["added"] == second.counts()["new_version"] == 0
    assert second.rows == 0
    assert not second.consolidated
    assert after == before


def test_changed_file_becomes_new_version_and_old_stays(
    registry_db: Engine, tmp_path: Path
) -> None:
    path = _write(tmp_path, "nd-12.md", DECREE)
    assert ingest_paths(registry_db, [path]).counts()["added"] == 1
    path.write_text(DECREE.replace("30 m2", "40 m2"), encoding="utf-8")
    assert ingest_paths(registry_db, [path]).counts()["new_version"] == 1
    v = m.table_of(m.DocumentVersion)
    p = m.table_of(m.Provision)
    with registry_db.connect() as conn:
        versions = conn.execute(select(v.c.id, v.c.version_no, v.c.current).order_by(v.c.id)).all()
        assert [(r.version_no, r.current) for r in versions] == [(1, False), (2, True)]
        old_text = conn.execute(
            select(p.c.text).where(
                p.c.document_version_id == versions[0].id, p.c.unit_id == "dieu_2__khoan_2"
            )
        ).scalar_one()
        docs = conn.execute(select(m.table_of(m.Document).c.id)).all()
    assert "30 m2" in old_text
    assert len(docs) == 1


def test_same_number_in_two_provinces_is_two_documents(registry_db: Engine, tmp_path: Path) -> None:
    a = _write(tmp_path, "a.md", provincial("40/2026/QĐ-UBND", "Nghệ An"))
    b = _write(tmp_path, "b.md", provincial("40/2026/QĐ-UBND", "Cà Mau"))
    ingest_paths(registry_db, [a, b])
    d = m.table_of(m.Document)
    with registry_db.connect() as conn:
        rows = conn.execute(select(d.c.number, d.c.issuer).order_by(d.c.issuer)).all()
    assert [r.number for r in rows] == ["40/2026/QĐ-UBND"] * 2
    assert len({r.issuer for r in rows}) == 2


# (file, content, a word its Vietnamese reason holds, its machine code)
BAD_INPUTS = [
    (
        "binary.md",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        "nhị phân",
        "unreadable",
    ),
    ("empty.md", b"", "tệp rỗng", "empty_file"),
    ("truncated.html", b"<html><head><title>x</ti", "không tìm thấy nội dung", "no_text"),
    (
        "tcvn3.txt",
        "Ngh\u00d7 \u00aeÞnh n\u00b5y quy \u00aeÞnh vÒ \u00aei\u00d2u ki\u00d6n kinh doanh "
        "\u00aeèi víi th\u00ad\u00acng nh\u00a9n. ".encode("latin-1")
        * 20,
        "bảng mã cũ tcvn3",
        "unreadable",
    ),
    ("latin.md", b"\xff\xfe\xfd not utf-8 \xc3\x28 " * 50, "không ", "not_legal_document"),
    ("notes.tsv", b"a\tb\n1\t2\n", "không đọc loại tệp .tsv", "unsupported_type"),
]


def test_bad_input_is_quarantined_and_changes_nothing(registry_db: Engine, tmp_path: Path) -> None:
    good = _write(tmp_path / "good", "nd-12.md", DECREE)
    ingest_paths(registry_db, [good])
    with registry_db.connect() as conn:
        before = row_counts(conn)
    bad_dir = tmp_path / "bad"
    for name, data, _, _ in BAD_INPUTS:
        _write(bad_dir, name, data)
    big = bad_dir / "huge.html"
    with big.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    report = ingest_paths(registry_db, [bad_dir, good], max_bytes=20 * 1024 * 1024)
    outcomes = {Path(f.path).name: f for f in report.files}
    for name, _, word, code in BAD_INPUTS:
        r = outcomes[name]
        assert r.outcome == "quarantined", name
        assert name in r.reason and word in r.reason.lower(), r.reason
        assert r.code == code, (name, r.code)
    assert outcomes["huge.html"].outcome == "quarantined"
    assert "vượt giới hạn" in outcomes["huge.html"].reason
    assert outcomes["huge.html"].code == "too_large"
    assert outcomes["nd-12.md"].outcome == "unchanged"
    with registry_db.connect() as conn:
        after = row_counts(conn)
        qt = m.table_of(m.Quarantine)
        q = conn.execute(select(qt.c.path)).scalars().all()
        codes = {r.path: r.code for r in conn.execute(select(qt.c.path, qt.c.code))}
    assert {Path(p).name: c for p, c in codes.items()} == {
        **{name: code for name, _, _, code in BAD_INPUTS},
        "huge.html": "too_large",
    }
    assert after.pop("quarantine") == before.pop("quarantine") + len(BAD_INPUTS) + 1
    assert after == before
    assert len(q) == len(set(q))
    # The same bad input again is not quarantined twice.
    ingest_paths(registry_db, [bad_dir], max_bytes=20 * 1024 * 1024)
    with registry_db.connect() as conn:
        assert row_counts(conn)["quarantine"] == len(q)


def test_oversized_file_is_never_read(
    registry_db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.md"
    with big.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    real_read = Path.read_bytes

    def guarded(self: Path) -> bytes:
        assert self != big, "the oversized file was read"
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    report = ingest_paths(registry_db, [big], max_bytes=1024 * 1024)
    assert report.files[0].outcome == "quarantined"
    assert "52.428.800 byte" in report.files[0].reason


def test_effects_apply_in_date_order(registry_db: Engine, tmp_path: Path) -> None:
    from datetime import date

    from registry.queries.conditions import conditions_as_of

    # The amending decree first: its effects wait, unapplied, until their target arrives.
    ingest_paths(registry_db, [_write(tmp_path, "nd-30.md", AMENDING)])
    e = m.table_of(m.Effect)
    with registry_db.connect() as conn:
        reasons = (
            conn.execute(select(e.c.unapplied_reason).where(e.c.applied.is_(False))).scalars().all()
        )
    assert reasons and all("not in the registry" in r for r in reasons)
    ingest_paths(registry_db, [_write(tmp_path, "nd-12.md", DECREE)])
    with registry_db.connect() as conn:
        assert conn.execute(select(e.c.id).where(e.c.applied.is_(False))).all() == []
        before = {c.unit_id: c.status for c in conditions_as_of(conn, date(2021, 3, 31))}
        after = {c.unit_id: c.status for c in conditions_as_of(conn, date(2021, 4, 1))}
        early = conditions_as_of(conn, date(2019, 4, 30))
    assert before == {
        "dieu_2__khoan_1": "in_force",
        "dieu_2__khoan_2": "in_force",
        "dieu_2__khoan_3": "in_force",
    }
    assert after == {
        "dieu_2__khoan_1": "in_force",
        "dieu_2__khoan_2": "cut",
        "dieu_2__khoan_3": "amended",
    }
    assert early == []  # not in force before the decree commenced


def test_replaced_appendix_cuts_the_lines_it_drops(registry_db: Engine) -> None:
    """The sample's amending circular replaces Phụ lục I of the KTCN list it amends: lines the new
    appendix no longer covers are cut from its effective date, the others stay in force."""
    from datetime import date

    from registry.queries.stats import stats

    ingest_paths(registry_db, [SAMPLE / "national"], max_bytes=10_000_000)
    k = m.table_of(m.KtcnItem)
    e = m.table_of(m.Effect)
    with registry_db.connect() as conn:
        cut = conn.execute(
            select(k.c.hs, k.c.valid_to, e.c.by_document, e.c.op)
            .join(e, e.c.id == k.c.cut_by_effect_id)
            .where(k.c.valid_to.is_not(None))
        ).all()
        kept = (
            conn.execute(
                select(k.c.hs).where(
                    k.c.valid_to.is_(None), k.c.list_document == cut[0].by_document
                )
            )
            .scalars()
            .all()
            if cut
            else []
        )
        before = stats(conn, date(2019, 5, 31))["ktcn"]
        after = stats(conn, date(2019, 6, 1))["ktcn"]
    assert cut, "no KTCN line was cut"
    assert {r.op for r in cut} == {"amend"} and len({r.valid_to for r in cut}) == 1
    assert not {r.hs for r in cut} & set(kept)
    assert after["cut"] == before["cut"] + len(cut)
