"""The honesty rule (README, "So sánh trung thực"): a figure from a real report is never set
against an illustrative target. On the sample database, phường Hải Dương's real 2025 report
(?unit=10525&year=2025) shows no target, no %, no band and no rank on the unit page, in the
extracts and in the brief; an illustrative unit's comparisons and rank say "Dữ liệu minh họa"."""

from __future__ import annotations

import io

from pypdf import PdfReader
from sqlalchemy import select

from data_access import extracts, queries
from data_access.db import get_engine
from data_access.models import Target
from data_access.security import system_actor
from data_access.targets import import_targets
from exports.brief import unit_brief, unit_brief_pdf
from exports.tables import export_frame
from tests.support.pages import run_page

FUND = 'Quỹ "Vì người nghèo" vận động được'


def test_the_sample_still_holds_an_illustrative_target_for_hai_duong(sample_engine):
    """The rule is not a lucky absence: the sample has such a target, and it is not shown."""
    with sample_engine.connect() as conn:
        found = conn.execute(select(Target.target_value, Target.is_sample).where(
            Target.ward_code == 10525, Target.year == 2025, Target.indicator_code == "poor_fund")).one()
    assert found.is_sample


def test_unit_page_of_the_real_report_shows_no_illustrative_comparison(app_env):
    at = run_page("pages/1_Chi_tiet_don_vi.py", unit=10525, year=2025)
    table = next(d.value for d in at.dataframe if "% đạt" in d.value.columns)
    fund = table[table["Chỉ tiêu"] == FUND].iloc[0]
    assert (fund["Thực hiện"], fund["Chỉ tiêu giao"], fund["% đạt"], fund["Mức đạt"]) == (
        "trên 370 triệu đồng", "—", "—", "")
    assert set(table["% đạt"]) == {"—"} and set(table["Nguồn"]) == {""}
    overview = run_page("app.py", year=2025)
    ranked = next(d.value for d in overview.dataframe if "% đạt chỉ tiêu" in d.value.columns)
    assert 10525 not in set(ranked["Mã đơn vị"])  # only units measured against a target are ranked
    assert set(ranked["Nguồn"]) == {"Dữ liệu minh họa"}  # every rank among illustrative units says so
    everyone = queries.unit_achievement(get_engine(app_env), 31, 2025)
    assert len(everyone) > 20 and 10525 not in set(everyone["ward_code"])


def test_brief_and_extract_of_the_real_report_show_no_illustrative_comparison(sample_engine):
    brief = unit_brief(extracts.unit(sample_engine, 10525, 2025), 10525, 2025)
    assert dict(brief.headline) == {"Số liệu trong báo cáo": "10", "Chỉ tiêu đạt, vượt": "Chưa giao"}
    fund = next(f for f in brief.figures if f.name == FUND)
    assert (fund.value, fund.target, fund.percent, fund.band) == ("trên 370 triệu đồng", "—", "—", None)
    text = " ".join(
        p.extract_text()
        for p in PdfReader(io.BytesIO(unit_brief_pdf(extracts.unit(sample_engine, 10525, 2025), 10525, 2025))).pages
    )
    assert "Thứ hạng" not in text and "Gần đạt" not in text
    extract = export_frame(queries.unit_indicators(sample_engine, 10525, 2025))
    assert extract["Chỉ tiêu"].isna().all() and extract["Đạt (% chỉ tiêu)"].isna().all()
    targets = queries.province_targets(sample_engine, 31, 2025)
    assert 10525 not in set(targets["ward_code"])


def test_an_illustrative_units_rank_in_the_brief_says_so(sample_engine):
    worst = queries.unit_achievement(sample_engine, 31, 2025).iloc[0]
    headline = dict(
        unit_brief(extracts.unit(sample_engine, int(worst["ward_code"]), 2025), int(worst["ward_code"]), 2025).headline
    )
    assert headline["Mức đạt chỉ tiêu bình quân"].endswith("· Dữ liệu minh họa")
    assert headline["Thứ hạng (từ thấp lên)"].endswith("đơn vị là dữ liệu minh họa)")


def test_a_target_a_person_enters_for_the_real_report_is_used(sample_db_url, tmp_path):
    engine = get_engine(sample_db_url)
    sheet = ("Mã đơn vị;Đơn vị;Mã chỉ tiêu;Chỉ tiêu;Đơn vị tính;Năm;Chỉ tiêu giao\n"
             "10525;Phường Hải Dương;poor_fund;Quỹ;đồng;2025;400.000.000\n").encode()
    plan = import_targets(engine, sheet, "chi-tieu.csv", actor=system_actor("test"))
    assert plan.summary == "0 mới, 1 thay đổi, 0 không đổi"  # the illustrative one becomes real
    fund = queries.unit_indicators(engine, 10525, 2025).set_index("indicator_code").loc["poor_fund"]
    assert fund["achieved_percent"] == 92.5 and fund["target"] == 400_000_000
