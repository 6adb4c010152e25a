"""Reads behind the correction form of the unit page: the rows of a unit's current report
with their ids (a correction names the row it changes) and the corrections made so far.
The writes themselves are data_access.writes.correct_figure / correct_finding."""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import Engine, select

from data_access.models import Finding, Indicator, IndicatorValue, Report
from data_access.queries import current_reports, frame
from data_access.reference import DEFAULT_SUBJECT
from data_access.security_models import AuditEntry

CORRECTION_ACTIONS = ("figure_correct", "figure_remove", "finding_correct", "finding_remove")


def figures(engine: Engine, ward_code: int, year: int, subject: str = DEFAULT_SUBJECT) -> pd.DataFrame:
    """Figures of the current report: figure_id, position, indicator_code, indicator_name,
    value, unit, qualifier, task_area_code, figure_text, corrected_by, corrected_at."""
    return frame(
        engine,
        select(
            IndicatorValue.id.label("figure_id"),
            IndicatorValue.position,
            IndicatorValue.indicator_code,
            Indicator.name.label("indicator_name"),
            IndicatorValue.value,
            IndicatorValue.unit,
            IndicatorValue.qualifier,
            IndicatorValue.task_area_code,
            IndicatorValue.figure_text,
            IndicatorValue.corrected_by,
            IndicatorValue.corrected_at,
        )
        .join(Report, Report.id == IndicatorValue.report_id)
        .join(Indicator, Indicator.code == IndicatorValue.indicator_code, isouter=True)
        .where(Report.ward_code == int(ward_code), Report.year == int(year), current_reports(subject))
        .order_by(IndicatorValue.position, IndicatorValue.id),
    )


def findings(engine: Engine, ward_code: int, year: int, subject: str = DEFAULT_SUBJECT) -> pd.DataFrame:
    """Findings of the current report: finding_id, position, kind, task_area_code, text,
    corrected_by, corrected_at."""
    return frame(
        engine,
        select(Finding.id.label("finding_id"), Finding.position, Finding.kind, Finding.task_area_code, Finding.text,
               Finding.corrected_by, Finding.corrected_at)
        .join(Report, Report.id == Finding.report_id)
        .where(Report.ward_code == int(ward_code), Report.year == int(year), current_reports(subject))
        .order_by(Finding.kind, Finding.position, Finding.id),
    )


def history(engine: Engine, ward_code: int, year: int) -> pd.DataFrame:
    """Corrections of the unit's report for the year, newest first, from the audit trail:
    at, actor, action, row_key, before, after (dicts: the old values stay readable here)."""
    data = frame(
        engine,
        select(AuditEntry.at, AuditEntry.actor, AuditEntry.action, AuditEntry.row_key,
               AuditEntry.before_json.label("before"), AuditEntry.after_json.label("after"))
        .where(AuditEntry.ward_code == int(ward_code), AuditEntry.year == int(year),
               AuditEntry.action.in_(CORRECTION_ACTIONS))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()),
    )
    for column in ("before", "after"):
        data[column] = data[column].map(lambda v: json.loads(v) if isinstance(v, str) else None)
    return data
