"""gap filter index: every column the listing's filters and sorts read, beside the gap's id

The gap row is wide (its evidence, ~3 kB on the national registry): counting a province's gaps or
choosing a filtered page's ids read every matching row. With this covering index they read index
entries only (SQLite; PostgreSQL once vacuumed), searched by province when the filter names one.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

COLUMNS = [
    "province_code",
    "kind",
    "review_state",
    "effective",
    "score",
    "procedure_id",
    "condition_id",
    "successor_code",
    "first_seen_scan_id",
    "last_seen_scan_id",
    "resolved_scan_id",
]


def upgrade() -> None:
    with op.batch_alter_table("gap", schema=None) as batch_op:
        batch_op.create_index("ix_gap_filter", COLUMNS, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("gap", schema=None) as batch_op:
        batch_op.drop_index("ix_gap_filter")
