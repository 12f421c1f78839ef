"""One file's way into the registry, in steps both the in-process and the parallel ingest share:
read it (refusing what is too large or unreadable), skip it when its bytes are known, parse it
(pure), store its plan in one transaction, or quarantine it with its reason."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, insert, select, update

from registry.store import models as m

if TYPE_CHECKING:
    from registry.importers.plan import Plan


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
    # Why a file was quarantined, for machines (registry.importers.plan.QUARANTINE_CODES).
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
    from registry.importers.documents import dispatch
    from registry.importers.plan import ImportError_

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
