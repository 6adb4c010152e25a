"""data version: one row whose token changes in every write transaction

Revision ID: 0005_data_version
Revises: 0004_vietnamese_sort_order
Create Date: 2026-11-30 20:00:00

Read by every Streamlit process at each script run and put in its cache keys, so that no
process serves stale cached data after another process writes (data_access/data_version.py).
"""
import secrets

import sqlalchemy as sa
from alembic import op

revision = "0005_data_version"
down_revision = "0004_vietnamese_sort_order"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )
    op.bulk_insert(table, [{"id": 1, "version": secrets.randbits(62) + 1}])


def downgrade() -> None:
    op.drop_table("data_version")
