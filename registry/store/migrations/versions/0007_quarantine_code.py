"""quarantine code: a stable machine code beside the (now Vietnamese) reason of each quarantine

Rows quarantined before have no code (empty): their reason was written in English.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("quarantine", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("code", AutoString(length=32), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("quarantine", schema=None) as batch_op:
        batch_op.drop_column("code")
