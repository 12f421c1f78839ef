"""Load test of the API on loopback, against a bare FastAPI endpoint serving a payload of the same
size from memory, measured in the same run (same uvicorn, same generator, same box).

    python bench/api_load.py [--database-url URL] [--connections 32] [--seconds 10]
        [--workers 1] [--cache both|on|off] [--responses FILE]

Without --database-url the bundled sample is ingested and scanned into a temporary SQLite file
(pass the national corpus's registry for the real figure). `dkkd serve` runs in a subprocess;
the bare app in another; the load generator is `wrk` when installed, else asyncio + httpx.

Two servers, one after the other:
- cache on (the default server): the two published targets, one fixed URL each, so every request
  after the first is answered from the response cache (api.cache);
- cache off (``DKKD_API_CACHE_MB=0``): every request runs its queries. Three endpoints, each
  over a list of paths read from the registry, asked in a shuffled round (wrk Lua): the gap
  listing with random filters (province, kind, state, ministry, business line, dates), sorts and
  pages; the business check for random lines × provinces × dates; single gaps.

Prints one JSON object on the last line: p50/p99 latency (ms) and requests/s per target, and
each throughput as a share of the bare endpoint's, with the load average of the box.
``--responses FILE`` writes every sampled path's response body to FILE (JSON) when FILE does not
exist, else compares them with FILE's and reports the paths whose JSON differs: run it once on
the code before a change and once after (same registry, same day) to show the answers stayed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
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
from typing import Any
from urllib.parse import quote, urlencode

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


def wait_up(url: str, timeout: float = 180.0) -> None:
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


# Each wrk thread walks the (shuffled) path list from its own starting point, so the threads do
# not ask the same path at the same moment.
WRK_PATHS = """
local paths = {%s}
local threads = 0
function setup(thread)
  thread:set("start", threads * 7919)
  threads = threads + 1
end
local i = 0
function init(args)
  i = start or 0
end
request = function()
  i = i + 1
  return wrk.format(nil, paths[(i %% #paths) + 1])
end
"""
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(value: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value)
    if m is None:
        raise ValueError(f"wrk latency {value!r}")
    return round(float(m.group(1)) * UNITS[m.group(2)], 2)


def wrk_load(
    url: str,
    connections: int,
    seconds: float,
    paths: list[str] | None = None,
    tmp: Path | None = None,
) -> dict[str, float]:
    """One wrk run (2 threads, latency distribution) of `url`, or of `paths` in turn on its
    host; its figures in load()'s shape."""
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency"]
    if paths and tmp is not None:
        script = tmp / "paths.lua"
        quoted = ",".join(json.dumps(p) for p in paths)  # ASCII JSON strings are Lua strings
        script.write_text(WRK_PATHS % quoted, encoding="utf-8")
        cmd += ["-s", str(script)]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    pct = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.M))
    total = re.search(r"(\d+) requests in", out)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if total is None or rps is None or "50" not in pct or "99" not in pct:
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


def sample_paths(base: str, n: int = 400, seed: int = 15) -> dict[str, list[str]]:
    """Paths for the cache-off runs, built from what the registry holds (any scanned registry):
    `n` per endpoint, shuffled with a fixed seed (the same registry gives the same paths)."""
    rng = random.Random(seed)

    def get(path: str) -> Any:
        r = httpx.get(base + path, timeout=120)
        r.raise_for_status()
        return r.json()

    provinces = [p["name"] for p in get("/v1/provinces") if p.get("gaps")]
    new_provinces = [p["name"] for p in get("/v1/provinces?era=new") if p.get("gaps")]
    lines = get("/v1/business-lines")
    numbers = [str(bl["number"]) for bl in lines]
    ministries = sorted({str(bl["ministry"]) for bl in lines if bl.get("ministry")})
    filters: list[dict[str, Any]] = [
        {},
        {"kind": "cut"},
        {"kind": "procedure"},
        {"state": "open"},
        {"active": "true"},
        {"date_from": "2019-01-01"},
        {"date_from": "2018-01-01", "date_to": "2021-12-31"},
    ]
    filters += [{"province": p} for p in provinces[:12] + new_provinces[:6]]
    filters += [{"province": p, "kind": "cut"} for p in provinces[12:18]]
    filters += [{"ministry": m} for m in ministries[:4]]
    filters += [{"business_line": b} for b in numbers[:6]]
    sorts = ["-effective", "effective", "-score", "province", "-id", "id"]
    listing: list[str] = []
    for f in filters:
        total = int(get("/v1/gaps?" + urlencode({**f, "per_page": 1}))["total"])
        last = max(1, -(-total // 50))
        for _ in range(max(1, n // len(filters))):
            q = {**f, "sort": rng.choice(sorts), "page": rng.randint(1, min(last, 40))}
            listing.append("/v1/gaps?" + urlencode(q))
    total = int(get("/v1/gaps?per_page=1")["total"])
    pages = max(1, -(-total // 500))
    ids: list[int] = []
    for page in rng.sample(range(1, pages + 1), min(pages, 6)):
        ids += [int(g["id"]) for g in get(f"/v1/gaps?sort=id&per_page=500&page={page}")["items"]]
    detail = [f"/v1/gaps/{i}" for i in rng.sample(ids, min(n, len(ids)))]
    days = ["2019-06-30", "2022-01-01", "2025-09-18", "2026-01-01"]
    check = [
        f"/v1/business-lines/{quote(rng.choice(numbers))}/rules?"
        + urlencode({"province": rng.choice(provinces + new_provinces), "as_of": rng.choice(days)})
        for _ in range(n)
    ]
    for paths in (listing, detail, check):
        rng.shuffle(paths)
    return {"gaps": listing[:n], "gap_detail": detail, "business_check": check}


def compare_responses(base: str, paths: list[str], file: Path) -> dict[str, Any]:
    """Write the responses of `paths` to `file`, or compare them with the ones it holds."""
    got = {p: httpx.get(base + p, timeout=120).text for p in paths}
    if not file.exists():
        file.write_text(json.dumps(got, ensure_ascii=False), encoding="utf-8")
        return {"written": str(file), "paths": len(got)}
    want = json.loads(file.read_text(encoding="utf-8"))
    # Same keys in the same order and the same values: compare the parsed JSON as key/value
    # pair lists (object_pairs_hook), so a reordered object counts as a difference.
    same = [p for p in paths if p in want and _pairs(got[p]) == _pairs(want[p])]
    differ = [p for p in paths if p in want and p not in same]
    return {"compared": len(same) + len(differ), "identical": len(same), "differ": differ[:20]}


def _pairs(text: str) -> Any:
    return json.loads(text, object_pairs_hook=list)


def start_server(
    url: str, port: int, workers: int, cache_mb: int | None
) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DKKD_DATABASE_URL": url}
    if cache_mb is not None:
        env["DKKD_API_CACHE_MB"] = str(cache_mb)
    cmd = [sys.executable, "-m", "dkkd.cli", "serve", "--port", str(port)]
    cmd += ["--workers", str(workers), "--log-level", "warning"]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT)
    try:
        wait_up(f"http://127.0.0.1:{port}/v1/provinces?era=new")
    except BaseException:
        stop(proc)
        raise
    return proc


def stop(proc: subprocess.Popen[bytes] | None) -> None:
    if proc is not None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:  # a server stuck on its requests
            proc.kill()
            proc.wait(10)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--database-url")
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--workers", type=int, default=1, help="dkkd serve --workers")
    ap.add_argument("--cache", choices=("both", "on", "off"), default="both")
    ap.add_argument("--paths", type=int, default=400, help="distinct paths per cache-off target")
    ap.add_argument("--responses", type=Path, help="write, or compare with, sampled responses")
    ap.add_argument("--python", action="store_true", help="the Python generator even with wrk")
    args = ap.parse_args()
    use_wrk = shutil.which("wrk") is not None and not args.python
    if args.cache != "on" and not use_wrk:
        raise SystemExit("the cache-off runs need wrk (a different path per request)")
    with tempfile.TemporaryDirectory() as td:
        tmp = Path(td)
        url = args.database_url or seed(tmp)
        port, bare_port = free_port(), free_port()
        base = f"http://127.0.0.1:{port}"
        bare_base = f"http://127.0.0.1:{bare_port}"
        api = bare = None
        out: dict[str, Any] = {
            "database": url.split("///")[-1] if url.startswith("sqlite") else url.split("@")[-1],
            "connections": args.connections,
            "seconds": args.seconds,
            "workers": args.workers,
            "generator": "wrk -t2" if use_wrk else "python-asyncio-httpx",
            "loadavg_before": [round(x, 2) for x in os.getloadavg()],
        }

        def run(url: str, seconds: float, paths: list[str] | None = None) -> dict[str, float]:
            if use_wrk:
                return wrk_load(url, args.connections, seconds, paths, tmp)
            return asyncio.run(load(url, args.connections, seconds))

        def versus_bare(name: str, real: dict[str, float], size: int) -> dict[str, Any]:
            ref = run(f"{bare_base}/bare/{name}", args.seconds)
            print(f"{name}: {real} | bare {ref}", file=sys.stderr)
            share = round(real["rps"] / ref["rps"], 3) if ref["rps"] else 0.0
            return {**real, "bytes": size, "bare": ref, "share_of_bare": share}

        try:
            # The bare endpoint serves, per target, the body of one typical request.
            api = start_server(url, port, args.workers, None)
            paths = sample_paths(base, args.paths) if args.cache != "on" or args.responses else {}
            payloads = {name: httpx.get(base + p, timeout=60).text for name, p in TARGETS.items()}
            if "gap_detail" in paths:
                payloads["gap_detail"] = httpx.get(base + paths["gap_detail"][0]).text
            if args.responses is not None:
                every = [p for group in paths.values() for p in group] + list(TARGETS.values())
                out["responses"] = compare_responses(base, every, args.responses)
            (tmp / "payloads.json").write_text(json.dumps(payloads), encoding="utf-8")
            (tmp / "bare.py").write_text(BARE_APP, encoding="utf-8")
            bare = subprocess.Popen(
                [sys.executable, str(tmp / "bare.py"), str(tmp / "payloads.json"), str(bare_port)]
            )
            wait_up(bare_base + "/bare/gaps")
            if args.cache != "off":
                cached: dict[str, Any] = {}
                for name, path in TARGETS.items():
                    run(base + path, 1.0)  # warm-up
                    real = run(base + path, args.seconds)
                    cached[name] = versus_bare(name, real, len(payloads[name]))
                out["cache_on"] = cached
            stop(api)
            api = None
            if args.cache != "on":
                api = start_server(url, port, args.workers, 0)
                cold: dict[str, Any] = {}
                for name, group in paths.items():
                    run(base, 1.0, group)  # warm-up: the registry's pages into memory
                    real = run(base, args.seconds, group)
                    cold[name] = versus_bare(name, real, len(payloads[name]))
                    cold[name]["distinct_paths"] = len(group)
                out["cache_off"] = cold
            out["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
        finally:
            stop(api)
            stop(bare)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
