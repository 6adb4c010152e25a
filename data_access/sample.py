"""The embedded sample: the real Hải Dương 2025 report and illustrative data for a province.

The real report is stored as real (`is_sample` false); everything the illustrative generator
makes is flagged `is_sample`, and it never replaces a real report.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import Connection, Engine, delete, func, select

from data_access import data_version, generate
from data_access.config import PROJECT_ROOT
from data_access.imports import prepare_import
from data_access.models import Finding, IndicatorValue, Report, Target
from data_access.reference import DEFAULT_PROVINCE, DEFAULT_SUBJECT
from data_access.writes import content_hash, insert_report_version, system_actor
from sample_data import illustrative

SAMPLE_DIR = PROJECT_ROOT / "sample_data"
REAL_REPORT_TEXT = SAMPLE_DIR / "hai-duong-2026-kl62.txt"
REAL_REPORT_TRUTH = SAMPLE_DIR / "hai_duong_2025.json"
SAMPLE_YEARS = range(2021, 2026)


def ground_truth() -> dict:
    return json.loads(REAL_REPORT_TRUTH.read_text(encoding="utf-8"))


def real_report_rows() -> dict:
    """The real report's ground truth as `insert_report_version` arguments (for comparisons;
    the database gets the report through the importer, see `load_real_report`)."""
    truth = ground_truth()
    text = REAL_REPORT_TEXT.read_text(encoding="utf-8")
    return {
        "ward_code": truth["unit_code"],
        "year": truth["year"],
        "subject_code": truth["subject"],
        "report": {
            "title": truth["title"],
            "document_number": truth["document_number"],
            "document_date": truth["document_date"],
            "issuing_body": truth["issuing_body"],
            "source_filename": truth["source_file"],
            "source_text": text,
            "content_hash": content_hash(text),
        },
        "figures": [
            {
                "indicator_code": f["indicator"],
                "value": f["value"],
                "unit": f["unit"],
                "qualifier": f["qualifier"],
                "task_area_code": f["task_area"],
                "figure_text": f["text"],
                "source_excerpt": f["sentence"],
            }
            for f in truth["figures"]
        ],
        "findings": [
            {
                "kind": f["kind"],
                "task_area_code": f["task_area"],
                "position": f["order"],
                "text": f["text"],
                "source_excerpt": f["text"],
            }
            for f in truth["findings"]
        ],
        "is_sample": False,
    }


def load_real_report(conn: Connection) -> int:
    """Import the real Hải Dương report through the importer, inside the caller's transaction:
    the text is parsed, its unit and year are read from it, and its rows are stored as real
    (not illustrative). tests/test_import_sample.py checks the result equals the ground truth."""
    prepared = prepare_import(conn, REAL_REPORT_TEXT.read_bytes(), REAL_REPORT_TEXT.name, subject_code=DEFAULT_SUBJECT)
    return insert_report_version(
        conn, **prepared.insert_kwargs(), is_sample=False, imported_by="sample", actor=system_actor("system:sample")
    ).report_id


def load_illustrative(
    conn: Connection,
    *,
    province_codes: Iterable[int],
    years: Iterable[int],
    seed: int = illustrative.SEED,
    findings_per_report: int = 20,
) -> dict[str, int]:
    """Illustrative reports and targets, made and written as `manage.py generate` makes them
    (data_access.generate), inside the caller's transaction; units that already have a current
    report for a year (such as the real Hải Dương 2025 report) keep it and get no illustrative one."""
    years = sorted({int(y) for y in years})
    counts = {"report": 0, "target": 0}
    for code in dict.fromkeys(int(c) for c in province_codes):
        prepared = generate.prepare_province(conn, code, years, seed, findings_per_report)
        generate.write_province(conn, prepared)
        counts["report"] += prepared.result.reports
        counts["target"] += prepared.result.targets
    return counts


def has_reports(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(Report)) > 0


def load_sample(engine: Engine, *, province_code: int = DEFAULT_PROVINCE) -> dict[str, int]:
    """The demo: the real Hải Dương 2025 report, then illustrative data for the province."""
    truth = ground_truth()
    with engine.begin() as conn:
        real_present = conn.scalar(
            select(func.count()).select_from(Report).where(
                Report.ward_code == truth["unit_code"], Report.year == truth["year"], Report.is_sample.is_(False),
            )
        )
        if not real_present:
            load_real_report(conn)
        counts = load_illustrative(conn, province_codes=[province_code], years=SAMPLE_YEARS)
        data_version.bump(conn)
    return counts


def remove_sample(engine: Engine) -> dict[str, int]:
    """Delete every illustrative row (only when the user asks: `manage.py remove-sample`)."""
    with engine.begin() as conn:
        sample_ids = select(Report.id).where(Report.is_sample)
        counts = {
            "indicator_value": conn.execute(
                delete(IndicatorValue).where(IndicatorValue.report_id.in_(sample_ids))
            ).rowcount,
            "finding": conn.execute(delete(Finding).where(Finding.report_id.in_(sample_ids))).rowcount,
            "report": conn.execute(delete(Report).where(Report.is_sample)).rowcount,
            "target": conn.execute(delete(Target).where(Target.is_sample)).rowcount,
        }
        data_version.bump(conn)
    return counts


__all__ = ["load_sample", "remove_sample", "load_illustrative", "real_report_rows", "ground_truth", "has_reports"]
