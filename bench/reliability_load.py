"""Load reliability: N seconds at C connections over the main read endpoints, with the server's
memory sampled every second. Proves (or disproves) "zero errors, memory flat" (issue 7, Load).

    python bench/reliability_load.py [--database-url URL] [--seconds 60] [--connections 32]

Without --database-url the bundled sample is ingested and scanned into a temporary SQLite file
(pass the national corpus's registry for the real figure). `dkkd serve` runs in a subprocess on
a free port. The paths rotate round-robin over: the gap list with several filter/sort/page
combinations (the last page included), single gaps, a business line's rules in a province, KTCN
lookups, condition searches, provinces, stats and the dashboard home page. Values (gap ids,
line numbers, province names, HS codes) are read from the registry itself, so the script works
on any registry that has been scanned.

The generator is `wrk` (one connection per thread, so a Lua script can time each request and
file it under its endpoint group) when installed, else asyncio + httpx in a separate process.
Errors are non-2xx responses plus socket errors (connect, read, write, timeout). The server's
RSS (its process and any children) is read from /proc every second; after a warm-up (the first
third of the run) the memory is "flat" when the least-squares line over the rest of the run
grows by less than 5 %. Prints one JSON object on the last line; exit status 1 when there were
errors or the memory grew.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import multiprocessing
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
GROWTH_LIMIT_PCT = 5.0
MIN_SECONDS_FOR_MEMORY_VERDICT = 30.0
CONDITION_QUERIES = ("vốn", "chứng chỉ hành nghề", "dien tich", "kinh nghiệm", "phòng cháy")


@dataclass(frozen=True)
class Target:
    group: str
    path: str


@dataclass
class LoadResult:
    """Per-request records (group index, HTTP status or 0 for a socket error, latency in µs)."""

    generator: str
    seconds: float
    records: list[tuple[int, int, int]] = field(default_factory=list)
    socket_errors: dict[str, int] = field(default_factory=dict)


# --------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_up(url: str, proc: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    import httpx

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise SystemExit(f"dkkd serve exited with status {proc.returncode} before answering")
        try:
            if httpx.get(url, timeout=5).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"server at {url} did not come up within {timeout:.0f} s")


def seed_sample(tmp: Path) -> str:
    """A scanned registry of the bundled sample corpus (for runs without --database-url)."""
    from registry.scan.run import scan
    from registry.store.db import open_registry
    from registry.store.ingest import ingest_paths

    url = f"sqlite:///{tmp / 'sample.db'}"
    engine = open_registry(url)
    ingest_paths(engine, [ROOT / "corpora" / "sample"])
    scan(engine, date(2025, 9, 18), workers=1)
    engine.dispose()
    return url


def process_tree(pid: int) -> list[int]:
    """`pid` and its descendants (uvicorn with --workers > 1 forks), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # Field 4 after the parenthesised command (which may itself hold spaces or parentheses).
        ppid = int(stat[stat.rfind(")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo.extend(children.get(p, []))
    return tree


def rss_bytes(pids: Sequence[int]) -> int:
    total = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        m = re.search(r"^VmRSS:\s+(\d+)\s+kB", status, re.M)
        if m:
            total += int(m.group(1)) * 1024
    return total


class RssSampler(threading.Thread):
    """Samples (seconds since start, RSS bytes) of a process tree every `interval` seconds."""

    def __init__(self, pid: int, interval: float = 1.0) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.samples: list[tuple[float, int]] = []
        self._stop_event = threading.Event()
        self.t0 = time.monotonic()

    def run(self) -> None:
        pids = process_tree(self.pid)
        tick = 0
        while not self._stop_event.is_set():
            if tick % 10 == 0:  # pick up workers forked late, cheaply
                pids = process_tree(self.pid)
            self.samples.append((time.monotonic() - self.t0, rss_bytes(pids)))
            tick += 1
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(5)


# --------------------------------------------------------------------------- targets


def discover(
    base: str, database_url: str, distinct: int = 0
) -> tuple[list[Target], list[Target], list[str]]:
    """Paths for every endpoint group, with values read from the registry being served.

    Returns the hot paths (a few per group, asked over and over), a long tail of up to `distinct`
    other paths (many gaps, pages, lines × provinces, HS codes: they miss the server's response
    cache, run the real queries, and push its LRU to its bound, which is what a memory test must
    see), and the groups that could not be filled (an empty registry has no gap to show).
    """
    import httpx

    targets: list[Target] = []
    missing: list[str] = []

    def get(path: str) -> Any:
        r = httpx.get(base + path, timeout=120)
        r.raise_for_status()
        return r.json()

    first = get("/v1/gaps?per_page=50")
    total = int(first["total"])
    last_page = max(1, math.ceil(total / 50))
    provinces = [p for p in get("/v1/provinces") if p.get("gaps")] or get("/v1/provinces")
    provinces.sort(key=lambda p: -int(p.get("gaps") or 0))
    busiest = provinces[0]["name"] if provinces else ""
    lines = get("/v1/business-lines")
    ministries = sorted({str(bl["ministry"]) for bl in lines if bl.get("ministry")})
    gap_paths = [
        "/v1/gaps?per_page=50",
        f"/v1/gaps?per_page=50&page={last_page}",
        "/v1/gaps?kind=cut&active=true&per_page=20&page=2",
        "/v1/gaps?sort=-score&per_page=100",
        "/v1/gaps?" + urlencode({"province": busiest, "active": "true", "sort": "province"}),
    ]
    if ministries:
        gap_paths.append("/v1/gaps?" + urlencode({"ministry": ministries[0], "kind": "procedure"}))
    targets += [Target("gaps_list", p) for p in gap_paths]

    ids = [int(g["id"]) for g in first["items"]]
    if total > 50:
        ids += [int(g["id"]) for g in get(f"/v1/gaps?per_page=50&page={last_page}")["items"]]
    picked = _spread(sorted(set(ids)), 8)
    if picked:
        targets += [Target("gap_detail", f"/v1/gaps/{i}") for i in picked]
    else:
        missing.append("gap_detail")

    # Lines with the most conditions, each in a province with gaps (names as a user types them).
    lines.sort(key=lambda bl: -int(bl.get("conditions") or 0))
    names = [p["name"] for p in provinces[:4]] or [""]
    rules = []
    for k, bl in enumerate(lines[:4]):
        query = {"province": names[k % len(names)]} if names[0] else {}
        rules.append(f"/v1/business-lines/{quote(str(bl['number']))}/rules?{urlencode(query)}")
    if rules:
        targets += [Target("business_rules", p) for p in rules]
    else:
        missing.append("business_rules")

    hs = _hs_codes(database_url, 3)
    if hs:
        targets += [Target("ktcn", f"/v1/ktcn/{code}") for code in hs]
    else:
        missing.append("ktcn")

    targets += [
        Target("conditions", "/v1/conditions?" + urlencode({"q": q})) for q in CONDITION_QUERIES
    ]
    targets += [Target("conditions", "/v1/conditions?page=2&per_page=50")]
    targets += [Target("provinces", "/v1/provinces"), Target("provinces", "/v1/provinces?era=new")]
    targets += [Target("stats", "/v1/stats"), Target("dashboard", "/")]
    tail = _long_tail(
        get, distinct, total, lines, provinces, ministries, _hs_codes(database_url, 0)
    )
    return targets, tail, missing


def _long_tail(
    get: Any,
    distinct: int,
    total: int,
    lines: list[dict[str, Any]],
    provinces: list[dict[str, Any]],
    ministries: list[str],
    hs: list[str],
) -> list[Target]:
    """Up to `distinct` different paths: half single gaps, the rest lists, rules, KTCN, search."""
    if distinct <= 0:
        return []
    ids: list[int] = []
    pages = max(1, math.ceil(total / 500))
    for page in _spread(range(1, pages + 1), max(1, math.ceil(distinct / 2 / 500))):
        ids += [int(g["id"]) for g in get(f"/v1/gaps?per_page=500&sort=id&page={page}")["items"]]
    tail = [Target("gap_detail", f"/v1/gaps/{i}") for i in _spread(ids, distinct // 2)]
    kinds = ["", "cut", "amended", "basis", "procedure"]
    sorts = ["-effective", "score", "province", "-id"]
    lists = []
    for k in range(1, max(1, math.ceil(total / 20)) + 1):
        query: dict[str, Any] = {"per_page": 20, "page": k, "sort": sorts[k % len(sorts)]}
        if kinds[k % len(kinds)]:
            query["kind"] = kinds[k % len(kinds)]
        lists.append(Target("gaps_list", "/v1/gaps?" + urlencode(query)))
    tail += _spread(lists, distinct // 5)
    names = [p["name"] for p in provinces] or [""]
    rules = [
        Target(
            "business_rules",
            f"/v1/business-lines/{quote(str(bl['number']))}/rules?"
            + urlencode({"province": names[(j * 7 + k) % len(names)]}),
        )
        for j, bl in enumerate(lines)
        for k in range(3)
    ]
    tail += _spread(rules, distinct // 10)
    tail += [Target("ktcn", f"/v1/ktcn/{h}") for h in _spread(hs, distinct // 10)]
    searches = [
        Target("conditions", "/v1/conditions?" + urlencode({"q": q, "page": page}))
        for page in range(1, 6)
        for q in CONDITION_QUERIES
    ]
    searches += [
        Target("conditions", "/v1/conditions?" + urlencode({"ministry": m, "page": page}))
        for m in ministries
        for page in range(1, 4)
    ]
    tail += _spread(searches, distinct // 10)
    return tail


def interleave(hot: Sequence[Target], tail: Sequence[Target]) -> list[Target]:
    """Every other request a hot path: a realistic mix of cache hits and misses."""
    if not tail:
        return list(hot)
    return [t for k, miss in enumerate(tail) for t in (hot[k % len(hot)], miss)]


def _spread(values: Sequence[Any], n: int) -> list[Any]:
    if n <= 0:
        return []
    if len(values) <= n:
        return list(values)
    if n == 1:
        return [values[len(values) // 2]]
    step = (len(values) - 1) / (n - 1)
    return [values[round(k * step)] for k in range(n)]


def _hs_codes(database_url: str, n: int = 3) -> list[str]:
    """HS codes listed in KTCN lists: `n` full 8-digit lines (all when 0) and a heading."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = sorted({str(r[0]) for r in conn.execute(text("SELECT hs FROM ktcn_item"))})
    finally:
        engine.dispose()
    full = [h for h in rows if len(h) == 8]
    picked = _spread(full or rows, n) if n else list(full or rows)
    if picked and n:
        picked.append(picked[len(picked) // 2][:4])  # a heading: covers the lines under it
    return [f"{h[:4]}.{h[4:6]}.{h[6:]}" if len(h) == 8 else h for h in picked]


def prime(base: str, targets: Sequence[Target]) -> list[str]:
    """One request per path before the load: a path that already fails is named up front."""
    import httpx

    failures = []
    with httpx.Client(timeout=120) as client:
        for t in targets:
            r = client.get(base + t.path)
            if not 200 <= r.status_code < 300:
                failures.append(f"{r.status_code} {t.path}")
    return failures


# --------------------------------------------------------------------------- generators

WRK_LUA = r"""
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } dkkd_timespec;
int clock_gettime(int clk_id, dkkd_timespec *tp);
]]
local ts = ffi.new("dkkd_timespec")
local function now_us()
  ffi.C.clock_gettime(1, ts)  -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000000 + math.floor(tonumber(ts.tv_nsec) / 1000)
end

local paths = {PATHS}
local groups = {GROUPS}
local out_file = "{OUT}"
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end

function init(args)
  idx = (tid * 7) % #paths
  n = 0
  lat, st, gi = {}, {}, {}
  started, cur = 0, 1
end

function request()
  idx = idx % #paths + 1
  cur = groups[idx]
  started = now_us()
  return wrk.format("GET", paths[idx])
end

function response(status, headers, body)
  n = n + 1
  lat[n] = now_us() - started
  st[n] = status
  gi[n] = cur
end

function done(summary, latency, requests)
  local f = assert(io.open(out_file, "w"))
  for _, t in ipairs(threads) do
    local tl, ts_, tg = t:get("lat"), t:get("st"), t:get("gi")
    for i = 1, #tl do
      f:write(tg[i], " ", ts_[i], " ", string.format("%d", tl[i]), "\n")
    end
  end
  local e = summary.errors
  f:write(string.format("summary %d %d %d %d %d %d %d\n", summary.duration, summary.requests,
    e.connect, e.read, e.write, e.status, e.timeout))
  f:close()
end
"""


def _lua_list(items: Sequence[str | int]) -> str:
    return "{" + ", ".join(json.dumps(i) if isinstance(i, str) else str(i) for i in items) + "}"


def run_wrk(
    base: str,
    targets: Sequence[Target],
    group_names: Sequence[str],
    connections: int,
    seconds: float,
    timeout: float,
    tmp: Path,
) -> LoadResult:
    out = tmp / "wrk_records.txt"
    script = (
        WRK_LUA.replace("{PATHS}", _lua_list([t.path for t in targets]))
        .replace("{GROUPS}", _lua_list([group_names.index(t.group) + 1 for t in targets]))
        .replace("{OUT}", str(out))
    )
    (tmp / "rotate.lua").write_text(script, encoding="utf-8")
    cmd = [
        "wrk",
        f"-t{connections}",  # one connection per thread: request() and response() pair up
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        f"--timeout={max(1, round(timeout))}s",
        "-s",
        str(tmp / "rotate.lua"),
        base,
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + timeout + 60)
    if proc.returncode != 0 or not out.exists():
        raise SystemExit(f"wrk failed ({proc.returncode}): {proc.stderr.strip() or proc.stdout}")
    result = LoadResult("wrk", seconds)
    for line in out.read_text().splitlines():
        parts = line.split()
        if parts[0] == "summary":
            duration_us, _, connect, read, write, _status, tout = map(int, parts[1:])
            result.seconds = duration_us / 1e6
            result.socket_errors = {
                "connect": connect,
                "read": read,
                "write": write,
                "timeout": tout,
            }
        else:
            g, status, lat = map(int, parts)
            result.records.append((g - 1, status, lat))
    return result


def _python_worker(
    base: str, paths: list[str], groups: list[int], connections: int, seconds: float, out: str
) -> None:
    """Child process: asyncio + httpx, one coroutine per connection, rotating over the paths."""
    import httpx

    records: list[tuple[int, int, int]] = []
    errors = {"connect": 0, "read": 0, "write": 0, "timeout": 0}

    async def go() -> float:
        limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=10) as client:
            end = time.perf_counter() + seconds

            async def worker(k: int) -> None:
                i = (k * 7) % len(paths)
                while time.perf_counter() < end:
                    i = (i + 1) % len(paths)
                    t0 = time.perf_counter()
                    try:
                        r = await client.get(paths[i])
                        status = r.status_code
                    except httpx.TimeoutException:
                        errors["timeout"] += 1
                        status = 0
                    except httpx.ConnectError:
                        errors["connect"] += 1
                        status = 0
                    except httpx.TransportError:
                        errors["read"] += 1
                        status = 0
                    records.append((groups[i], status, int((time.perf_counter() - t0) * 1e6)))

            t_start = time.perf_counter()
            await asyncio.gather(*(worker(k) for k in range(connections)))
            return time.perf_counter() - t_start

    elapsed = asyncio.run(go())
    Path(out).write_text(
        json.dumps({"seconds": elapsed, "records": records, "socket_errors": errors}),
        encoding="utf-8",
    )


def run_python(
    base: str,
    targets: Sequence[Target],
    group_names: Sequence[str],
    connections: int,
    seconds: float,
    tmp: Path,
) -> LoadResult:
    out = tmp / "python_records.json"
    ctx = multiprocessing.get_context("spawn")
    proc = ctx.Process(
        target=_python_worker,
        args=(
            base,
            [t.path for t in targets],
            [group_names.index(t.group) for t in targets],
            connections,
            seconds,
            str(out),
        ),
    )
    proc.start()
    proc.join(seconds + 120)
    if proc.exitcode != 0 or not out.exists():
        raise SystemExit(f"load generator process failed (exit code {proc.exitcode})")
    data = json.loads(out.read_text(encoding="utf-8"))
    return LoadResult(
        "python-asyncio-httpx",
        float(data["seconds"]),
        [(int(g), int(st), int(lat)) for g, st, lat in data["records"]],
        dict(data["socket_errors"]),
    )


# --------------------------------------------------------------------------- figures


def percentile(sorted_values: Sequence[int], q: float) -> float:
    """Nearest-rank percentile of µs values, in ms."""
    if not sorted_values:
        return 0.0
    k = min(len(sorted_values) - 1, max(0, math.ceil(q * len(sorted_values)) - 1))
    return round(sorted_values[k] / 1000, 2)


def latency_table(result: LoadResult, group_names: Sequence[str]) -> dict[str, dict[str, Any]]:
    per: dict[str, dict[str, Any]] = {}
    for gi, name in enumerate(group_names):
        rows = [r for r in result.records if r[0] == gi]
        lat = sorted(r[2] for r in rows)
        bad: dict[str, int] = {}
        for _, status, _ in rows:
            if not 200 <= status < 300:
                bad[str(status)] = bad.get(str(status), 0) + 1
        per[name] = {
            "requests": len(rows),
            "errors": sum(bad.values()),
            "error_statuses": bad,
            "p50_ms": percentile(lat, 0.50),
            "p99_ms": percentile(lat, 0.99),
            "max_ms": round(lat[-1] / 1000, 2) if lat else 0.0,
        }
    return per


def memory_figures(
    samples: Sequence[tuple[float, int]], load_start: float, load_end: float
) -> dict[str, Any]:
    """RSS at start/middle/end of the load, and its trend after the warm-up (first third)."""
    during = [(t - load_start, b) for t, b in samples if load_start <= t <= load_end + 0.5]
    if not during:
        return {"samples": 0}
    length = load_end - load_start
    warm = length / 3
    tail = [(t, b / 2**20) for t, b in during if t >= warm]

    def at(t_target: float) -> float:
        return round(min(during, key=lambda s: abs(s[0] - t_target))[1] / 2**20, 1)

    out: dict[str, Any] = {
        "samples": len(during),
        "before_load_mb": round(
            max((b for t, b in samples if t < load_start), default=during[0][1]) / 2**20, 1
        ),
        "start_mb": at(0.0),
        "middle_mb": at(length / 2),
        "end_mb": at(length),
        "peak_mb": round(max(b for _, b in during) / 2**20, 1),
        "warmup_s": round(warm, 1),
        "every_10s_mb": [round(b / 2**20) for t, b in _every(during, 10.0)],
        "trend_window_s": round(length - warm, 1),
    }
    if len(tail) >= 3:
        n = len(tail)
        mt = sum(t for t, _ in tail) / n
        mb = sum(b for _, b in tail) / n
        var = sum((t - mt) ** 2 for t, _ in tail)
        slope = sum((t - mt) * (b - mb) for t, b in tail) / var if var else 0.0  # MB/s
        fit_start = mb + slope * (warm - mt)
        fit_end = mb + slope * (length - mt)
        growth = (fit_end - fit_start) / fit_start * 100 if fit_start else 0.0
        out.update(
            slope_mb_per_min=round(slope * 60, 2),
            growth_after_warmup_pct=round(growth, 2),
            flat=(growth < GROWTH_LIMIT_PCT) if length >= MIN_SECONDS_FOR_MEMORY_VERDICT else None,
        )
    else:
        out.update(slope_mb_per_min=None, growth_after_warmup_pct=None, flat=None)
    return out


def _every(samples: Sequence[tuple[float, int]], step: float) -> list[tuple[float, int]]:
    """The first sample at or after each multiple of `step` seconds: a compact RSS timeline."""
    out: list[tuple[float, int]] = []
    for t, b in samples:
        if not out or t >= (len(out)) * step:
            out.append((t, b))
    return out


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


# --------------------------------------------------------------------------- main


def run(
    database_url: str | None,
    seconds: float,
    connections: int,
    generator: str,
    workers: int,
    timeout: float,
    distinct: int = 2000,
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="dkkd-load-") as td:
        tmp = Path(td)
        url = database_url or seed_sample(tmp)
        port = free_port()
        log = (tmp / "serve.log").open("wb")
        serve = ["serve", "--port", str(port), "--workers", str(workers), "--log-level", "warning"]
        server = subprocess.Popen(
            [sys.executable, "-m", "dkkd.cli", *serve],
            env={**os.environ, "DKKD_DATABASE_URL": url},
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        sampler = RssSampler(server.pid)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_up(base + "/v1/provinces?era=new", server)
            sampler.start()
            hot, tail, missing = discover(base, url, distinct)
            targets = interleave(hot, tail)
            group_names = list(dict.fromkeys(t.group for t in hot + tail))
            failures = prime(base, hot) + prime(base, tail[:: max(1, len(tail) // 50)])
            if failures:
                raise SystemExit("paths failing before the load:\n  " + "\n  ".join(failures))
            use_wrk = generator == "wrk" or (generator == "auto" and shutil.which("wrk"))
            load_before = load_average()
            load_start = time.monotonic() - sampler.t0
            if use_wrk:
                result = run_wrk(base, targets, group_names, connections, seconds, timeout, tmp)
            else:
                result = run_python(base, targets, group_names, connections, seconds, tmp)
            load_end = time.monotonic() - sampler.t0
            load_after = load_average()
            time.sleep(1.1)
            alive = server.poll() is None
        finally:
            sampler.stop()
            server.terminate()
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(5)
            log.close()
        server_log = (tmp / "serve.log").read_text(encoding="utf-8", errors="replace")

    groups = latency_table(result, group_names)
    http_errors = sum(g["errors"] for g in groups.values())
    socket_errors = sum(result.socket_errors.values())
    total = len(result.records)
    all_lat = sorted(r[2] for r in result.records)
    memory = memory_figures(sampler.samples, load_start, load_end)
    errors = http_errors + socket_errors + (0 if alive else 1)
    return {
        "database": url.split("///")[-1] if url.startswith("sqlite") else url.split("@")[-1],
        "generator": result.generator,
        "connections": connections,
        "seconds": round(result.seconds, 1),
        "server_workers": workers,
        "hot_paths": len(hot),
        "distinct_paths": len({t.path for t in targets}),
        "groups_missing": missing,
        "requests": total,
        "errors": errors,
        "http_errors": http_errors,
        "socket_errors": result.socket_errors,
        "server_alive_after": alive,
        "rps": round(total / result.seconds, 1) if result.seconds else 0.0,
        "p50_ms": percentile(all_lat, 0.5),
        "p99_ms": percentile(all_lat, 0.99),
        "groups": groups,
        "memory": memory,
        "load_average_before": load_before,
        "load_average_after": load_after,
        "cpus": os.cpu_count(),
        "server_log_tail": server_log.strip().splitlines()[-20:] if errors else [],
        "ok": errors == 0 and memory.get("flat") is not False,
    }


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--database-url", help="a scanned registry (default: the sample, seeded)")
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--generator", choices=["auto", "wrk", "python"], default="auto")
    ap.add_argument("--workers", type=int, default=1, help="dkkd serve --workers")
    ap.add_argument("--timeout", type=float, default=10.0, help="per-request timeout, seconds")
    ap.add_argument(
        "--distinct",
        type=int,
        default=2000,
        help="long tail of other paths, interleaved with the hot ones (0: hot paths only)",
    )
    args = ap.parse_args(argv)
    out = run(
        args.database_url,
        args.seconds,
        args.connections,
        args.generator,
        args.workers,
        args.timeout,
        args.distinct,
    )
    for name, g in out["groups"].items():
        print(
            f"{name:15} {g['requests']:7} req  {g['errors']} err  "
            f"p50 {g['p50_ms']:8.1f} ms  p99 {g['p99_ms']:8.1f} ms",
            file=sys.stderr,
        )
    print(json.dumps(out, ensure_ascii=False))
    return 0 if out["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
