"""gap listing indexes: effective date, and kind + effective date (the API's default sort/filter)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("gap", schema=None) as batch_op:
        batch_op.create_index("ix_gap_effective", ["effective"], unique=False)
        batch_op.create_index("ix_gap_kind_effective", ["kind", "effective"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("gap", schema=None) as batch_op:
        batch_op.drop_index("ix_gap_kind_effective")
        batch_op.drop_index("ix_gap_effective")
