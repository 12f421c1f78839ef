"""The `dkkd` command: one entry point that drives the whole pipeline.

Each subcommand lives in its own module under :mod:`dkkd.commands` and is registered here.
"""

from __future__ import annotations

import typer

from dkkd.commands import corpus as corpus_cmd
from dkkd.commands import db as db_cmd
from dkkd.commands import gaps as gaps_cmd
from dkkd.commands import ingest as ingest_cmd
from dkkd.commands import parse as parse_cmd
from dkkd.commands import scan as scan_cmd
from dkkd.commands import serve as serve_cmd
from dkkd.commands import stats as stats_cmd
from dkkd.commands import token as token_cmd

app = typer.Typer(
    name="dkkd",
    help="Registry and diff engine for Vietnam's business conditions (ĐKKD).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)


@app.callback()
def _root() -> None:
    """Registry and diff engine for Vietnam's business conditions (ĐKKD)."""


app.command("parse")(parse_cmd.parse)
app.add_typer(corpus_cmd.app, name="corpus")
app.command("ingest")(ingest_cmd.ingest)
app.command("scan")(scan_cmd.scan)
app.command("gaps")(gaps_cmd.gaps)
app.command("stats")(stats_cmd.stats)
app.command("serve")(serve_cmd.serve)
app.add_typer(token_cmd.app, name="token")
app.add_typer(db_cmd.app, name="db")


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
