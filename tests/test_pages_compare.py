"""So sánh through AppTest: one indicator across units, the indicator and units in the URL."""

from __future__ import annotations

from data_access import queries
from data_access.db import get_engine
from tests.support.pages import download, run_page, shown

PAGE = "pages/2_So_sanh.py"


def test_ranking_and_years_for_chosen_units(app_env, downloads):
    at = run_page(PAGE, indicator="poor_fund", units="10525")
    ranking = queries.indicator_ranking(get_engine(app_env), 31, 2025, "poor_fund")
    table = shown(at, "Hạng")
    assert len(table) == len(ranking) and list(table["Mã đơn vị"]) == list(ranking["ward_code"])
    assert table.set_index("Mã đơn vị").loc[10525, "Giá trị"] == "trên 370 triệu đồng"
    assert table["Chi tiết"].str.startswith("Chi_tiet_don_vi?unit=").all()
    csv = download(downloads, "xep-hang_quy-vi-nguoi-ngheo-van-dong-duoc_hai-phong_2025")
    assert list(csv["Đơn vị"]) == list(table["Đơn vị"])
    years = shown(at, "Năm 2025").set_index("Đơn vị")
    assert years.loc["Phường Hải Dương", "Năm 2025"] == "trên 370 triệu đồng"
    assert years.loc["Phường Hải Dương", "Năm 2024"] == "—"
    assert years.loc["Phường Hải Dương", "Nguồn"] == "Dữ liệu minh họa, trừ năm 2025"
    assert at.query_params["indicator"] in (["poor_fund"], "poor_fund")


def test_unknown_indicator_gives_a_message(app_env):
    at = run_page(PAGE, indicator="no_such")
    # The code is quoted escaped ("no\\_such"), so Markdown shows it exactly as typed.
    assert any("«no\\_such»" in w.value for w in at.warning)
