"""Crash harness: SIGKILL `dkkd ingest` and `dkkd scan` at random points and check the registry.

One *trial*: clone a prepared registry (the state committed before the run), start the real CLI as
a subprocess in its own process group, kill the whole group with SIGKILL after a random delay,
then check that

1. the registry is not corrupt (:func:`registry_state.integrity_problems`),
2. nothing committed before the run is gone or changed (:data:`registry_state.DURABLE`),
3. readers see either the previous completed scan or the new one, never a half-written run,
4. the next run (in-process, uninterrupted) leaves exactly the state an uninterrupted run leaves
   (canonical dump: no ids, no clocks).

Delays are drawn so most kills land while the command writes: the reference run is watched to
learn when its first row appears and when it exits, and 80 % of delays fall in that window, the
rest anywhere from process start (import, schema check). Each trial records where the kill landed,
read back from the registry afterwards.

Used by ``tests/reliability/test_crash_safety.py`` (a few kills per case) and
``bench/reliability_crash.py`` (the full count).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.engine import make_url

from registry.store import models as m
from registry.store.db import make_engine, open_registry
from tests.reliability import registry_state as rs

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "corpora" / "sample"
DKKD = str(Path(sys.executable).with_name("dkkd"))
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
# Provincial files already in the registry before the ingest under test (the rest arrive in it).
PRE_PROVINCIAL = 3
PRE_SCAN_DATE = date(2019, 6, 1)
SCAN_DATE = date(2026, 1, 1)
# A national text whose content changes between the prepared state and the run (a new version).
CHANGED_FILE = "national/nd-15-2018-ND-CP-an-toan-thuc-pham.md"


# --- backends --------------------------------------------------------------------------------------


class SqliteBackend:
    name = "sqlite"

    def __init__(self, workdir: Path) -> None:
        self.dir = workdir / "sqlite"
        self.dir.mkdir(parents=True, exist_ok=True)

    def new(self, label: str) -> str:
        return f"sqlite:///{self.dir / (label + '.db')}"

    def clone(self, src: str, label: str) -> str:
        path = Path(make_url(src).database or "")
        with sqlite3.connect(path) as c:  # fold the WAL into the file before copying it
            c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        dst = self.dir / f"{label}.db"
        self.drop(f"sqlite:///{dst}")
        shutil.copyfile(path, dst)
        return f"sqlite:///{dst}"

    def drop(self, url: str) -> None:
        path = Path(make_url(url).database or "")
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(path) + suffix).unlink(missing_ok=True)

    def close(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


class PostgresBackend:
    """A fresh database per registry; clones are ``CREATE DATABASE … TEMPLATE`` (a file copy)."""

    name = "postgresql"

    def __init__(self, base_url: str) -> None:
        self.base = make_url(base_url)
        self.admin = create_engine(self.base, isolation_level="AUTOCOMMIT")
        self.prefix = f"dkkd_rel_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.created: list[str] = []

    def _url(self, db: str) -> str:
        return self.base.set(database=db).render_as_string(hide_password=False)

    def new(self, label: str) -> str:
        db = f"{self.prefix}_{label}"
        with self.admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'))
            c.execute(text(f'CREATE DATABASE "{db}"'))
        self.created.append(db)
        return self._url(db)

    def clone(self, src: str, label: str) -> str:
        db = f"{self.prefix}_{label}"
        srcdb = make_url(src).database
        with self.admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'))
            c.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :d"),
                {"d": srcdb},
            )
            c.execute(text(f'CREATE DATABASE "{db}" TEMPLATE "{srcdb}"'))
        self.created.append(db)
        return self._url(db)

    def drop(self, url: str) -> None:
        db = make_url(url).database
        with self.admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'))

    def close(self) -> None:
        with self.admin.connect() as c:
            for db in self.created:
                c.execute(text(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'))
        self.admin.dispose()


Backend = SqliteBackend | PostgresBackend


def postgres_available(url: str) -> bool:
    try:
        eng = create_engine(url)
        with eng.connect() as c:
            c.execute(text("SELECT 1"))
        eng.dispose()
        return True
    except Exception:
        return False


# --- scenarios -------------------------------------------------------------------------------------


def make_corpus(workdir: Path) -> Path:
    """A copy of the bundled sample this harness may change (one national file gets a new version)."""
    corpus = workdir / "corpus"
    if not corpus.exists():
        shutil.copytree(SAMPLE, corpus)
    return corpus


def _pre_ingest_files(corpus: Path) -> list[Path]:
    provincial = sorted((corpus / "provincial").iterdir())[:PRE_PROVINCIAL]
    return sorted((corpus / "national").iterdir()) + provincial


def _change_national(corpus: Path) -> None:
    path = corpus / CHANGED_FILE
    data = path.read_text(encoding="utf-8")
    marker = "\nGhi chú: bản này có thêm một dòng để thành phiên bản mới.\n"
    if marker not in data:
        path.write_text(data + marker, encoding="utf-8")


def _restore_national(corpus: Path) -> None:
    shutil.copyfile(SAMPLE / CHANGED_FILE, corpus / CHANGED_FILE)


def _ingest(url: str, paths: list[Path]) -> None:
    from registry.store.ingest import ingest_paths

    engine = open_registry(url)
    try:
        ingest_paths(engine, paths, max_bytes=20 * 1024 * 1024)
    finally:
        engine.dispose()


def _scan(url: str, as_of: date) -> None:
    from registry.scan.run import scan

    engine = open_registry(url)
    try:
        scan(engine, as_of)
    finally:
        engine.dispose()


@dataclass
class Scenario:
    command: str
    argv: list[str]  # after `dkkd`, before --database-url
    progress_table: str  # the table whose first new row marks "writing started"


def prepare(backend: Backend, corpus: Path, command: str) -> tuple[str, Scenario]:
    """Build the committed state before the run under test; return its URL and the scenario."""
    url = backend.new(f"pre_{command}")
    _restore_national(corpus)
    if command == "ingest":
        _ingest(url, _pre_ingest_files(corpus))
        _scan(url, PRE_SCAN_DATE)
        _change_national(corpus)
        sc = Scenario("ingest", ["ingest", "--json", str(corpus)], "source_file")
    else:
        _change_national(corpus)
        _ingest(url, [corpus])
        _scan(url, PRE_SCAN_DATE)
        argv = ["scan", "--json", "--as-of", SCAN_DATE.isoformat()]
        sc = Scenario("scan", argv, "scan_run")
    return url, sc


def recover(sc: Scenario, url: str, corpus: Path) -> None:
    """The next, uninterrupted run, in-process."""
    if sc.command == "ingest":
        _ingest(url, [corpus])
    else:
        _scan(url, SCAN_DATE)


def final_view(engine: Engine, command: str) -> dict[str, list[str]]:
    """The final state compared with the uninterrupted run's.

    For a scan, a kill that landed after the commit makes the next run a second (no-op) scan:
    the completed-run rows then legitimately differ in number, so they are compared through the
    latest completed run's gap counts; every other table must be identical.
    """
    with engine.connect() as conn:
        rows = rs.canonical_rows(conn)
        if command == "scan":
            t = m.table_of(m.ScanRun)
            latest = conn.execute(
                select(t.c.stats).where(t.c.status == "complete").order_by(t.c.id.desc()).limit(1)
            ).first()
            rows["scan_run"] = [json.dumps((latest[0] or {}).get("gaps"), sort_keys=True)]
    return rows


# --- trials ----------------------------------------------------------------------------------------


@dataclass
class Trial:
    backend: str
    command: str
    index: int
    after_commit: int  # the kill came this long after the k-th commit (0: after the start)
    delay: float
    killed: bool = False
    landed: str = ""
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _progress(engine: Engine, command: str) -> int:
    """A counter that grows with each commit the command makes (files, or run row then completion)."""
    with engine.connect() as c:
        if command == "ingest":
            q = select(func.count()).select_from(m.table_of(m.SourceFile))
            n = int(c.execute(q).scalar_one())
            q = select(func.count()).select_from(m.table_of(m.Quarantine))
            return n + int(c.execute(q).scalar_one())
        t = m.table_of(m.ScanRun)
        rows = int(c.execute(select(func.count()).select_from(t)).scalar_one())
        done = select(func.count()).select_from(t).where(t.c.status == "complete")
        return rows + int(c.execute(done).scalar_one())


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DKKD_DATABASE_URL", None)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _start(sc: Scenario, url: str, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [DKKD, *sc.argv, "--database-url", url],
            stdout=subprocess.DEVNULL,
            stderr=out,
            start_new_session=True,  # its own process group: the kill takes the scan's workers too
            env=_env(),
            cwd=ROOT,
        )


@dataclass
class Timeline:
    """When the uninterrupted run committed each step (seconds from start) and when it ended."""

    events: list[float]
    end: float

    def window(self, k: int) -> float:
        """Length of the phase after the k-th commit (k = 0: from start to the first commit)."""
        start = 0.0 if k == 0 else self.events[k - 1]
        stop = self.events[k] if k < len(self.events) else self.end
        return max(stop - start, 0.05)


def _watch(proc: subprocess.Popen[bytes], engine: Engine, command: str, base: int) -> Timeline:
    t0 = time.perf_counter()
    events: list[float] = []
    while proc.poll() is None:
        try:
            n = _progress(engine, command) - base
        except Exception:
            n = len(events)
        while len(events) < n:
            events.append(time.perf_counter() - t0)
        time.sleep(0.02)
    n = _progress(engine, command) - base
    end = time.perf_counter() - t0
    while len(events) < n:
        events.append(end)
    return Timeline(events, end)


def calibrate(backend: Backend, pre: str, sc: Scenario, workdir: Path) -> tuple[Timeline, str]:
    """Run the command once uninterrupted, watching the registry; its timeline and URL."""
    url = backend.clone(pre, f"ref_{sc.command}")
    eng = make_engine(url)
    base = _progress(eng, sc.command)
    proc = _start(sc, url, workdir / f"ref_{sc.command}.log")
    timeline = _watch(proc, eng, sc.command, base)
    eng.dispose()
    if proc.returncode != 0:
        raise RuntimeError(f"reference `dkkd {' '.join(sc.argv)}` failed ({proc.returncode})")
    return timeline, url


def _kill_at(
    proc: subprocess.Popen[bytes], engine: Engine, command: str, base: int, k: int, extra: float
) -> bool:
    """Wait for the k-th commit (k = 0: the start), then `extra` seconds, then SIGKILL the group.

    False if the process exited first.
    """
    while k > 0 and proc.poll() is None:
        try:
            if _progress(engine, command) - base >= k:
                break
        except Exception:
            pass
        time.sleep(0.01)
    try:
        proc.wait(timeout=extra)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        return True
    return False


def _landed(
    engine: Engine,
    sc: Scenario,
    before: dict[str, int],
    expected: int,
    reference: dict[str, list[str]],
) -> str:
    """Where the kill landed, read back from the registry."""
    if sc.command == "scan":
        with engine.connect() as c:
            runs = rs.scan_runs(c)
        new = runs[before["scan_run"] :]
        if not new:
            return "before the run row"
        if any(s == "complete" for _, s in new):
            return "after the commit"
        return "while matching or writing (run row 'running')"
    with engine.connect() as c:
        n = len(rs.durable_rows(c)["source_file"]) - before["source_file"]
    if n == 0:
        return "before the first file commit"
    if n < expected:
        return "between file commits"
    if rs.digest(final_view(engine, sc.command)) != rs.digest(reference):
        return "after the last file commit, before consolidation committed"
    return "after consolidation committed"


def run_trials(
    backend: Backend,
    command: str,
    kills: int,
    workdir: Path,
    *,
    seed: int = 1,
    log: Callable[[Trial], None] | None = None,
    max_trials: int | None = None,
) -> dict[str, Any]:
    """Kill ``dkkd <command>`` until ``kills`` kills landed; return the summary.

    Each trial picks a phase of the uninterrupted run at random (before its first commit, or
    after its k-th commit) and a random point inside it: waits for that commit to show in the
    registry, then for a random part of the phase's length, then kills.
    """
    rng = random.Random(f"{seed}-{backend.name}-{command}")
    corpus = make_corpus(workdir)
    pre, sc = prepare(backend, corpus, command)
    pre_engine = make_engine(pre)
    with pre_engine.connect() as c:
        before_durable = rs.durable_rows(c)
        before_counts = {
            "source_file": len(before_durable["source_file"]),
            "scan_run": len(rs.scan_runs(c)),
        }
    base = _progress(pre_engine, command)
    pre_engine.dispose()
    timeline, ref_url = calibrate(backend, pre, sc, workdir)
    ref_engine = make_engine(ref_url)
    reference = final_view(ref_engine, command)
    with ref_engine.connect() as c:
        expected_files = len(rs.durable_rows(c)["source_file"]) - before_counts["source_file"]
    ref_engine.dispose()
    backend.drop(ref_url)

    trials: list[Trial] = []
    landed: Counter[str] = Counter()
    finished_first = 0
    i = 0
    limit = max_trials or kills * 3
    log_path = workdir / f"trial_{backend.name}_{command}.log"
    while sum(t.killed for t in trials) < kills and i < limit:
        i += 1
        k = rng.randint(0, len(timeline.events))
        extra = rng.uniform(0.0, timeline.window(k))
        trial = Trial(backend.name, command, i, k, round(extra, 3))
        t0 = time.perf_counter()
        url = backend.clone(pre, f"t{i}")
        engine = make_engine(url)
        try:
            proc = _start(sc, url, log_path)
            trial.killed = _kill_at(proc, engine, command, base, k, extra)
            engine.dispose()
            if not trial.killed:
                finished_first += 1
                trial.landed = "exited before the kill"
            else:
                trial.landed = _landed(engine, sc, before_counts, expected_files, reference)
            trial.problems.extend(rs.integrity_problems(engine))
            with engine.connect() as c:
                lost = rs.missing_rows(before_durable, rs.durable_rows(c))
                runs = rs.scan_runs(c)
            if lost:
                trial.problems.append(f"rows committed before the run are gone: {lost}")
            bad = [r for r in runs if r[1] not in ("complete", "running", "failed")]
            if bad:
                trial.problems.append(f"scan runs in an unexpected state: {bad}")
            engine.dispose()
            recover(sc, url, corpus)
            final = final_view(engine, command)
            if rs.digest(final) != rs.digest(reference):
                trial.problems.append(
                    "next run differs from an uninterrupted one:\n"
                    + rs.diff_summary(reference, final)
                )
            trial.problems.extend(rs.integrity_problems(engine))
        except Exception as e:  # a check that cannot even run is a failure of the trial
            trial.problems.append(f"{type(e).__name__}: {e}")
        finally:
            engine.dispose()
            backend.drop(url)
        trial.seconds = round(time.perf_counter() - t0, 2)
        trials.append(trial)
        if trial.killed:
            landed[trial.landed] += 1
        if log is not None:
            log(trial)
    backend.drop(pre)
    _restore_national(corpus)
    failures = [asdict(t) for t in trials if t.problems]
    return {
        "backend": backend.name,
        "command": command,
        "kills": sum(t.killed for t in trials),
        "trials": len(trials),
        "exited_before_kill": finished_first,
        "failed_trials": len(failures),
        "landed": dict(landed),
        "reference_seconds": {
            "commits": [round(x, 2) for x in timeline.events],
            "end": round(timeline.end, 2),
        },
        "failures": failures[:5],
    }
