"""The `dkkd` subcommands, one module each; options and checks several of them share live here.

Every refusal is one line on stderr starting with "lỗi:" and a non-zero exit (2 for a bad
option or registry URL), never a traceback: a wrong province, date, number or database is said,
not answered with zero or with today.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from parsers.provinces import Jurisdiction

DatabaseUrl = Annotated[
    str | None,
    typer.Option("--database-url", help="Registry URL (default: DKKD_DATABASE_URL)."),
]


def fail(message: str, code: int = 2) -> NoReturn:
    """Print one line on stderr and exit with `code`."""
    typer.echo(f"lỗi: {message}", err=True)
    raise typer.Exit(code)


def read_as_of(value: str | None, option: str = "--as-of") -> date | None:
    """An ``--as-of`` value: ISO or dd/mm/yyyy (the one reader), None when not given."""
    from parsers.dates import BadDate, read_optional_date

    try:
        return read_optional_date(value)
    except BadDate as e:
        fail(f"{option}: {e}")


def read_province(value: str, on: date | None = None) -> Jurisdiction | None:
    """A ``--province`` value through the one resolver (None for "TW", the national database's
    own procedures); unknown names are refused with the closest ones."""
    from parsers.provinces import UnknownProvince, resolve_province
    from registry.scan.partitions import is_national

    if is_national(value):
        return None
    try:
        return resolve_province(value, on)
    except UnknownProvince as e:
        fail(f"--province: {e}")


def check_range(
    option: str, value: float | None, low: float | None = None, high: float | None = None
) -> None:
    """Refuse a number outside [low, high] (either bound optional)."""
    if value is None:
        return
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            want = f"trong khoảng {low:g}–{high:g}"
        elif low is not None:
            want = f"≥ {low:g}"
        else:
            want = f"≤ {high:g}"
        fail(f"{option} phải {want} (nhận {value:g}).")


def registry(database_url: str | None, *, create: bool = False) -> Engine:
    """The registry, refusing a database that does not exist unless `create` (then made, and
    said on stderr). Unknown URL kinds and unreachable servers are one line, exit 2."""
    engine, _created = open_db(database_url, create=create)
    return engine


def open_db(
    database_url: str | None, *, create: bool = False, announce: bool = True
) -> tuple[Engine, bool]:
    """:func:`registry`, also telling whether the database was just created (said on stderr
    unless not `announce`, e.g. when the caller reports it in its JSON)."""
    from registry.store.db import RegistryError, open_registry, prepare_registry

    try:
        if create:
            engine, created = prepare_registry(database_url)
        else:
            engine, created = open_registry(database_url, create=False), False
    except RegistryError as e:
        fail(str(e))
    if created and announce:
        typer.echo(f"đã tạo cơ sở dữ liệu mới: {engine.url.render_as_string()}", err=True)
    return engine, created
