"""ktcn item name: the goods as the list names them (the compiled list's `ten` was dropped)

Rows read from a legal text's table get their goods column back (the parser stored it as the
description). Compiled-list rows are named from their file when it is still where it was read
and unchanged (same sha256); otherwise they stay unnamed (the page then shows the requirement).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ktcn_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name", sa.Text(), nullable=False, server_default=""))
    op.execute("UPDATE ktcn_item SET name = description WHERE origin = 'text'")
    _name_compiled_rows(op.get_bind())


def _name_compiled_rows(conn: sa.Connection) -> None:
    from parsers.ktcn import KtcnError, read_compiled

    files = conn.execute(
        sa.text(
            "SELECT DISTINCT f.id, f.path, f.sha256 FROM source_file f "
            "JOIN ktcn_item k ON k.source_file_id = f.id WHERE k.origin = 'compiled'"
        )
    ).all()
    for file_id, path, sha in files:
        p = Path(path)
        try:
            if not p.is_file() or hashlib.sha256(p.read_bytes()).hexdigest() != sha:
                continue
            names = {i.hs: i.name for i in read_compiled(p) if i.name}
        except (OSError, KtcnError, UnicodeDecodeError):
            continue
        conn.execute(
            sa.text("UPDATE ktcn_item SET name = :name WHERE source_file_id = :f AND hs = :hs"),
            [{"name": n, "f": file_id, "hs": hs} for hs, n in names.items()],
        )


def downgrade() -> None:
    with op.batch_alter_table("ktcn_item", schema=None) as batch_op:
        batch_op.drop_column("name")
