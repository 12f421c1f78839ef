"""`dkkd ingest`: files or folders in, registry rows out; idempotent, and never stopped by one bad file.

Each file is read once (unless it is larger than `max_file_bytes`, which is refused from its size
alone), hashed, and skipped when its content is already known. Otherwise it is dispatched by type
to an importer (:mod:`registry.importers.documents`) inside its own transaction: a file that cannot be read
or yields nothing is quarantined with a reason naming it, and nothing already in the registry
changes. After a batch that added anything, consolidation recomputes every status timeline. Each
file's transaction also records that a consolidation is owed (``consolidation_pending``); the
record is cleared only after a consolidation committed, so a run killed between its last file and
its consolidation is completed by the next run, even one that finds every file unchanged.
With ``workers`` > 1 the parse (:func:`parse`, no database) runs in worker processes
(:mod:`registry.store.ingest_workers`); reading, the hash check and the writes stay here, in order.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, delete, insert, select, update

from registry.store import models as m

if TYPE_CHECKING:
    from registry.importers.documents import Plan

# Files ingest never looks at: hidden files, editor leftovers, VCS folders.
_SKIP_DIRS = {".git", ".hg", ".svn", "__pycache__", "node_modules"}

OUTCOMES = ("added", "new_version", "unchanged", "quarantined")


@dataclass(slots=True)
class FileResult:
    path: str
    outcome: str
    kind: str = ""
    reason: str = ""
    rows: int = 0
    # Why a file was quarantined, for machines (registry.importers.documents.QUARANTINE_CODES).
    code: str = ""
    documents: list[str] = field(default_factory=list)


@dataclass(slots=True)
class IngestReport:
    files: list[FileResult] = field(default_factory=list)
    rows: int = 0
    consolidated: bool = False

    def counts(self) -> dict[str, int]:
        c = Counter(f.outcome for f in self.files)
        return {k: c.get(k, 0) for k in OUTCOMES}

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.counts(),
            "files": len(self.files),
            "rows": self.rows,
            "consolidated": self.consolidated,
            "quarantine": [
                {"path": f.path, "code": f.code, "reason": f.reason}
                for f in self.files
                if f.outcome == "quarantined"
            ],
            "results": [
                {
                    "path": f.path,
                    "outcome": f.outcome,
                    "kind": f.kind,
                    "rows": f.rows,
                    "documents": f.documents,
                    **({"code": f.code, "reason": f.reason} if f.reason else {}),
                }
                for f in self.files
            ],
        }


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Every file under `paths` (files as given, folders recursively, sorted, hidden ones skipped)."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for sub in sorted(p.rglob("*")):
                rel = sub.relative_to(p).parts
                if any(part.startswith(".") or part in _SKIP_DIRS for part in rel):
                    continue
                if sub.is_file():
                    yield sub
        else:
            yield p


def _vn_int(n: int) -> str:
    """12345678 → "12.345.678" (Vietnamese thousands separator)."""
    return f"{n:,}".replace(",", ".")


def _now() -> datetime:
    return datetime.now(UTC)


def _quarantine(
    conn: Connection, path: str, sha: str, size: int, reason: str, code: str = "unreadable"
) -> bool:
    """Record a quarantined input once; False when this very input was already quarantined."""
    t = m.table_of(m.Quarantine)
    known = conn.execute(
        select(t.c.id).where(t.c.path == path, t.c.sha256 == sha, t.c.size == size)
    ).first()
    if known is not None:
        return False
    conn.execute(
        insert(t),
        [{"path": path, "sha256": sha, "size": size, "reason": reason, "code": code, "at": _now()}],
    )
    return True


@dataclass(slots=True)
class Refused:
    """A file quarantined before or instead of being parsed: the reason names the file.

    `size` None: the file could not even be looked at, and no quarantine row is written (as
    there is nothing to tell its next attempt from this one).
    """

    reason: str
    code: str
    size: int | None = None


def read_file(path: Path, *, max_bytes: int) -> bytes | Refused:
    """The bytes of `path`, or why they were not read (too large, or the file system refused)."""
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as e:
        reason = f"{name}: không truy cập được tệp: {e.strerror or e}"
        return Refused(reason, "unreadable", size=None)
    if size > max_bytes:
        reason = (
            f"{name}: tệp {_vn_int(size)} byte vượt giới hạn {_vn_int(max_bytes)} byte "
            "(DKKD_MAX_FILE_BYTES); không đọc"
        )
        return Refused(reason, "too_large", size)
    try:
        return path.read_bytes()
    except OSError as e:
        return Refused(f"{name}: không đọc được tệp: {e.strerror or e}", "unreadable", size)


def ingest_file(engine: Engine, path: Path, *, max_bytes: int) -> FileResult:
    """Ingest one file in its own transaction; never raises for bad input."""
    read = read_file(path, max_bytes=max_bytes)
    if isinstance(read, Refused):
        return store_refused(engine, str(path), "", read)
    return ingest_bytes(engine, read, str(path))


def ingest_bytes(engine: Engine, data: bytes, name: str, *, plan: Plan | None = None) -> FileResult:
    """Ingest the content `data` of file `name` (idempotent by sha256).

    `plan` is the already-parsed :func:`registry.importers.documents.dispatch` of `data` (benchmarks time
    the write path alone with it); by default the bytes are parsed here.
    """
    sha = hashlib.sha256(data).hexdigest()
    if is_known(engine, sha):
        return FileResult(name, "unchanged")
    # A quarantined input is tried again (the parsers may have learnt to read it); if it fails
    # again for the same reason, no second quarantine row is written.
    # Parse outside any transaction: it is the slow part and touches no table.
    return store(engine, name, sha, len(data), plan if plan is not None else parse(data, name))


def is_known(engine: Engine, sha: str) -> bool:
    """Whether content with this sha256 is already in the registry (then it is not parsed again)."""
    sf = m.table_of(m.SourceFile)
    with engine.connect() as conn:
        return conn.execute(select(sf.c.id).where(sf.c.sha256 == sha).limit(1)).first() is not None


def parse(data: bytes, name: str) -> Plan | Refused:
    """The plan of file `name`'s bytes, or why it is quarantined; touches no database.

    A pure function of its arguments, picklable both ways: ingest workers run it
    (:mod:`registry.store.ingest_workers`).
    """
    from registry.importers.documents import (  # the parsers: imported when needed
        ImportError_,
        dispatch,
    )

    try:
        return dispatch(data, name)
    except ImportError_ as e:
        return Refused(str(e), e.code, len(data))
    except Exception as e:  # a parser bug must not stop the batch; say so plainly
        reason = f"{name}: lỗi khi phân tích tệp ({type(e).__name__}: {e})"
        return Refused(reason, "parse_failed", len(data))


def store_refused(engine: Engine, name: str, sha: str, refused: Refused) -> FileResult:
    """Record a quarantine (once per path, content and size) and say so."""
    if refused.size is not None:
        with engine.begin() as conn:
            _quarantine(conn, name, sha, refused.size, refused.reason, refused.code)
    return FileResult(name, "quarantined", reason=refused.reason, code=refused.code)


def store(engine: Engine, name: str, sha: str, size: int, parsed: Plan | Refused) -> FileResult:
    """Write one parsed file in its own transaction (or its quarantine); never raises."""
    if isinstance(parsed, Refused):
        return store_refused(engine, name, sha, parsed)
    plan = parsed
    sf = m.table_of(m.SourceFile)
    try:
        with engine.begin() as conn:
            previous = conn.execute(
                select(sf.c.id).where(sf.c.path == name, sf.c.superseded_at.is_(None))
            ).all()
            now = _now()
            if previous:
                old_ids = [r[0] for r in previous]
                conn.execute(update(sf).where(sf.c.id.in_(old_ids)).values(superseded_at=now))
                dv = m.table_of(m.DocumentVersion)
                conn.execute(
                    update(dv).where(dv.c.source_file_id.in_(old_ids)).values(current=False)
                )
            file_id = conn.execute(
                insert(sf).returning(sf.c.id),
                [
                    {
                        "path": name,
                        "sha256": sha,
                        "size": size,
                        "format": plan.format,
                        "kind": plan.kind,
                        "ingested_at": now,
                    }
                ],
            ).scalar_one()
            rows, documents = plan.write(conn, file_id, name, now)
            conn.execute(insert(m.table_of(m.ConsolidationPending)), [{"source_file_id": file_id}])
    except Exception as e:
        reason = f"{name}: không lưu được vào sổ đăng ký ({type(e).__name__}: {e})"
        return store_refused(engine, name, sha, Refused(reason, "store_failed", size))
    return FileResult(
        name,
        "new_version" if previous else "added",
        kind=plan.kind,
        rows=rows + 1,
        documents=documents,
    )


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
