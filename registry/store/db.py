"""Engines and schema upgrades: SQLite (a WAL file) by default, PostgreSQL through a URL.

`open_registry(url)` is the one entry point: it makes the engine with the pragmas a single-writer,
many-reader registry wants, and brings the schema to the Alembic head the first time it sees the
URL in this process. Only SQLite and PostgreSQL are registries; a URL naming anything else, a
server that does not answer or (with ``create=False``, what every command but ``dkkd ingest`` and
``dkkd db upgrade`` asks for) a database that does not exist raises :class:`RegistryError`, whose
message is one line for people, so a mistyped URL never silently becomes an empty new registry.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.pool import NullPool

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

_upgraded: set[str] = set()
SUPPORTED_BACKENDS = ("sqlite", "postgresql")
_USAGE = "dùng sqlite:///đường/dẫn/tệp.db hoặc postgresql+psycopg://người_dùng@máy_chủ/tên_csdl"


class RegistryError(RuntimeError):
    """A registry URL that cannot be used as asked; the message is one line, in Vietnamese."""


class RegistryMissing(RegistryError):
    """The URL names a database that does not exist (and creating it was not asked for)."""


def parse_url(url: str) -> URL:
    """The URL, if it names a SQLite or PostgreSQL database; :class:`RegistryError` otherwise."""
    try:
        u = make_url(url)
    except ArgumentError:
        raise RegistryError(f"“{url}” không phải là địa chỉ cơ sở dữ liệu: {_USAGE}.") from None
    backend = u.get_backend_name()
    if backend not in SUPPORTED_BACKENDS:
        raise RegistryError(f"kiểu cơ sở dữ liệu “{backend}” không được hỗ trợ: {_USAGE}.")
    if backend == "postgresql" and not u.database:
        raise RegistryError(f"địa chỉ PostgreSQL không có tên cơ sở dữ liệu: {_USAGE}.")
    return u


def _shown(u: URL) -> str:
    return u.render_as_string(hide_password=True)


def _first_line(e: BaseException) -> str:
    orig = getattr(e, "orig", None) or e
    lines = [x.strip() for x in str(orig).splitlines() if x.strip()]
    return lines[0] if lines else type(orig).__name__


def _maintenance(u: URL) -> Engine:
    return create_engine(
        u.set(database="postgres"), poolclass=NullPool, isolation_level="AUTOCOMMIT"
    )


def database_exists(url: str) -> bool:
    """Whether the database the URL names exists (a SQLite file, a PostgreSQL database).

    An unreachable server or a URL of another kind raises :class:`RegistryError`.
    """
    u = parse_url(url)
    if u.get_backend_name() == "sqlite":
        db = u.database or ""
        if not db or db == ":memory:" or db.startswith("file:") or u.query.get("mode") == "memory":
            return True
        return Path(db).expanduser().exists()
    try:
        probe = create_engine(u, poolclass=NullPool)
    except (NoSuchModuleError, ModuleNotFoundError) as e:
        raise RegistryError(f"không nạp được trình điều khiển cho “{u.drivername}”: {e}") from None
    try:
        with probe.connect():
            return True
    except DBAPIError as first:
        try:
            with _maintenance(u).connect() as conn:
                found = conn.execute(
                    text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": u.database}
                ).first()
        except DBAPIError:
            raise RegistryError(
                f"không kết nối được PostgreSQL ({_shown(u)}): {_first_line(first)}"
            ) from None
        if found is not None:  # it exists, but this user may not connect to it
            raise RegistryError(
                f"không mở được cơ sở dữ liệu {_shown(u)}: {_first_line(first)}"
            ) from None
        return False
    finally:
        probe.dispose()


def create_database(url: str) -> None:
    """Create the (missing) database the URL names: a SQLite file's folder and file, or a
    PostgreSQL database on the server."""
    u = parse_url(url)
    if u.get_backend_name() == "sqlite":
        db = Path(u.database or "").expanduser()
        db.parent.mkdir(parents=True, exist_ok=True)
        return
    name = (u.database or "").replace('"', '""')
    admin = _maintenance(u)
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except DBAPIError as e:
        raise RegistryError(f"không tạo được cơ sở dữ liệu {_shown(u)}: {_first_line(e)}") from None
    finally:
        admin.dispose()


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
        from registry.store.provinces import seed_provinces

        with engine.begin() as conn:
            seed_provinces(conn)
        _upgraded.add(key)


def open_registry(url: str | None = None, *, create: bool = True) -> Engine:
    """The registry's engine at `url` (default: settings), schema at head.

    With ``create=False`` a database that does not exist is refused (:class:`RegistryMissing`)
    instead of made; every failure to reach or use the URL is a :class:`RegistryError`.
    """
    if url is None:
        from registry.settings import get_settings

        url = get_settings().database_url
    u = parse_url(url)
    if not create and not database_exists(url):
        raise RegistryMissing(
            f"không có cơ sở dữ liệu {_shown(u)}: tạo nó bằng `dkkd ingest …` hoặc "
            "`dkkd db upgrade`, hoặc kiểm tra DKKD_DATABASE_URL."
        )
    try:
        engine = make_engine(url)
    except (NoSuchModuleError, ModuleNotFoundError) as e:
        raise RegistryError(f"không nạp được trình điều khiển cho “{u.drivername}”: {e}") from None
    try:
        ensure_schema(engine)
    except DBAPIError as e:
        engine.dispose()
        raise RegistryError(
            f"không dùng được cơ sở dữ liệu {_shown(u)}: {_first_line(e)}"
        ) from None
    return engine


def prepare_registry(url: str | None = None) -> tuple[Engine, bool]:
    """The registry at `url`, creating its database first when it does not exist; the flag says
    whether it was created (``dkkd ingest`` and ``dkkd db upgrade`` say so)."""
    if url is None:
        from registry.settings import get_settings

        url = get_settings().database_url
    created = not database_exists(url)
    if created:
        create_database(url)
    return open_registry(url), created
