"""Corrections after saving: an editor in scope corrects a figure and a finding on the unit
page; the page shows the new value and "đã sửa" with who and when, the history keeps the old
value, the audit log has both; an editor outside the unit's scope is refused."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from data_access import corrections, security
from data_access.db import get_engine
from data_access.models import IndicatorValue, Report
from data_access.security import PermissionDenied, system_actor
from data_access.security_models import AuditEntry
from data_access.writes import correct_figure
from tests.support.pages import ROOT, checked_run, rendered

PASSWORD = "mật khẩu biên tập 1"
UNIT_PAGE = "pages/1_Chi_tiet_don_vi.py"
FUND = 'Quỹ "Vì người nghèo" vận động được'


pytestmark = pytest.mark.usefixtures("cheap_hashes")


def _editor(engine, username: str, ward: int):
    security.create_user(engine, actor=system_actor("cli:root"), username=username, password=PASSWORD,
                         role="editor", wards=[ward])
    return security.authenticate(engine, username, PASSWORD)


def _unit_page(username: str | None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.switch_page(UNIT_PAGE)
    at.query_params.update({"province": "31", "year": "2025", "unit": "10525"})
    checked_run(at)
    if username:
        at.text_input(key="sidebar_login_user").input(username)
        at.text_input(key="sidebar_login_password").input(PASSWORD)
        at.button(key="FormSubmitter:sidebar_login-Đăng nhập").click()
        checked_run(at)
    return at


def _fund_row(at: AppTest):
    table = next(d.value for d in at.dataframe if "Sửa sau khi nhập" in d.value.columns)
    return table[table["Chỉ tiêu"] == FUND].iloc[0]


def _fund_id(engine) -> int:
    rows = corrections.figures(engine, 10525, 2025)
    return int(rows.loc[rows["indicator_code"] == "poor_fund", "figure_id"].iloc[0])


def test_an_editor_outside_the_unit_is_refused_and_nothing_changes(sample_engine):
    outsider = _editor(sample_engine, "hongbang", 11311)
    figure = _fund_id(sample_engine)
    with pytest.raises(PermissionDenied, match="không được sửa số liệu cho đơn vị mã 10525"):
        correct_figure(sample_engine, actor=outsider, figure_id=figure, value=380_000_000)
    assert corrections.figures(sample_engine, 10525, 2025).query("indicator_code == 'poor_fund'")["value"].tolist() == [
        370_000_000]
    assert corrections.history(sample_engine, 10525, 2025).empty


def test_the_page_offers_corrections_only_to_an_editor_in_scope(app_env):
    engine = get_engine(app_env)
    _editor(engine, "hongbang", 11311)
    assert not [e for e in _unit_page(None).expander if "Sửa sau khi lưu" in e.label]
    assert not [e for e in _unit_page("hongbang").expander if "Sửa sau khi lưu" in e.label]


def test_an_editor_corrects_a_figure_and_a_finding_and_the_history_keeps_the_old_values(app_env):
    engine = get_engine(app_env)
    _editor(engine, "bientap", 10525)
    at = _unit_page("bientap")
    assert _fund_row(at)["Thực hiện"] == "trên 370 triệu đồng" and _fund_row(at)["Sửa sau khi nhập"] == ""

    figure = _fund_id(engine)
    at.selectbox(key="fix_figure").set_value(figure)
    checked_run(at)
    next(t for t in at.text_input if t.label.startswith("Giá trị")).input("380 triệu")
    at.button(key=f"FormSubmitter:figure_{figure}-Lưu sửa số liệu").click()
    checked_run(at)
    assert any("Đã sửa số liệu; báo cáo nay là phiên bản 2" in s.value for s in at.success)
    row = _fund_row(at)
    assert row["Thực hiện"] == "trên 380 triệu đồng"
    assert row["Sửa sau khi nhập"].startswith("đã sửa · bientap · ")

    with engine.connect() as conn:
        versions = conn.execute(
            select(Report.version, Report.is_current, IndicatorValue.value)
            .join(IndicatorValue, IndicatorValue.report_id == Report.id)
            .where(Report.ward_code == 10525, Report.year == 2025, IndicatorValue.indicator_code == "poor_fund")
            .order_by(Report.version)
        ).all()
        entry = conn.execute(select(AuditEntry.__table__).where(AuditEntry.action == "figure_correct")).one()
    assert [tuple(v) for v in versions] == [(1, False, 370_000_000), (2, True, 380_000_000)]
    assert entry.actor == "bientap" and entry.ward_code == 10525
    assert json.loads(entry.before_json)["value"] == 370_000_000
    assert json.loads(entry.after_json)["value"] == 380_000_000

    finding = corrections.findings(engine, 10525, 2025).query("kind == 'limitation'").iloc[0]
    at.selectbox(key="fix_finding").set_value(int(finding["finding_id"]))
    checked_run(at)
    next(t for t in at.text_area if t.label == "Nội dung").input("Một hạn chế đã được sửa lại câu chữ.")
    at.button(key=f"FormSubmitter:finding_{int(finding['finding_id'])}-Lưu sửa nhận định").click()
    checked_run(at)
    shown = " ".join(rendered(at))
    assert "Một hạn chế đã được sửa lại câu chữ." in shown and "đã sửa · bientap" in shown
    history = next(d.value for d in at.dataframe if "Trước khi sửa" in d.value.columns)
    assert list(history["Việc"]) == ["Sửa nhận định", "Sửa số liệu"]
    assert history.iloc[1]["Trước khi sửa"] == "trên 370 triệu đồng (poor_fund)"
    assert history.iloc[1]["Sau khi sửa"] == "trên 380 triệu đồng (poor_fund)"
