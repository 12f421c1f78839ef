"""The `dkkd` subcommands, one module each; options several of them share live here."""

from typing import Annotated

import typer

DatabaseUrl = Annotated[
    str | None,
    typer.Option("--database-url", help="Registry URL (default: DKKD_DATABASE_URL)."),
]
