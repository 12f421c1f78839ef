"""`dkkd token create|list|revoke`: bearer tokens for the API's write endpoints."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Annotated

import typer

from dkkd.commands import DatabaseUrl, check_range, fail, registry
from registry.labels import vn_date
from registry.settings import get_settings
from registry.store.tokens import ROLES, TokenError, create_token, list_tokens, revoke

app = typer.Typer(
    rich_markup_mode=None,
    help="Bearer tokens for the API's write endpoints (stored hashed).",
    no_args_is_help=True,
)


@app.command("create", epilog="\b\nExit codes:\n  0  done\n  2  bad role or expiry")
def create(
    name: Annotated[str, typer.Argument(help="Who or what uses the token.")],
    role: Annotated[str, typer.Option(help=f"One of: {', '.join(ROLES)}.")] = "reviewer",
    days: Annotated[int | None, typer.Option(help="Expire after this many days.")] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Make a token and print it once (only its hash is stored)."""
    check_range("--days", days, low=1)
    engine = registry(database_url)
    try:
        plain, info = create_token(
            engine,
            name,
            role,
            secret=get_settings().token_secret,
            ttl=timedelta(days=days) if days else None,
        )
    except TokenError as e:
        fail(str(e))
    typer.echo(plain)
    expiry = vn_date(info.expires_at) if info.expires_at else "không bao giờ"
    typer.echo(
        f"mã truy cập {info.id} cho “{info.name}”, vai trò {info.role}, hết hạn: {expiry}", err=True
    )


@app.command("list")
def list_(database_url: DatabaseUrl = None) -> None:
    """Tokens (never their values)."""
    engine = registry(database_url)
    for t in list_tokens(engine):
        typer.echo(
            json.dumps(
                {
                    "id": t.id,
                    "name": t.name,
                    "role": t.role,
                    "created_at": t.created_at.isoformat(),
                    "expires_at": t.expires_at.isoformat() if t.expires_at else None,
                    "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
                },
                ensure_ascii=False,
            )
        )


@app.command("revoke", epilog="\b\nExit codes:\n  0  done\n  1  no live token with that id")
def revoke_(token_id: int, database_url: DatabaseUrl = None) -> None:
    """Revoke a token by its id."""
    engine = registry(database_url)
    if not revoke(engine, token_id):
        fail(f"không có mã truy cập {token_id} nào còn hiệu lực.", 1)
    typer.echo(f"đã thu hồi mã truy cập {token_id}")
