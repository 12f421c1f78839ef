"""The API serves reads while `dkkd ingest` and `dkkd scan` write (SQLite WAL and PostgreSQL).

Reader threads poll the gap list, the scan list and the scoreboard through the real app while an
ingest and a scan run as subprocesses at the same time. Every response must succeed, and the open
gaps a reader sees must always be exactly those of one completed scan (the previous one or the new
one), never a mixture from a scan still writing.
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from api.app import create_app
from registry.settings import Settings
from registry.store import models as m
from registry.store.db import open_registry
from tests.reliability import crash


def test_reads_during_ingest_and_scan(backend: crash.Backend, tmp_path: Path) -> None:
    corpus = crash.make_corpus(tmp_path)
    url, _sc = crash.prepare(backend, corpus, "ingest")  # part ingested, one scan complete
    engine = open_registry(url)
    settings = Settings(database_url="sqlite://", token_secret="s")
    client = TestClient(create_app(settings, engine))
    stop = threading.Event()
    seen: Counter[str] = Counter()
    totals: list[int] = []
    errors: list[str] = []

    def reader() -> None:
        while not stop.is_set():
            for path, params in (
                ("/v1/gaps", {"active": "true", "per_page": 5}),
                ("/v1/scans", {}),
                ("/v1/stats", {}),
                ("/khoang-trong", {}),
            ):
                try:
                    r = client.get(path, params=params)
                except Exception as e:  # a raised error is a failed read
                    errors.append(f"{path}: {type(e).__name__}: {e}")
                    continue
                seen[path] += 1
                if r.status_code != 200:
                    errors.append(f"{path}: {r.status_code} {r.text[:200]}")
                elif path == "/v1/gaps":
                    totals.append(int(r.json()["total"]))

    threads = [threading.Thread(target=reader, daemon=True) for _ in range(3)]
    for t in threads:
        t.start()
    env = crash._env()
    writers = [
        subprocess.Popen(
            [crash.DKKD, "ingest", "--json", str(corpus), "--database-url", url],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
        ),
        subprocess.Popen(
            [crash.DKKD, "scan", "--json", "--as-of", "2026-01-01", "--database-url", url],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
        ),
    ]
    codes = [w.wait(timeout=600) for w in writers]
    # The scan may have started before the ingest committed anything: scan once more afterwards,
    # still under reads, so the readers see at least one switch between completed runs.
    third = subprocess.run(
        [crash.DKKD, "scan", "--json", "--as-of", "2026-01-01", "--database-url", url],
        capture_output=True,
        env=env,
    )
    time.sleep(0.5)
    stop.set()
    for t in threads:
        t.join(30)
    assert codes == [0, 0] and third.returncode == 0, [
        w.stderr.read()[-500:] for w in writers if w.stderr
    ]
    assert not errors, errors[:5]
    assert seen["/v1/gaps"] > 10, seen
    run = m.table_of(m.ScanRun)
    with engine.connect() as c:
        runs = c.execute(select(run.c.status, run.c.stats)).all()
    complete_totals = {
        int((s or {}).get("gaps", {}).get("total", 0)) for st, s in runs if st == "complete"
    }
    assert set(totals) <= complete_totals, (sorted(set(totals)), sorted(complete_totals))
    engine.dispose()
    backend.drop(url)
