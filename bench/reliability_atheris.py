"""Coverage-guided fuzzing of the whole parse with atheris (libFuzzer), bounded in time.

    pip install atheris          # optional: `pip install -e .[fuzz]`
    python bench/reliability_atheris.py [--seconds 300] [--timeout 10]

Seeds are the sample corpus's documents (copied to a temporary folder libFuzzer may add to).
Every input goes through `parsers.parse_bytes`; a `DecodeError` that names the file is the
accepted refusal, anything else raised is a crash, and an input slower than ``--timeout``
seconds is reported by libFuzzer as a hang. The fuzzer runs in a child process (libFuzzer exits
the process when it stops); this script prints its figures as one JSON line: executions,
coverage, corpus size, and crash/hang artefacts written (paths, if any).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpora" / "sample"


def child(argv: list[str]) -> None:  # pragma: no cover - runs under libFuzzer
    import atheris

    with atheris.instrument_imports():
        from parsers import parse_bytes
        from parsers.decode import DecodeError

    def one(data: bytes) -> None:
        try:
            parse_bytes(data, "atheris.bin")
        except DecodeError as e:
            if "atheris.bin" not in str(e):
                raise AssertionError(f"DecodeError does not name the file: {e}") from e

    atheris.Setup(argv, one)
    atheris.Fuzz()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=300)
    ap.add_argument("--timeout", type=int, default=10, help="per-input hang limit (s)")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args, rest = ap.parse_known_args()
    if args.child:
        child([sys.argv[0], *rest])
        return 0
    try:
        import atheris  # noqa: F401
    except ImportError:
        print(json.dumps({"benchmark": "reliability_atheris", "skipped": "atheris not installed"}))
        return 0
    with tempfile.TemporaryDirectory(prefix="dkkd-atheris-") as tmp:
        corpus = Path(tmp) / "corpus"
        artefacts = Path(tmp) / "artefacts"
        corpus.mkdir()
        artefacts.mkdir()
        seeds = [p for p in SAMPLE.rglob("*") if p.is_file() and p.suffix in {".md", ".html"}]
        for p in seeds:
            shutil.copy(p, corpus / p.name)
        cmd = [
            sys.executable,
            __file__,
            "--child",
            f"-max_total_time={args.seconds}",
            f"-timeout={args.timeout}",
            "-rss_limit_mb=2048",
            "-max_len=65536",
            f"-artifact_prefix={artefacts}/",
            str(corpus),
        ]
        started = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        log = proc.stderr
        runs = re.findall(r"#(\d+)\s+(?:DONE|pulse|NEW|REDUCE|INITED)", log)
        cov = re.findall(r"cov: (\d+)", log)
        found = sorted(str(p.name) for p in artefacts.iterdir())
        kept = ROOT / "bench" / "out" / "atheris"
        if found:
            kept.mkdir(parents=True, exist_ok=True)
            for p in artefacts.iterdir():
                shutil.copy(p, kept / p.name)
        out = {
            "benchmark": "reliability_atheris",
            "seconds": round(time.perf_counter() - started, 1),
            "executions": int(runs[-1]) if runs else 0,
            "coverage": int(cov[-1]) if cov else 0,
            "corpus_files": len(list(corpus.iterdir())),
            "seeds": len(seeds),
            "exit_code": proc.returncode,
            "artefacts": [str(kept / f) for f in found],
            "tail": log.strip().splitlines()[-3:] if proc.returncode else [],
        }
    print(json.dumps(out, ensure_ascii=False))
    return 1 if found or proc.returncode else 0


if __name__ == "__main__":
    sys.exit(main())
