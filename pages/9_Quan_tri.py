"""Quản trị: the audit trail (filters, CSV) and the accounts. Administrators only; the data
layer enforces the same rights whatever this page shows."""

import datetime as dt

import streamlit as st

from data_access import audit, queries, security
from data_access.db import get_engine
from domain import format as vn
from ui.auth import require_role
from ui.downloads import csv_button
from ui.frame import database, page_frame, read, show_table

ALL = "Tất cả"
FIRST_ADMIN = "python manage.py create-user TÊN_ĐĂNG_NHẬP --role admin"

filters = page_frame("Quản trị", needs_reports=False)
engine = get_engine(database())
if not security.has_admin(engine):
    st.warning(f"Chưa có tài khoản quản trị. Tạo bằng lệnh: {FIRST_ADMIN}", icon=":material/admin_panel_settings:")
    st.code(FIRST_ADMIN, language="bash")
    st.caption("Lệnh hỏi mật khẩu hai lần (không ghi mật khẩu trên dòng lệnh). Xem thêm docs/security.md.")
    st.stop()
actor = require_role("admin")

log_tab, users_tab, logins_tab = st.tabs(["Nhật ký thay đổi", "Tài khoản", "Lần đăng nhập"])

with log_tab:
    units = read(queries.units_of_province, filters.province_code)
    unit_names = dict(zip(units["code"], units["name"], strict=True))
    cols = st.columns([1, 1, 1.2, 1.2])
    who = cols[0].selectbox("Người thực hiện", [ALL, *audit.audit_actors(engine)])
    actions = audit.audit_actions(engine)
    action = cols[1].selectbox("Thao tác", [ALL, *actions], format_func=lambda a: audit.ACTION_LABELS.get(a, a))
    today = dt.date.today()
    period = cols[2].date_input("Thời gian", (today - dt.timedelta(days=30), today), format="DD/MM/YYYY")
    unit = cols[3].selectbox(f"Đơn vị ({filters.province_name})", [ALL, *unit_names],
                             format_func=lambda c: unit_names.get(c, c))
    since, until = (period + (None, None))[:2] if isinstance(period, tuple) else (period, period)
    entries = audit.audit_entries(
        engine, actor=None if who == ALL else who, action=None if action == ALL else action,
        since=since, until=until, ward_code=None if unit == ALL else unit,
    )
    st.caption(f"{vn.number(len(entries))} thay đổi, mới nhất trước. Giá trị trước và sau ở dạng JSON.")
    shown = entries.assign(at=entries["at"].map(vn.datetime), unit=entries["ward_name"].fillna("—"))
    shown = shown[["at", "actor", "action_label", "unit", "year", "row_key", "before", "after"]]
    shown.columns = ["Thời điểm", "Người thực hiện", "Thao tác", "Đơn vị", "Năm", "Bản ghi", "Trước", "Sau"]
    show_table(shown, column_config={"Năm": st.column_config.NumberColumn(format="%d")})
    csv_button(shown, f"nhat-ky-thay-doi_{today.isoformat()}", key="csv-audit")

with users_tab:
    users = security.list_users(engine)
    table = users.assign(
        state=users["is_active"].map({True: "Hoạt động", False: "Đã khóa"}),
        created=users["created_at"].map(vn.datetime), last=users["last_login_at"].map(vn.datetime),
    )[["username", "display_name", "role_label", "scopes", "state", "created", "last"]]
    table.columns = ["Tên đăng nhập", "Họ tên", "Vai trò", "Phạm vi biên tập", "Trạng thái", "Tạo lúc",
                     "Đăng nhập gần nhất"]
    show_table(table)
    st.caption(
        "Tạo, sửa, khóa tài khoản và đặt lại mật khẩu bằng lệnh trên máy chủ: `python manage.py create-user`, "
        "`update-user`, `set-password`, `list-users` (mọi thay đổi đều được ghi vào nhật ký)."
    )

with logins_tab:
    attempts = security.login_attempts(engine)
    reasons = {"ok": "Thành công", "bad_password": "Sai mật khẩu", "unknown_user": "Không có tài khoản",
               "locked": "Đang bị tạm khóa", "inactive": "Tài khoản đã khóa",
               "pending": "Đang kiểm tra (hoặc bị ngắt giữa chừng)"}
    logins = attempts.assign(at=attempts["at"].map(vn.datetime), reason=attempts["reason"].map(reasons))
    logins = logins[["at", "username", "reason", "client"]]
    logins.columns = ["Thời điểm", "Tên đăng nhập", "Kết quả", "Địa chỉ máy"]
    st.caption(f"{security.LOGIN_MAX_FAILURES} lần sai trong {security.LOGIN_WINDOW.seconds // 60} phút thì tên "
               "đăng nhập bị tạm khóa.")
    show_table(logins)
