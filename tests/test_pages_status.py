"""Tình hình báo cáo through AppTest: who has not reported, missing sections, units x years."""

from __future__ import annotations

from data_access import queries
from data_access.db import get_engine
from tests.support.pages import current_reports, download, run_page, shown

PAGE = "pages/4_Tinh_hinh_bao_cao.py"


def test_reporting_status_for_a_year(app_env, downloads):
    at = run_page(PAGE, year=2025)
    reported = current_reports(app_env, 2025)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Đơn vị đã báo cáo"] == f"{reported}/114"
    assert metrics["Đơn vị chưa báo cáo"] == f"{114 - reported}/114"
    assert metrics["Báo cáo thiếu phần"] == f"0/{reported}"
    status = queries.reporting_status(get_engine(app_env), 31, 2025)
    late = shown(at, "Loại đơn vị")
    assert set(late["Mã đơn vị"]) == set(status[~status["reported"]]["ward_code"])
    assert len(download(downloads, "chua-bao-cao_hai-phong_2025")) == len(late)
    grid = shown(at, "Năm 2021").set_index("Mã đơn vị")
    assert len(grid) == 114
    assert grid.loc[10525, "Năm 2025"] == "✔ Đã báo cáo"
    assert grid.loc[10525, "Năm 2024"] == "✖ Chưa báo cáo"
    assert (grid["Năm 2025"] != "✖ Chưa báo cáo").sum() == reported
