"""The home page (overview) through AppTest against a real temporary database."""

from __future__ import annotations

from data_access import queries
from data_access.db import get_engine
from domain import format as vn
from tests.support.pages import current_reports, download, run_page, shown


def test_home_shows_completeness_totals_and_units_worst_first(app_env, downloads):
    at = run_page("app.py")
    metrics = {m.label: m for m in at.metric}
    assert metrics["Đơn vị đã báo cáo"].value == f"{current_reports(app_env, 2025)}/114"
    members = metrics["Đảng viên"]
    values = queries.province_indicator_values(get_engine(app_env), 31, 2025)
    assert members.value == vn.number(values[values["indicator_code"] == "party_members"]["value"].sum())
    assert "." in members.value  # 223.555, Vietnamese thousands
    assert metrics['Quỹ "Vì người nghèo" vận động được'].value.endswith("tỷ đồng")
    assert members.delta.startswith(("+", "-"))
    assert "cùng các đơn vị" in members.proto.help  # like for like, said on the page
    assert at.query_params["year"] == ["2025"] or at.query_params["year"] == "2025"

    table = shown(at, "% đạt chỉ tiêu")
    percents = table["% đạt chỉ tiêu"].str.replace(" %", "").str.replace(".", "").str.replace(",", ".").astype(float)
    assert percents.is_monotonic_increasing  # worst first
    assert table["Mức đạt"].str[0].isin(["✔", "▲", "✖"]).all()
    assert (table["Chi tiết"] == [f"Chi_tiet_don_vi?unit={c}&year=2025&province=31" for c in table["Mã đơn vị"]]).all()
    achievement = queries.unit_achievement(get_engine(app_env), 31, 2025).set_index("ward_code")
    real = ~achievement.loc[table["Mã đơn vị"].astype(int), "is_sample"].astype(bool).to_numpy()
    assert list(table["Nguồn"] == "") == list(real)  # only illustrative rows are labelled
    assert (table.loc[~real, "Nguồn"] == "Dữ liệu minh họa").all()
    csv = download(downloads, "muc-dat-chi-tieu_hai-phong_2025")
    assert list(csv["Tên đơn vị"]) == list(table["Đơn vị"])  # the rows shown, in order
    assert list(csv["Mã đơn vị"]) == list(table["Mã đơn vị"].astype(str))
    # plain machine-readable numbers ("." decimal point, no grouping), not the text shown
    assert csv["Đạt (% chỉ tiêu)"].astype(float).round(1).tolist() == percents.round(1).tolist()


def test_home_follows_the_year_in_the_url(app_env):
    at = run_page("app.py", year=2023)
    assert {m.label: m.value for m in at.metric}["Đơn vị đã báo cáo"] == f"{current_reports(app_env, 2023)}/114"


def test_unknown_province_in_the_url_gives_a_message(app_env):
    at = run_page("app.py", province=999)
    assert any("999" in w.value for w in at.warning)


def test_province_without_reports_is_an_empty_state(app_env):
    at = run_page("app.py", province=1)
    assert any("Chưa có báo cáo nào của Thành phố Hà Nội" in i.value for i in at.info)
    assert not at.metric


def test_print_view_shows_full_tables_and_keeps_print_in_links(app_env):
    at = run_page("app.py", print=1)
    assert not at.dataframe and len(at.table) >= 2
    assert at.toggle(key="f_print").value is True
    assert all("print=1" in link.proto.query_string for link in at.get("page_link"))
    assert len(at.table[-1].value) == len(queries.unit_achievement(get_engine(app_env), 31, 2025))  # every unit
