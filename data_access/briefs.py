"""Reads for the briefs (PDF), the extracts and the presentation mode. Like data_access.queries,
each function answers one question and returns a DataFrame with the filtering, joining and
aggregation done in SQL; questions queries.py already answers are not asked again here but
called (see `run`, which serves both modules by name)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from sqlalchemy import Engine, and_, case, func, or_, select
from sqlalchemy.orm import aliased

from data_access import queries
from data_access.models import (
    Indicator,
    IndicatorValue,
    Province,
    Report,
    Target,
    Ward,
)
from data_access.queries import (
    _achieved,
    _band_columns,
    _current_reports,
    _figures,
    _subject_id,
    achieved_percent_expr,
    frame,
    honest_target,
)
from data_access.reference import DEFAULT_SUBJECT


def province(engine: Engine, province_code: int) -> pd.DataFrame:
    """One row (code, name, kind), or none for an unknown code."""
    return frame(
        engine, select(Province.code, Province.name, Province.kind).where(Province.code == province_code)
    )


def province_targets(engine: Engine, province_code: int, year: int, subject: str = DEFAULT_SUBJECT) -> pd.DataFrame:
    """Every target (chỉ tiêu) of the province's units for the year, with the figure reported
    against it, if any: ward_code, ward_name, indicator_code, indicator_name, unit, target,
    value, achieved_percent, band_label, is_sample. A target without a report shows no value."""
    report = aliased(Report)
    percent = _achieved()
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
            _band_columns(percent)[1],
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
        .where(
            Ward.province_code == province_code,
            Target.year == year,
            Target.subject_id == _subject_id(subject),
            # The honesty rule: an illustrative target of a unit with a real report is not shown.
            or_(report.id.is_(None), honest_target(Target.is_sample, report.is_sample)),
        )
        .order_by(Ward.sort_order, Ward.name, Indicator.position)
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

    percent = _achieved()
    per_indicator = (
        _figures(
            Indicator.code.label("indicator_code"),
            Indicator.name.label("indicator_name"),
            Indicator.unit.label("unit"),
            Indicator.position.label("position"),
            Indicator.higher_is_better.label("higher_is_better"),
            func.count(Target.id).label("units_with_target"),
            func.coalesce(func.sum(case((percent >= 100.0, 1), else_=0)), 0).label("units_reached"),
            aggregate(IndicatorValue.value).label("value"),
            aggregate(Target.target_value).label("target"),
            target_required=True,
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
        *_band_columns(ratio)[:2],
    ).order_by(per_indicator.c.position)
    return frame(engine, statement)


def units_behind(engine: Engine, province_code: int, year: int, subject: str = DEFAULT_SUBJECT) -> pd.DataFrame:
    """The units whose mean % of target is in the lowest band ("Chưa đạt"), worst first; the
    columns of queries.unit_achievement. Picks rows of that already aggregated result (one row
    per unit) rather than asking the database the same question twice."""
    achievement = queries.unit_achievement(engine, province_code, year, subject)
    lowest = queries.achievement_bands(engine).sort_values("min_percent").head(1)["code"]
    return achievement[achievement["band"].isin(lowest)].reset_index(drop=True)


# The functions `run` serves: this module's, then data_access.queries'.
READS = (province, province_targets, province_target_status, units_behind)
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
