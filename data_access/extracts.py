"""The DataFrames a whole-view download (exports.views) or a brief (exports.brief) is made of,
each from a read of data_access.queries, keyed by the name the export gives the table. The
exports are pure and never read: a page, a command or a test reads with these and hands
them the frames."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from data_access import queries
from domain.vocabulary import BRIEF_KINDS

Frames = dict[str, pd.DataFrame]


def unit(engine: Engine, ward_code: int, year: int) -> Frames:
    """A unit's year: unit, report (report_of_unit), figures (unit_indicators), findings,
    achievement (unit_achievement of its province). Only `unit` when the code is unknown."""
    found = queries.unit(engine, ward_code)
    if found.empty:
        return {"unit": found}
    return {
        "unit": found,
        "report": queries.report_of_unit(engine, ward_code, year),
        "figures": queries.unit_indicators(engine, ward_code, year),
        "findings": queries.findings(engine, ward_code=ward_code, year=year),
        "achievement": queries.unit_achievement(engine, int(found.iloc[0]["province_code"]), year),
    }


def province(engine: Engine, province_code: int, year: int) -> Frames:
    """A province's year: province, summary (reporting_summary), the tables of the overview
    (figures, targets, achievement, headline, findings, reporting, attention), status
    (province_target_status), behind (units_behind) and themes_<kind> (theme_counts) for
    each kind a brief prints. Only `province` when the code is unknown."""
    found = queries.province(engine, province_code)
    if found.empty:
        return {"province": found}
    frames = {
        "province": found,
        "summary": queries.reporting_summary(engine, province_code, year),
        "figures": queries.province_indicator_values(engine, province_code, year),
        "targets": queries.province_targets(engine, province_code, year),
        "achievement": queries.unit_achievement(engine, province_code, year),
        "headline": queries.province_headline(engine, province_code, year),
        "findings": queries.findings(engine, province_code=province_code, year=year),
        "reporting": queries.reporting_status(engine, province_code, year),
        "attention": queries.attention_units(engine, province_code, year),
        "status": queries.province_target_status(engine, province_code, year),
        "behind": queries.units_behind(engine, province_code, year),
    }
    for kind in BRIEF_KINDS:
        frames[f"themes_{kind}"] = queries.theme_counts(engine, province_code, year, kinds=(kind,))
    return frames
