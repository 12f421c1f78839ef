"""Load test of the API on loopback: the gap listing and the business check at N connections,
against a bare FastAPI endpoint serving the same payload from memory, measured in the same run.

    python bench/api_load.py [--database-url URL] [--connections 32] [--seconds 10]

Without --database-url the bundled sample is ingested and scanned into a temporary SQLite file
(pass the national corpus's registry for the real figure). `dkkd serve` runs in a subprocess;
the bare app in another; the load generator is `wrk` when installed, else asyncio + httpx.
Prints one JSON object on the last line: p50/p99 latency (ms) and requests/s per target, and
each endpoint's throughput as a share of the bare endpoint's, with the load average of the box
(the generator, both servers and whatever else runs share its cores).

`--cold` sends each request with a distinct, ignored query parameter, so every request misses the
API's response cache (api.cache) and runs the queries: the uncached figure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
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
    from registry.scan.run import scan
    from registry.store.db import open_registry
    from registry.store.ingest import ingest_paths

    url = f"sqlite:///{tmp / 'bench.db'}"
    engine = open_registry(url)
    ingest_paths(engine, [ROOT / "corpora" / "sample"])
    scan(engine, date(2025, 9, 18), workers=1)
    engine.dispose()
    return url


WRK_COLD = """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "&_n=" .. counter)
end
"""
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(value: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value)
    if m is None:
        raise ValueError(f"wrk latency {value!r}")
    return round(float(m.group(1)) * UNITS[m.group(2)], 2)


def wrk_load(
    url: str, connections: int, seconds: float, cold: bool = False, tmp: Path | None = None
) -> dict[str, float]:
    """One wrk run (2 threads, latency distribution); its figures in load()'s shape."""
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency"]
    if cold and tmp is not None:
        script = tmp / "cold.lua"
        script.write_text(WRK_COLD, encoding="utf-8")
        cmd += ["-s", str(script)]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    pct = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", out, re.M))
    total = re.search(r"(\d+) requests in", out)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if total is None or rps is None or "50" not in pct:
        raise SystemExit(f"cannot read wrk output:\n{out}")
    return {
        "requests": int(total.group(1)),
        "errors": (int(bad.group(1)) if bad else 0)
        + (sum(int(x) for x in sock.groups()) if sock else 0),
        "rps": round(float(rps.group(1)), 1),
        "p50_ms": _ms(pct["50"]),
        "p99_ms": _ms(pct["99"]),
    }


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
    ap.add_argument("--cold", action="store_true", help="defeat the response cache")
    ap.add_argument("--python", action="store_true", help="the Python generator even with wrk")
    args = ap.parse_args()
    use_wrk = shutil.which("wrk") is not None and not args.python
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
                "generator": "wrk -t2" if use_wrk else "python-asyncio-httpx",
                "cache": "defeated (--cold)" if args.cold else "on",
                "loadavg_before": [round(x, 2) for x in os.getloadavg()],
            }

            def run(url: str, seconds: float, cold: bool = False) -> dict[str, float]:
                if use_wrk:
                    return wrk_load(url, args.connections, seconds, cold, tmp)
                if cold:
                    raise SystemExit("--cold needs wrk")
                return asyncio.run(load(url, args.connections, seconds))

            for name, path in TARGETS.items():
                run(base + path, 1.0)  # warm-up
                real = run(base + path, args.seconds, args.cold)
                ref = run(f"{bare_base}/bare/{name}", args.seconds)
                out[name] = {
                    **real,
                    "bytes": len(payloads[name]),
                    "bare": ref,
                    "share_of_bare": round(real["rps"] / ref["rps"], 3) if ref["rps"] else 0.0,
                }
                print(f"{name}: {real} | bare {ref}", file=sys.stderr)
            out["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
        finally:
            for proc in (api, bare):
                if proc is not None:
                    proc.terminate()
                    proc.wait(10)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
