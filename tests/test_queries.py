"""Every read function, on the sample, with the values a user would check."""

from __future__ import annotations

import pandas as pd
import pytest

from data_access import queries


def test_provinces_and_units(sample_engine):
    provinces = queries.provinces(sample_engine)
    assert len(provinces) == 34
    hai_phong = provinces.set_index("code").loc[31]
    assert hai_phong["name"] == "Thành phố Hải Phòng" and hai_phong["unit_count"] == 114
    assert provinces["unit_count"].sum() == 3321
    unit = queries.unit(sample_engine, 10525).iloc[0]
    assert (unit["name"], unit["kind"], unit["province_name"]) == ("Phường Hải Dương", "phường", "Thành phố Hải Phòng")
    assert queries.unit(sample_engine, 1).empty


def test_years_with_data(sample_engine):
    years = queries.years_with_data(sample_engine, 31)
    assert list(years["year"]) == [2025, 2024, 2023, 2022, 2021]
    assert queries.years_with_data(sample_engine, 1).empty  # Hà Nội has no reports in the sample


def test_reporting_status_agrees_with_the_summary(sample_engine):
    status = queries.reporting_status(sample_engine, 31, 2025)
    summary = queries.reporting_summary(sample_engine, 31, 2025).iloc[0]
    assert len(status) == 114 == summary["units"]
    assert status["reported"].sum() == summary["reported"]
    hai_duong = status.set_index("ward_code").loc[10525]
    assert bool(hai_duong["reported"]) and not bool(hai_duong["is_sample"])
    assert summary["sample_reports"] == summary["reported"] - 1


def test_province_values_with_targets(sample_engine):
    values = queries.province_indicator_values(sample_engine, 31, 2025)
    hai_duong = values[values["ward_code"] == 10525].set_index("indicator_code")
    assert hai_duong.loc["party_members", "value"] == 4226
    fund = hai_duong.loc["poor_fund"]
    assert fund["value"] == 370_000_000 and fund["qualifier"] == "trên"
    # The honesty rule: the real report is not set against the sample's illustrative target.
    assert pd.isna(fund["target"]) and pd.isna(fund["achieved_percent"])
    assert "370 triệu đồng" in fund["source_excerpt"]
    other = values[(values["indicator_code"] == "poor_fund") & values["target"].notna()].iloc[0]
    assert bool(other["is_sample"])
    assert other["achieved_percent"] == pytest.approx(other["value"] * 100 / other["target"])
    # The poverty rate is better when lower: achievement is target / actual.
    rate = values[(values["indicator_code"] == "poor_households_rate") & values["target"].notna()].iloc[0]
    assert rate["achieved_percent"] == pytest.approx(rate["target"] * 100 / rate["value"])


def test_unit_history_across_years(sample_engine):
    history = queries.unit_indicator_history(sample_engine, 10525)
    members = history[history["indicator_code"] == "party_members"]
    assert members["year"].is_monotonic_increasing
    assert members.set_index("year").loc[2025, "value"] == 4226
    assert not members.set_index("year").loc[2025, "is_sample"]
    assert members.set_index("year").drop(index=2025)["is_sample"].all()


def test_findings_filters(sample_engine):
    hai_duong = queries.findings(sample_engine, ward_code=10525, year=2025)
    assert len(hai_duong) == 21
    lessons = queries.findings(sample_engine, ward_code=10525, year=2025, kinds=["lesson"])
    assert len(lessons) == 5 and lessons["text"].str.startswith("Thứ").all()
    funding = queries.findings(sample_engine, province_code=31, year=2024, kinds=["limitation"], search="kinh phi")
    assert len(funding) > 0 and funding["text"].str.contains("kinh phí").all()
    by_area = queries.findings(sample_engine, province_code=31, year=2024, task_area="organisation")
    assert set(by_area["task_area_code"]) == {"organisation"}


@pytest.mark.parametrize(
    "query, expected", [("kinh phi", "kinh phí"), ("dang vien", "đảng viên"), ("ĐẢNG VIÊN", "đảng viên")]
)
def test_search_is_accent_insensitive(sample_engine, query, expected):
    found = queries.findings(sample_engine, search=query)
    assert len(found) > 0
    assert found["text"].str.lower().str.contains(expected).all()


@pytest.mark.parametrize("hostile", ["'; DROP TABLE finding; --", "100%", "_", '"kinh"', "\\"])
def test_search_strings_are_just_text(sample_engine, hostile):
    assert queries.findings(sample_engine, search=hostile).empty
    assert len(queries.findings(sample_engine, ward_code=10525, year=2025)) == 21


def test_headline_compares_like_for_like(sample_engine):
    headline = queries.province_headline(sample_engine, 31, 2025).set_index("indicator_code")
    values = queries.province_indicator_values(sample_engine, 31, 2025)
    members = values[values["indicator_code"] == "party_members"]
    assert headline.loc["party_members", "value"] == members["value"].sum()
    assert headline.loc["party_members", "units_reporting"] == len(members)
    rate = values[values["indicator_code"] == "membership_rate"]["value"]
    assert headline.loc["membership_rate", "value"] == pytest.approx(rate.mean())


def test_unit_achievement_is_sorted_worst_first_with_bands(sample_engine):
    achievement = queries.unit_achievement(sample_engine, 31, 2024)
    assert achievement["achieved_percent"].is_monotonic_increasing
    bands = queries.achievement_bands(sample_engine)
    for _, row in achievement.iterrows():
        expected = bands[bands["min_percent"] <= row["achieved_percent"]].sort_values("min_percent").iloc[-1]
        assert row["band"] == expected["code"]


def test_report_metadata(sample_engine):
    meta = queries.report_of_unit(sample_engine, 10525, 2025).iloc[0]
    assert meta["issuing_body"] == "Ban Thường vụ Đảng ủy phường Hải Dương"
    assert meta["versions"] == 1 and not meta["is_sample"]
    assert queries.report_of_unit(sample_engine, 10525, 2019).empty


# ---- reads for the dashboard pages ----


def test_unit_indicators_with_previous_year_and_source(sample_engine):
    hai_duong = queries.unit_indicators(sample_engine, 10525, 2025).set_index("indicator_code")
    members = hai_duong.loc["party_members"]
    assert members["value"] == 4226 and members["figure_text"] == "4.226 đảng viên"
    assert "4.226 đảng viên" in members["source_excerpt"] and not members["is_sample"]
    assert hai_duong.loc["poor_fund", "qualifier"] == "trên"
    assert hai_duong["previous_value"].isna().all()  # Hải Dương has no 2024 report in the sample
    # A unit that reported both years: change is this year's figure minus its own last year's.
    status = queries.reporting_matrix(sample_engine, 31)
    both = status[status["reported"] & status["year"].isin([2024, 2025])].groupby("ward_code").size()
    ward = int(both[both == 2].index[0])
    this = queries.unit_indicators(sample_engine, ward, 2025).set_index("indicator_code")
    history = queries.unit_indicator_history(sample_engine, ward).set_index(["indicator_code", "year"])
    for code in ("party_members", "poor_fund"):
        assert this.loc[code, "previous_value"] == history.loc[(code, 2024), "value"]
        assert this.loc[code, "change"] == pytest.approx(
            history.loc[(code, 2025), "value"] - history.loc[(code, 2024), "value"]
        )


def test_province_medians_match_the_values(sample_engine):
    medians = queries.province_indicator_medians(sample_engine, 31, 2025).set_index("indicator_code")
    values = queries.province_indicator_values(sample_engine, 31, 2025)
    for code in ("party_members", "poor_fund", "membership_rate"):
        of_code = values[values["indicator_code"] == code]["value"]
        assert medians.loc[code, "median"] == pytest.approx(of_code.median())
        assert medians.loc[code, "units"] == len(of_code)


def test_unit_area_achievement_is_the_mean_of_capped_percentages(sample_engine):
    cells = queries.unit_area_achievement(sample_engine, 31, 2024)
    values = queries.province_indicator_values(sample_engine, 31, 2024)
    areas = queries.indicator_catalogue(sample_engine).set_index("code")["task_area_code"]
    values = values[values["target"].notna()].assign(area=lambda v: v["indicator_code"].map(areas))
    ward = int(cells.iloc[0]["ward_code"])
    mine = values[values["ward_code"] == ward]
    for _, cell in cells[cells["ward_code"] == ward].iterrows():
        expected = mine[mine["area"] == cell["task_area_code"]]["achieved_percent"].clip(upper=queries.ACHIEVEMENT_CAP)
        assert cell["achieved_percent"] == pytest.approx(expected.mean())
        assert cell["targets"] == len(expected)
    bands = queries.achievement_bands(sample_engine)
    for _, cell in cells.iterrows():
        assert cell["band"] == bands[bands["min_percent"] <= cell["achieved_percent"]].iloc[0]["code"]


def test_indicator_ranking_best_first(sample_engine):
    fund = queries.indicator_ranking(sample_engine, 31, 2025, "poor_fund")
    values = queries.province_indicator_values(sample_engine, 31, 2025)
    assert len(fund) == (values["indicator_code"] == "poor_fund").sum()
    assert fund["value"].is_monotonic_decreasing and fund.iloc[0]["rank"] == 1
    assert fund.set_index("ward_code").loc[10525, "value"] == 370_000_000
    poverty = queries.indicator_ranking(sample_engine, 31, 2025, "poor_households_rate")
    assert poverty["value"].is_monotonic_increasing  # lower is better
    assert queries.indicator_ranking(sample_engine, 31, 2025, "no_such_code").empty


def test_indicator_history_for_chosen_units(sample_engine):
    history = queries.indicator_history(sample_engine, 31, "poor_fund", (10525,))
    by_year = history.set_index("year")
    assert list(history["year"]) == [2021, 2022, 2023, 2025]
    assert by_year.loc[2025, "value"] == 370_000_000 and not by_year.loc[2025, "is_sample"]
    assert by_year.drop(index=2025)["is_sample"].all()
    assert queries.indicator_history(sample_engine, 1, "poor_fund", (10525,)).empty  # not in Hà Nội


def test_theme_counts_count_distinct_units(sample_engine):
    counts = queries.theme_counts(sample_engine, 31, 2025).set_index("theme")
    assert list(counts.index.sort_values()) == sorted(queries.themes()["code"])
    for theme, keywords in queries.themes().set_index("code")["keywords"].items():
        units, sentences = set(), set()
        for keyword in keywords.split("|"):
            found = queries.findings(sample_engine, province_code=31, year=2025, search=keyword)
            units |= set(found["ward_code"])
            sentences |= set(zip(found["report_id"], found["kind"], found["position"], strict=True))
        assert counts.loc[theme, "units"] == len(units), theme
        assert counts.loc[theme, "findings"] == len(sentences), theme
    funding = queries.theme_units(sample_engine, 31, 2025, "funding")
    assert len(funding) == counts.loc["funding", "units"]
    assert 10525 in set(funding["ward_code"])  # the real report raises kinh phí
    listed = queries.findings(sample_engine, ward_code=10525, year=2025, theme="funding")
    assert len(listed) == funding.set_index("ward_code").loc[10525, "findings"]
    assert listed["text"].str.lower().str.contains("kinh phí|nguồn lực").all()


def test_report_sections_count_findings_per_kind(sample_engine):
    sections = queries.report_sections(sample_engine, 31, 2025).set_index("ward_code")
    hai_duong = sections.loc[10525]
    expected = {"advantage": 1, "difficulty": 1, "strength": 1, "limitation": 2, "cause": 1,
                "lesson": 5, "task": 7, "recommendation": 3}
    assert {k: hai_duong[k] for k in expected} == expected and hai_duong["findings"] == 21
    assert len(sections) == queries.reporting_summary(sample_engine, 31, 2025).iloc[0]["reported"]


def test_report_without_recommendations_shows_the_gap(sample_engine):
    from data_access.sample import real_report_rows
    from data_access.writes import insert_report_version, system_actor

    rows = real_report_rows()
    rows["findings"] = [f for f in rows["findings"] if f["kind"] != "recommendation"]
    with sample_engine.begin() as conn:
        insert_report_version(conn, **rows, imported_by="test", actor=system_actor("test:pages"))
    hai_duong = queries.report_sections(sample_engine, 31, 2025).set_index("ward_code").loc[10525]
    assert hai_duong["recommendation"] == 0 and hai_duong["findings"] == 18
    assert queries.report_of_unit(sample_engine, 10525, 2025).iloc[0]["versions"] == 2


def test_reporting_matrix_units_by_years(sample_engine):
    matrix = queries.reporting_matrix(sample_engine, 31)
    assert len(matrix) == 114 * 5
    for year in (2021, 2025):
        summary = queries.reporting_summary(sample_engine, 31, year).iloc[0]
        assert matrix[matrix["year"] == year]["reported"].sum() == summary["reported"]
    hai_duong = matrix[matrix["ward_code"] == 10525].set_index("year")
    assert hai_duong.loc[2025, "reported"] and not hai_duong.loc[2025, "is_sample"]
    assert not hai_duong.loc[2024, "reported"]
