"""user accounts, editor scopes, audit trail, login attempts

Revision ID: 0002_users_audit
Revises: 0001
Create Date: 2026-11-27 16:00:00

Written by hand to match data_access/security_models.py (tests/test_schema.py checks that
the migrated schema and the models agree). Batch mode keeps it working on SQLite. A column
without `nullable=False` takes Column's default, NULL allowed: the same DDL as an explicit
`nullable=True` (the schemas migrated before and after this was written were compared).
"""
from alembic import op
import sqlalchemy as sa


revision = "0002_users_audit"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("display_name", sa.String(length=120)),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("password_changed_at", sa.DateTime(), nullable=False),
        sa.Column("last_login_at", sa.DateTime()),
        sa.CheckConstraint("role IN ('viewer', 'editor', 'admin')", name=op.f("ck_user_account_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_account")),
        sa.UniqueConstraint("username", name=op.f("uq_user_account_username")),
    )
    op.create_table(
        "user_scope",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("province_code", sa.Integer()),
        sa.Column("ward_code", sa.Integer()),
        sa.CheckConstraint(
            "(province_code IS NULL AND ward_code IS NOT NULL) OR (province_code IS NOT NULL AND ward_code IS NULL)",
            name=op.f("ck_user_scope_one_target"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_user_scope_user_id_user_account"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["province_code"], ["province.code"], name=op.f("fk_user_scope_province_code_province")),
        sa.ForeignKeyConstraint(["ward_code"], ["ward.code"], name=op.f("fk_user_scope_ward_code_ward")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_scope")),
    )
    with op.batch_alter_table("user_scope", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_scope_user_id"), ["user_id"], unique=False)

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("table_name", sa.String(length=60), nullable=False),
        sa.Column("row_key", sa.String(length=200)),
        sa.Column("ward_code", sa.Integer()),
        sa.Column("year", sa.Integer()),
        sa.Column("before_json", sa.Text()),
        sa.Column("after_json", sa.Text()),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_audit_log_at", ["at"], unique=False)
        batch_op.create_index("ix_audit_log_actor_at", ["actor", "at"], unique=False)
        batch_op.create_index("ix_audit_log_ward_code_at", ["ward_code", "at"], unique=False)

    op.create_table(
        "login_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("client", sa.String(length=100)),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempt")),
    )
    with op.batch_alter_table("login_attempt", schema=None) as batch_op:
        batch_op.create_index("ix_login_attempt_username_at", ["username", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("login_attempt", schema=None) as batch_op:
        batch_op.drop_index("ix_login_attempt_username_at")
    op.drop_table("login_attempt")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_ward_code_at")
        batch_op.drop_index("ix_audit_log_actor_at")
        batch_op.drop_index("ix_audit_log_at")
    op.drop_table("audit_log")
    with op.batch_alter_table("user_scope", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_scope_user_id"))
    op.drop_table("user_scope")
    op.drop_table("user_account")
