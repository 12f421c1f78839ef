"""The dashboard in headless Chromium (Debian's /usr/bin/chromium driven by Playwright, no
browser download): pages load, forms work, evidence is highlighted, screenshots are not blank."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from sqlalchemy import select

from registry.queries.common import TABLES
from tests.api.conftest import Api

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium not installed (apt-get install chromium)"
)
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright (python package) not installed"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(api: Api) -> Iterator[str]:
    if api.backend != "sqlite":
        pytest.skip("the dashboard is browser-tested once, on SQLite")
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(api.client.app, host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(5)


@pytest.fixture(scope="module")
def page(base_url: str) -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        pg = browser.new_page(viewport={"width": 1200, "height": 900})
        yield pg
        browser.close()


def _not_blank(path: Path) -> None:
    from PIL import Image

    img = Image.open(path).convert("L")
    lo, hi = img.getextrema()
    assert hi - lo > 100, f"{path} looks blank"
    assert len(set(img.resize((60, 60)).tobytes())) > 10  # distinct grey levels


def test_main_pages_load_and_screenshot(page: object, base_url: str, tmp_path: Path) -> None:
    pg = page
    for path, marker in [
        ("/", "#headline"),
        ("/tinh", "#province-table"),
        ("/tinh?view=63", "#province-table"),
        ("/khoang-trong", "#gap-table"),
        ("/kiem-tra", "#check-form"),
        ("/ktcn", "#ktcn-form"),
        ("/ktcn?hs=2710", "#ktcn-items"),
        ("/ra-soat", "#scan-table"),
        ("/ra-soat/so-sanh?a=1&b=2", "#diff-counts"),
        ("/bao-cao?province=60&as_of=2026-12-01", "#report-table"),
        ("/van-ban/thay-doi?so=54/2017/ND-CP&from=2018-01-01", "#changes-result"),
    ]:
        resp = pg.goto(base_url + path)  # type: ignore[attr-defined]
        assert resp.status == 200, path
        assert pg.locator(marker).count() == 1, path  # type: ignore[attr-defined]
        shot = tmp_path / ((re.sub(r"\W+", "-", path).strip("-") or "home") + ".png")
        pg.screenshot(path=str(shot), full_page=True)  # type: ignore[attr-defined]
        _not_blank(shot)
    # Scoreboard figures are the API's.
    pg.goto(base_url + "/")  # type: ignore[attr-defined]
    headline = pg.locator("#headline").inner_text()  # type: ignore[attr-defined]
    assert "điều kiện kinh doanh" in headline
    assert pg.locator("svg.chart").count() >= 2  # type: ignore[attr-defined]


def test_gap_filter_form(page: object, base_url: str, api: Api) -> None:
    pg = page
    pg.goto(base_url + "/khoang-trong")  # type: ignore[attr-defined]
    pg.fill("input[name=province]", "binh thuan")  # type: ignore[attr-defined]
    pg.click("#gap-filter button")  # type: ignore[attr-defined]
    pg.wait_for_url("**/khoang-trong?province=binh+thuan*")  # type: ignore[attr-defined]
    total = int(pg.inner_text("#gap-total"))  # type: ignore[attr-defined]
    assert total == api.client.get("/v1/gaps", params={"province": "60"}).json()["total"] > 0
    rows = pg.locator("#gap-table tbody tr").count()  # type: ignore[attr-defined]
    assert rows == min(total, 50)


def test_gap_page_highlights_evidence(page: object, base_url: str, api: Api) -> None:
    g = TABLES["gap"]
    with api.engine.connect() as conn:
        gid = (
            conn.execute(select(g.c.id).where(g.c.kind == "cut").order_by(g.c.id)).scalars().first()
        )
    pg = page
    pg.goto(f"{base_url}/khoang-trong/{gid}")  # type: ignore[attr-defined]
    marks_req = pg.locator("#requirement-text mark").all_inner_texts()  # type: ignore[attr-defined]
    marks_cond = pg.locator("#condition-text mark").all_inner_texts()  # type: ignore[attr-defined]
    assert marks_req and marks_cond
    ev = api.client.get(f"/v1/gaps/{gid}").json()["evidence"]["evidence"]
    assert set(marks_req) <= {
        ev["provincial"]["text"][s:e] for s, e, _ in ev["provincial"]["spans"]
    } | {m for m in marks_req if m in ev["provincial"]["text"]}


def test_business_check_form(page: object, base_url: str) -> None:
    pg = page
    pg.goto(base_url + "/kiem-tra")  # type: ignore[attr-defined]
    pg.fill("input[name=line]", "kinh doanh xang dau")  # type: ignore[attr-defined]
    pg.fill("input[name=province]", "Hà Giang")  # type: ignore[attr-defined]
    pg.fill("input[name=as_of]", "2025-09-18")  # type: ignore[attr-defined]
    pg.click("#check-form button")  # type: ignore[attr-defined]
    pg.wait_for_selector("#check-result")  # type: ignore[attr-defined]
    text = pg.inner_text("#check-result")  # type: ignore[attr-defined]
    assert "38." in text and "Điều kiện đã cắt giảm" in text and "bãi bỏ bởi" in text


def test_ktcn_form_and_bad_code(page: object, base_url: str) -> None:
    pg = page
    pg.goto(base_url + "/ktcn")  # type: ignore[attr-defined]
    pg.fill("input[name=hs]", "2710.12.21")  # type: ignore[attr-defined]
    pg.click("#ktcn-form button")  # type: ignore[attr-defined]
    pg.wait_for_selector("#ktcn-result")  # type: ignore[attr-defined]
    assert pg.locator("#ktcn-items tbody tr").count() > 0  # type: ignore[attr-defined]
    pg.goto(base_url + "/ktcn?hs=7700")  # type: ignore[attr-defined]
    assert "không hợp lệ" in pg.inner_text("#ktcn-error")  # type: ignore[attr-defined]


def test_script_in_query_is_escaped(page: object, base_url: str) -> None:
    pg = page
    fired: list[str] = []
    pg.on("dialog", lambda d: (fired.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    pg.goto(base_url + "/kiem-tra?line=%3Cscript%3Ealert(1)%3C/script%3E")  # type: ignore[attr-defined]
    assert "<script>alert(1)</script>" in pg.inner_text("#check-error")  # type: ignore[attr-defined]
    assert fired == []


def test_review_flow_in_the_browser(page: object, base_url: str, api: Api, tmp_path: Path) -> None:
    """Sign in with a token from the gap's page, review it with a note, see the audit trail."""
    pg = page
    g = TABLES["gap"]
    with api.engine.connect() as conn:
        gid = (
            conn.execute(
                select(g.c.id).where(g.c.kind == "cut", g.c.review_state == "open").order_by(g.c.id)
            )
            .scalars()
            .first()
        )
    pg.goto(f"{base_url}/khoang-trong/{gid}")  # type: ignore[attr-defined]
    pg.click("text=đăng nhập bằng mã truy cập")  # type: ignore[attr-defined]
    pg.fill("input[name=token]", api.reviewer)  # type: ignore[attr-defined]
    pg.click("#signin-form button")  # type: ignore[attr-defined]
    pg.wait_for_url(f"**/khoang-trong/{gid}")  # type: ignore[attr-defined]
    pg.select_option("#review-form select[name=action]", "confirmed")  # type: ignore[attr-defined]
    pg.fill("#review-form input[name=note]", "Đã gửi công văn số 45/UBND-KSTT")  # type: ignore[attr-defined]
    pg.click("#review-form button")  # type: ignore[attr-defined]
    pg.wait_for_selector("#review-message")  # type: ignore[attr-defined]
    try:
        assert pg.inner_text("#review-state") == "Đã xác nhận"  # type: ignore[attr-defined]
        trail = pg.inner_text("#review-trail")  # type: ignore[attr-defined]
        assert "Mới → Đã xác nhận" in trail and "45/UBND-KSTT" in trail
        assert re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", trail)
        shot = tmp_path / "review.png"
        pg.screenshot(path=str(shot), full_page=True)  # type: ignore[attr-defined]
        _not_blank(shot)
    finally:
        api.client.post(
            f"/v1/gaps/{gid}/review", json={"action": "open"}, headers=api.auth(api.reviewer)
        )
        pg.context.clear_cookies()  # type: ignore[attr-defined]


def test_docs_render_with_the_network_off(page: object, base_url: str) -> None:
    """/docs and /redoc load only from this server: requests to any other host are blocked."""
    context = page.context.browser.new_context()  # type: ignore[attr-defined]
    pg = context.new_page()
    elsewhere: list[str] = []

    def route(r: object) -> None:
        url = r.request.url  # type: ignore[attr-defined]
        if url.startswith(base_url):
            r.continue_()  # type: ignore[attr-defined]
        else:
            elsewhere.append(url)
            r.abort()  # type: ignore[attr-defined]

    try:
        pg.route("**/*", route)
        pg.goto(base_url + "/docs")
        pg.wait_for_selector(".swagger-ui .info .title", timeout=20_000)
        assert "dkkd" in pg.inner_text(".swagger-ui .info .title")
        assert pg.locator(".opblock").count() > 10  # the operations rendered
        pg.goto(base_url + "/redoc")
        pg.wait_for_selector("h1", timeout=20_000)
        assert "dkkd" in pg.inner_text("h1")
    finally:
        context.close()
    assert elsewhere == []


def test_province_appendix_prints_to_pdf(api: Api, tmp_path: Path) -> None:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    r = api.client.get("/bao-cao.pdf", params={"province": "Bình Thuận", "as_of": "01/12/2026"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "phu-luc.pdf"
    pdf.write_bytes(r.content)
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    flat = " ".join(text.split())
    assert "Phụ lục" in flat and "DANH MỤC THỦ TỤC HÀNH CHÍNH CẦN CẬP NHẬT" in flat
    assert "Bình Thuận" in flat and "01/12/2026" in flat
    assert "Nghị định số 54/2017/NĐ-CP" in flat and "12/11/2018" in flat
    assert "1.004617" in flat or "1.004620" in flat
    assert "dieu_" not in flat
