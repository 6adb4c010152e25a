"""Sign-in for the dashboard: a compact block in the sidebar, the actor of the session, and a
guard for pages that need a role.

Viewing needs no account. The session lives in Streamlit's server-side session state (never in
the URL or a cookie); it expires after SESSION_HOURS (default 8) and is re-checked against the
database on every page load, so a locked account, a changed role or a new password applies at
once. Rights are enforced again in the data layer: this module only decides what to show.
"""

from __future__ import annotations

import logging

import streamlit as st

from data_access.db import get_engine
from data_access.security import (
    ANONYMOUS,
    ROLE_LABELS,
    Actor,
    LoginRefused,
    authenticate,
    session_actor,
    start_session,
)
from ui.data import database

log = logging.getLogger(__name__)

_SESSION_KEY = "auth_session"
_EXPIRED_KEY = "auth_expired"
ROLE_NEEDED = {
    "viewer": "Trang này cần đăng nhập.",
    "editor": "Trang này dành cho cán bộ biên tập (nhập, sửa báo cáo, đặt chỉ tiêu).",
    "admin": "Trang này chỉ dành cho quản trị viên.",
}


def _engine():
    return get_engine(database())


def current_actor() -> Actor:
    """The signed-in actor of this browser session, or the anonymous viewer."""
    session = st.session_state.get(_SESSION_KEY)
    if session is None:
        return ANONYMOUS
    try:
        actor = session_actor(_engine(), session)
    except Exception:  # the database hiccuped: read-only until the next page load
        log.exception("session check failed")
        return ANONYMOUS
    if actor is None:
        st.session_state.pop(_SESSION_KEY, None)
        st.session_state[_EXPIRED_KEY] = True
        return ANONYMOUS
    return actor


def _client() -> str | None:
    try:
        address = st.context.ip_address
    except Exception:  # noqa: BLE001 - not available in every runtime (tests, some proxies)
        return None
    return address[:100] if isinstance(address, str) else None


def _sign_in(username: str, password: str) -> str | None:
    """Start a session; the error message to show, or None on success."""
    try:
        actor = authenticate(_engine(), username, password, client=_client())
    except LoginRefused as exc:
        return str(exc)
    except Exception:
        log.exception("sign-in failed")
        return "Không đăng nhập được do lỗi hệ thống. Chi tiết đã được ghi vào nhật ký máy chủ."
    st.session_state[_SESSION_KEY] = start_session(actor)
    st.session_state.pop(_EXPIRED_KEY, None)
    return None


def sign_out() -> None:
    st.session_state.pop(_SESSION_KEY, None)


def login_form(key: str = "login") -> None:
    """Username and password; on success the page reruns signed in."""
    with st.form(key, clear_on_submit=False, border=False):
        username = st.text_input("Tên đăng nhập", key=f"{key}_user", autocomplete="username")
        password = st.text_input("Mật khẩu", type="password", key=f"{key}_password", autocomplete="current-password")
        submitted = st.form_submit_button("Đăng nhập", icon=":material/login:")
    if submitted:
        problem = _sign_in(username, password)
        if problem:
            st.error(problem, icon=":material/lock:")
        else:
            st.rerun()


def sidebar_account() -> Actor:
    """The compact account block of the sidebar: who is signed in and a sign-out button, or a
    sign-in form in a collapsed expander. Returns the current actor."""
    actor = current_actor()
    with st.sidebar:
        if actor.is_authenticated:
            st.caption(f":material/account_circle: **{actor.label}** · {actor.role_label}")
            if st.button("Đăng xuất", key="auth_logout", icon=":material/logout:", type="tertiary"):
                sign_out()
                st.rerun()
        else:
            if st.session_state.pop(_EXPIRED_KEY, False):
                st.caption(":material/timer_off: Phiên đăng nhập đã hết hạn; hãy đăng nhập lại.")
            with st.expander("Đăng nhập (cán bộ biên tập, quản trị)", icon=":material/login:"):
                login_form("sidebar_login")
    return actor


def require_role(role: str) -> Actor:
    """The current actor if it has at least `role`; otherwise a Vietnamese message (and a
    sign-in form for a visitor) and the page stops here."""
    actor = current_actor()
    if actor.has_role(role):
        return actor
    if actor.is_authenticated:
        st.warning(
            f"{ROLE_NEEDED.get(role, 'Bạn không có quyền xem trang này.')} Tài khoản «{actor.username}» "
            f"có vai trò {ROLE_LABELS.get(actor.role, actor.role)}.",
            icon=":material/block:",
        )
    else:
        st.info(f"{ROLE_NEEDED.get(role, 'Trang này cần đăng nhập.')} Hãy đăng nhập.", icon=":material/lock:")
        login_form("page_login")
    st.stop()
    return actor  # not reached


__all__ = ["current_actor", "sidebar_account", "require_role", "login_form", "sign_out"]
