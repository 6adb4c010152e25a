"""Reads. Each function answers one question and returns a DataFrame; the database does the
filtering, joining and aggregation, so no function loads a whole table into pandas."""

from __future__ import annotations

import csv

import pandas as pd
from sqlalchemy import (
    Engine,
    Select,
    String,
    and_,
    case,
    distinct,
    false,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import aliased

from data_access.config import PROJECT_ROOT
from data_access.models import (
    FINDING_KINDS,
    AchievementBand,
    Finding,
    Indicator,
    IndicatorValue,
    Province,
    Report,
    Subject,
    Target,
    TaskArea,
    Ward,
)
from data_access.reference import DEFAULT_SUBJECT
from domain.vocabulary import ATTENTION_KINDS
from report_parser.text import fold

# A unit far above one target should not hide being behind on the others.
ACHIEVEMENT_CAP = 150.0


def frame(engine: Engine, statement: Select) -> pd.DataFrame:
    with engine.connect() as conn:
        result = conn.execute(statement)
        # Plain tuples: building a DataFrame from Row objects is about 6 times slower.
        return pd.DataFrame([tuple(row) for row in result], columns=list(result.keys()))


def subject_id_query(code: str):
    """The subject's id as a scalar subquery, for WHERE clauses of any read or write."""
    return select(Subject.id).where(Subject.code == code).scalar_subquery()


def current_reports(subject: str):
    return and_(Report.is_current, Report.subject_id == subject_id_query(subject))


def achieved_percent_expr(value, target, higher_is_better):
    """% of target achieved; for an indicator where lower is better (poverty rate) the ratio is
    inverted. NULL where there is no target."""
    return case(
        (and_(target > 0, higher_is_better), value * 100.0 / target),
        (and_(target > 0, value > 0, ~higher_is_better), target * 100.0 / value),
        else_=None,
    )


def _capped_achievement(engine: Engine):
    """% of target achieved capped at ACHIEVEMENT_CAP: SQLite's scalar min, PostgreSQL's least."""
    achieved = _achieved()
    least = func.least if engine.dialect.name == "postgresql" else func.min
    return least(achieved, literal(ACHIEVEMENT_CAP))


def _band_columns(percent):
    """band, band_label, band_color of a % achieved column (NULL where there is no target)."""

    def band_column(column):
        return (
            select(column)
            .where(AchievementBand.min_percent <= percent)
            .order_by(AchievementBand.min_percent.desc())
            .limit(1)
            .scalar_subquery()
        )

    return (
        band_column(AchievementBand.code).label("band"),
        band_column(AchievementBand.label).label("band_label"),
        band_column(AchievementBand.color).label("band_color"),
    )


def honest_target(target_is_sample, report_is_sample):
    """The honesty rule (README, "So sánh trung thực"): an illustrative target is never set
    against a figure from a real report. A real report is measured only against targets a
    person entered; an illustrative report against either (its rows carry the label)."""
    return or_(target_is_sample.is_(False), report_is_sample.is_(True))


def _ward_order(ward_code):
    """The unit's rank in Vietnamese alphabetical order, to ORDER BY a subquery's rows."""
    return select(Ward.sort_order).where(Ward.code == ward_code).scalar_subquery()


def _target_join():
    return and_(
        Target.ward_code == Report.ward_code,
        Target.year == Report.year,
        Target.subject_id == Report.subject_id,
        Target.indicator_code == IndicatorValue.indicator_code,
        honest_target(Target.is_sample, Report.is_sample),
    )


def _achieved():
    """A figure's % of its unit's target for that year (NULL without a target)."""
    return achieved_percent_expr(IndicatorValue.value, Target.target_value, Indicator.higher_is_better)


def _figure_columns():
    """What every read of figures shows about one: value, qualifier, target, achieved_percent,
    is_sample, figure_text, source_excerpt."""
    return (
        IndicatorValue.value,
        IndicatorValue.qualifier,
        Target.target_value.label("target"),
        _achieved().label("achieved_percent"),
        Report.is_sample,
        IndicatorValue.figure_text,
        IndicatorValue.source_excerpt,
    )


def _figures(*columns, target_required: bool = False) -> Select:
    """SELECT columns FROM the figures with their report, unit, catalogue indicator and target
    (only the figures that have a target with `target_required`). Callers add the filters."""
    return (
        select(*columns)
        .select_from(IndicatorValue)
        .join(Report, Report.id == IndicatorValue.report_id)
        .join(Ward, Ward.code == Report.ward_code)
        .join(Indicator, Indicator.code == IndicatorValue.indicator_code)
        .join(Target, _target_join(), isouter=not target_required)
    )


def subjects(engine: Engine) -> pd.DataFrame:
    """code, name of the subjects followed (conclusions, resolutions), KL62 first."""
    return frame(engine, select(Subject.code, Subject.name).order_by(Subject.id))


def provinces(engine: Engine) -> pd.DataFrame:
    """code, name, kind, unit_count: the 34 provinces and cities."""
    return frame(
        engine,
        select(Province.code, Province.name, Province.kind, func.count(Ward.code).label("unit_count"))
        .join(Ward, Ward.province_code == Province.code, isouter=True)
        .group_by(Province.code, Province.name, Province.kind, Province.sort_order)
        .order_by(Province.sort_order, Province.name),
    )


def units_of_province(engine: Engine, province_code: int) -> pd.DataFrame:
    """code, name, kind of every commune-level unit of a province."""
    return frame(
        engine,
        select(Ward.code, Ward.name, Ward.kind)
        .where(Ward.province_code == province_code)
        .order_by(Ward.sort_order, Ward.name),
    )


def unit(engine: Engine, ward_code: int) -> pd.DataFrame:
    """One row (code, name, kind, province_code, province_name), or none for an unknown code."""
    return frame(
        engine,
        select(
            Ward.code, Ward.name, Ward.kind, Ward.province_code, Province.name.label("province_name")
        )
        .join(Province, Province.code == Ward.province_code)
        .where(Ward.code == ward_code),
    )


def years_with_data(
    engine: Engine, province_code: int | None = None, subject: str = DEFAULT_SUBJECT
) -> pd.DataFrame:
    """year, reports: the years that have at least one current report, newest first."""
    statement = (
        select(Report.year, func.count(Report.id).label("reports"))
        .where(current_reports(subject))
        .group_by(Report.year)
        .order_by(Report.year.desc())
    )
    if province_code is not None:
        statement = statement.join(Ward, Ward.code == Report.ward_code).where(
            Ward.province_code == province_code
        )
    return frame(engine, statement)


def reporting_status(
    engine: Engine, province_code: int, year: int, subject: str = DEFAULT_SUBJECT
) -> pd.DataFrame:
    """Every unit of the province with whether it has a current report for the year:
    ward_code, ward_name, kind, reported, report_id, version, document_date, imported_at,
    is_sample."""
    report = aliased(Report)
    statement = (
        select(
            Ward.code.label("ward_code"),
            Ward.name.label("ward_name"),
            Ward.kind,
            (report.id.is_not(None)).label("reported"),
            report.id.label("report_id"),
            report.version,
            report.document_date,
            report.imported_at,
            report.is_sample,
        )
        .join(
            report,
            and_(
                report.ward_code == Ward.code,
                report.year == year,
                report.is_current,
                report.subject_id == subject_id_query(subject),
            ),
            isouter=True,
        )
        .where(Ward.province_code == province_code)
        .order_by(Ward.sort_order, Ward.name)
    )
    result = frame(engine, statement)
    result["reported"] = result["reported"].astype(bool)
    return result


def reporting_summary(
    engine: Engine, province_code: int, year: int, subject: str = DEFAULT_SUBJECT
) -> pd.DataFrame:
    """One row: units (in the province), reported (current reports for the year),
    sample_reports (how many of those are illustrative)."""
    reported = (
        select(
            func.count(Report.id).label("reported"),
            func.coalesce(func.sum(case((Report.is_sample, 1), else_=0)), 0).label("sample_reports"),
        )
        .join(Ward, Ward.code == Report.ward_code)
        .where(Ward.province_code == province_code, Report.year == year, current_reports(subject))
        .subquery()
    )
    units = select(func.count(Ward.code)).where(Ward.province_code == province_code).scalar_subquery()
    return frame(engine, select(units.label("units"), reported.c.reported, reported.c.sample_reports))


def province_indicator_values(
    engine: Engine, province_code: int, year: int, subject: str = DEFAULT_SUBJECT
) -> pd.DataFrame:
    """Every figure of every current report of the province for the year, with its target and
    % achieved: ward_code, ward_name, indicator_code, indicator_name, unit, value, qualifier,
    target, achieved_percent, is_sample, figure_text, source_excerpt."""
    statement = (
        _figures(
            Ward.code.label("ward_code"),
            Ward.name.label("ward_name"),
            Indicator.code.label("indicator_code"),
            Indicator.name.label("indicator_name"),
            Indicator.unit,
            *_figure_columns(),
        )
        .where(Ward.province_code == province_code, Report.year == year, current_reports(subject))
        .order_by(Ward.sort_order, Ward.name, Indicator.position)
    )
    return frame(engine, statement)


def unit_indicator_history(
    engine: Engine, ward_code: int, subject: str = DEFAULT_SUBJECT
) -> pd.DataFrame:
    """One unit's figures across all years (current reports): year, indicator_code,
    indicator_name, unit, task_area_code, value, qualifier, target, achieved_percent,
    is_sample, figure_text, source_excerpt."""
    statement = (
        _figures(
            Report.year,
            Indicator.code.label("indicator_code"),
            Indicator.name.label("indicator_name"),
            Indicator.unit,
            Indicator.task_area_code,
            *_figure_columns(),
        )
        .where(Report.ward_code == ward_code, current_reports(subject))
        .order_by(Indicator.position, Report.year)
    )
    return frame(engine, statement)


def findings(
    engine: Engine,
    *,
    province_code: int | None = None,
    ward_code: int | None = None,
    year: int | None = None,
    kinds: list[str] | tuple[str, ...] | None = None,
    task_area: str | None = None,
    search: str | None = None,
    subject: str = DEFAULT_SUBJECT,
    theme: str | None = None,
) -> pd.DataFrame:
    """Findings of current reports, filtered: ward_code, ward_name, year, kind, task_area_code,
    task_area_name, position, text, source_excerpt, is_sample, report_id, corrected_by, corrected_at.

    `theme` (a code of sample_data/themes.csv) keeps the findings that contain any of its
    keywords, as `theme_counts` counts them.

    `search` is accent-insensitive ("kinh phi" finds "kinh phí", "dang vien" finds "đảng viên")
    and is matched as plain text: quotes, % and _ have no special meaning."""
    statement = (
        select(
            Ward.code.label("ward_code"),
            Ward.name.label("ward_name"),
            Report.year,
            Finding.kind,
            Finding.task_area_code,
            TaskArea.short_name.label("task_area_name"),
            Finding.position,
            Finding.text,
            Finding.source_excerpt,
            Report.is_sample,
            Report.id.label("report_id"),
            Finding.corrected_by,
            Finding.corrected_at,
        )
        .select_from(Finding)
        .join(Report, Report.id == Finding.report_id)
        .join(Ward, Ward.code == Report.ward_code)
        .join(TaskArea, TaskArea.code == Finding.task_area_code, isouter=True)
        .where(current_reports(subject))
    )
    if province_code is not None:
        statement = statement.where(Ward.province_code == province_code)
    if ward_code is not None:
        statement = statement.where(Report.ward_code == ward_code)
    if year is not None:
        statement = statement.where(Report.year == year)
    if kinds:
        statement = statement.where(Finding.kind.in_(list(kinds)))
    if task_area:
        statement = statement.where(Finding.task_area_code == task_area)
    if search and fold(search).strip():
        # A phrase, not separate words: "dang vien" must not match "đang ... hội viên".
        statement = statement.where(Finding.text_folded.contains(fold(search).strip(), autoescape=True))
    if theme:
        keywords = [k for code, _, k in _theme_rows() if code == theme]
        statement = statement.where(
            or_(false(), *(Finding.text_folded.contains(k, autoescape=True) for k in keywords))
        )
    statement = statement.order_by(Ward.sort_order, Ward.name, Report.year.desc(), Finding.kind, Finding.position)
    return frame(engine, statement)


def province_headline(
    engine: Engine, province_code: int, year: int, subject: str = DEFAULT_SUBJECT
) -> pd.DataFrame:
    """Province totals per indicator for the year and the year before, aggregated as the
    catalogue says (sum or mean over units): indicator_code, indicator_name, unit, aggregation,
    value, units_reporting, previous_value (same units, year before), change."""
    aggregated = case(
        (Indicator.aggregation == "sum", func.sum(IndicatorValue.value)),
        (Indicator.aggregation == "mean", func.avg(IndicatorValue.value)),
        else_=None,
    )
    per_year = (
        select(
            Report.year.label("year"),
            Indicator.code.label("indicator_code"),
            aggregated.label("value"),
            func.count(IndicatorValue.id).label("units_reporting"),
        )
        .select_from(IndicatorValue)
        .join(Report, Report.id == IndicatorValue.report_id)
        .join(Ward, Ward.code == Report.ward_code)
        .join(Indicator, Indicator.code == IndicatorValue.indicator_code)
        .where(
            Ward.province_code == province_code,
            Report.year.in_([year, year - 1]),
            current_reports(subject),
            Indicator.aggregation != "none",
            # Like for like: last year counts only the units that have reported this year,
            # so a unit that is late does not show up as a fall.
            Report.ward_code.in_(
                select(Report.ward_code)
                .join(Ward, Ward.code == Report.ward_code)
                .where(Ward.province_code == province_code, Report.year == year, current_reports(subject))
            ),
        )
        .group_by(Report.year, Indicator.code, Indicator.aggregation)
        .subquery()
    )
    this, last = aliased(per_year), aliased(per_year)
    statement = (
        select(
            Indicator.code.label("indicator_code"),
            Indicator.name.label("indicator_name"),
            Indicator.unit,
            Indicator.aggregation,
            this.c.value,
            this.c.units_reporting,
            last.c.value.label("previous_value"),
            (this.c.value - last.c.value).label("change"),
        )
        .join(this, and_(this.c.indicator_code == Indicator.code, this.c.year == year))
        .join(last, and_(last.c.indicator_code == Indicator.code, last.c.year == year - 1), isouter=True)
        .order_by(Indicator.position)
    )
    return frame(engine, statement)


def unit_achievement(
    engine: Engine, province_code: int, year: int, subject: str = DEFAULT_SUBJECT
) -> pd.DataFrame:
    """Each reporting unit's mean % of target achieved (each indicator capped at 150 %) and its
    band, worst first: ward_code, ward_name, achieved_percent, targets, band, band_label,
    band_color, is_sample."""
    per_unit = _unit_achievement(engine, province_code, year, subject).subquery()
    statement = select(per_unit).order_by(per_unit.c.achieved_percent, _ward_order(per_unit.c.ward_code))
    return frame(engine, statement)


def _unit_achievement(engine: Engine, province_code: int, year: int, subject: str) -> Select:
    capped = _capped_achievement(engine)
    per_unit = (
        _figures(
            Ward.code.label("ward_code"),
            Ward.name.label("ward_name"),
            func.avg(capped).label("achieved_percent"),
            func.count(Target.id).label("targets"),
            Report.is_sample,
            target_required=True,
        )
        .where(Ward.province_code == province_code, Report.year == year, current_reports(subject))
        .group_by(Ward.code, Ward.name, Report.is_sample)
        .subquery()
    )
    return select(per_unit, *_band_columns(per_unit.c.achieved_percent))


def band_counts(engine: Engine, province_code: int, year: int, subject: str = DEFAULT_SUBJECT) -> pd.DataFrame:
    """How many reporting units stand in each band (units with a target only), best band
    first: band, band_label, units."""
    per_unit = _unit_achievement(engine, province_code, year, subject).subquery()
    statement = (
        select(per_unit.c.band, per_unit.c.band_label, func.count().label("units"))
        .group_by(per_unit.c.band, per_unit.c.band_label)
        .order_by(func.min(per_unit.c.achieved_percent).desc())
    )
    return frame(engine, statement)


def achievement_bands(engine: Engine) -> pd.DataFrame:
    """code, label, min_percent, color, position of the traffic-light bands."""
    return frame(
        engine,
        select(
            AchievementBand.code,
            AchievementBand.label,
            AchievementBand.min_percent,
            AchievementBand.color,
            AchievementBand.position,
        ).order_by(AchievementBand.position),
    )


def task_areas(engine: Engine) -> pd.DataFrame:
    """code, position, section, short_name, name."""
    return frame(
        engine,
        select(TaskArea.code, TaskArea.position, TaskArea.section, TaskArea.short_name, TaskArea.name).order_by(
            TaskArea.position
        ),
    )


def indicator_catalogue(engine: Engine, subject: str = DEFAULT_SUBJECT) -> pd.DataFrame:
    """The indicators of a subject: code, name, unit, task_area_code, higher_is_better,
    aggregation (retired ones too: their history is still shown)."""
    return frame(
        engine,
        select(
            Indicator.code,
            Indicator.name,
            Indicator.unit,
            Indicator.task_area_code,
            Indicator.higher_is_better,
            Indicator.aggregation,
        )
        .where(Indicator.subject_id == subject_id_query(subject))
        .order_by(Indicator.position),
    )


def report_of_unit(
    engine: Engine, ward_code: int, year: int, subject: str = DEFAULT_SUBJECT
) -> pd.DataFrame:
    """The current report's metadata (one row, or none): report_id, version, title,
    document_number, document_date, issuing_body, source_filename, imported_at, imported_by,
    is_sample, versions (how many versions exist)."""
    versions = (
        select(func.count(Report.id))
        .where(Report.ward_code == ward_code, Report.year == year, Report.subject_id == subject_id_query(subject))
        .scalar_subquery()
    )
    return frame(
        engine,
        select(
            Report.id.label("report_id"),
            Report.version,
            Report.title,
            Report.document_number,
            Report.document_date,
            Report.issuing_body,
            Report.source_filename,
            Report.imported_at,
            Report.imported_by,
            Report.is_sample,
            versions.label("versions"),
        ).where(Report.ward_code == ward_code, Report.year == year, current_reports(subject)),
    )



def unit_indicators(engine: Engine, ward_code: int, year: int, subject: str = DEFAULT_SUBJECT) -> pd.DataFrame:
    """Every figure of the unit's current report for the year, with target, % achieved and the
    change from the unit's own figure the year before: indicator_code, indicator_name, unit,
    task_area_code, task_area_name, value, qualifier, target, achieved_percent, previous_value,
    change, band, band_label, band_color, figure_text, source_excerpt, is_sample, corrected_by,
    corrected_at (who corrected the figure after saving, and when; None if nobody did).
    A figure the importer could not map keeps its own text as its name."""
    previous = (
        select(IndicatorValue.indicator_code, func.max(IndicatorValue.value).label("value"))
        .join(Report, Report.id == IndicatorValue.report_id)
        .where(Report.ward_code == ward_code, Report.year == year - 1, current_reports(subject))
        .group_by(IndicatorValue.indicator_code)
        .subquery()
    )
    achieved = _achieved()
    statement = (
        select(
            IndicatorValue.indicator_code,
            func.coalesce(Indicator.name, IndicatorValue.figure_text).label("indicator_name"),
            func.coalesce(Indicator.unit, IndicatorValue.unit).label("unit"),
            func.coalesce(Indicator.task_area_code, IndicatorValue.task_area_code).label("task_area_code"),
            TaskArea.short_name.label("task_area_name"),
            IndicatorValue.value,
            IndicatorValue.qualifier,
            Target.target_value.label("target"),
            achieved.label("achieved_percent"),
            previous.c.value.label("previous_value"),
            (IndicatorValue.value - previous.c.value).label("change"),
            *_band_columns(achieved),
            IndicatorValue.figure_text,
            IndicatorValue.source_excerpt,
            Report.is_sample,
            IndicatorValue.corrected_by,
            IndicatorValue.corrected_at,
        )
        .select_from(IndicatorValue)
        .join(Report, Report.id == IndicatorValue.report_id)
        .join(Indicator, Indicator.code == IndicatorValue.indicator_code, isouter=True)
        .join(
            TaskArea,
            TaskArea.code == func.coalesce(Indicator.task_area_code, IndicatorValue.task_area_code),
            isouter=True,
        )
        .join(Target, _target_join(), isouter=True)
        .join(previous, previous.c.indicator_code == IndicatorValue.indicator_code, isouter=True)
        .where(Report.ward_code == ward_code, Report.year == year, current_reports(subject))
        .order_by(func.coalesce(Indicator.position, 10_000), IndicatorValue.position)
    )
    return frame(engine, statement)


def province_indicator_medians(
    engine: Engine, province_code: int, year: int, subject: str = DEFAULT_SUBJECT
) -> pd.DataFrame:
    """The province median of every indicator for the year over the units that reported it:
    indicator_code, median, units."""
    ranked = (
        select(
            IndicatorValue.indicator_code,
            IndicatorValue.value,
            func.row_number()
            .over(partition_by=IndicatorValue.indicator_code, order_by=IndicatorValue.value)
            .label("rn"),
            func.count().over(partition_by=IndicatorValue.indicator_code).label("n"),
        )
        .join(Report, Report.id == IndicatorValue.report_id)
        .join(Ward, Ward.code == Report.ward_code)
        .where(
            Ward.province_code == province_code,
            Report.year == year,
            current_reports(subject),
            IndicatorValue.indicator_code.is_not(None),
        )
        .subquery()
    )
    # The middle row (odd count) or the two middle rows (even count): n <= 2*rn <= n+2.
    statement = (
        select(
            ranked.c.indicator_code,
            func.avg(ranked.c.value).label("median"),
            func.max(ranked.c.n).label("units"),
        )
        .where(ranked.c.rn * 2 >= ranked.c.n, ranked.c.rn * 2 <= ranked.c.n + 2)
        .group_by(ranked.c.indicator_code)
    )
    return frame(engine, statement)


def unit_area_achievement(
    engine: Engine, province_code: int, year: int, subject: str = DEFAULT_SUBJECT
) -> pd.DataFrame:
    """Each reporting unit's mean % of target achieved per task area (each indicator capped at
    150 %), for a unit x task-area heat map: ward_code, ward_name, task_area_code,
    task_area_name, task_area_position, achieved_percent, targets, band, band_label,
    band_color, is_sample."""
    per_cell = (
        _figures(
            Ward.code.label("ward_code"),
            Ward.name.label("ward_name"),
            TaskArea.code.label("task_area_code"),
            TaskArea.short_name.label("task_area_name"),
            TaskArea.position.label("task_area_position"),
            func.avg(_capped_achievement(engine)).label("achieved_percent"),
            func.count(Target.id).label("targets"),
            Report.is_sample,
            target_required=True,
        )
        .join(TaskArea, TaskArea.code == Indicator.task_area_code)
        .where(Ward.province_code == province_code, Report.year == year, current_reports(subject))
        .group_by(Ward.code, Ward.name, TaskArea.code, TaskArea.short_name, TaskArea.position, Report.is_sample)
        .subquery()
    )
    statement = select(per_cell, *_band_columns(per_cell.c.achieved_percent)).order_by(
        _ward_order(per_cell.c.ward_code), per_cell.c.task_area_position
    )
    return frame(engine, statement)


def indicator_ranking(
    engine: Engine, province_code: int, year: int, indicator_code: str, subject: str = DEFAULT_SUBJECT
) -> pd.DataFrame:
    """One indicator across the reporting units of a province, best first (for an indicator
    where lower is better, lowest first): rank, ward_code, ward_name, value, qualifier, target,
    achieved_percent, band, band_label, band_color, is_sample, figure_text, source_excerpt."""
    goodness = case((Indicator.higher_is_better, -IndicatorValue.value), else_=IndicatorValue.value)
    ranked = (
        _figures(
            func.rank().over(order_by=goodness).label("rank"),
            Ward.code.label("ward_code"),
            Ward.name.label("ward_name"),
            *_figure_columns(),
        )
        .where(
            Ward.province_code == province_code,
            Report.year == year,
            current_reports(subject),
            IndicatorValue.indicator_code == indicator_code,
        )
        .subquery()
    )
    statement = select(ranked, *_band_columns(ranked.c.achieved_percent)).order_by(
        ranked.c.rank, _ward_order(ranked.c.ward_code)
    )
    return frame(engine, statement)


def indicator_history(
    engine: Engine,
    province_code: int,
    indicator_code: str,
    ward_codes: tuple[int, ...] | list[int],
    subject: str = DEFAULT_SUBJECT,
) -> pd.DataFrame:
    """One indicator over all years for chosen units of a province (current reports):
    year, ward_code, ward_name, value, qualifier, target, achieved_percent, is_sample."""
    statement = (
        _figures(
            Report.year,
            Ward.code.label("ward_code"),
            Ward.name.label("ward_name"),
            *_figure_columns()[:5],  # value, qualifier, target, achieved_percent, is_sample
        )
        .where(
            Ward.province_code == province_code,
            Ward.code.in_([int(c) for c in ward_codes]),
            current_reports(subject),
            IndicatorValue.indicator_code == indicator_code,
        )
        .order_by(Ward.sort_order, Ward.name, Report.year)
    )
    return frame(engine, statement)


THEMES_FILE = PROJECT_ROOT / "sample_data" / "themes.csv"


def _theme_rows() -> list[tuple[str, str, str]]:
    """(code, label, keyword) for every keyword of sample_data/themes.csv (keywords are folded)."""
    with THEMES_FILE.open(encoding="utf-8", newline="") as handle:
        return [
            (row["code"], row["label"], fold(keyword.strip()))
            for row in csv.DictReader(handle)
            for keyword in row["keywords"].split("|")
            if keyword.strip()
        ]


def themes(engine: Engine | None = None) -> pd.DataFrame:
    """code, label, keywords ("a|b") of the recurring themes, in the file's order."""
    rows: dict[str, tuple[str, list[str]]] = {}
    for code, label, keyword in _theme_rows():
        rows.setdefault(code, (label, []))[1].append(keyword)
    return pd.DataFrame(
        [(code, label, "|".join(keywords)) for code, (label, keywords) in rows.items()],
        columns=["code", "label", "keywords"],
    )


def _theme_keywords():
    """(theme, keyword) rows of sample_data/themes.csv as a SQL subquery."""
    return union_all(
        *(
            select(literal(code, String).label("theme"), literal(keyword, String).label("keyword"))
            for code, _, keyword in _theme_rows()
        )
    ).subquery()


def theme_units(
    engine: Engine,
    province_code: int,
    year: int,
    theme: str,
    kinds: list[str] | tuple[str, ...] | None = None,
    subject: str = DEFAULT_SUBJECT,
) -> pd.DataFrame:
    """The units whose findings raise a theme in the year, most findings first:
    ward_code, ward_name, findings, is_sample."""
    keywords = _theme_keywords()
    statement = (
        select(
            Ward.code.label("ward_code"),
            Ward.name.label("ward_name"),
            func.count(distinct(Finding.id)).label("findings"),
            Report.is_sample,
        )
        .select_from(Finding)
        .join(Report, Report.id == Finding.report_id)
        .join(Ward, Ward.code == Report.ward_code)
        .join(keywords, and_(keywords.c.theme == theme, Finding.text_folded.contains(keywords.c.keyword)))
        .where(Ward.province_code == province_code, Report.year == year, current_reports(subject))
        .group_by(Ward.code, Ward.name, Report.is_sample)
        .order_by(func.count(distinct(Finding.id)).desc(), Ward.sort_order)
    )
    if kinds:
        statement = statement.where(Finding.kind.in_(list(kinds)))
    return frame(engine, statement)


def theme_counts(
    engine: Engine,
    province_code: int,
    year: int,
    kinds: list[str] | tuple[str, ...] | None = None,
    subject: str = DEFAULT_SUBJECT,
) -> pd.DataFrame:
    """How many units (and findings) raise each theme in the year, most units first; themes
    nobody raises are listed with 0: theme, label, units, findings."""
    keywords = _theme_keywords()
    statement = (
        select(
            keywords.c.theme,
            func.count(distinct(Report.ward_code)).label("units"),
            func.count(distinct(Finding.id)).label("findings"),
        )
        .select_from(Finding)
        .join(Report, Report.id == Finding.report_id)
        .join(Ward, Ward.code == Report.ward_code)
        .join(keywords, Finding.text_folded.contains(keywords.c.keyword))
        .where(Ward.province_code == province_code, Report.year == year, current_reports(subject))
        .group_by(keywords.c.theme)
    )
    if kinds:
        statement = statement.where(Finding.kind.in_(list(kinds)))
    counts = frame(engine, statement)
    result = themes().rename(columns={"code": "theme"})[["theme", "label"]].merge(counts, on="theme", how="left")
    result[["units", "findings"]] = result[["units", "findings"]].fillna(0).astype(int)
    return result.sort_values(["units", "findings"], ascending=False, kind="stable").reset_index(drop=True)


def report_sections(
    engine: Engine, province_code: int, year: int, subject: str = DEFAULT_SUBJECT
) -> pd.DataFrame:
    """Every current report of the province for the year with how many findings of each kind
    it holds (0 = the standard section is missing): ward_code, ward_name, report_id, is_sample,
    findings, then one column per kind (advantage ... recommendation), ward name order."""
    per_kind = [
        func.coalesce(func.sum(case((Finding.kind == kind, 1), else_=0)), 0).label(kind) for kind in FINDING_KINDS
    ]
    statement = (
        select(
            Ward.code.label("ward_code"),
            Ward.name.label("ward_name"),
            Report.id.label("report_id"),
            Report.is_sample,
            func.count(Finding.id).label("findings"),
            *per_kind,
        )
        .select_from(Report)
        .join(Ward, Ward.code == Report.ward_code)
        .join(Finding, Finding.report_id == Report.id, isouter=True)
        .where(Ward.province_code == province_code, Report.year == year, current_reports(subject))
        .group_by(Ward.code, Ward.name, Report.id, Report.is_sample)
        .order_by(Ward.sort_order, Ward.name)
    )
    return frame(engine, statement)


def reporting_matrix(engine: Engine, province_code: int, subject: str = DEFAULT_SUBJECT) -> pd.DataFrame:
    """Units x years: every unit of the province for every year that has a report in the
    province, with whether it reported: ward_code, ward_name, kind, year, reported, is_sample."""
    years = (
        select(Report.year)
        .join(Ward, Ward.code == Report.ward_code)
        .where(Ward.province_code == province_code, current_reports(subject))
        .distinct()
        .subquery()
    )
    report = aliased(Report)
    statement = (
        select(
            Ward.code.label("ward_code"),
            Ward.name.label("ward_name"),
            Ward.kind,
            years.c.year,
            report.id.is_not(None).label("reported"),
            report.is_sample,
        )
        .select_from(Ward)
        .join(years, true())
        .join(
            report,
            and_(
                report.ward_code == Ward.code,
                report.year == years.c.year,
                report.is_current,
                report.subject_id == subject_id_query(subject),
            ),
            isouter=True,
        )
        .where(Ward.province_code == province_code)
        .order_by(Ward.sort_order, Ward.name, years.c.year)
    )
    result = frame(engine, statement)
    result["reported"] = result["reported"].astype(bool)
    return result




def attention_units(
    engine: Engine,
    province_code: int,
    year: int,
    below_percent: float = 80.0,
    lowest: int = 3,
    subject: str = DEFAULT_SUBJECT,
) -> pd.DataFrame:
    """The "Cần chú ý" view: each unit whose mean % of target (as unit_achievement) is below
    `below_percent`, with its `lowest` indicators by % of target and its own limitations,
    causes and recommendations as written. One row per item, worst unit first, then
    indicators (lowest first) and findings (limitations, causes, recommendations, in report
    order): ward_code, ward_name, unit_percent, band, band_label, is_sample, report_id, part
    ("indicator" or the finding kind), position, text (indicator name or finding text),
    value, target, measure (the indicator's unit), achieved_percent, source_excerpt."""
    capped = _capped_achievement(engine)
    per_unit = (
        _figures(
            Ward.code.label("ward_code"),
            func.avg(capped).label("unit_percent"),
            target_required=True,
        )
        .where(Ward.province_code == province_code, Report.year == year, current_reports(subject))
        .group_by(Ward.code)
        .having(func.avg(capped) < below_percent)
        .subquery()
    )
    ranked = (
        _figures(
            Report.id.label("report_id"),
            func.row_number()
            .over(partition_by=Report.id, order_by=(_achieved(), Indicator.position))
            .label("position"),
            Indicator.name.label("text"),
            IndicatorValue.value,
            Target.target_value.label("target"),
            Indicator.unit.label("measure"),
            _achieved().label("achieved_percent"),
            IndicatorValue.source_excerpt,
            target_required=True,
        )
        .where(Ward.province_code == province_code, Report.year == year, current_reports(subject))
        .subquery()
    )
    kind_order = case({kind: i for i, kind in enumerate(ATTENTION_KINDS, start=1)}, value=Finding.kind)
    items = union_all(
        select(
            ranked.c.report_id,
            literal("indicator").label("part"),
            literal(0).label("part_order"),
            ranked.c.position,
            ranked.c.text,
            ranked.c.value,
            ranked.c.target,
            ranked.c.measure,
            ranked.c.achieved_percent,
            ranked.c.source_excerpt,
        ).where(ranked.c.position <= lowest),
        select(
            Finding.report_id,
            Finding.kind.label("part"),
            kind_order.label("part_order"),
            Finding.position,
            Finding.text,
            literal(None).label("value"),
            literal(None).label("target"),
            literal(None, String).label("measure"),
            literal(None).label("achieved_percent"),
            Finding.source_excerpt,
        ).where(Finding.kind.in_(ATTENTION_KINDS)),
    ).subquery()
    statement = (
        select(
            Ward.code.label("ward_code"),
            Ward.name.label("ward_name"),
            per_unit.c.unit_percent,
            *_band_columns(per_unit.c.unit_percent),
            Report.is_sample,
            Report.id.label("report_id"),
            items.c.part,
            items.c.position,
            items.c.text,
            items.c.value,
            items.c.target,
            items.c.measure,
            items.c.achieved_percent,
            items.c.source_excerpt,
        )
        .select_from(per_unit)
        .join(Ward, Ward.code == per_unit.c.ward_code)
        .join(Report, and_(Report.ward_code == Ward.code, Report.year == year, current_reports(subject)))
        .join(items, items.c.report_id == Report.id)
        .order_by(per_unit.c.unit_percent, Ward.sort_order, items.c.part_order, items.c.position)
    )
    return frame(engine, statement)


# --- the reads of the briefs, the extracts and the presentation mode ---


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
            Target.subject_id == subject_id_query(subject),
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
        .where(Ward.province_code == province_code, Report.year == year, current_reports(subject))
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
    columns of unit_achievement. Picks rows of that already aggregated result (one row
    per unit) rather than asking the database the same question twice."""
    achievement = unit_achievement(engine, province_code, year, subject)
    lowest = achievement_bands(engine).sort_values("min_percent").head(1)["code"]
    return achievement[achievement["band"].isin(lowest)].reset_index(drop=True)
