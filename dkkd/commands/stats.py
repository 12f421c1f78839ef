"""`dkkd stats`: conditions in force / cut / unknown per ministry and business line, KTCN lines."""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from dkkd.commands import DatabaseUrl, read_as_of, registry
from registry.queries import stats as registry_stats


def stats(
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="YYYY-MM-DD or dd/mm/yyyy (default: today).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Counts of conditions and KTCN lines by status on a date."""
    on = read_as_of(as_of) or date.today()
    engine = registry(database_url)
    with engine.connect() as conn:
        data = registry_stats(conn, on)
    if as_json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    console = Console()
    c = data["conditions"]
    console.print(
        f"[bold]Conditions as of {data['as_of']}[/]: {c['total']} — in force {c['in_force']} "
        f"(amended {c['amended']}), cut {c['cut']}, unknown {c['unknown']}"
    )
    table = Table("ministry", "total", "in force", "cut", "unknown")
    for name, v in c["by_ministry"].items():
        table.add_row(name, str(v["total"]), str(v["in_force"]), str(v["cut"]), str(v["unknown"]))
    console.print(table)
    k = data["ktcn"]
    console.print(
        f"[bold]KTCN lines[/]: {k['total']} — in force {k['in_force']}, cut {k['cut']}, "
        f"not yet {k['not_yet']}, unknown {k['unknown']}"
    )
