"""`dkkd db upgrade|current`: the registry schema (Alembic); `dkkd` also upgrades on first use."""

from __future__ import annotations

import typer
from sqlalchemy.exc import DBAPIError

from dkkd.commands import DatabaseUrl, fail
from registry.store.db import (
    RegistryError,
    RegistryMissing,
    create_database,
    current_revision,
    database_exists,
    head_revision,
    make_engine,
    parse_url,
)
from registry.store.db import upgrade as run_upgrade

app = typer.Typer(help="The registry database schema.", no_args_is_help=True, rich_markup_mode=None)


def _url(value: str | None) -> str:
    if value:
        return value
    from registry.settings import get_settings

    return get_settings().database_url


@app.command("upgrade")
def upgrade(revision: str = "head", database_url: DatabaseUrl = None) -> None:
    """Bring the schema to REVISION (default: head); creates the database when missing."""
    url = _url(database_url)
    try:
        if not database_exists(url):
            create_database(url)
            typer.echo(f"đã tạo cơ sở dữ liệu mới: {parse_url(url).render_as_string()}", err=True)
        engine = make_engine(url)
        run_upgrade(engine, revision)
        typer.echo(f"lược đồ ở phiên bản {current_revision(engine)}")
    except RegistryError as e:
        fail(str(e))
    except DBAPIError as e:
        fail(f"không nâng cấp được lược đồ: {str(e.orig).splitlines()[0] if e.orig else e}")


@app.command("current")
def current(database_url: DatabaseUrl = None) -> None:
    """Print the schema revision of the database and the head of the migrations."""
    url = _url(database_url)
    try:
        if not database_exists(url):
            raise RegistryMissing(
                f"không có cơ sở dữ liệu {parse_url(url).render_as_string()}: tạo nó bằng "
                "`dkkd db upgrade` hoặc `dkkd ingest …`."
            )
        engine = make_engine(url)
        typer.echo(f"hiện tại {current_revision(engine)}, mới nhất {head_revision()}")
    except RegistryError as e:
        fail(str(e))
