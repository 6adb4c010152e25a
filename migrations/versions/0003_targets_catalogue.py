"""subjects' own indicators (keywords, retirement) and who corrected a figure or finding

Revision ID: 0003_targets_catalogue
Revises: 0002_users_audit
Create Date: 2026-11-30 19:30:00

Written by hand to match data_access/models.py. Batch mode keeps it working on SQLite.
Existing indicators belong to KL62, the only subject before this revision.
"""
from alembic import op
import sqlalchemy as sa


revision = "0003_targets_catalogue"
down_revision = "0002_users_audit"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # No table copy (batch mode) on SQLite: copying drops the old indicator table, which the
    # figures and targets reference, and indicator_value has millions of rows nationally.
    # SQLite adds a column with its REFERENCES clause in place.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE indicator ADD COLUMN subject_id INTEGER "
            "CONSTRAINT fk_indicator_subject_id_subject REFERENCES subject (id)"
        )
    else:
        op.add_column("indicator", sa.Column("subject_id", sa.Integer(), nullable=True))
        op.create_foreign_key(op.f("fk_indicator_subject_id_subject"), "indicator", "subject", ["subject_id"], ["id"])
    op.add_column("indicator", sa.Column("keywords", sa.Text(), nullable=True))
    op.add_column("indicator", sa.Column("retired_at", sa.DateTime(), nullable=True))
    op.create_index(op.f("ix_indicator_subject_id"), "indicator", ["subject_id"], unique=False)
    op.execute(
        "UPDATE indicator SET subject_id = (SELECT id FROM subject WHERE code = 'KL62') WHERE subject_id IS NULL"
    )
    for table in ("indicator_value", "finding"):
        op.add_column(table, sa.Column("corrected_by", sa.String(length=100), nullable=True))
        op.add_column(table, sa.Column("corrected_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    for table in ("finding", "indicator_value"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("corrected_at")
            batch_op.drop_column("corrected_by")
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_subject_id"))
        batch_op.drop_constraint(batch_op.f("fk_indicator_subject_id_subject"), type_="foreignkey")
        batch_op.drop_column("retired_at")
        batch_op.drop_column("keywords")
        batch_op.drop_column("subject_id")
