"""units and provinces carry their rank in Vietnamese alphabetical order

Revision ID: 0004_vietnamese_sort_order
Revises: 0003_targets_catalogue
Create Date: 2026-11-30 19:30:00

The rank is filled by the reference loader (data_access.reference), which runs after every
upgrade; ORDER BY sort_order then gives the same Vietnamese order on SQLite and PostgreSQL.
"""
from alembic import op
import sqlalchemy as sa


revision = "0004_vietnamese_sort_order"
down_revision = "0003_targets_catalogue"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("province", "ward"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("sort_order", sa.Integer(), nullable=True))


def downgrade() -> None:
    for table in ("ward", "province"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("sort_order")
