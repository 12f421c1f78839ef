"""The response cache (api.cache) serves repeated reads from memory and never serves a response
older than the registry: an ingest, a scan or a review committed by ANOTHER engine (as `dkkd
ingest` / `dkkd scan` would from another process) is visible at the very next request."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.responses import Response
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.app import create_app
from api.cache import ResponseCache, SharedProbe, cacheable_path
from registry.queries.common import Page
from registry.queries.gaps import GapFilter, list_gaps
from registry.scan.gaps import set_review_state
from registry.scan.run import scan
from registry.settings import Settings
from registry.store.db import make_engine, open_registry
from registry.store.ingest import ingest_paths
from tests.api.conftest import SAMPLE, SCAN_DAY
from tests.registry.conftest import BACKENDS, database_url


@pytest.fixture(params=BACKENDS)
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Engine]]:
    """A registry holding only the national half of the sample, and its URL."""
    gen = database_url(request.param, tmp_path)
    url = next(gen)
    engine = open_registry(url)
    ingest_paths(engine, [SAMPLE / "national"])
    yield url, engine
    engine.dispose()
    gen.close()


def _cache(client: TestClient) -> ResponseCache:
    cache: ResponseCache = client.app.state.response_cache  # type: ignore[attr-defined]
    return cache


def test_ingest_scan_and_review_elsewhere_invalidate(fresh: tuple[str, Engine]) -> None:
    url, engine = fresh
    client = TestClient(create_app(Settings(database_url=url), engine))
    other = make_engine(url)  # another writer, as a CLI process would be
    try:
        first = client.get("/v1/documents?per_page=200")
        assert first.status_code == 200 and first.headers["etag"]
        cache = _cache(client)
        hits = cache.hits
        again = client.get("/v1/documents?per_page=200")
        assert cache.hits == hits + 1 and again.content == first.content
        assert again.headers["etag"] == first.headers["etag"]
        scans = client.get("/v1/scans").json()
        gaps = client.get("/v1/gaps").json()
        assert gaps["total"] == 0

        ingest_paths(other, [SAMPLE / "provincial"])
        after_ingest = client.get("/v1/documents?per_page=200")
        assert after_ingest.json()["total"] > first.json()["total"]

        scan(other, SCAN_DAY, workers=1)
        assert client.get("/v1/scans").json() != scans
        listing = client.get("/v1/gaps?sort=id").json()
        assert listing["total"] > 0
        gid = listing["items"][0]["id"]
        assert client.get(f"/v1/gaps/{gid}").json()["review_state"] == "open"
        assert client.get(f"/v1/gaps/{gid}").json()["review_state"] == "open"  # a hit

        set_review_state(other, gid, "confirmed", actor="elsewhere", note="")
        assert client.get(f"/v1/gaps/{gid}").json()["review_state"] == "confirmed"
        assert client.get("/v1/gaps?sort=id").json()["items"][0]["review_state"] == "confirmed"
    finally:
        other.dispose()


def test_etag_revalidation_and_what_is_not_cached(fresh: tuple[str, Engine]) -> None:
    url, engine = fresh
    client = TestClient(create_app(Settings(database_url=url), engine))
    r = client.get("/v1/provinces")
    etag = r.headers["etag"]
    not_modified = client.get("/v1/provinces", headers={"If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert client.get("/v1/provinces", headers={"If-None-Match": '"other"'}).status_code == 200
    # Errors are not kept; the query string is part of the key.
    assert client.get("/v1/gaps/999999").status_code == 404
    assert "/v1/gaps/999999" not in {k[3] for k in _cache(client).entries}
    assert "/v1/provinces" in {k[3] for k in _cache(client).entries}
    assert client.get("/v1/provinces?era=old").content != r.content
    assert not cacheable_path("/static/app.css") and not cacheable_path("/openapi.json")


def _counting_app() -> tuple[FastAPI, list[int]]:
    calls: list[int] = []
    app = FastAPI()

    @app.get("/v1/n")
    def n(size: int = 10) -> Response:
        calls.append(size)
        return Response(b"x" * size, media_type="text/plain")

    return app, calls


def test_version_day_and_size_bounds() -> None:
    app, calls = _counting_app()
    version: list[Any] = [1]
    today = [date(2025, 1, 1)]
    cache = ResponseCache(
        app,
        engine=None,  # type: ignore[arg-type]
        version=lambda: tuple(version),
        today=lambda: today[0],
        max_bytes=300,
        max_entry=150,
    )
    client = TestClient(cache)  # type: ignore[arg-type]
    for _ in range(3):
        assert client.get("/v1/n?size=100").content == b"x" * 100
    assert calls == [100]
    version[0] = 2  # the registry changed
    client.get("/v1/n?size=100")
    today[0] = date(2025, 1, 2)  # defaults such as as_of=today moved
    client.get("/v1/n?size=100")
    assert calls == [100, 100, 100]
    for _ in range(2):  # bigger than one entry may be: served, never kept
        assert client.get("/v1/n?size=200").content == b"x" * 200
    assert calls[-2:] == [200, 200]
    for size in (101, 102, 103):  # LRU within max_bytes
        client.get(f"/v1/n?size={size}")
    assert cache.size <= 300 and len(cache.entries) == 2


@pytest.mark.parametrize("sort", ["-effective", "effective", "score", "-score", "province", "id"])
@pytest.mark.parametrize("kind", [None, "cut"])
def test_pages_concatenate_to_the_full_listing(
    seeded: tuple[str, Engine], sort: str, kind: str | None
) -> None:
    """The two-step page query (ids, then joins) orders exactly like the one-statement export."""
    _, engine = seeded
    f = GapFilter(kind=kind, sort=sort)
    with engine.connect() as conn:
        total, everything = list_gaps(conn, f, None)
        paged: list[dict[str, Any]] = []
        for number in range(1, total // 7 + 2):
            t, rows = list_gaps(conn, f, Page(number, 7))
            assert t == total
            paged += rows
    assert total > 7 and paged == everything


def test_shared_probe_never_answers_from_before_arrival() -> None:
    """A request arriving while a probe runs waits for the next one, which sees later commits;
    requests arriving together share one probe."""
    committed = [0]
    probes: list[int] = []

    def probe() -> tuple[int]:
        seen = committed[0]  # the snapshot the probe reads
        probes.append(seen)
        time.sleep(0.05)
        return (seen,)

    shared = SharedProbe(probe)

    async def scenario() -> tuple[Any, Any, list[Any]]:
        early = asyncio.create_task(shared())
        await asyncio.sleep(0.02)  # its probe has read version 0 and is still running
        committed[0] = 1  # a commit lands
        late = await shared()  # arrived after the commit: must see it
        together = await asyncio.gather(*(shared() for _ in range(20)))
        return await early, late, together

    early, late, together = asyncio.run(scenario())
    assert early == (0,) and late == (1,) and set(together) == {(1,)}
    assert len(probes) == 3  # early, late, and one for the twenty


def test_cache_off_runs_every_read(fresh: tuple[str, Engine]) -> None:
    """DKKD_API_CACHE_MB=0: no cache at all; each read runs its queries and sees the registry."""
    url, engine = fresh
    client = TestClient(create_app(Settings(database_url=url, api_cache_mb=0), engine))
    assert not hasattr(client.app.state, "response_cache")  # type: ignore[attr-defined]
    first = client.get("/v1/documents?per_page=200")
    assert first.status_code == 200 and "etag" not in first.headers
    other = make_engine(url)
    try:
        ingest_paths(other, [SAMPLE / "provincial"])
    finally:
        other.dispose()
    assert client.get("/v1/documents?per_page=200").json()["total"] > first.json()["total"]
