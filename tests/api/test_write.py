"""Write endpoints: bearer tokens (401/403/expired/revoked/rate limit), the review audit trail,
uploads (size limits, names), starting a scan."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from api.ratelimit import FailureLimiter
from api.routers.uploads import safe_name
from registry.queries.common import TABLES
from registry.store.tokens import create_token, digest, revoke, verify
from tests.api.conftest import Api

G = TABLES["gap"]


def _open_gap(api: Api) -> int:
    with api.engine.connect() as conn:
        gid = (
            conn.execute(select(G.c.id).where(G.c.review_state == "open").order_by(G.c.id.desc()))
            .scalars()
            .first()
        )
    assert gid is not None
    return int(gid)


def test_review_needs_a_token(api: Api) -> None:
    gid = _open_gap(api)
    r = api.client.post(f"/v1/gaps/{gid}/review", json={"action": "confirmed"})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    bad = api.client.post(
        f"/v1/gaps/{gid}/review", json={"action": "confirmed"}, headers=api.auth("dkkd_wrong")
    )
    assert bad.status_code == 401
    basic = api.client.post(
        f"/v1/gaps/{gid}/review",
        json={"action": "confirmed"},
        headers={"Authorization": "Basic eDp5"},
    )
    assert basic.status_code == 401


def test_review_audit_trail(api: Api) -> None:
    gid = _open_gap(api)
    steps = [("confirmed", "khớp yêu cầu 40 giờ"), ("notified", "đã gửi công văn"), ("fixed", "")]
    for action, note in steps:
        r = api.client.post(
            f"/v1/gaps/{gid}/review",
            json={"action": action, "note": note},
            headers=api.auth(api.reviewer),
        )
        assert r.status_code == 201, r.text
        assert r.json()["to_state"] == action
    trail = api.client.get(f"/v1/gaps/{gid}").json()["reviews"]
    assert [(e["from_state"], e["to_state"]) for e in trail[-3:]] == [
        ("open", "confirmed"),
        ("confirmed", "notified"),
        ("notified", "fixed"),
    ]
    assert trail[-3]["note"] == "khớp yêu cầu 40 giờ"
    assert all("test reviewer" in e["actor"] and e["at"] for e in trail[-3:])
    assert api.client.get(f"/v1/gaps/{gid}").json()["review_state"] == "fixed"
    # Not allowed by the workflow: 409, and nothing recorded.
    r = api.client.post(
        f"/v1/gaps/{gid}/review", json={"action": "notified"}, headers=api.auth(api.admin)
    )
    assert r.status_code == 409
    assert len(api.client.get(f"/v1/gaps/{gid}").json()["reviews"]) == len(trail)
    assert (
        api.client.post(
            "/v1/gaps/999999/review", json={"action": "confirmed"}, headers=api.auth(api.admin)
        ).status_code
        == 404
    )
    assert (
        api.client.post(
            f"/v1/gaps/{gid}/review", json={"action": "deleted"}, headers=api.auth(api.admin)
        ).status_code
        == 422
    )


def test_reviewer_cannot_upload_or_scan(api: Api) -> None:
    r = api.client.post(
        "/v1/uploads", params={"name": "a.md"}, content=b"x", headers=api.auth(api.reviewer)
    )
    assert r.status_code == 403
    assert api.client.post("/v1/scans", headers=api.auth(api.reviewer)).status_code == 403
    assert api.client.post("/v1/scans").status_code == 401


def test_expired_and_revoked_tokens_are_refused(api: Api) -> None:
    secret = api.client.app.state.settings.token_secret  # type: ignore[attr-defined]
    expired, _ = create_token(api.engine, "old", "admin", secret=secret, ttl=timedelta(seconds=-1))
    assert api.client.post("/v1/scans", headers=api.auth(expired)).status_code == 401
    gone, info = create_token(api.engine, "gone", "admin", secret=secret)
    assert verify(api.engine, gone, secret) is not None
    assert revoke(api.engine, info.id)
    assert api.client.post("/v1/scans", headers=api.auth(gone)).status_code == 401


def test_tokens_are_stored_hashed(api: Api) -> None:
    secret = "s3"
    plain, info = create_token(api.engine, "hash check", "reviewer", secret=secret)
    t = TABLES.get("api_token")
    from registry.store.tokens import api_token

    with api.engine.connect() as conn:
        stored = conn.execute(
            select(api_token.c.digest).where(api_token.c.id == info.id)
        ).scalar_one()
    assert t is None or t is api_token
    assert stored == digest(plain, secret) and plain not in stored
    assert verify(api.engine, plain, "other secret") is None


def test_failed_auth_is_rate_limited(strict_api: Api) -> None:
    gid = _open_gap(strict_api)
    codes = [
        strict_api.client.post(
            f"/v1/gaps/{gid}/review",
            json={"action": "confirmed"},
            headers=strict_api.auth(f"dkkd_guess{i}"),
        ).status_code
        for i in range(5)
    ]
    assert codes[:3] == [401, 401, 401] and codes[3:] == [429, 429]
    # Even the right token waits until the window slides: guessing cannot go on in parallel.
    r = strict_api.client.post(
        f"/v1/gaps/{gid}/review",
        json={"action": "confirmed"},
        headers=strict_api.auth(strict_api.reviewer),
    )
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0


def test_limiter_window_slides() -> None:
    lim = FailureLimiter(2, 10.0)
    lim.fail("a", now=0.0)
    lim.fail("a", now=1.0)
    assert lim.retry_after("a", now=2.0) == 8
    assert lim.retry_after("b", now=2.0) == 0
    assert lim.retry_after("a", now=10.5) == 0


def test_upload_is_ingested_under_a_safe_name(api: Api) -> None:
    text = (
        "CHÍNH PHỦ\n\nSố: 999/2024/NĐ-CP\n\nNGHỊ ĐỊNH\n\nQuy định thử nghiệm\n\n"
        "Điều 1. Phạm vi\n\n1. Nghị định này có hiệu lực từ ngày 01 tháng 01 năm 2025.\n"
    ).encode()
    r = api.client.post(
        "/v1/uploads",
        params={"name": "../../etc/passwd/../nd-999.md"},
        content=text,
        headers=api.auth(api.admin),
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert (
        body["name"].startswith("upload/")
        and ".." not in body["name"]
        and body["name"].endswith("nd-999.md")
    )
    assert body["outcome"] in ("added", "quarantined")


@pytest.mark.parametrize(
    ("raw", "expected_tail"),
    [
        ("../../etc/passwd.md", "-passwd.md"),
        ("C:\\Windows\\system32\\x.html", "-x.html"),
        ("Quyết định số 1.md", "-Quyet-dinh-so-1.md"),
        (".hidden.md", "-hidden.md"),
        ("a/b/c/", "-file"),
    ],
)
def test_safe_name(raw: str, expected_tail: str) -> None:
    name = safe_name(raw, b"data")
    assert name.startswith("upload/") and name.endswith(expected_tail)
    assert "/" not in name[len("upload/") :] and ".." not in name


def test_oversized_upload_refused_from_content_length(api: Api) -> None:
    big = b"x" * (64 * 1024 + 1)
    r = api.client.post(
        "/v1/uploads", params={"name": "big.md"}, content=big, headers=api.auth(api.admin)
    )
    assert r.status_code == 413


def test_oversized_stream_refused_before_read_whole() -> None:
    """Without Content-Length the body is read chunk by chunk and dropped at the cap."""
    import asyncio

    from fastapi import HTTPException
    from starlette.requests import Request

    from api.routers.uploads import read_capped

    sent = 0

    async def receive() -> dict[str, object]:
        nonlocal sent
        sent += 1
        return {"type": "http.request", "body": b"y" * 16 * 1024, "more_body": sent < 1000}

    req = Request({"type": "http", "method": "POST", "headers": []}, receive)
    with pytest.raises(HTTPException) as e:
        asyncio.run(read_capped(req, 64 * 1024))
    assert e.value.status_code == 413
    assert sent == 5  # 5 × 16 KiB crosses 64 KiB; the other 995 chunks were never read


def test_upload_type_and_empty_refused(api: Api) -> None:
    h = api.auth(api.admin)
    assert (
        api.client.post(
            "/v1/uploads", params={"name": "x.exe"}, content=b"MZ", headers=h
        ).status_code
        == 415
    )
    assert (
        api.client.post("/v1/uploads", params={"name": "x.md"}, content=b"", headers=h).status_code
        == 400
    )


def test_admin_starts_a_scan(api: Api) -> None:
    before = api.client.get("/v1/scans").json()["total"]
    r = api.client.post("/v1/scans", params={"as_of": "2025-09-18"}, headers=api.auth(api.admin))
    assert r.status_code == 201, r.text
    assert r.json()["scan_id"] and api.client.get("/v1/scans").json()["total"] == before + 1
