"""`dkkd ingest`: files or folders in, registry rows out; idempotent, and never stopped by one bad file.

Each file is read once (unless it is larger than `max_file_bytes`, which is refused from its size
alone), hashed, and skipped when its content is already known. Otherwise it is dispatched by type
to an importer (:mod:`registry.importers.documents`) inside its own transaction: a file that cannot be read
or yields nothing is quarantined with a reason naming it, and nothing already in the registry
changes. After a batch that added anything, consolidation recomputes every status timeline. Each
file's transaction also records that a consolidation is owed (``consolidation_pending``); the
record is cleared only after a consolidation committed, so a run killed between its last file and
its consolidation is completed by the next run, even one that finds every file unchanged.
The steps of one file are :mod:`registry.store.ingest_files`'s. With ``workers`` > 1 the parse (no
database) runs in worker processes (:mod:`registry.store.ingest_workers`); reading, the hash check and
the writes stay in this process, in order."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, delete, select

from registry.store import models as m

if TYPE_CHECKING:
    pass
from registry.store.ingest_files import FileResult, IngestReport, ingest_file, iter_files


def ingest_paths(
    engine: Engine,
    paths: Iterable[str | Path],
    *,
    max_bytes: int | None = None,
    progress: Callable[[FileResult], None] | None = None,
    consolidate: bool = True,
    workers: int = 1,
) -> IngestReport:
    """Ingest every file under `paths`; consolidate once at the end if anything was added.

    `workers` > 1 parses in that many worker processes (:mod:`registry.store.ingest_workers`); the
    files are still written one by one in the order of `paths`, so the registry is the same
    whatever the number.
    """
    if max_bytes is None:
        from registry.settings import get_settings

        max_bytes = get_settings().max_file_bytes
    report = IngestReport()
    if workers > 1:
        from registry.store.ingest_workers import ingest_parallel

        results: Iterable[FileResult] = ingest_parallel(
            engine, iter_files(paths), max_bytes=max_bytes, workers=workers
        )
    else:
        results = (ingest_file(engine, path, max_bytes=max_bytes) for path in iter_files(paths))
    for result in results:
        report.files.append(result)
        report.rows += result.rows
        if progress is not None:
            progress(result)
    if consolidate:
        added = any(f.outcome in ("added", "new_version") for f in report.files)
        report.consolidated = consolidate_pending(engine, force=added)
    return report


def consolidate_pending(engine: Engine, *, force: bool = False) -> bool:
    """Consolidate if a committed file still waits for it (or if `force`); True if it ran.

    The pending records seen before consolidating are deleted after it committed: a crash in
    between only costs one more (idempotent) consolidation; files committed meanwhile by another
    writer stay pending.
    """
    cp = m.table_of(m.ConsolidationPending)
    with engine.connect() as conn:
        pending = [r[0] for r in conn.execute(select(cp.c.id))]
    if not pending and not force:
        return False
    from registry.consolidation.rebuild import consolidate

    consolidate(engine)
    with engine.begin() as conn:
        for i in range(0, len(pending), 1000):
            conn.execute(delete(cp).where(cp.c.id.in_(pending[i : i + 1000])))
    return True
