"""source locations: page and paragraph of provisions and requirements read from Word/PDF files

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("provision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("page", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("paragraph", sa.Integer(), nullable=True))
    with op.batch_alter_table("procedure_requirement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("page", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("paragraph", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("ocr", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("procedure_requirement", schema=None) as batch_op:
        batch_op.drop_column("ocr")
        batch_op.drop_column("paragraph")
        batch_op.drop_column("page")
    with op.batch_alter_table("provision", schema=None) as batch_op:
        batch_op.drop_column("paragraph")
        batch_op.drop_column("page")
