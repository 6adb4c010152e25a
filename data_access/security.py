"""Who may do what: actors and roles, argon2 passwords, sessions, login rate limiting, accounts.

Roles: `viewer` reads; `editor` imports and corrects reports and sets targets for the
provinces and units in its scopes; `admin` manages accounts (and may write everywhere).
`system` is the operator's own server-side jobs (the sample loader, manage.py commands).
Every write function in `data_access` takes an `Actor` and checks it here before it writes,
so a page that forgets to hide a button still cannot write.
"""

from __future__ import annotations

import datetime as dt
import getpass
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Connection, Engine, delete, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from data_access import audit
from data_access.models import Province, Ward
from data_access.security_models import ROLES, LoginAttempt, UserAccount, UserScope
from domain.format import now as clock

log = logging.getLogger(__name__)

LOGIN_MAX_FAILURES = 5
LOGIN_WINDOW = dt.timedelta(minutes=15)
DEFAULT_SESSION_HOURS = 8.0
MIN_PASSWORD_LENGTH = 10
USERNAME_MAX = 60

ROLE_LABELS = {
    "anonymous": "Khách (chỉ xem)",
    "viewer": "Người xem",
    "editor": "Biên tập viên",
    "admin": "Quản trị viên",
    "system": "Hệ thống",
}
_RANK = {"anonymous": 0, "viewer": 1, "editor": 2, "admin": 3, "system": 4}

# Default argon2id parameters of argon2-cffi (RFC 9106 low-memory profile): ~50 ms a hash.
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not a password: equalises the time of unknown usernames")


class WriteRefused(Exception):
    """A write that must not happen; the message is for the user, in Vietnamese.

    Defined here (and re-exported by `data_access.writes`) so that the permission checks
    below and the write functions share one hierarchy without a circular import.
    """


class PermissionDenied(WriteRefused):
    """The actor may not make this write (not signed in, read-only, or outside its scope)."""


class LoginRefused(Exception):
    """A sign-in that failed; the message is for the user, in Vietnamese."""


# --------------------------------------------------------------------------- actors


@dataclass(frozen=True)
class Actor:
    """Who is asking: a role and, for editors, the provinces and units they may write for."""

    username: str
    role: str
    provinces: frozenset[int] = field(default_factory=frozenset)
    wards: frozenset[int] = field(default_factory=frozenset)
    display_name: str | None = None

    @property
    def is_authenticated(self) -> bool:
        return self.role not in ("anonymous",)

    @property
    def label(self) -> str:
        return self.display_name or self.username

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    def has_role(self, role: str) -> bool:
        """At least this role: admin > editor > viewer > anonymous; system is above all."""
        return _RANK.get(self.role, 0) >= _RANK[role]

    def covers(self, ward_code: int, province_code: int | None) -> bool:
        """May write for this unit (of this province)."""
        if self.role in ("admin", "system"):
            return True
        if self.role != "editor":
            return False
        return int(ward_code) in self.wards or (province_code is not None and int(province_code) in self.provinces)

    def scope_text(self) -> str:
        if self.role in ("admin", "system"):
            return "toàn bộ"
        parts = [f"tỉnh/thành phố {p}" for p in sorted(self.provinces)]
        parts += [f"đơn vị {w}" for w in sorted(self.wards)]
        return ", ".join(parts) or "không có"


ANONYMOUS = Actor(username="anonymous", role="anonymous")


def system_actor(job: str | None = None) -> Actor:
    """The operator's trusted jobs. `job` names it in the audit trail ("cli:<os user>" by default)."""
    if job is None:
        try:
            user = getpass.getuser()
        except (OSError, KeyError):
            user = "unknown"
        job = f"cli:{user}"
    return Actor(username=job[:100], role="system")


def require_writer(actor: Actor | None, what: str = "thay đổi dữ liệu") -> Actor:
    """The actor, if it may write at all (editor, admin or system); else PermissionDenied.

    Needs no database, so a refused request touches nothing."""
    if not isinstance(actor, Actor) or not actor.is_authenticated:
        raise PermissionDenied(f"Cần đăng nhập bằng tài khoản biên tập để {what}.")
    if not actor.has_role("editor"):
        raise PermissionDenied(f"Tài khoản «{actor.username}» chỉ có quyền xem, không được {what}.")
    return actor


def require_admin(actor: Actor | None, what: str = "quản lý tài khoản") -> Actor:
    if not isinstance(actor, Actor) or not actor.is_authenticated:
        raise PermissionDenied(f"Cần đăng nhập bằng tài khoản quản trị để {what}.")
    if not actor.has_role("admin"):
        raise PermissionDenied(f"Chỉ quản trị viên được {what}; tài khoản «{actor.username}» không có quyền này.")
    return actor


def require_ward(conn: Connection, actor: Actor, ward_code: int, what: str = "ghi dữ liệu") -> int:
    """Check that the actor may write for the unit; returns its province code.

    Raises WriteRefused for an unknown unit and PermissionDenied outside the actor's scope."""
    require_writer(actor, what)
    try:
        code = int(ward_code)
    except (TypeError, ValueError):
        raise WriteRefused(f"Mã đơn vị «{ward_code}» không hợp lệ.") from None
    province = conn.scalar(select(Ward.province_code).where(Ward.code == code))
    if province is None:
        raise WriteRefused(f"Không có đơn vị hành chính mã {code} trong danh mục chính thức.")
    if not actor.covers(code, province):
        raise PermissionDenied(
            f"Tài khoản «{actor.username}» không được {what} cho đơn vị mã {code} "
            f"(phạm vi được giao: {actor.scope_text()})."
        )
    return province


# --------------------------------------------------------------------------- passwords


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def check_password_strength(password: str, username: str = "") -> None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise WriteRefused(f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự.")
    if "\x00" in password:
        raise WriteRefused("Mật khẩu chứa ký tự không hợp lệ.")
    if username and password.strip().lower() == username.strip().lower():
        raise WriteRefused("Mật khẩu không được trùng tên đăng nhập.")


def _check_username(username: str) -> str:
    name = (username or "").strip()
    if not name or len(name) > USERNAME_MAX or any(c.isspace() or ord(c) < 32 for c in name):
        raise WriteRefused(
            f"Tên đăng nhập «{username}» không hợp lệ: 1 đến {USERNAME_MAX} ký tự, không có dấu cách."
        )
    if name.startswith(("cli:", "system:")) or name == "anonymous":
        raise WriteRefused(f"Tên đăng nhập «{name}» được dành riêng cho hệ thống.")
    return name


# --------------------------------------------------------------------------- accounts


def _load_actor(conn: Connection, username: str) -> tuple[Actor, object] | None:
    row = conn.execute(
        select(
            UserAccount.id, UserAccount.username, UserAccount.role, UserAccount.display_name,
            UserAccount.password_hash, UserAccount.is_active, UserAccount.password_changed_at,
        ).where(UserAccount.username == username)
    ).first()
    if row is None:
        return None
    scopes = conn.execute(
        select(UserScope.province_code, UserScope.ward_code).where(UserScope.user_id == row.id)
    ).all()
    actor = Actor(
        username=row.username,
        role=row.role,
        provinces=frozenset(s.province_code for s in scopes if s.province_code is not None),
        wards=frozenset(s.ward_code for s in scopes if s.ward_code is not None),
        display_name=row.display_name,
    )
    return actor, row


def _user_snapshot(conn: Connection, username: str) -> dict | None:
    loaded = _load_actor(conn, username)
    if loaded is None:
        return None
    actor, row = loaded
    return {
        "username": actor.username,
        "display_name": actor.display_name,
        "role": actor.role,
        "is_active": bool(row.is_active),
        "provinces": sorted(actor.provinces),
        "wards": sorted(actor.wards),
        "password_changed_at": row.password_changed_at,
    }


def _clean_scopes(conn: Connection, role: str, provinces: Iterable[int], wards: Iterable[int]) -> tuple[list, list]:
    try:
        provinces = sorted({int(p) for p in provinces or ()})
        wards = sorted({int(w) for w in wards or ()})
    except (TypeError, ValueError):
        raise WriteRefused("Mã tỉnh hoặc mã đơn vị trong phạm vi phải là số.") from None
    if role not in ROLES:
        raise WriteRefused(f"Vai trò «{role}» không có; chọn một trong: {', '.join(ROLES)}.")
    known_p = set(conn.scalars(select(Province.code).where(Province.code.in_(provinces)))) if provinces else set()
    known_w = set(conn.scalars(select(Ward.code).where(Ward.code.in_(wards)))) if wards else set()
    unknown = [str(p) for p in provinces if p not in known_p] + [str(w) for w in wards if w not in known_w]
    if unknown:
        raise WriteRefused(f"Không có tỉnh hoặc đơn vị mã {', '.join(unknown)} trong danh mục chính thức.")
    if role == "editor" and not (provinces or wards):
        raise WriteRefused("Biên tập viên cần được giao ít nhất một tỉnh (--province) hoặc một đơn vị (--unit).")
    return provinces, wards


def _write_scopes(conn: Connection, user_id: int, provinces: list[int], wards: list[int]) -> None:
    conn.execute(delete(UserScope).where(UserScope.user_id == user_id))
    rows = [{"user_id": user_id, "province_code": p, "ward_code": None} for p in provinces]
    rows += [{"user_id": user_id, "province_code": None, "ward_code": w} for w in wards]
    if rows:
        conn.execute(insert(UserScope), rows)


def create_user(
    engine: Engine,
    *,
    actor: Actor,
    username: str,
    password: str,
    role: str,
    provinces: Iterable[int] = (),
    wards: Iterable[int] = (),
    display_name: str | None = None,
    now: dt.datetime | None = None,
) -> Actor:
    """A new account (admin or system only); audited in the same transaction."""
    require_admin(actor, "tạo tài khoản")
    name = _check_username(username)
    check_password_strength(password, name)
    password_hash = hash_password(password)  # slow: outside the transaction
    stamp = now or clock()
    try:
        with engine.begin() as conn:
            provinces, wards = _clean_scopes(conn, role, provinces, wards)
            if conn.scalar(select(UserAccount.id).where(UserAccount.username == name)) is not None:
                raise WriteRefused(f"Tài khoản «{name}» đã có.")
            user_id = conn.execute(
                insert(UserAccount)
                .values(
                    username=name, display_name=(display_name or None), password_hash=password_hash, role=role,
                    is_active=True, created_at=stamp, password_changed_at=stamp,
                )
                .returning(UserAccount.id)
            ).scalar_one()
            _write_scopes(conn, user_id, provinces, wards)
            after = _user_snapshot(conn, name)
            audit.record(conn, actor=actor, action="user_create", table="user_account", key=name, before=None,
                         after=after, at=stamp)
            return _load_actor(conn, name)[0]
    except IntegrityError as exc:
        raise WriteRefused(f"Tài khoản «{name}» đã có hoặc dữ liệu không hợp lệ.") from exc


def update_user(
    engine: Engine,
    *,
    actor: Actor,
    username: str,
    role: str | None = None,
    provinces: Iterable[int] | None = None,
    wards: Iterable[int] | None = None,
    is_active: bool | None = None,
    display_name: str | None = None,
    now: dt.datetime | None = None,
) -> Actor:
    """Change role, scopes, active flag or display name (admin or system only); audited."""
    require_admin(actor, "sửa tài khoản")
    stamp = now or clock()
    with engine.begin() as conn:
        before = _user_snapshot(conn, username)
        if before is None:
            raise WriteRefused(f"Không có tài khoản «{username}».")
        new_role = role or before["role"]
        new_provinces = before["provinces"] if provinces is None else provinces
        new_wards = before["wards"] if wards is None else wards
        if role is not None and role != "editor" and provinces is None and wards is None:
            new_provinces, new_wards = [], []  # scopes mean nothing for other roles
        new_provinces, new_wards = _clean_scopes(conn, new_role, new_provinces, new_wards)
        if before["role"] == "admin" and (new_role != "admin" or is_active is False):
            _refuse_removing_last_admin(conn, username)
        values = {"role": new_role}
        if is_active is not None:
            values["is_active"] = bool(is_active)
        if display_name is not None:
            values["display_name"] = display_name or None
        user_id = conn.scalar(select(UserAccount.id).where(UserAccount.username == username))
        conn.execute(update(UserAccount).where(UserAccount.id == user_id).values(**values))
        _write_scopes(conn, user_id, new_provinces, new_wards)
        after = _user_snapshot(conn, username)
        audit.record(conn, actor=actor, action="user_update", table="user_account", key=username, before=before,
                     after=after, at=stamp)
        return _load_actor(conn, username)[0]


def _refuse_removing_last_admin(conn: Connection, username: str) -> None:
    others = conn.scalar(
        select(func.count()).select_from(UserAccount).where(
            UserAccount.role == "admin", UserAccount.is_active, UserAccount.username != username
        )
    )
    if not others:
        raise WriteRefused("Không thể bỏ quyền hoặc khóa quản trị viên cuối cùng.")


def set_password(
    engine: Engine,
    *,
    actor: Actor,
    username: str,
    password: str,
    current_password: str | None = None,
    now: dt.datetime | None = None,
) -> None:
    """A new password: by an admin or system, or by the user (who must give the current one).

    Sessions started before the change end at their next page load."""
    own = isinstance(actor, Actor) and actor.is_authenticated and actor.username == username
    if not own:
        require_admin(actor, "đặt mật khẩu cho người khác")
    check_password_strength(password, username)
    password_hash = hash_password(password)
    stamp = now or clock()
    with engine.begin() as conn:
        loaded = _load_actor(conn, username)
        if loaded is None:
            raise WriteRefused(f"Không có tài khoản «{username}».")
        _, row = loaded
        if own and actor.role != "system" and not verify_password(row.password_hash, current_password or ""):
            raise PermissionDenied("Mật khẩu hiện tại không đúng.")
        conn.execute(
            update(UserAccount).where(UserAccount.id == row.id).values(password_hash=password_hash,
                                                                        password_changed_at=stamp)
        )
        # The hashes themselves never go into the trail.
        audit.record(conn, actor=actor, action="user_password", table="user_account", key=username,
                     before={"password_changed_at": row.password_changed_at},
                     after={"password_changed_at": stamp}, at=stamp)


def list_users(engine: Engine) -> pd.DataFrame:
    """Every account with its scopes as text (one row each), for the admin page and the CLI."""
    with engine.connect() as conn:
        users = pd.DataFrame(
            conn.execute(
                select(
                    UserAccount.id, UserAccount.username, UserAccount.display_name, UserAccount.role,
                    UserAccount.is_active, UserAccount.created_at, UserAccount.last_login_at,
                ).order_by(UserAccount.username)
            ).mappings().all(),
            columns=["id", "username", "display_name", "role", "is_active", "created_at", "last_login_at"],
        )
        scopes = conn.execute(
            select(UserScope.user_id, UserScope.province_code, UserScope.ward_code, Ward.name.label("ward_name"),
                   Province.name.label("province_name"))
            .outerjoin(Ward, Ward.code == UserScope.ward_code)
            .outerjoin(Province, Province.code == UserScope.province_code)
            .order_by(UserScope.user_id, UserScope.province_code, UserScope.ward_code)
        ).all()
    text: dict[int, list[str]] = {}
    for s in scopes:
        label = f"{s.province_name} ({s.province_code})" if s.province_code else f"{s.ward_name} ({s.ward_code})"
        text.setdefault(s.user_id, []).append(label)
    users["scopes"] = [", ".join(text.get(i, [])) for i in users["id"]]
    users["role_label"] = users["role"].map(ROLE_LABELS)
    return users.drop(columns=["id"])


def has_admin(engine: Engine) -> bool:
    with engine.connect() as conn:
        return bool(
            conn.scalar(select(func.count()).select_from(UserAccount).where(UserAccount.role == "admin",
                                                                            UserAccount.is_active))
        )


# --------------------------------------------------------------------------- sign-in


PENDING = "pending"  # an attempt whose password is being checked: counts as a failure until it is not


def _serialise_sign_in(conn: Connection, username: str) -> None:
    """Make sign-ins of one username take turns while they count and reserve an attempt:
    PostgreSQL takes a transaction-scoped advisory lock on the name (any name, known or not),
    SQLite takes its single write lock at once (BEGIN IMMEDIATE). Must be the first statement."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"login:{username}"})
    elif conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _recent_failures(
    conn: Connection, username: str, now: dt.datetime, *, exclude: int | None = None
) -> list[dt.datetime]:
    """Failed and still-pending attempts in the window after the last success, newest first.

    "After" is by attempt id, the order in which attempts were reserved under the lock, not by
    time (timestamps are to the second): a success clears only the attempts reserved before
    it, never those that arrived while its password was being checked. Attempts refused
    because of the lock do not count: they checked no password and do not extend it."""
    last_success = conn.scalar(
        select(func.max(LoginAttempt.id)).where(LoginAttempt.username == username, LoginAttempt.succeeded)
    )
    conditions = [LoginAttempt.username == username, LoginAttempt.succeeded.is_(False),
                  LoginAttempt.at > now - LOGIN_WINDOW, LoginAttempt.at <= now, LoginAttempt.reason != "locked"]
    if last_success is not None:
        conditions.append(LoginAttempt.id > last_success)
    if exclude is not None:
        conditions.append(LoginAttempt.id != exclude)
    return list(conn.scalars(select(LoginAttempt.at).where(*conditions).order_by(LoginAttempt.at.desc(),
                                                                               LoginAttempt.id.desc())))


def _lock_message(failures: list[dt.datetime], now: dt.datetime) -> str:
    until = failures[LOGIN_MAX_FAILURES - 1] + LOGIN_WINDOW
    minutes = max(1, int((until - now).total_seconds() // 60) + 1)
    return (
        f"Tài khoản tạm khóa vì đăng nhập sai {LOGIN_MAX_FAILURES} lần liên tiếp. "
        f"Thử lại sau khoảng {minutes} phút (lúc {until:%H:%M}) hoặc nhờ quản trị viên đặt lại mật khẩu."
    )


def authenticate(
    engine: Engine, username: str, password: str, *, now: dt.datetime | None = None, client: str | None = None
) -> Actor:
    """The actor for these credentials, or LoginRefused with a Vietnamese message.

    Every attempt is written to `login_attempt`; failures and lock-outs also to the audit trail.
    After LOGIN_MAX_FAILURES failures within LOGIN_WINDOW the username is locked until the
    oldest of them leaves the window, whatever password is given.

    Parallel attempts cannot get past the limit: each one first reserves its attempt row
    ("pending", counted as a failure) in one transaction that holds a per-username lock while
    it counts, so the sixth of any number of simultaneous attempts is refused before a password
    is checked. The slow password check runs after that transaction, outside the lock."""
    now = now or clock()
    name = (username if isinstance(username, str) else "").replace("\x00", "").strip()[:USERNAME_MAX]
    password = password if isinstance(password, str) else ""
    client = client[:100] if isinstance(client, str) else None
    locked_message = None
    with engine.begin() as conn:
        _serialise_sign_in(conn, name)
        attempt_id = conn.execute(
            insert(LoginAttempt).values(at=now, username=name, succeeded=False, reason=PENDING, client=client)
            .returning(LoginAttempt.id)
        ).scalar_one()
        failures = _recent_failures(conn, name, now, exclude=attempt_id)
        loaded = None
        if len(failures) >= LOGIN_MAX_FAILURES:
            locked_message = _lock_message(failures, now)
            _finish_attempt(conn, attempt_id, name, "locked", client, now)
        elif name:
            loaded = _load_actor(conn, name)
    if locked_message:
        raise LoginRefused(locked_message)
    if loaded is None:
        verify_password(_DUMMY_HASH, password)  # same work, so timing does not reveal unknown names
        _record_attempt(engine, attempt_id, name, "unknown_user", client, now)
        raise LoginRefused("Tên đăng nhập hoặc mật khẩu không đúng.")
    actor, row = loaded
    if not verify_password(row.password_hash, password):
        _record_attempt(engine, attempt_id, name, "bad_password", client, now)
        left = LOGIN_MAX_FAILURES - len(failures) - 1
        hint = f" Còn {left} lần thử trước khi tài khoản bị tạm khóa." if left <= 2 else ""
        raise LoginRefused("Tên đăng nhập hoặc mật khẩu không đúng." + hint)
    if not row.is_active:
        _record_attempt(engine, attempt_id, name, "inactive", client, now)
        raise LoginRefused("Tài khoản này đã bị khóa. Hãy liên hệ quản trị viên.")
    with engine.begin() as conn:
        conn.execute(update(LoginAttempt).where(LoginAttempt.id == attempt_id).values(succeeded=True, reason="ok"))
        conn.execute(update(UserAccount).where(UserAccount.id == row.id).values(last_login_at=now))
        audit.record(conn, actor=actor, action="login", table="user_account", key=name, before=None,
                     after={"client": client}, at=now)
    return actor


def _finish_attempt(conn: Connection, attempt_id: int, username: str, reason: str, client: str | None,
                    now: dt.datetime) -> None:
    conn.execute(update(LoginAttempt).where(LoginAttempt.id == attempt_id).values(reason=reason))
    audit.record(conn, actor=Actor(username=username or "?", role="anonymous"), action="login_failed",
                 table="user_account", key=username, before=None, after={"reason": reason, "client": client},
                 at=now)


def _record_attempt(engine: Engine, attempt_id: int, username: str, reason: str, client: str | None,
                    now: dt.datetime) -> None:
    with engine.begin() as conn:
        _finish_attempt(conn, attempt_id, username, reason, client, now)


def login_attempts(engine: Engine, *, limit: int = 200) -> pd.DataFrame:
    """The latest sign-in attempts, newest first."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(LoginAttempt.at, LoginAttempt.username, LoginAttempt.succeeded, LoginAttempt.reason,
                   LoginAttempt.client)
            .order_by(LoginAttempt.at.desc(), LoginAttempt.id.desc())
            .limit(limit)
        ).mappings().all()
    return pd.DataFrame(rows, columns=["at", "username", "succeeded", "reason", "client"])


# --------------------------------------------------------------------------- sessions


def session_lifetime() -> dt.timedelta:
    """SESSION_HOURS from the environment (default 8 hours)."""
    raw = os.environ.get("SESSION_HOURS", "").strip()
    try:
        hours = float(raw) if raw else DEFAULT_SESSION_HOURS
    except ValueError:
        log.warning("SESSION_HOURS=%r is not a number; using %s", raw, DEFAULT_SESSION_HOURS)
        hours = DEFAULT_SESSION_HOURS
    return dt.timedelta(hours=hours if hours > 0 else DEFAULT_SESSION_HOURS)


@dataclass(frozen=True)
class Session:
    """A signed-in browser session: kept in Streamlit's server-side session state only."""

    username: str
    started_at: dt.datetime
    expires_at: dt.datetime


def start_session(actor: Actor, *, now: dt.datetime | None = None, lifetime: dt.timedelta | None = None) -> Session:
    now = now or clock()
    return Session(username=actor.username, started_at=now, expires_at=now + (lifetime or session_lifetime()))


def session_actor(engine: Engine, session: Session | None, *, now: dt.datetime | None = None) -> Actor | None:
    """The actor of a live session, re-read from the database (role and scopes as they are now);
    None when the session expired, the account was locked or removed, or its password changed
    after the session started."""
    if session is None:
        return None
    now = now or clock()
    if now >= session.expires_at:
        return None
    with engine.connect() as conn:
        loaded = _load_actor(conn, session.username)
    if loaded is None:
        return None
    actor, row = loaded
    if not row.is_active or row.password_changed_at > session.started_at:
        return None
    return actor


__all__ = [
    "Actor", "ANONYMOUS", "system_actor", "WriteRefused", "PermissionDenied", "LoginRefused",
    "require_writer", "require_admin", "require_ward", "hash_password", "verify_password",
    "create_user", "update_user", "set_password", "list_users", "has_admin", "authenticate",
    "login_attempts", "Session", "start_session", "session_actor", "session_lifetime",
    "ROLE_LABELS", "clock",
]
