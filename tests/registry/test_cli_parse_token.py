"""`dkkd parse` on real and sample files, on bad ones; `dkkd token create / list / revoke`, with
the API refusing a revoked token."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from dkkd.cli import app
from registry.settings import Settings, get_settings
from registry.store.db import open_registry
from tests.conftest import real_file

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_83 = ROOT / "corpora" / "sample" / "national" / "nd-83-2014-ND-CP-kinh-doanh-xang-dau.md"


def _run(*args: str) -> tuple[int, str, str]:
    # A wide terminal: typer's error box would otherwise wrap the file name it reports.
    res = CliRunner().invoke(app, list(args), env={"COLUMNS": "300"})
    return res.exit_code, res.stdout, res.stderr


# --- dkkd parse ----------------------------------------------------------------------------------


def test_parse_sample_text_output() -> None:
    code, out, _ = _run("parse", str(SAMPLE_83))
    assert code == 0
    assert "83/2014/NĐ-CP" in out and "Nghị định" in out
    assert "03/09/2014" in out and "01/11/2014" in out  # dates as people read them
    assert "2014-09-03" not in out
    for unit in ("dieu_8__khoan_1", "dieu_9__khoan_4", "chuong_II"):
        assert unit in out


def test_parse_sample_json() -> None:
    code, out, _ = _run("parse", "--json", str(SAMPLE_83))
    assert code == 0
    doc = json.loads(out)
    md = doc["metadata"]
    assert (md["number"], md["type"], md["signed"], md["effective"]) == (
        "83/2014/NĐ-CP",
        "Nghị định",
        "2014-09-03",
        ["2014-11-01"],
    )
    ids = [u["id"] for u in doc["units"]]
    assert [i for i in ids if i.startswith("dieu_8__khoan_")] == [
        f"dieu_8__khoan_{n}" for n in (1, 2, 3, 4)
    ]
    assert "text" not in doc or not doc.get("text")
    with_text = json.loads(_run("parse", "--json", "--text", str(SAMPLE_83))[1])
    assert "XĂNG DẦU" in json.dumps(with_text, ensure_ascii=False)


@pytest.mark.real
def test_parse_real_amending_decree_json() -> None:
    """55/2023/NĐ-CP: signed 21/07/2023, in force 05/09/2023 (Điều 2), six amending khoản."""
    path = real_file("nd-55-2023-ND-CP-sua-doi-nd-75-2021.md")
    code, out, _ = _run("parse", "--json", str(path))
    assert code == 0
    doc = json.loads(out)
    md = doc["metadata"]
    assert (md["number"], md["signed"], md["effective"]) == (
        "55/2023/NĐ-CP",
        "2023-07-21",
        ["2023-09-05"],
    )
    effects = doc["effects"]
    assert {e["target_document"] for e in effects} == {"75/2021/NĐ-CP"}
    assert {e["effective"] for e in effects} == {"2023-09-05"}
    assert {e["op"] for e in effects} == {"amend"}
    # khoản 1-3 replace Điều 1, 3, 4; khoản 4-5 points of Điều 12, 13; khoản 6 khoản 4 Điều 14
    assert [e["target_unit"] for e in effects[:3]] == ["dieu_1", "dieu_3", "dieu_4"]
    assert effects[-1]["target_unit"] == "dieu_14__khoan_4"
    assert {e["target_unit"].split("__")[0] for e in effects} == {
        "dieu_1",
        "dieu_3",
        "dieu_4",
        "dieu_12",
        "dieu_13",
        "dieu_14",
    }


@pytest.mark.real
def test_parse_real_text_output() -> None:
    path = real_file("nd-55-2023-ND-CP-sua-doi-nd-75-2021.md")
    code, out, _ = _run("parse", str(path))
    assert code == 0
    assert "21/07/2023" in out and "05/09/2023" in out
    assert "Sửa đổi, bổ sung, bãi bỏ (15)" in out  # the effects table, one row per effect


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01\x02binary", "nội dung nhị phân"),
        (b"", "tệp rỗng"),
    ],
)
def test_parse_bad_file_is_a_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    code, out, err = _run("parse", str(path))
    assert code == 2 and out == ""
    assert err.startswith("lỗi: ") and "bad.md" in err and message in err


def test_parse_missing_file_is_refused(tmp_path: Path) -> None:
    code, out, err = _run("parse", str(tmp_path / "none.md"))
    assert code == 2 and out == "" and "none.md" in err


# --- dkkd token ----------------------------------------------------------------------------------

SECRET = "cli-test-secret"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'dkkd.db'}"
    monkeypatch.setenv("DKKD_DATABASE_URL", url)
    monkeypatch.setenv("DKKD_TOKEN_SECRET", SECRET)
    get_settings.cache_clear()
    assert _run("db", "upgrade")[0] == 0  # token commands refuse a database that does not exist
    yield url
    get_settings.cache_clear()


def _listed() -> list[dict[str, object]]:
    code, out, _ = _run("token", "list")
    assert code == 0
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_token_create_list_revoke_and_the_api_refuses_it(db: str) -> None:
    code, out, err = _run("token", "create", "Sở Công Thương Lâm Đồng", "--role", "admin")
    assert code == 0
    plain = out.strip()
    assert plain and "\n" not in plain and plain.startswith("dkkd_")
    assert "vai trò admin" in err and "hết hạn: không bao giờ" in err
    code, out, err = _run("token", "create", "reviewer A", "--days", "7")
    assert code == 0 and "vai trò reviewer" in err and "không bao giờ" not in err

    tokens = _listed()
    assert [(t["name"], t["role"], t["revoked_at"]) for t in tokens] == [
        ("Sở Công Thương Lâm Đồng", "admin", None),
        ("reviewer A", "reviewer", None),
    ]
    assert tokens[0]["expires_at"] is None and tokens[1]["expires_at"] is not None
    listing = json.dumps(tokens)
    assert plain not in listing  # never the value

    engine = open_registry(db)
    client = TestClient(create_app(Settings(database_url=db, token_secret=SECRET), engine))
    headers = {"Authorization": f"Bearer {plain}"}
    # Authenticated: the request gets past auth (no such gap → 404, not 401).
    live = client.post("/v1/gaps/999999/review", json={"action": "confirmed"}, headers=headers)
    assert live.status_code == 404

    admin_id = tokens[0]["id"]
    code, out, _ = _run("token", "revoke", str(admin_id))
    assert code == 0 and out.strip() == f"đã thu hồi mã truy cập {admin_id}"
    assert _listed()[0]["revoked_at"] is not None
    refused = client.post("/v1/gaps/999999/review", json={"action": "confirmed"}, headers=headers)
    assert refused.status_code == 401
    engine.dispose()

    # Revoking again, or an unknown id: a clear error, non-zero exit.
    code, out, err = _run("token", "revoke", str(admin_id))
    assert code == 1 and f"không có mã truy cập {admin_id} nào còn hiệu lực" in err
    code, _, err = _run("token", "revoke", "4242")
    assert code == 1 and "4242" in err


def test_token_create_with_an_unknown_role_is_refused(db: str) -> None:
    code, out, err = _run("token", "create", "x", "--role", "superuser")
    assert code == 2 and out == "" and err.startswith("lỗi: ")
    assert _listed() == []


def test_token_commands_refuse_a_missing_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DKKD_DATABASE_URL", f"sqlite:///{tmp_path / 'none.db'}")
    get_settings.cache_clear()
    try:
        for args in (("token", "list"), ("token", "create", "x"), ("token", "revoke", "1")):
            code, out, err = _run(*args)
            assert code != 0 and out == "" and "none.db" in err, args
        assert not (tmp_path / "none.db").exists()
    finally:
        get_settings.cache_clear()
