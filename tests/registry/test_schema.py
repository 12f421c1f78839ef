"""The Alembic migrations create exactly the schema the models describe, on both backends."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from registry.store import models as m
from registry.store.db import current_revision, head_revision, upgrade


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

    from registry.store.db import alembic_config

    command.downgrade(alembic_config(engine), "base")


def test_0006_names_ktcn_lines_already_in_the_registry(
    empty_engine: Engine, tmp_path: Path
) -> None:
    """A registry ingested before 0006 lost the compiled list's `ten`: the upgrade takes it back
    from the file when that file is unchanged, and a table's goods column from the description."""
    import hashlib
    import json

    from sqlalchemy import text

    listing = tmp_path / "ktcn.jsonl"
    line = {"hs": "01012100", "ten": "- - Loại thuần chủng để nhân giống", "ktcn": [{"mo_ta": "x"}]}
    listing.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    moved = tmp_path / "moved.jsonl"
    upgrade(empty_engine, "0005")
    files = [(1, str(listing), hashlib.sha256(listing.read_bytes()).hexdigest())]
    files += [(2, str(moved), "0" * 64), (3, "tt.md", "1" * 64)]
    items = [(1, "compiled", "x"), (2, "compiled", "y"), (3, "text", "Thịt trâu tươi")]
    with empty_engine.begin() as conn:
        for fid, path, sha in files:
            conn.execute(
                text(
                    "INSERT INTO source_file (id, path, sha256, size, format, kind, ingested_at)"
                    " VALUES (:i, :p, :s, 1, 'x', 'ktcn', '2026-01-01 00:00:00')"
                ),
                {"i": fid, "p": path, "s": sha},
            )
        for fid, origin, desc in items:
            conn.execute(
                text(
                    "INSERT INTO ktcn_item (hs, description, inspection_type, agency,"
                    " list_document, list_part, unit_id, partial, origin, source_file_id)"
                    " VALUES ('01012100', :d, '', '', '', '', '', false, :o, :f)"
                ),
                {"d": desc, "o": origin, "f": fid},
            )
    upgrade(empty_engine)
    with empty_engine.connect() as conn:
        names = {
            r.source_file_id: r.name
            for r in conn.execute(text("SELECT source_file_id, name FROM ktcn_item"))
        }
    assert names == {1: "Loại thuần chủng để nhân giống", 2: "", 3: "Thịt trâu tươi"}
