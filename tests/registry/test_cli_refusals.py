"""No silent wrong answers on the command line (issue 12 item 8), table-driven through typer's
CliRunner, on SQLite and on PostgreSQL where the registry is involved: unknown provinces, bad
dates, out-of-range options, missing or unreachable databases, unknown URL kinds, an ingest that
read nothing, a review without an actor. Every refusal is one line, no traceback, non-zero."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner, Result

from dkkd.cli import app
from registry.scan.run import scan
from registry.store.db import database_exists, open_registry
from registry.store.ingest import ingest_paths
from tests.registry.conftest import BACKENDS, database_url

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "sample"
PG = os.environ.get("DKKD_TEST_DATABASE_URL") or ""


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def refused(res: Result, code: int, phrase: str) -> None:
    """A refusal: exit `code`, one line "lỗi: …" containing `phrase`, no traceback."""
    assert res.exit_code == code, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    lines = [x for x in res.output.strip().splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("lỗi: "), res.output
    assert phrase in lines[0], res.output
    assert "Traceback" not in res.output


@pytest.fixture(scope="module", params=BACKENDS)
def sample_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The bundled sample, ingested and scanned, on each backend."""
    gen = database_url(request.param, tmp_path_factory.mktemp(f"cli-{request.param}"))
    url = next(gen)
    engine = open_registry(url)
    ingest_paths(engine, [SAMPLE / "national", SAMPLE / "provincial"])
    scan(engine, date(2025, 9, 18), workers=1)
    engine.dispose()
    yield url
    gen.close()


# --- provinces and dates ------------------------------------------------------------------------

UNKNOWN = [
    (["gaps", "--province", "Xyz"], "“Xyz”"),
    (["gaps", "--province", "Lam Dong x"], "Lâm Đồng"),
    (["gaps", "--province", "99"], "“99”"),
    (["scan", "--province", "Xyz"], "Tên gần nhất"),
    (["scan", "--province", "79", "--province", "Sai gon city"], "Sài Gòn"),
]


@pytest.mark.parametrize(("args", "phrase"), UNKNOWN)
def test_unknown_province_is_refused(sample_url: str, args: list[str], phrase: str) -> None:
    res = run(*args, "--database-url", sample_url)
    refused(res, 2, "Không có tỉnh, thành phố")
    assert phrase in res.output


@pytest.mark.parametrize(
    ("a", "b", "some"),
    [
        ("Vũng Tàu", "Vung Tau", True),
        ("Vũng Tàu", "77", True),
        ("Sài Gòn", "sai gon", True),
        ("Đà Lạt", "da lat", False),  # the sample has no gap in old Lâm Đồng's area
        ("Hà Tây", "Ha Tay", False),
        ("Bình Thuận", "Phan Thiết", True),
    ],
)
def test_gaps_names_resolve_alike(sample_url: str, a: str, b: str, some: bool) -> None:
    ra = run("gaps", "--province", a, "--json", "--database-url", sample_url)
    rb = run("gaps", "--province", b, "--json", "--database-url", sample_url)
    assert ra.exit_code == rb.exit_code == 0, ra.output + rb.output
    ids_a = [g["id"] for g in json.loads(ra.stdout)["gaps"]]
    assert bool(ids_a) == some and ids_a == [g["id"] for g in json.loads(rb.stdout)["gaps"]]


@pytest.mark.parametrize(
    ("name", "partition"),
    [("Vũng Tàu", "79"), ("Vung Tau", "79"), ("Sài Gòn", "79"), ("Đà Lạt", "68"), ("Hà Tây", "01")],
)
def test_scan_names_resolve_through_the_same_resolver(
    sample_url: str, name: str, partition: str
) -> None:
    res = run(
        "scan", "--province", name, "--as-of", "18/09/2025", "--json", "--database-url", sample_url
    )
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    assert summary["as_of"] == "2025-09-18" and summary["scope"] == [partition]


BAD_DATES = [
    ["stats", "--as-of", "31/02/2020"],
    ["stats", "--as-of", "yesterday"],
    ["scan", "--as-of", "2025-13-01"],
    ["scan", "--as-of", "01/07/25"],
]


@pytest.mark.parametrize("args", BAD_DATES)
def test_bad_dates_are_refused_not_today(sample_url: str, args: list[str]) -> None:
    refused(run(*args, "--database-url", sample_url), 2, "không phải là ngày hợp lệ")


def test_stats_reads_a_vietnamese_date(sample_url: str) -> None:
    a = run("stats", "--as-of", "2019-01-01", "--json", "--database-url", sample_url)
    b = run("stats", "--as-of", "01/01/2019", "--json", "--database-url", sample_url)
    assert a.exit_code == b.exit_code == 0
    assert json.loads(a.stdout) == json.loads(b.stdout)
    assert json.loads(a.stdout)["as_of"] == "2019-01-01"


# --- options ------------------------------------------------------------------------------------

OUT_OF_RANGE = [
    (["scan", "--threshold", "150"], "--threshold"),
    (["scan", "--threshold", "-1"], "--threshold"),
    (["scan", "--workers", "0"], "--workers"),
    (["gaps", "--limit", "0"], "--limit"),
    (["gaps", "--limit", "-3"], "--limit"),
    (["gaps", "--kind", "everything"], "--kind"),
    (["serve", "--port", "70000"], "--port"),
    (["serve", "--workers", "0"], "--workers"),
    (["token", "create", "someone", "--days", "0"], "--days"),
]


@pytest.mark.parametrize(("args", "option"), OUT_OF_RANGE)
def test_out_of_range_options_are_refused(sample_url: str, args: list[str], option: str) -> None:
    refused(run(*args, "--database-url", sample_url), 2, option)


@pytest.mark.parametrize("size", ["-5", "0"])
def test_ingest_refuses_a_non_positive_size_limit(tmp_path: Path, size: str) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    res = run("ingest", str(SAMPLE / "national"), "--max-file-bytes", size, "--database-url", url)
    refused(res, 2, "--max-file-bytes")
    assert not (tmp_path / "r.db").exists()


def test_review_needs_an_actor(sample_url: str) -> None:
    gap = json.loads(run("gaps", "--json", "--limit", "1", "--database-url", sample_url).stdout)
    gid = str(gap["gaps"][0]["id"])
    refused(
        run("gaps", "--review", gid, "--to", "confirmed", "--database-url", sample_url),
        2,
        "--actor",
    )
    refused(
        run(
            "gaps",
            "--review",
            gid,
            "--to",
            "confirmed",
            "--actor",
            "  ",
            "--database-url",
            sample_url,
        ),
        2,
        "--actor",
    )
    ok = run(
        "gaps",
        "--review",
        gid,
        "--to",
        "confirmed",
        "--actor",
        "cán bộ A",
        "--database-url",
        sample_url,
    )
    assert ok.exit_code == 0, ok.output


# --- the registry URL ------------------------------------------------------------------------------


def _missing_urls(tmp_path: Path) -> list[str]:
    urls = [f"sqlite:///{tmp_path / 'nowhere' / 'missing.db'}"]
    if PG:
        urls.append(
            make_url(PG)
            .set(database=f"dkkd_missing_{uuid.uuid4().hex[:8]}")
            .render_as_string(hide_password=False)
        )
    return urls


READERS = [
    ["gaps"],
    ["stats"],
    ["scan"],
    ["serve"],
    ["token", "list"],
    ["token", "create", "someone"],
    ["db", "current"],
]


@pytest.mark.parametrize("args", READERS)
def test_a_missing_database_is_refused_not_created(tmp_path: Path, args: list[str]) -> None:
    for url in _missing_urls(tmp_path):
        refused(run(*args, "--database-url", url), 2, "không có cơ sở dữ liệu")
        assert not database_exists(url)


@pytest.mark.parametrize(
    "args", [*READERS, ["ingest", str(SAMPLE / "national")], ["db", "upgrade"]]
)
@pytest.mark.parametrize(
    ("url", "phrase"),
    [
        ("mysql://u@localhost/dkkd", "“mysql” không được hỗ trợ"),
        ("foo://x/y", "“foo” không được hỗ trợ"),
        ("not a url", "không phải là địa chỉ cơ sở dữ liệu"),
        ("postgresql+psycopg://postgres@127.0.0.1:1/dkkd", "không kết nối được PostgreSQL"),
    ],
)
def test_bad_urls_are_one_clear_line(args: list[str], url: str, phrase: str) -> None:
    refused(run(*args, "--database-url", url), 2, phrase)


def _drop(url: str) -> None:
    u = make_url(url)
    admin = create_engine(u.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{u.database}" WITH (FORCE)'))
    admin.dispose()


@pytest.mark.parametrize("command", [["ingest", str(SAMPLE / "national")], ["db", "upgrade"]])
def test_ingest_and_db_upgrade_create_the_database_and_say_so(
    tmp_path: Path, command: list[str]
) -> None:
    for url in _missing_urls(tmp_path):
        try:
            res = run(*command, "--database-url", url)
            assert res.exit_code == 0, res.output
            assert "đã tạo cơ sở dữ liệu mới" in res.stderr
            assert database_exists(url)
            again = run(*command, "--database-url", url)
            assert again.exit_code == 0 and "đã tạo" not in again.stderr
            assert run("stats", "--database-url", url).exit_code == 0
        finally:
            if url.startswith("postgresql"):
                _drop(url)


def test_ingest_json_reports_the_created_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    res = run("ingest", str(SAMPLE / "national"), "--json", "--database-url", url)
    assert res.exit_code == 0
    assert json.loads(res.stdout)["created_database"].endswith("new.db")


# --- ingest outcomes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "code"),
    [
        ({"junk.md": b"\x00\x01\x02binary", "x.exe": b"MZ"}, 1),  # all quarantined
        ({"empty.md": b""}, 1),
        ({"junk.md": b"\x00\x01binary"}, 1),
    ],
)
def test_ingest_fails_when_every_file_was_quarantined(
    tmp_path: Path, files: dict[str, bytes], code: int
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    url = f"sqlite:///{tmp_path / 'r.db'}"
    res = run("ingest", str(folder), "--database-url", url)
    assert res.exit_code == code, res.output
    assert "đều bị cách ly" in res.stderr
    as_json = run("ingest", str(folder), "--json", "--database-url", url)
    assert as_json.exit_code == code and json.loads(as_json.stdout)["quarantined"] == len(files)


def test_ingest_succeeds_when_something_was_read(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "junk.md").write_bytes(b"\x00\x01binary")
    src = SAMPLE / "national" / "nd-96-2016-ND-CP-an-ninh-trat-tu.html"
    (folder / src.name).write_bytes(src.read_bytes())
    res = run("ingest", str(folder), "--database-url", f"sqlite:///{tmp_path / 'r.db'}")
    assert res.exit_code == 0, res.output
