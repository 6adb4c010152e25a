"""The home page (overview) through AppTest against a real temporary database."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from data_access import queries
from data_access.db import get_engine
from tests.conftest import ROOT


def run_page(path: str, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = str(value)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_home_shows_reporting_count_and_a_figure(app_env):
    at = run_page("app.py")
    summary = queries.reporting_summary(get_engine(app_env), 31, 2025).iloc[0]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Đơn vị đã báo cáo"] == f"{summary['reported']}/114"
    assert metrics["Đảng viên"].endswith("đảng viên") and "." in metrics["Đảng viên"]
    assert at.query_params["year"] == ["2025"] or at.query_params["year"] == "2025"


def test_home_follows_the_year_in_the_url(app_env):
    at = run_page("app.py", year=2023)
    summary = queries.reporting_summary(get_engine(app_env), 31, 2023).iloc[0]
    assert {m.label: m.value for m in at.metric}["Đơn vị đã báo cáo"] == f"{summary['reported']}/114"


def test_unknown_province_in_the_url_gives_a_message(app_env):
    at = run_page("app.py", province=999)
    assert any("999" in w.value for w in at.warning)
