"""The Chỉ tiêu giao page through AppTest: editors only; the template of the editor's units;
one unit's targets in an editable table, the illustrative ones labelled."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from data_access import security
from data_access.db import get_engine
from data_access.security import system_actor
from tests.support.pages import ROOT, checked_run

PASSWORD = "mật khẩu biên tập 1"
PAGE = "pages/7_Chi_tieu_giao.py"


pytestmark = pytest.mark.usefixtures("cheap_hashes")


def _page(**params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.switch_page(PAGE)
    at.query_params.update({k: str(v) for k, v in params.items()})
    return checked_run(at)


def test_visitors_see_a_sign_in_form_and_no_data(app_env):
    at = _page()
    assert any("cán bộ biên tập" in i.value for i in at.info)
    assert not at.dataframe


def test_an_editor_gets_the_template_of_their_unit_and_edits_its_targets(app_env, downloads):
    security.create_user(get_engine(app_env), actor=system_actor("cli:root"), username="bientap",
                         password=PASSWORD, role="editor", wards=[10525])
    at = _page(unit=10525, year=2025)
    at.text_input(key="page_login_user").input("bientap")
    at.text_input(key="page_login_password").input(PASSWORD)
    at.button(key="FormSubmitter:page_login-Đăng nhập").click()
    checked_run(at)
    name = next(n for n in downloads if n.startswith("chi-tieu-giao_"))
    sheet = load_workbook(io.BytesIO(downloads[name])).active
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == {10525}
    # The illustrative target of the sample is not offered as the unit's own.
    fund = next(row for row in sheet.iter_rows(min_row=2, values_only=True) if row[2] == "poor_fund")
    assert fund[6] is None
    table = at.dataframe[-1].value.set_index("Mã chỉ tiêu")
    assert len(table) == 31
    assert table.loc["poor_fund", "Nguồn"] == "Dữ liệu minh họa"  # the sample's target, labelled
    assert table.loc["poor_fund", "Chỉ tiêu giao"] != ""
