"""SIGKILL `dkkd ingest` and `dkkd scan` at random points; the registry must stay whole.

CI runs a few kills per command and backend (``DKKD_CRASH_KILLS``, default 3); the full count
(≥ 50 each) is ``python bench/reliability_crash.py --kills 50`` (RELIABILITY.md has the figures).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from registry.store.db import open_registry
from registry.store.ingest import ingest_paths
from tests.reliability import crash
from tests.reliability import registry_state as rs

KILLS = int(os.environ.get("DKKD_CRASH_KILLS", "3"))


@pytest.mark.slow
@pytest.mark.parametrize("command", ["ingest", "scan"])
def test_random_sigkill(backend: crash.Backend, command: str, tmp_path: Path) -> None:
    summary = crash.run_trials(
        backend, command, KILLS, tmp_path, seed=int(os.environ.get("DKKD_CRASH_SEED", "1"))
    )
    assert summary["kills"] >= KILLS, summary
    assert summary["failed_trials"] == 0, json.dumps(summary["failures"], ensure_ascii=False)[:4000]


def test_ingest_killed_before_consolidation_is_finished_by_the_next_run(
    backend: crash.Backend,
) -> None:
    """The exact point the random kills found: every file committed, consolidation not.

    The next ingest finds every file unchanged; it must still consolidate (it did not before
    ``consolidation_pending``), or statuses stay those of the registry before the killed run.
    """
    files = sorted((crash.SAMPLE / "national").iterdir())[:5]
    ref_url, url = backend.new("reference"), backend.new("killed")
    ref, eng = open_registry(ref_url), open_registry(url)
    try:
        ingest_paths(ref, files, max_bytes=1 << 24)
        # The killed run: files committed, consolidation never ran.
        first = ingest_paths(eng, files, max_bytes=1 << 24, consolidate=False)
        assert first.counts()["added"] == len(files)
        again = ingest_paths(eng, files, max_bytes=1 << 24)
        assert again.counts()["unchanged"] == len(files)
        assert again.consolidated
        with ref.connect() as a, eng.connect() as b:
            expected, got = rs.canonical_rows(a), rs.canonical_rows(b)
        assert rs.digest(got) == rs.digest(expected), rs.diff_summary(expected, got)
        # Once done, an unchanged batch does not consolidate again.
        assert not ingest_paths(eng, files, max_bytes=1 << 24).consolidated
    finally:
        ref.dispose()
        eng.dispose()
