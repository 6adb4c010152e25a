"""The admin page and sign-in through AppTest against a real temporary database."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from data_access import security, targets
from data_access.db import get_engine
from data_access.security import Actor, system_actor
from tests.support.pages import ROOT, checked_run

PASSWORD = "mật khẩu quản trị 1"
ADMIN_PAGE = "pages/9_Quan_tri.py"


pytestmark = pytest.mark.usefixtures("cheap_hashes")


def _open_admin_page() -> AppTest:
    """As Streamlit runs it: app.py is the entry point and the page is switched to."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.switch_page(ADMIN_PAGE)
    return checked_run(at)


def _sign_in(at: AppTest, username: str, password: str, form: str = "page_login") -> AppTest:
    at.text_input(key=f"{form}_user").input(username)
    at.text_input(key=f"{form}_password").input(password)
    at.button(key=f"FormSubmitter:{form}-Đăng nhập").click()
    return checked_run(at)


def _texts(at: AppTest) -> str:
    return " ".join(str(e.value) for e in [*at.info, *at.warning, *at.error, *at.markdown, *at.caption])


def test_fresh_install_tells_how_to_create_the_first_admin(app_env):
    at = _open_admin_page()
    assert any("Chưa có tài khoản quản trị. Tạo bằng lệnh: python manage.py create-user" in w.value
               for w in at.warning)
    assert not at.dataframe


def test_admin_signs_in_and_sees_the_audit_trail_and_accounts(app_env):
    engine = get_engine(app_env)
    security.create_user(engine, actor=system_actor("cli:root"), username="quantri", password=PASSWORD,
                         role="admin", display_name="Nguyễn Văn Quản")
    security.create_user(engine, actor=system_actor("cli:root"), username="bientap", password=PASSWORD,
                         role="editor", wards=[10525])
    editor = security.authenticate(engine, "bientap", PASSWORD)
    targets.save_unit_targets(engine, actor=editor, ward_code=10525, year=2025, values={"party_members": 4300})

    at = _open_admin_page()
    assert "chỉ dành cho quản trị viên" in _texts(at)
    assert not at.dataframe  # nothing shown before signing in
    at = _sign_in(at, "quantri", "sai mật khẩu rồi")
    assert any("không đúng" in e.value for e in at.error)
    at = _sign_in(at, "quantri", PASSWORD)
    assert not at.error
    frames = [d.value for d in at.dataframe]
    trail = frames[0]
    assert {"Người thực hiện", "Thao tác", "Trước", "Sau"} <= set(trail.columns)
    row = trail[trail["Thao tác"] == "Đặt chỉ tiêu"].iloc[0]
    assert row["Người thực hiện"] == "bientap" and row["Đơn vị"] == "Phường Hải Dương"
    assert '"target_value": 4300' in row["Sau"]
    assert "Đăng nhập thất bại" in set(trail["Thao tác"])
    accounts = frames[1]
    assert set(accounts["Tên đăng nhập"]) == {"quantri", "bientap"}
    assert "Phường Hải Dương (10525)" in set(accounts["Phạm vi biên tập"])
    assert any("Nguyễn Văn Quản" in c.value for c in at.caption) or "Nguyễn Văn Quản" in set(accounts["Họ tên"])

    # The filters narrow the trail in SQL.
    at.selectbox[0].select("bientap")
    at = checked_run(at)
    assert set(at.dataframe[0].value["Người thực hiện"]) == {"bientap"}


def test_an_editor_is_told_the_page_is_for_admins(app_env):
    engine = get_engine(app_env)
    security.create_user(engine, actor=system_actor("t"), username="quantri", password=PASSWORD, role="admin")
    security.create_user(engine, actor=system_actor("t"), username="bientap", password=PASSWORD, role="editor",
                         provinces=[31])
    at = _sign_in(_open_admin_page(), "bientap", PASSWORD)
    assert any("chỉ dành cho quản trị viên" in w.value and "Biên tập viên" in w.value for w in at.warning)
    assert not at.dataframe


def test_sidebar_account_block_signs_in_and_out(app_env, tmp_path):
    engine = get_engine(app_env)
    security.create_user(engine, actor=system_actor("t"), username="bientap", password=PASSWORD, role="editor",
                         provinces=[31], display_name="Trần Thị Biên")
    script = tmp_path / "sidebar_page.py"
    script.write_text(
        "import streamlit as st\n"
        "from ui.auth import sidebar_account\n"
        "actor = sidebar_account()\n"
        "st.write(f'actor={actor.username}:{actor.role}')\n",
        encoding="utf-8",
    )
    at = AppTest.from_file(str(script), default_timeout=60)
    at = checked_run(at)
    assert "actor=anonymous:anonymous" in _texts(at)
    at = _sign_in(at, "bientap", PASSWORD, form="sidebar_login")
    assert "actor=bientap:editor" in _texts(at)
    assert any("Trần Thị Biên" in c.value and "Biên tập viên" in c.value for c in at.sidebar.caption)
    at.button(key="auth_logout").click()
    at = checked_run(at)
    assert "actor=anonymous:anonymous" in _texts(at)
    # The data layer does not trust the page: an anonymous actor cannot write.
    with pytest.raises(security.PermissionDenied):
        targets.save_unit_targets(engine, actor=Actor("anonymous", "anonymous"), ward_code=10525, year=2025,
                                  values={"party_members": 1})
