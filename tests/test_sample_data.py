"""The embedded sample: the real Hải Dương 2025 report exactly, and illustrative data for
all 114 units of Hải Phòng, every illustrative row flagged."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from data_access import queries
from data_access.models import Finding, IndicatorValue, Report, Target, Ward
from data_access.sample import REAL_REPORT_TRUTH, load_sample
from tests.support.pages import ROOT

TRUTH = json.loads(REAL_REPORT_TRUTH.read_text(encoding="utf-8"))


def test_sample_report_file_is_the_real_report_byte_for_byte():
    shared = ROOT.parent / "shared" / "reports" / "hai-duong-2026-kl62.txt"
    ours = ROOT / "sample_data" / "hai-duong-2026-kl62.txt"
    if shared.exists():
        assert ours.read_bytes() == shared.read_bytes()
    assert "4.226 đảng viên" in ours.read_text(encoding="utf-8")


def test_ground_truth_matches_the_domain_document():
    values = {f["indicator"]: (f["value"], f["qualifier"]) for f in TRUTH["figures"]}
    assert values == {
        "party_cells": (72, None), "party_members": (4226, None),
        "emergency_support_households": (4, None), "gift_packages": (1000, "trên"),
        "gift_value": (500_000_000, "trên"), "poor_fund": (370_000_000, "trên"),
        "disaster_relief": (1_700_000_000, "trên"), "voter_attendances": (3000, "trên"),
        "citizen_receptions": (8, None), "direct_dialogues": (2, None),
    }
    kinds = [f["kind"] for f in TRUTH["findings"]]
    assert {k: kinds.count(k) for k in set(kinds)} == {
        "advantage": 1, "difficulty": 1, "strength": 1, "limitation": 2,
        "cause": 1, "lesson": 5, "task": 7, "recommendation": 3,
    }
    source = (ROOT / "sample_data" / "hai-duong-2026-kl62.txt").read_text(encoding="utf-8")
    flat = " ".join(source.split())
    for finding in TRUTH["findings"]:
        assert finding["text"] in flat, finding["text"][:60]


def test_sample_holds_all_hai_phong_units(sample_engine):
    units = queries.units_of_province(sample_engine, 31)
    assert len(units) == 114
    assert units["kind"].value_counts().to_dict() == {"xã": 67, "phường": 45, "đặc khu": 2}
    assert "Phường Hải Dương" in set(units["name"])
    with sample_engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Ward)) == 3321


def test_real_hai_duong_2025_report_is_stored_exactly(sample_engine):
    with sample_engine.connect() as conn:
        report = conn.execute(
            select(Report).where(Report.ward_code == 10525, Report.year == 2025, Report.is_current)
        ).one()
        assert report.is_sample is False
        assert report.source_filename == "hai-duong-2026-kl62.txt"
        figures = conn.execute(
            select(IndicatorValue.indicator_code, IndicatorValue.value, IndicatorValue.qualifier,
                   IndicatorValue.unit, IndicatorValue.source_excerpt)
            .where(IndicatorValue.report_id == report.id)
        ).all()
        findings = conn.execute(select(Finding.kind, Finding.text).where(Finding.report_id == report.id)).all()
    assert len(figures) == 10
    stored = {f.indicator_code: (f.value, f.qualifier, f.unit) for f in figures}
    assert stored["party_members"] == (4226, None, "đảng viên")
    assert stored["poor_fund"] == (370_000_000, "trên", "đồng")
    assert stored == {f["indicator"]: (f["value"], f["qualifier"], f["unit"]) for f in TRUTH["figures"]}
    assert all(f.source_excerpt for f in figures)
    assert sorted((f.kind, f.text) for f in findings) == sorted((f["kind"], f["text"]) for f in TRUTH["findings"])


def test_illustrative_rows_are_flagged_and_units_are_missing_some_years(sample_engine):
    with sample_engine.connect() as conn:
        real = conn.scalar(select(func.count()).select_from(Report).where(Report.is_sample.is_(False)))
        reports = conn.scalar(select(func.count()).select_from(Report))
        unflagged_targets = conn.scalar(select(func.count()).select_from(Target).where(Target.is_sample.is_(False)))
    assert real == 1
    assert 114 * 5 * 0.8 < reports < 114 * 5
    assert unflagged_targets == 0
    matrix = {
        year: int(queries.reporting_summary(sample_engine, 31, year).iloc[0]["reported"])
        for year in range(2021, 2026)
    }
    assert all(80 <= n < 114 for n in matrix.values()), matrix


def test_targets_have_a_realistic_spread_of_achievement(sample_engine):
    achievement = queries.unit_achievement(sample_engine, 31, 2024)
    bands = achievement["band"].value_counts().to_dict()
    assert 1 <= bands.get("behind", 0) <= 20, bands
    assert bands.get("near", 0) > bands.get("behind", 0), bands
    assert bands.get("reached", 0) >= 5, bands


def test_loading_the_sample_again_does_not_duplicate_or_replace_the_real_report(sample_engine):
    load_sample(sample_engine)
    with sample_engine.connect() as conn:
        current = conn.execute(
            select(Report.ward_code, Report.year, func.count())
            .where(Report.is_current).group_by(Report.ward_code, Report.year).having(func.count() > 1)
        ).all()
        real = conn.scalar(
            select(Report.is_sample).where(Report.ward_code == 10525, Report.year == 2025, Report.is_current)
        )
    assert current == []
    assert real is False


def test_the_generator_is_deterministic():
    from sample_data import illustrative

    one = illustrative.generate_report(11407, "Phường An Biên", "phường", 2023)
    two = illustrative.generate_report(11407, "Phường An Biên", "phường", 2023)
    assert one == two and one is not None
    assert len(one.figures) == 31 and len(one.findings) >= 15


def test_the_sample_holds_exactly_what_the_illustrative_generator_makes(sample_engine):
    """The demo's rows come from sample_data.illustrative through data_access.generate: one
    illustrative report for every unit-year the generator reports (but the real one), with
    every figure, finding and target it makes."""
    from sample_data import illustrative

    with sample_engine.connect() as conn:
        wards = conn.execute(select(Ward.code, Ward.name, Ward.kind).where(Ward.province_code == 31)).all()
        stored = {
            rows.__tablename__: conn.scalar(select(func.count()).select_from(rows).join(Report).where(Report.is_sample))
            for rows in (IndicatorValue, Finding)
        }
        stored["report"] = conn.scalar(select(func.count()).select_from(Report).where(Report.is_sample))
        stored["target"] = conn.scalar(select(func.count()).select_from(Target))
    expected = {"report": 0, "indicator_value": 0, "finding": 0, "target": 0}
    for ward in wards:
        for year in range(2021, 2026):
            expected["target"] += len(illustrative.targets_for(ward.code, ward.kind, year))
            if (ward.code, year) == (TRUTH["unit_code"], TRUTH["year"]):
                continue  # the real report keeps its place
            report = illustrative.generate_report(ward.code, ward.name, ward.kind, year, findings_per_report=20)
            if report is not None:
                expected["report"] += 1
                expected["indicator_value"] += len(report.figures)
                expected["finding"] += len(report.findings)
    assert stored == expected
