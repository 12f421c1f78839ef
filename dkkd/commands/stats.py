"""`dkkd stats`: conditions in force / cut / unknown per ministry and business line, KTCN lines."""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Annotated

import typer
from rich.console import Console

from dkkd.commands import DatabaseUrl, read_as_of, registry
from dkkd.tables import ministry_table
from registry.labels import vn_date
from registry.queries.stats import stats as registry_stats


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
        f"[bold]Điều kiện kinh doanh tính đến ngày {vn_date(data['as_of'])}[/]: {c['total']} — "
        f"còn hiệu lực {c['in_force']} (đã sửa đổi {c['amended']}), đã cắt giảm {c['cut']}, "
        f"chưa rõ {c['unknown']}"
    )
    console.print(ministry_table(c["by_ministry"]))
    k = data["ktcn"]
    console.print(
        f"[bold]Dòng hàng KTCN[/]: {k['total']} — còn hiệu lực {k['in_force']}, "
        f"đã cắt giảm {k['cut']}, chưa có hiệu lực {k['not_yet']}, chưa rõ {k['unknown']}"
    )
