"""The dashboard in headless Chromium (Debian's /usr/bin/chromium driven by Playwright, no
browser download): pages load, forms work, evidence is highlighted, screenshots are not blank."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from sqlalchemy import select

from registry.query_common import TABLES
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
    ]:
        resp = pg.goto(base_url + path)  # type: ignore[attr-defined]
        assert resp.status == 200, path
        assert pg.locator(marker).count() == 1, path  # type: ignore[attr-defined]
        shot = tmp_path / ((path.strip("/").replace("?", "_").replace("=", "-") or "home") + ".png")
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
    assert "38." in text and "Điều kiện đã cắt giảm" in text and "cắt giảm bởi" in text


def test_ktcn_form_and_bad_code(page: object, base_url: str) -> None:
    pg = page
    pg.goto(base_url + "/ktcn")  # type: ignore[attr-defined]
    pg.fill("input[name=hs]", "2710.12.21")  # type: ignore[attr-defined]
    pg.click("#ktcn-form button")  # type: ignore[attr-defined]
    pg.wait_for_selector("#ktcn-result")  # type: ignore[attr-defined]
    assert pg.locator("#ktcn-items li").count() > 0  # type: ignore[attr-defined]
    pg.goto(base_url + "/ktcn?hs=7700")  # type: ignore[attr-defined]
    assert "không hợp lệ" in pg.inner_text("#ktcn-error")  # type: ignore[attr-defined]


def test_script_in_query_is_escaped(page: object, base_url: str) -> None:
    pg = page
    fired: list[str] = []
    pg.on("dialog", lambda d: (fired.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    pg.goto(base_url + "/kiem-tra?line=%3Cscript%3Ealert(1)%3C/script%3E")  # type: ignore[attr-defined]
    assert "<script>alert(1)</script>" in pg.inner_text("#check-error")  # type: ignore[attr-defined]
    assert fired == []
