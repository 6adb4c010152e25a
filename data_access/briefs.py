"""Reads for the briefs (PDF), the extracts and the presentation mode. Like data_access.queries,
each function answers one question and returns a DataFrame with the filtering, joining and
aggregation done in SQL; questions queries.py already answers are not asked again here but
called (see `run`, which serves both modules by name)."""

from __future__ import annotations

import csv
from collections.abc import Callable

import pandas as pd
from sqlalchemy import Engine, and_, case, distinct, func, literal, select, union_all
from sqlalchemy.orm import aliased

from data_access import queries
from data_access.models import (
    AchievementBand,
    Finding,
    Indicator,
    IndicatorValue,
    Province,
    Report,
    Target,
    Ward,
)
from data_access.queries import _current_reports, _subject_id, achieved_percent_expr, frame
from data_access.reference import CATALOGUE_DIR, DEFAULT_SUBJECT

THEMES_FILE = CATALOGUE_DIR / "themes.csv"


def _band(percent, attribute):
    """The achievement band (code or label) a percentage falls in; NULL without a percentage."""
    return (
        select(attribute)
        .where(AchievementBand.min_percent <= percent)
        .order_by(AchievementBand.min_percent.desc())
        .limit(1)
        .scalar_subquery()
    )


def province(engine: Engine, province_code: int) -> pd.DataFrame:
    """One row (code, name, kind), or none for an unknown code."""
    return frame(
        engine, select(Province.code, Province.name, Province.kind).where(Province.code == province_code)
    )


def unit_figures(engine: Engine, ward_code: int, year: int, subject: str = DEFAULT_SUBJECT) -> pd.DataFrame:
    """The figures of a unit's current report for one year, in catalogue order, with target,
    % achieved and band, and the same figure a year before: indicator_code, indicator_name,
    unit, value, qualifier, target, achieved_percent, band, band_label, previous_value,
    is_sample, figure_text."""
    previous_value = aliased(IndicatorValue)
    previous_report = aliased(Report)
    percent = achieved_percent_expr(IndicatorValue.value, Target.target_value, Indicator.higher_is_better)
    previous = (
        select(func.max(previous_value.value))
        .join(previous_report, previous_report.id == previous_value.report_id)
        .where(
            previous_report.ward_code == ward_code,
            previous_report.year == year - 1,
            previous_report.is_current,
            previous_report.subject_id == _subject_id(subject),
            previous_value.indicator_code == IndicatorValue.indicator_code,
        )
        .scalar_subquery()
    )
    statement = (
        select(
            Indicator.code.label("indicator_code"),
            Indicator.name.label("indicator_name"),
            Indicator.unit,
            IndicatorValue.value,
            IndicatorValue.qualifier,
            Target.target_value.label("target"),
            percent.label("achieved_percent"),
            _band(percent, AchievementBand.code).label("band"),
            _band(percent, AchievementBand.label).label("band_label"),
            previous.label("previous_value"),
            Report.is_sample,
            IndicatorValue.figure_text,
        )
        .select_from(IndicatorValue)
        .join(Report, Report.id == IndicatorValue.report_id)
        .join(Indicator, Indicator.code == IndicatorValue.indicator_code)
        .join(
            Target,
            and_(
                Target.ward_code == Report.ward_code,
                Target.year == Report.year,
                Target.subject_id == Report.subject_id,
                Target.indicator_code == IndicatorValue.indicator_code,
            ),
            isouter=True,
        )
        .where(Report.ward_code == ward_code, Report.year == year, _current_reports(subject))
        .order_by(Indicator.position, IndicatorValue.position)
    )
    return frame(engine, statement)


def province_targets(engine: Engine, province_code: int, year: int, subject: str = DEFAULT_SUBJECT) -> pd.DataFrame:
    """Every target (chỉ tiêu) of the province's units for the year, with the figure reported
    against it, if any: ward_code, ward_name, indicator_code, indicator_name, unit, target,
    value, achieved_percent, band_label, is_sample. A target without a report shows no value."""
    report = aliased(Report)
    percent = achieved_percent_expr(IndicatorValue.value, Target.target_value, Indicator.higher_is_better)
    statement = (
        select(
            Ward.code.label("ward_code"),
            Ward.name.label("ward_name"),
            Indicator.code.label("indicator_code"),
            Indicator.name.label("indicator_name"),
            Indicator.unit,
            Target.target_value.label("target"),
            IndicatorValue.value,
            percent.label("achieved_percent"),
            _band(percent, AchievementBand.label).label("band_label"),
            Target.is_sample,
        )
        .select_from(Target)
        .join(Ward, Ward.code == Target.ward_code)
        .join(Indicator, Indicator.code == Target.indicator_code)
        .join(
            report,
            and_(
                report.ward_code == Target.ward_code,
                report.year == Target.year,
                report.subject_id == Target.subject_id,
                report.is_current,
            ),
            isouter=True,
        )
        .join(
            IndicatorValue,
            and_(IndicatorValue.report_id == report.id, IndicatorValue.indicator_code == Target.indicator_code),
            isouter=True,
        )
        .where(Ward.province_code == province_code, Target.year == year, Target.subject_id == _subject_id(subject))
        .order_by(Ward.name, Indicator.position)
    )
    return frame(engine, statement)


def province_target_status(
    engine: Engine, province_code: int, year: int, subject: str = DEFAULT_SUBJECT
) -> pd.DataFrame:
    """Per indicator, how the province stands against the targets of its reporting units:
    indicator_code, indicator_name, unit, units_with_target, units_reached, value (sum of
    the figures of those units), target (sum of their targets), achieved_percent (the ratio;
    inverted where lower is better), band, band_label. Only indicators with a target.
    Rates (catalogue aggregation "mean") give the mean figure and mean target instead of sums;
    the ratio is the same either way, over the same units."""

    def aggregate(value):
        return case((Indicator.aggregation == "mean", func.avg(value)), else_=func.sum(value))

    percent = achieved_percent_expr(IndicatorValue.value, Target.target_value, Indicator.higher_is_better)
    per_indicator = (
        select(
            Indicator.code.label("indicator_code"),
            Indicator.name.label("indicator_name"),
            Indicator.unit.label("unit"),
            Indicator.position.label("position"),
            Indicator.higher_is_better.label("higher_is_better"),
            func.count(Target.id).label("units_with_target"),
            func.coalesce(func.sum(case((percent >= 100.0, 1), else_=0)), 0).label("units_reached"),
            aggregate(IndicatorValue.value).label("value"),
            aggregate(Target.target_value).label("target"),
        )
        .select_from(IndicatorValue)
        .join(Report, Report.id == IndicatorValue.report_id)
        .join(Ward, Ward.code == Report.ward_code)
        .join(Indicator, Indicator.code == IndicatorValue.indicator_code)
        .join(
            Target,
            and_(
                Target.ward_code == Report.ward_code,
                Target.year == Report.year,
                Target.subject_id == Report.subject_id,
                Target.indicator_code == IndicatorValue.indicator_code,
            ),
        )
        .where(Ward.province_code == province_code, Report.year == year, _current_reports(subject))
        .group_by(
            Indicator.code,
            Indicator.name,
            Indicator.unit,
            Indicator.position,
            Indicator.higher_is_better,
            Indicator.aggregation,
        )
        .subquery()
    )
    ratio = achieved_percent_expr(per_indicator.c.value, per_indicator.c.target, per_indicator.c.higher_is_better)
    statement = select(
        per_indicator.c.indicator_code,
        per_indicator.c.indicator_name,
        per_indicator.c.unit,
        per_indicator.c.units_with_target,
        per_indicator.c.units_reached,
        per_indicator.c.value,
        per_indicator.c.target,
        ratio.label("achieved_percent"),
        _band(ratio, AchievementBand.code).label("band"),
        _band(ratio, AchievementBand.label).label("band_label"),
    ).order_by(per_indicator.c.position)
    return frame(engine, statement)


def theme_keywords() -> list[tuple[str, str, str]]:
    """(theme code, Vietnamese label, folded keyword) from sample_data/themes.csv."""
    with THEMES_FILE.open(encoding="utf-8", newline="") as handle:
        return [
            (row["code"], row["label"], keyword.strip())
            for row in csv.DictReader(handle)
            for keyword in row["keywords"].split("|")
            if keyword.strip()
        ]


def finding_themes(
    engine: Engine,
    province_code: int,
    year: int,
    kind: str = "limitation",
    subject: str = DEFAULT_SUBJECT,
) -> pd.DataFrame:
    """The recurring themes of one kind of finding (limitations by default) across the units
    of a province for a year, most widespread first: theme, label, units (how many units
    raise it), findings (how many findings), example (one finding's text), is_sample (true
    when every unit raising it is illustrative). A theme is matched, accent-insensitively, by
    the keywords of sample_data/themes.csv."""
    # A literal table of (theme, label, keyword); UNION ALL because SQLite cannot name the
    # columns of a VALUES list.
    keywords = union_all(
        *(
            select(literal(theme).label("theme"), literal(label).label("label"), literal(keyword).label("keyword"))
            for theme, label, keyword in theme_keywords()
        )
    ).subquery("theme_keyword")
    statement = (
        select(
            keywords.c.theme,
            keywords.c.label,
            func.count(distinct(Report.ward_code)).label("units"),
            func.count(distinct(Finding.id)).label("findings"),
            func.min(Finding.text).label("example"),
            func.min(case((Report.is_sample, 1), else_=0)).label("is_sample"),
        )
        .select_from(Finding)
        .join(Report, Report.id == Finding.report_id)
        .join(Ward, Ward.code == Report.ward_code)
        .join(keywords, Finding.text_folded.contains(keywords.c.keyword))
        .where(
            Ward.province_code == province_code,
            Report.year == year,
            Finding.kind == kind,
            _current_reports(subject),
        )
        .group_by(keywords.c.theme, keywords.c.label)
        .order_by(func.count(distinct(Report.ward_code)).desc(), keywords.c.label)
    )
    result = frame(engine, statement)
    result["is_sample"] = result["is_sample"].astype(bool)
    return result


def units_behind(engine: Engine, province_code: int, year: int, subject: str = DEFAULT_SUBJECT) -> pd.DataFrame:
    """The units whose mean % of target is in the lowest band ("Chưa đạt"), worst first; the
    columns of queries.unit_achievement. Picks rows of that already aggregated result (one row
    per unit) rather than asking the database the same question twice."""
    achievement = queries.unit_achievement(engine, province_code, year, subject)
    lowest = queries.achievement_bands(engine).sort_values("min_percent").head(1)["code"]
    return achievement[achievement["band"].isin(lowest)].reset_index(drop=True)


# The functions `run` serves: this module's, then data_access.queries'.
READS = (province, unit_figures, province_targets, province_target_status, finding_themes, units_behind)
_BY_NAME = {f.__name__: f for f in READS}


def run(engine: Engine, name: str, *args, **kwargs) -> pd.DataFrame:
    """Call a named read of this module or of data_access.queries on `engine`."""
    function = _BY_NAME.get(name)
    if function is None:
        function = getattr(queries, name, None)
        if function is None or name.startswith("_") or not callable(function) or name == "frame":
            raise KeyError(f"unknown read: {name}")
    return function(engine, *args, **kwargs)


def reader(engine: Engine) -> Callable[..., pd.DataFrame]:
    """`read(name, *args, **kwargs)` bound to an engine: what the brief builders take."""

    def read(name: str, *args, **kwargs) -> pd.DataFrame:
        return run(engine, name, *args, **kwargs)

    return read
