"""The Alembic migrations create exactly the schema the models describe, on both backends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from registry import models as m
from registry.db import current_revision, head_revision, upgrade


def test_migration_matches_models(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    assert current_revision(empty_engine) == head_revision()
    with empty_engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, m.metadata)
    assert diff == []


def test_every_model_table_is_created(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    tables = set(inspect(empty_engine).get_table_names())
    assert {t.name for t in m.metadata.sorted_tables} <= tables


def test_downgrade_removes_everything(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    upgrade_down(empty_engine)
    tables = set(inspect(empty_engine).get_table_names()) - {"alembic_version"}
    assert tables == set()


def upgrade_down(engine: Engine) -> None:
    from alembic import command

    from registry.db import alembic_config

    command.downgrade(alembic_config(engine), "base")
