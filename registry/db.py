"""Engines and schema upgrades: SQLite (a WAL file) by default, PostgreSQL through a URL.

`open_registry(url)` is the one entry point: it makes the engine with the pragmas a single-writer,
many-reader registry wants, and brings the schema to the Alembic head the first time it sees the
URL in this process, so `dkkd` creates or upgrades the database on first use.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

_upgraded: set[str] = set()
_lock = threading.Lock()


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    # WAL: readers never block the writer; NORMAL sync is durable across app crashes in WAL mode.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA temp_store=MEMORY")
    # The page cache is per connection, and so would be a memory map: 16 MB each keeps a full
    # pool bounded (64 MB per connection grew a loaded API server by ~1 GB; a 256 MB mmap per
    # connection by ~2.5 GB of RSS); reads beyond it come from the OS page cache.
    cur.execute("PRAGMA cache_size=-16384")
    cur.close()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `url`; a SQLite file's folder is created, its connections get WAL pragmas."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        db = u.database
        if db and db != ":memory:" and not db.startswith("file:"):
            Path(db).expanduser().parent.mkdir(parents=True, exist_ok=True)
        if db and db != ":memory:":
            # A bounded pool: a burst of slow reads waits for a connection instead of opening
            # more, each with its own page cache.
            kwargs.setdefault("pool_size", 8)
            kwargs.setdefault("max_overflow", 4)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def alembic_config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` (Alembic, in one transaction per migration)."""
    command.upgrade(alembic_config(engine), revision)


def ensure_schema(engine: Engine) -> None:
    """Upgrade to head unless already there (checked once per URL per process)."""
    key = engine.url.render_as_string(hide_password=False)
    with _lock:
        if key in _upgraded:
            return
        if current_revision(engine) != head_revision():
            upgrade(engine)
        from registry.provinces import seed_provinces

        with engine.begin() as conn:
            seed_provinces(conn)
        _upgraded.add(key)


def open_registry(url: str | None = None) -> Engine:
    """The registry's engine at `url` (default: settings), schema at head."""
    if url is None:
        from dkkd.settings import get_settings

        url = get_settings().database_url
    engine = make_engine(url)
    ensure_schema(engine)
    return engine
