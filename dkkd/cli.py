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

# Exit codes, shown under each command's --help ("\b" keeps click from re-wrapping the list).
_EXIT = "\b\nExit codes:\n  0  done\n"
EXIT_CODES = {
    "parse": _EXIT + "  2  the file cannot be read or parsed",
    "ingest": _EXIT + "  1  nothing could be ingested (every file quarantined)\n"
    "  2  bad option or path, or the registry URL is unusable",
    "scan": _EXIT + "  1  --fail-on-new and the run found new gaps; or --merge had nothing\n"
    "  2  bad option (date, province, threshold), no such registry, or the scan refused to run",
    "gaps": _EXIT + "  1  no completed scan yet; or the review was refused\n"
    "  2  bad option (kind, state, province, limit, review without --actor) or no such registry",
    "stats": _EXIT + "  2  bad option (date) or no such registry",
    "serve": _EXIT + "  2  bad option, or no such registry (serve never creates one)",
}

app = typer.Typer(
    name="dkkd",
    help="Registry and diff engine for Vietnam's business conditions (ĐKKD).",
    epilog="\b\nExit codes: 0 done; 1 the command ran and says why it failed;\n2 bad usage or input.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    # Plain click help: flags read as flags ("--json", not "--json <bool>") at any width.
    rich_markup_mode=None,
)


@app.callback()
def _root() -> None:
    """Registry and diff engine for Vietnam's business conditions (ĐKKD)."""


app.command("parse", epilog=EXIT_CODES["parse"])(parse_cmd.parse)
app.add_typer(corpus_cmd.app, name="corpus")
app.command("ingest", epilog=EXIT_CODES["ingest"])(ingest_cmd.ingest)
app.command("scan", epilog=EXIT_CODES["scan"])(scan_cmd.scan)
app.command("gaps", epilog=EXIT_CODES["gaps"])(gaps_cmd.gaps)
app.command("stats", epilog=EXIT_CODES["stats"])(stats_cmd.stats)
app.command("serve", epilog=EXIT_CODES["serve"])(serve_cmd.serve)
app.add_typer(token_cmd.app, name="token")
app.add_typer(db_cmd.app, name="db")


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
