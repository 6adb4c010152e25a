"""Every read function, on the sample, with the values a user would check."""

from __future__ import annotations

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
    assert fund["achieved_percent"] == pytest.approx(370_000_000 * 100 / fund["target"])
    assert "370 triệu đồng" in fund["source_excerpt"]
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


@pytest.mark.parametrize("query, expected", [("kinh phi", "kinh phí"), ("dang vien", "đảng viên"), ("ĐẢNG VIÊN", "đảng viên")])
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
