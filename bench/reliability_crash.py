"""Crash safety at full count: SIGKILL `dkkd ingest` and `dkkd scan` ≥ 50 times on each backend.

    python bench/reliability_crash.py [--kills 50] [--backend sqlite --backend postgresql]
                                      [--command ingest --command scan] [--seed 1]
                                      [--pg postgresql+psycopg://postgres@127.0.0.1:5432/test]

One trial per kill (see tests/reliability/crash.py): clone the prepared registry, start the CLI,
kill its process group at a random point, check integrity / earlier rows / readers, run again
uninterrupted and compare the canonical dump with an uninterrupted run's. Prints one line per
trial to stderr and, on its last line, one JSON object with the figures per backend and command.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.reliability import crash  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--kills", type=int, default=50)
    ap.add_argument("--backend", action="append", choices=["sqlite", "postgresql"])
    ap.add_argument("--command", action="append", choices=["ingest", "scan"])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pg", default=crash.DEFAULT_PG)
    args = ap.parse_args()
    backends = args.backend or ["sqlite", "postgresql"]
    commands = args.command or ["ingest", "scan"]
    results = []
    started = time.perf_counter()
    for name in backends:
        if name == "postgresql" and not crash.postgres_available(args.pg):
            print(f"postgresql at {args.pg} is not reachable; skipped", file=sys.stderr)
            results.append({"backend": name, "skipped": "not reachable"})
            continue
        for command in commands:
            with tempfile.TemporaryDirectory(prefix="dkkd-crash-") as tmp:
                workdir = Path(tmp)
                backend: crash.Backend = (
                    crash.SqliteBackend(workdir)
                    if name == "sqlite"
                    else crash.PostgresBackend(args.pg)
                )

                def log(t: crash.Trial) -> None:
                    status = "FAIL " + t.problems[0][:300] if t.problems else "ok"
                    print(
                        f"{t.backend:10} {t.command:6} #{t.index:3} commit {t.after_commit:2} "
                        f"+{t.delay:.3f}s killed={t.killed!s:5} {t.landed:55} {status}",
                        file=sys.stderr,
                        flush=True,
                    )

                try:
                    res = crash.run_trials(
                        backend, command, args.kills, workdir, seed=args.seed, log=log
                    )
                finally:
                    backend.close()
                results.append(res)
    out = {
        "benchmark": "reliability_crash",
        "kills_per_case": args.kills,
        "seconds": round(time.perf_counter() - started, 1),
        "cases": results,
        "failed_trials": sum(int(r.get("failed_trials", 0)) for r in results),
    }
    print(json.dumps(out, ensure_ascii=False))
    return 1 if out["failed_trials"] else 0


if __name__ == "__main__":
    sys.exit(main())
