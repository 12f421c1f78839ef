"""An in-process cache of whole read responses, keyed by the registry's version and the request.

Every public read (``/v1/...`` and the dashboard pages) is a pure function of what the registry
holds, the request's URL (host included: links and the Atom feed are absolute) and today's date
(``as_of`` defaults to today, overdue days count from it). So a response can be served again,
bytes and all, for as long as the registry has not changed. What "changed" means is cheap to ask
on every request: one statement of index-only aggregates (``registry_version``) that moves when a
scan starts or ends, an ingest commits a file or a consolidation, a file is quarantined, or a gap
is reviewed. Writers in other processes (``dkkd ingest``, ``dkkd scan``) are seen at the next
request; nothing needs to notify the server.

Responses are stored with a strong ETag (a hash of the body) so clients can revalidate with
``If-None-Match`` and get a 304. Only complete 200 responses of GET/HEAD up to ``max_entry`` bytes
are kept, in an LRU bounded by ``max_bytes``.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import anyio.to_thread
from sqlalchemy import Engine, Select, func, select
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from registry.queries.common import TABLES

Version = tuple[Any, ...]

# Paths that are reads of registry data; everything else (static files, OpenAPI, writes) passes.
DASHBOARD_PATHS = ("/", "/tinh", "/khoang-trong", "/kiem-tra", "/ktcn")


def version_query() -> Select[Any]:
    """One statement whose row changes whenever anything a read endpoint shows may change."""
    sr = TABLES["scan_run"]
    sf = TABLES["source_file"]
    cp = TABLES["consolidation_pending"]
    qu = TABLES["quarantine"]
    ev = TABLES["review_event"]

    def scalar(q: Select[Any]) -> Any:
        return q.scalar_subquery()

    return select(
        # scans: a new run, a run finishing (complete, partial, failed), the latest complete one
        scalar(select(func.max(sr.c.id))),
        scalar(select(func.count()).select_from(sr).where(sr.c.finished_at.is_not(None))),
        scalar(select(func.max(sr.c.id)).where(sr.c.status == "complete")),
        # ingest: a file version committed, its consolidation committed, a file quarantined
        scalar(select(func.max(sf.c.id))),
        scalar(select(func.count()).select_from(cp)),
        scalar(select(func.max(qu.c.id))),
        # review: every change of a gap's state writes an event in the same transaction
        scalar(select(func.max(ev.c.id))),
    )


def registry_version(engine: Engine) -> Version:
    with engine.connect() as conn:
        row = conn.execute(version_query()).one()
    return tuple(row)


class VersionProbe:
    """``registry_version`` on one dedicated autocommit connection, the statement compiled once.

    Asked on every cacheable request, so it skips the pool and the ORM layers: a few microseconds
    on SQLite instead of a few hundred. Each call sees the latest committed state (SQLite WAL in
    autocommit, PostgreSQL with autocommit on). A broken connection is replaced once per call.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sql = str(
            version_query().compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True})
        )
        self.raw: Any = None
        self.lock = threading.Lock()

    def _connect(self) -> Any:
        pooled = self.engine.raw_connection()
        raw: Any = pooled.driver_connection
        pooled.detach()  # ours for good: it does not hold a slot of the request pool
        if self.engine.dialect.name == "postgresql":
            raw.autocommit = True
        return raw

    def close(self) -> None:
        with self.lock:
            if self.raw is not None:
                try:
                    self.raw.close()
                finally:
                    self.raw = None

    def __call__(self) -> Version:
        with self.lock:
            for attempt in (1, 2):
                try:
                    if self.raw is None:
                        self.raw = self._connect()
                    cur = self.raw.cursor()
                    try:
                        cur.execute(self.sql)
                        return tuple(cur.fetchone())
                    finally:
                        cur.close()
                except Exception:
                    broken, self.raw = self.raw, None
                    if broken is not None:
                        with contextlib.suppress(Exception):  # already broken; replaced
                            broken.close()
                    if attempt == 2:
                        raise
        raise AssertionError("unreachable")


class SharedProbe:
    """Requests share probes: each waits for the first probe STARTED AFTER it arrived.

    That probe sees every commit made before the request arrived, so no request is answered from
    an older version than a probe of its own would have seen; meanwhile one round trip (in a
    worker thread, off the event loop) serves every request that arrived during the previous one.
    For a server-side database such as PostgreSQL, where a probe is a network round trip.
    """

    def __init__(self, probe: Callable[[], Version]) -> None:
        self.probe = probe
        # Futures belong to one event loop; a server runs one, but an app driven from several
        # threads (test clients, embedded use) runs one per thread, so each loop shares its own.
        self._loops: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopProbe] = (
            weakref.WeakKeyDictionary()
        )

    async def __call__(self) -> Version:
        loop = asyncio.get_running_loop()
        state = self._loops.get(loop)
        if state is None:
            state = self._loops[loop] = _LoopProbe()
        if state.pending is None:
            state.pending = loop.create_future()
            if not state.running:
                state.running = True
                state.task = loop.create_task(self._run(state))  # kept: tasks are weakly held
        return await asyncio.shield(state.pending)

    async def _run(self, state: _LoopProbe) -> None:
        try:
            while state.pending is not None:
                fut, state.pending = state.pending, None
                try:
                    fut.set_result(await anyio.to_thread.run_sync(self.probe))
                except Exception as e:  # every waiter of this probe gets the error
                    fut.set_exception(e)
        finally:
            state.running = False


@dataclass(slots=True)
class _LoopProbe:
    pending: asyncio.Future[Version] | None = None  # the next probe, not started yet
    running: bool = False
    task: asyncio.Task[None] | None = None


def cacheable_path(path: str) -> bool:
    if path.startswith("/v1/"):
        return True
    return path in DASHBOARD_PATHS or path.startswith("/khoang-trong/")


@dataclass(frozen=True, slots=True)
class Entry:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes


class ResponseCache:
    """ASGI middleware serving repeated reads from memory until the registry changes."""

    def __init__(
        self,
        app: ASGIApp,
        engine: Engine,
        *,
        max_bytes: int = 64 * 1024 * 1024,
        max_entry: int = 4 * 1024 * 1024,
        version: Callable[[], Version] | None = None,
        today: Callable[[], date] = date.today,
        state: Any = None,
    ) -> None:
        self.app = app
        if state is not None:
            state.response_cache = self  # for tests and operators: hits, misses, clear()
        self.version = version or VersionProbe(engine)
        shared = version is None and engine.dialect.name != "sqlite"
        # SQLite answers a probe in microseconds in-process: asking inline beats any hand-off.
        self.shared = SharedProbe(self.version) if shared else None
        self.today = today
        self.max_bytes = max_bytes
        self.max_entry = max_entry
        self.entries: OrderedDict[tuple[Any, ...], Entry] = OrderedDict()
        self.size = 0
        self.current: Version | None = None
        self.hits = 0
        self.misses = 0

    def clear(self) -> None:
        self.entries.clear()
        self.size = 0

    def _key(self, scope: Scope) -> tuple[Any, ...]:
        host = b""
        for name, value in scope["headers"]:
            if name == b"host":
                host = value
                break
        return (
            scope.get("scheme", "http"),
            host,
            scope.get("root_path", ""),
            scope["path"],
            scope.get("query_string", b""),
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or not cacheable_path(scope["path"])
        ):
            await self.app(scope, receive, send)
            return
        probed = await self.shared() if self.shared is not None else self.version()
        version = (*probed, self.today())
        if version != self.current:
            # The registry moved on: nothing stored answers for the new version.
            self.clear()
            self.current = version
        key = self._key(scope)
        entry = self.entries.get(key)
        if entry is not None:
            self.hits += 1
            self.entries.move_to_end(key)
            await self._send(entry, scope, send)
            return
        self.misses += 1
        await self._fill(scope, receive, send, key, version)

    async def _send(self, entry: Entry, scope: Scope, send: Send) -> None:
        if_none_match = b""
        for name, value in scope["headers"]:
            if name == b"if-none-match":
                if_none_match = value
                break
        if if_none_match and entry.etag in [t.strip() for t in if_none_match.split(b",")]:
            headers = [(b"etag", entry.etag)]
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        await send(
            {"type": "http.response.start", "status": entry.status, "headers": entry.headers}
        )
        body = b"" if scope["method"] == "HEAD" else entry.body
        await send({"type": "http.response.body", "body": body})

    async def _fill(
        self, scope: Scope, receive: Receive, send: Send, key: tuple[Any, ...], version: Version
    ) -> None:
        """Run the app; keep its response if it is a complete 200 small enough to store."""
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0
        keep = scope["method"] == "GET"

        async def capture(message: Message) -> None:
            nonlocal start, size, keep
            if not keep:
                await send(message)
            elif message["type"] == "http.response.start":
                start = message
                keep = message["status"] == 200
                if not keep:
                    await send(message)
            elif message["type"] == "http.response.body":
                assert start is not None
                chunks.append(message.get("body", b""))
                size += len(chunks[-1])
                more = bool(message.get("more_body", False))
                if size > self.max_entry:
                    keep = False  # too big to keep: pass the rest through as it comes
                    await send(start)
                    await send({**message, "body": b"".join(chunks)})
                elif not more:
                    entry = self._store(start, b"".join(chunks))
                    if version == self.current:
                        self._remember(key, entry)
                    await self._send(entry, scope, send)
            else:
                await send(message)

        await self.app(scope, receive, capture)

    def _store(self, start: Message, body: bytes) -> Entry:
        etag = b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'
        headers = [
            (k, v)
            for k, v in start.get("headers", [])
            if k.lower() not in (b"etag", b"content-length")
        ]
        headers += [
            (b"content-length", str(len(body)).encode()),
            (b"etag", etag),
            (b"cache-control", b"no-cache"),
        ]
        return Entry(start["status"], headers, body, etag)

    def _remember(self, key: tuple[Any, ...], entry: Entry) -> None:
        old = self.entries.pop(key, None)
        if old is not None:
            self.size -= len(old.body)
        self.entries[key] = entry
        self.size += len(entry.body)
        while self.size > self.max_bytes and self.entries:
            _, evicted = self.entries.popitem(last=False)
            self.size -= len(evicted.body)
