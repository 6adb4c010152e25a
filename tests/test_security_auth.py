"""Accounts: argon2 hashes, sign-in rate limiting, session expiry (with an injected clock),
the account commands, and the migration that creates the tables."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import select

import data_access.security_models as sm
from data_access import security
from data_access.db import alembic_config, get_engine
from data_access.models import Base
from data_access.security import LoginRefused, PermissionDenied, WriteRefused, system_actor
from data_access.security_models import AuditEntry, LoginAttempt, UserAccount

PASSWORD = "một mật khẩu dài"
T0 = dt.datetime(2026, 5, 20, 8, 0, 0)



pytestmark = pytest.mark.usefixtures("cheap_hashes")


@pytest.fixture
def engine(schema_db_url):
    engine = get_engine(schema_db_url)
    security.create_user(engine, actor=system_actor("test"), username="lan", password=PASSWORD, role="editor",
                         provinces=[31], now=T0)
    return engine


def test_passwords_are_stored_as_argon2_hashes(engine):
    with engine.connect() as conn:
        stored = conn.scalar(select(UserAccount.password_hash).where(UserAccount.username == "lan"))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert security.verify_password(stored, PASSWORD)
    assert not security.verify_password(stored, PASSWORD + "x")
    assert not security.verify_password("not a hash", PASSWORD)
    assert security.hash_password(PASSWORD) != security.hash_password(PASSWORD)  # salted


def test_production_hash_parameters(monkeypatch):
    monkeypatch.undo()
    stored = security.hash_password(PASSWORD)
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")  # argon2-cffi's RFC 9106 default
    assert security.verify_password(stored, PASSWORD)


def test_sign_in_gives_the_accounts_role_and_scopes(engine):
    actor = security.authenticate(engine, "lan", PASSWORD, now=T0)
    assert (actor.username, actor.role, actor.provinces) == ("lan", "editor", frozenset({31}))
    for username, password in (("lan", "sai mật khẩu rồi"), ("không-có-ai", PASSWORD), ("", "")):
        with pytest.raises(LoginRefused) as caught:
            security.authenticate(engine, username, password, now=T0)
        assert "không đúng" in str(caught.value)


def test_five_failures_lock_the_username_for_fifteen_minutes(engine):
    for minute in range(5):
        with pytest.raises(LoginRefused):
            security.authenticate(engine, "lan", "sai mật khẩu", now=T0 + dt.timedelta(minutes=minute))
    # Locked: even the right password is refused, with a message that says so and until when.
    with pytest.raises(LoginRefused) as caught:
        security.authenticate(engine, "lan", PASSWORD, now=T0 + dt.timedelta(minutes=6))
    assert "tạm khóa" in str(caught.value) and "08:15" in str(caught.value)
    # The first failure leaves the window at 08:15; then the right password works again.
    actor = security.authenticate(engine, "lan", PASSWORD, now=T0 + dt.timedelta(minutes=15, seconds=1))
    assert actor.username == "lan"
    # A success resets the count.
    with pytest.raises(LoginRefused):
        security.authenticate(engine, "lan", "sai mật khẩu", now=T0 + dt.timedelta(minutes=16))
    assert security.authenticate(engine, "lan", PASSWORD, now=T0 + dt.timedelta(minutes=17))
    with engine.connect() as conn:
        reasons = list(conn.scalars(select(LoginAttempt.reason).order_by(LoginAttempt.id)))
        logged = list(conn.scalars(select(AuditEntry.action).where(AuditEntry.action.like("login%"))
                                   .order_by(AuditEntry.id)))
    assert reasons == ["bad_password"] * 5 + ["locked", "ok", "bad_password", "ok"]
    assert logged == ["login_failed"] * 6 + ["login", "login_failed", "login"]


def test_another_username_is_not_locked_by_someone_elses_failures(engine):
    security.create_user(engine, actor=system_actor("t"), username="minh", password=PASSWORD, role="viewer")
    for _ in range(6):
        with pytest.raises(LoginRefused):
            security.authenticate(engine, "lan", "sai", now=T0)
    assert security.authenticate(engine, "minh", PASSWORD, now=T0).username == "minh"


def test_sessions_expire_and_end_when_the_account_changes(engine, monkeypatch):
    actor = security.authenticate(engine, "lan", PASSWORD, now=T0)
    session = security.start_session(actor, now=T0)
    assert session.expires_at == T0 + dt.timedelta(hours=8)
    assert security.session_actor(engine, session, now=T0 + dt.timedelta(hours=7, minutes=59)) == actor
    assert security.session_actor(engine, session, now=T0 + dt.timedelta(hours=8)) is None
    monkeypatch.setenv("SESSION_HOURS", "0.5")
    short = security.start_session(actor, now=T0)
    assert security.session_actor(engine, short, now=T0 + dt.timedelta(minutes=31)) is None
    # Role changes apply at once; locking the account or a new password ends the session.
    security.update_user(engine, actor=system_actor("t"), username="lan", role="viewer", now=T0)
    assert security.session_actor(engine, session, now=T0 + dt.timedelta(hours=1)).role == "viewer"
    security.set_password(engine, actor=system_actor("t"), username="lan", password="mật khẩu mới hơn",
                          now=T0 + dt.timedelta(hours=2))
    assert security.session_actor(engine, session, now=T0 + dt.timedelta(hours=3)) is None
    fresh = security.start_session(actor, now=T0 + dt.timedelta(hours=3))
    security.update_user(engine, actor=system_actor("t"), username="lan", is_active=False)
    assert security.session_actor(engine, fresh, now=T0 + dt.timedelta(hours=4)) is None
    with pytest.raises(LoginRefused) as caught:
        security.authenticate(engine, "lan", "mật khẩu mới hơn")
    assert "khóa" in str(caught.value)


def test_account_rules(engine):
    system = system_actor("t")
    with pytest.raises(WriteRefused, match="ít nhất"):
        security.create_user(engine, actor=system, username="a", password="ngắn", role="viewer")
    with pytest.raises(WriteRefused, match="đã có"):
        security.create_user(engine, actor=system, username="lan", password=PASSWORD, role="viewer")
    with pytest.raises(WriteRefused, match="Vai trò"):
        security.create_user(engine, actor=system, username="b", password=PASSWORD, role="superuser")
    with pytest.raises(WriteRefused, match="99999"):
        security.create_user(engine, actor=system, username="c", password=PASSWORD, role="editor", wards=[99999])
    with pytest.raises(WriteRefused, match="dành riêng"):
        security.create_user(engine, actor=system, username="cli:root", password=PASSWORD, role="admin")
    admin = security.create_user(engine, actor=system, username="chief", password=PASSWORD, role="admin")
    with pytest.raises(WriteRefused, match="cuối cùng"):
        security.update_user(engine, actor=admin, username="chief", role="viewer")
    # A user changes their own password only with the current one; never someone else's.
    lan = security.authenticate(engine, "lan", PASSWORD)
    with pytest.raises(PermissionDenied):
        security.set_password(engine, actor=lan, username="lan", password="mật khẩu mới 2", current_password="x")
    security.set_password(engine, actor=lan, username="lan", password="mật khẩu mới 2", current_password=PASSWORD)
    with pytest.raises(PermissionDenied):
        security.set_password(engine, actor=lan, username="chief", password="mật khẩu mới 3")
    assert security.has_admin(engine)


def _manage(capsys, monkeypatch, *args, stdin: str = ""):
    """manage.py in this process (same code path as the command, without the start-up cost)."""
    import io

    import manage

    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = manage.main(list(args))
    out = capsys.readouterr()
    return subprocess.CompletedProcess(args, code, out.out, out.err)


def test_user_commands(empty_db_url, capsys, monkeypatch):
    done = _manage(
        capsys,
        monkeypatch,
        "create-user",
        "admin1",
        "--role",
        "admin",
        "--password-stdin",
        "--database-url",
        empty_db_url,
        stdin="quản trị viên số 1\n",
    )
    assert done.returncode == 0, done.stderr
    assert "Quản trị viên" in done.stdout
    done = _manage(capsys, monkeypatch, "create-user", "ed", "--role", "editor", "--province", "31", "--unit", "10525",
                   "--password-stdin", "--database-url", empty_db_url, stdin="biên tập viên 1\n")
    assert done.returncode == 0, done.stderr
    # No password on the command line, no prompt without a terminal.
    done = _manage(
        capsys, monkeypatch, "create-user", "x", "--role", "viewer", "--database-url", empty_db_url, stdin=""
    )
    assert done.returncode == 2 and "--password-stdin" in done.stderr and "Traceback" not in done.stderr
    done = _manage(
        capsys,
        monkeypatch,
        "set-password",
        "ed",
        "--password-stdin",
        "--database-url",
        empty_db_url,
        stdin="mật khẩu thứ hai\n",
    )
    assert done.returncode == 0, done.stderr
    done = _manage(capsys, monkeypatch, "list-users", "--database-url", empty_db_url)
    assert "admin1" in done.stdout and "Phường Hải Dương (10525)" in done.stdout
    engine = get_engine(empty_db_url)
    assert security.authenticate(engine, "ed", "mật khẩu thứ hai").wards == frozenset({10525})
    with engine.connect() as conn:
        actors = set(conn.scalars(select(AuditEntry.actor).where(AuditEntry.action.like("user_%"))))
    assert actors and all(a.startswith("cli:") for a in actors)


def test_migration_matches_the_models(schema_db_url):
    with get_engine(schema_db_url).connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    ours = {sm.UserAccount.__tablename__, sm.UserScope.__tablename__, sm.AuditEntry.__tablename__,
            sm.LoginAttempt.__tablename__}
    assert [d for d in diffs if ours & set(str(d).split("'"))] == []
    with get_engine(schema_db_url).connect() as conn:
        heads = set(MigrationContext.configure(conn).get_current_heads())
    assert heads == set(ScriptDirectory.from_config(alembic_config()).get_heads())  # 0002 or a later revision on it
