"""ORM classes for accounts, their scopes, the audit trail and login attempts.

They live on the same `Base` as the reporting model, so alembic sees one metadata; the
tables are created by revision `0002_users_audit`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data_access.models import Base

ROLES = ("viewer", "editor", "admin")


class UserAccount(Base):
    """A person who may sign in. The password is kept only as an argon2 hash."""

    __tablename__ = "user_account"
    __table_args__ = (CheckConstraint("role IN ('viewer', 'editor', 'admin')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    password_changed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    scopes: Mapped[list[UserScope]] = relationship(back_populates="user")


class UserScope(Base):
    """One province or one unit an editor may write for (exactly one of the two is set)."""

    __tablename__ = "user_scope"
    __table_args__ = (
        CheckConstraint(
            "(province_code IS NULL AND ward_code IS NOT NULL) OR (province_code IS NOT NULL AND ward_code IS NULL)",
            name="one_target",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    province_code: Mapped[int | None] = mapped_column(ForeignKey("province.code"))
    ward_code: Mapped[int | None] = mapped_column(ForeignKey("ward.code"))

    user: Mapped[UserAccount] = relationship(back_populates="scopes")


class AuditEntry(Base):
    """Who changed what, when, with the values before and after (JSON text).

    Deliberately without foreign keys: the trail must outlive the rows and accounts it names.
    """

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_actor_at", "actor", "at"),
        Index("ix_audit_log_ward_code_at", "ward_code", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    table_name: Mapped[str] = mapped_column(String(60))
    row_key: Mapped[str | None] = mapped_column(String(200))
    ward_code: Mapped[int | None] = mapped_column(Integer)
    year: Mapped[int | None] = mapped_column(Integer)
    before_json: Mapped[str | None] = mapped_column(Text)
    after_json: Mapped[str | None] = mapped_column(Text)


class LoginAttempt(Base):
    """Every sign-in attempt, successful or not; failures drive the rate limit."""

    __tablename__ = "login_attempt"
    __table_args__ = (Index("ix_login_attempt_username_at", "username", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    username: Mapped[str] = mapped_column(String(60))
    succeeded: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(String(40))
    client: Mapped[str | None] = mapped_column(String(100))


__all__ = ["ROLES", "UserAccount", "UserScope", "AuditEntry", "LoginAttempt"]
