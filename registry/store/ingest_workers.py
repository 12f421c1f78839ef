"""`dkkd ingest --workers N`: files parsed in worker processes, written here in the files' order.

Parsing (bytes → :class:`registry.importers.plan.Plan`, a pure function) is most of an ingest's time;
writing needs the database and a fixed order, so the registry does not depend on which worker
finished first. This process reads each file, hashes it and skips it when its content was already
in the registry when the run began (one query for the batch; nothing is sent to a worker: a
re-ingest starts no process at all); otherwise the bytes go to a worker. A bounded window of files is in flight; results are written one file,
one transaction at a time, in the order the files were given (:func:`registry.store.ingest_files.store`,
the same code as the in-process path).
"""

from __future__ import annotations

import hashlib
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, select

from registry.store import models as m
from registry.store.ingest_files import (
    FileResult,
    Refused,
    is_known,
    parse,
    read_file,
    store,
    store_refused,
)

if TYPE_CHECKING:
    from registry.importers.plan import Plan

# Files read ahead per worker: enough that a worker never waits for the writer to hand it the
# next file, few enough that memory holds at most a few dozen files' bytes and plans.
_AHEAD_PER_WORKER = 4


@dataclass(slots=True)
class _Job:
    """One file between its read and its write."""

    name: str
    data: bytes = b""
    sha: str = ""
    refused: Refused | None = None  # not read: quarantined at its turn
    unchanged: bool = False  # content already in the registry: not parsed
    parsed: Future[Plan | Refused] | None = None


def ingest_parallel(
    engine: Engine, files: Iterable[Path], *, max_bytes: int, workers: int
) -> Iterator[FileResult]:
    """The result of each file of `files`, in order, parsed by `workers` processes."""
    pool: _Pool = _Pool(workers)
    window: deque[_Job] = deque()
    known = known_hashes(engine)
    try:
        for path in files:
            window.append(_start(pool, path, max_bytes, known))
            if len(window) >= workers * _AHEAD_PER_WORKER:
                yield _finish(engine, window.popleft())
        while window:
            yield _finish(engine, window.popleft())
    finally:
        pool.close()


def known_hashes(engine: Engine) -> set[str]:
    """The sha256 of every content in the registry: whether to parse a file is decided from
    this one query, not one query per file (a re-ingest of 2,000 files is mostly these)."""
    sf = m.table_of(m.SourceFile)
    with engine.connect() as conn:
        return set(conn.execute(select(sf.c.sha256)).scalars())


def _start(pool: _Pool, path: Path, max_bytes: int, known: set[str]) -> _Job:
    name = str(path)
    read = read_file(path, max_bytes=max_bytes)
    if isinstance(read, Refused):
        return _Job(name, refused=read)
    sha = hashlib.sha256(read).hexdigest()
    if sha in known:
        return _Job(name, unchanged=True)
    return _Job(name, read, sha, parsed=pool.submit(read, name))


def _finish(engine: Engine, job: _Job) -> FileResult:
    if job.refused is not None:
        return store_refused(engine, job.name, "", job.refused)
    if job.unchanged:
        return FileResult(job.name, "unchanged")
    # Checked again, in the registry itself, just before writing (as the in-process path does):
    # an earlier file of this batch, or another writer, may have stored the same content since.
    if is_known(engine, job.sha):
        return FileResult(job.name, "unchanged")
    assert job.parsed is not None
    try:
        parsed = job.parsed.result()
    except BrokenProcessPool:
        # A worker died (killed, out of memory, a crash in native code): parse this file here,
        # as --workers 1 would, and the rest of the batch too (_Pool stops sending).
        parsed = parse(job.data, job.name)
    return store(engine, job.name, job.sha, len(job.data), parsed)


class _Pool:
    """The worker processes, started at the first file that needs parsing.

    Workers are forked: they inherit the parsers already imported here (imported once, not
    once per worker, ~2 s of CPU each). The CLI's progress bar runs no thread (it is refreshed
    by the writer), so nothing holds a lock while the processes are forked.
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.executor: ProcessPoolExecutor | None = None
        self.broken = False

    def submit(self, data: bytes, name: str) -> Future[Plan | Refused]:
        if self.executor is None and not self.broken:
            import registry.importers.documents  # noqa: F401  (see the class docstring)

            self.executor = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("fork")
            )
        if self.executor is not None:
            try:
                return self.executor.submit(parse, data, name)
            except BrokenProcessPool:
                self.broken = True
                self.close()
        done: Future[Plan | Refused] = Future()
        done.set_result(parse(data, name))
        return done

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None
