"""`dkkd db upgrade|current`: the registry schema (Alembic); `dkkd` also upgrades on first use."""

from __future__ import annotations

import typer

from dkkd.commands import DatabaseUrl
from registry.db import current_revision, head_revision, make_engine
from registry.db import upgrade as run_upgrade

app = typer.Typer(help="The registry database schema.", no_args_is_help=True, rich_markup_mode=None)


def _url(value: str | None) -> str:
    if value:
        return value
    from dkkd.settings import get_settings

    return get_settings().database_url


@app.command("upgrade")
def upgrade(revision: str = "head", database_url: DatabaseUrl = None) -> None:
    """Bring the schema to REVISION (default: head)."""
    engine = make_engine(_url(database_url))
    run_upgrade(engine, revision)
    typer.echo(f"schema at {current_revision(engine)}")


@app.command("current")
def current(database_url: DatabaseUrl = None) -> None:
    """Print the schema revision of the database and the head of the migrations."""
    engine = make_engine(_url(database_url))
    typer.echo(f"current {current_revision(engine)} head {head_revision()}")
