"""Load test of the API on loopback: the gap listing and the business check at N connections,
against a bare FastAPI endpoint serving the same payload from memory, measured in the same run.

    python bench/api_load.py [--database-url URL] [--connections 32] [--seconds 10]

Without --database-url the bundled sample is ingested and scanned into a temporary SQLite file
(pass the national corpus's registry for the real figure). `dkkd serve` runs in a subprocess;
the bare app in another; the load generator is `wrk` when installed, else asyncio + httpx.
Prints one JSON object on the last line: p50/p99 latency (ms) and requests/s per target, and
each endpoint's throughput as a share of the bare endpoint's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import date
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {
    "gaps": "/v1/gaps?per_page=50",
    "business_check": "/v1/business-lines/38/rules?province=H%C3%A0%20Giang&as_of=2025-09-18",
}

BARE_APP = textwrap.dedent(
    """
    import json, sys
    from fastapi import FastAPI
    from fastapi.responses import Response
    payloads = json.load(open(sys.argv[1]))
    app = FastAPI()
    for name, body in payloads.items():
        def make(b=body.encode()):
            def handler() -> Response:
                return Response(b, media_type="application/json")
            return handler
        app.get("/bare/" + name)(make())
    import uvicorn
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
    """
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_up(url: str, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"server at {url} did not come up")


def seed(tmp: Path) -> str:
    from registry.db import open_registry
    from registry.ingest import ingest_paths
    from registry.scan import scan

    url = f"sqlite:///{tmp / 'bench.db'}"
    engine = open_registry(url)
    ingest_paths(engine, [ROOT / "corpora" / "sample"])
    scan(engine, date(2025, 9, 18), workers=1)
    engine.dispose()
    return url


async def load(url: str, connections: int, seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(limits=limits, timeout=10) as client:
        end = time.perf_counter() + seconds

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < end:
                t0 = time.perf_counter()
                r = await client.get(url)
                latencies.append(time.perf_counter() - t0)
                if r.status_code != 200:
                    errors += 1

        t_start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        elapsed = time.perf_counter() - t_start
    latencies.sort()
    n = len(latencies)
    return {
        "requests": n,
        "errors": errors,
        "rps": round(n / elapsed, 1),
        "p50_ms": round(latencies[n // 2] * 1000, 2) if n else 0.0,
        "p99_ms": round(latencies[min(n - 1, int(n * 0.99))] * 1000, 2) if n else 0.0,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--database-url")
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--seconds", type=float, default=10.0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as td:
        tmp = Path(td)
        url = args.database_url or seed(tmp)
        port, bare_port = free_port(), free_port()
        env = {**os.environ, "DKKD_DATABASE_URL": url}
        api = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "dkkd.cli",
                "serve",
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        bare = None
        try:
            base = f"http://127.0.0.1:{port}"
            wait_up(base + "/v1/provinces?era=new")
            payloads = {
                name: httpx.get(base + path, timeout=30).text for name, path in TARGETS.items()
            }
            (tmp / "payloads.json").write_text(json.dumps(payloads), encoding="utf-8")
            (tmp / "bare.py").write_text(BARE_APP, encoding="utf-8")
            bare = subprocess.Popen(
                [sys.executable, str(tmp / "bare.py"), str(tmp / "payloads.json"), str(bare_port)]
            )
            bare_base = f"http://127.0.0.1:{bare_port}"
            wait_up(bare_base + "/bare/gaps")
            out: dict[str, object] = {
                "database": url.split("///")[-1]
                if url.startswith("sqlite")
                else url.split("@")[-1],
                "connections": args.connections,
                "seconds": args.seconds,
                "generator": "python-asyncio-httpx",
            }
            for name, path in TARGETS.items():
                asyncio.run(load(base + path, args.connections, 1.0))  # warm-up
                real = asyncio.run(load(base + path, args.connections, args.seconds))
                ref = asyncio.run(load(f"{bare_base}/bare/{name}", args.connections, args.seconds))
                out[name] = {
                    **real,
                    "bytes": len(payloads[name]),
                    "bare": ref,
                    "share_of_bare": round(real["rps"] / ref["rps"], 3) if ref["rps"] else 0.0,
                }
                print(f"{name}: {real} | bare {ref}", file=sys.stderr)
        finally:
            for proc in (api, bare):
                if proc is not None:
                    proc.terminate()
                    proc.wait(10)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
