"""The token table belongs to the registry's schema: created by the migrations, and a registry
whose api_token table the API created itself (before revision 0003) keeps its tokens."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Column, DateTime, Engine, Integer, MetaData, String, Table, inspect

from registry.store.db import current_revision, head_revision, make_engine, upgrade
from registry.store.tokens import create_token, list_tokens, verify
from tests.registry.conftest import BACKENDS, database_url


@pytest.fixture(params=BACKENDS)
def bare_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    gen = database_url(request.param, tmp_path)
    engine = make_engine(next(gen))
    yield engine
    engine.dispose()
    gen.close()


def _legacy_table(engine: Engine) -> Table:
    """The table as registry.store.tokens created it on first use before it joined the schema."""
    md = MetaData()
    t = Table(
        "api_token",
        md,
        Column("id", Integer, primary_key=True),
        Column("name", String(120), nullable=False),
        Column("role", String(16), nullable=False),
        Column("digest", String(64), nullable=False, unique=True),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("expires_at", DateTime(timezone=True), nullable=True),
        Column("revoked_at", DateTime(timezone=True), nullable=True),
    )
    md.create_all(engine)
    return t


def test_migrations_create_the_token_table(bare_engine: Engine) -> None:
    upgrade(bare_engine, "0002")
    assert "api_token" not in inspect(bare_engine).get_table_names()
    upgrade(bare_engine)
    assert "api_token" in inspect(bare_engine).get_table_names()
    plain, info = create_token(bare_engine, "after upgrade", "reviewer")
    assert verify(bare_engine, plain) == info


def test_a_table_made_before_0003_is_adopted_with_its_tokens(bare_engine: Engine) -> None:
    upgrade(bare_engine, "0002")
    legacy = _legacy_table(bare_engine)
    now = datetime.now(UTC)
    with bare_engine.begin() as conn:
        conn.execute(
            legacy.insert(),
            [{"name": "old", "role": "admin", "digest": "0" * 64, "created_at": now}],
        )
    upgrade(bare_engine)
    assert current_revision(bare_engine) == head_revision()
    assert [t.name for t in list_tokens(bare_engine)] == ["old"]
    create_token(bare_engine, "new", "admin")
    assert [t.name for t in list_tokens(bare_engine)] == ["old", "new"]
