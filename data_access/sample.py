"""The embedded sample: the real Hải Dương 2025 report and illustrative data for a province.

The real report is stored as real (`is_sample` false); everything the illustrative generator
makes is flagged `is_sample`, and it never replaces a real report.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import Connection, Engine, delete, func, insert, select

from data_access import data_version
from data_access.config import PROJECT_ROOT
from data_access.imports import prepare_import
from data_access.models import Finding, Indicator, IndicatorValue, Report, Target, Ward
from data_access.reference import DEFAULT_PROVINCE, DEFAULT_SUBJECT
from data_access.writes import content_hash, insert_report_version, now, subject_id, system_actor
from report_parser.text import fold
from sample_data import illustrative

SAMPLE_DIR = PROJECT_ROOT / "sample_data"
REAL_REPORT_TEXT = SAMPLE_DIR / "hai-duong-2026-kl62.txt"
REAL_REPORT_TRUTH = SAMPLE_DIR / "hai_duong_2025.json"
SAMPLE_YEARS = range(2021, 2026)
CHUNK = 2000


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


def _chunks(rows: list[dict], size: int = CHUNK) -> Iterable[list[dict]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def load_illustrative(
    conn: Connection,
    *,
    province_codes: Iterable[int],
    years: Iterable[int],
    seed: int = illustrative.SEED,
    findings_per_report: int = 20,
) -> dict[str, int]:
    """Bulk-insert illustrative reports and targets; units that already have a current report
    for a year (such as the real Hải Dương 2025 report) keep it and get no illustrative one."""
    years = list(years)
    sid = subject_id(conn, DEFAULT_SUBJECT)
    wards = conn.execute(
        select(Ward.code, Ward.name, Ward.kind)
        .where(Ward.province_code.in_(list(province_codes)))
        .order_by(Ward.code)
    ).all()
    taken = set(
        conn.execute(
            select(Report.ward_code, Report.year).where(
                Report.subject_id == sid, Report.is_current, Report.year.in_(years),
                Report.ward_code.in_([w.code for w in wards]),
            )
        ).all()
    )
    targeted = set(
        conn.execute(
            select(Target.ward_code, Target.year, Target.indicator_code).where(
                Target.subject_id == sid, Target.year.in_(years)
            )
        ).all()
    )
    catalogue = {
        row.code: row
        for row in conn.execute(select(Indicator.code, Indicator.name, Indicator.unit, Indicator.task_area_code))
    }
    stamp = now()
    report_rows, payloads, target_rows = [], [], []
    for ward in wards:
        for year in years:
            for target in illustrative.targets_for(ward.code, ward.kind, year, seed):
                if (ward.code, year, target["indicator_code"]) not in targeted:
                    target_rows.append(
                        {**target, "ward_code": ward.code, "year": year, "subject_id": sid, "is_sample": True}
                    )
            if (ward.code, year) in taken:
                continue
            generated = illustrative.generate_report(
                ward.code, ward.name, ward.kind, year, seed=seed, findings_per_report=findings_per_report
            )
            if generated is None:
                continue
            report_rows.append(
                {
                    "ward_code": ward.code,
                    "year": year,
                    "subject_id": sid,
                    "version": 1,
                    "is_current": True,
                    "title": generated.title,
                    "document_number": generated.document_number,
                    "document_date": generated.document_date,
                    "issuing_body": generated.issuing_body,
                    "source_filename": None,
                    "source_text": None,
                    "content_hash": None,
                    "imported_at": stamp,
                    "imported_by": "sample",
                    "is_sample": True,
                }
            )
            payloads.append(generated)
    value_rows: list[dict] = []
    finding_rows: list[dict] = []
    for chunk_start in range(0, len(report_rows), CHUNK):
        chunk = report_rows[chunk_start : chunk_start + CHUNK]
        ids = conn.execute(
            insert(Report).returning(Report.id, sort_by_parameter_order=True), chunk
        ).scalars().all()
        for report_id, generated in zip(ids, payloads[chunk_start : chunk_start + CHUNK], strict=True):
            for f in generated.figures:
                ind = catalogue[f["indicator_code"]]
                value_rows.append(
                    {
                        "report_id": report_id,
                        "indicator_code": ind.code,
                        "value": f["value"],
                        "unit": ind.unit,
                        "qualifier": None,
                        "task_area_code": ind.task_area_code,
                        "figure_text": None,
                        "source_excerpt": illustrative.figure_excerpt(ind.name, f["value"], ind.unit, generated.year),
                        "position": f["position"],
                    }
                )
            for f in generated.findings:
                finding_rows.append(
                    {
                        "report_id": report_id,
                        "kind": f["kind"],
                        "task_area_code": f["task_area_code"],
                        "position": f["position"],
                        "text": f["text"],
                        "text_folded": fold(f["text"]),
                        "source_excerpt": f["text"],
                    }
                )
        if len(value_rows) > 20 * CHUNK:
            _flush(conn, value_rows, finding_rows)
    _flush(conn, value_rows, finding_rows)
    for chunk in _chunks(target_rows):
        conn.execute(insert(Target), chunk)
    return {"report": len(report_rows), "target": len(target_rows)}


def _flush(conn: Connection, value_rows: list[dict], finding_rows: list[dict]) -> None:
    for chunk in _chunks(value_rows):
        conn.execute(insert(IndicatorValue), chunk)
    for chunk in _chunks(finding_rows):
        conn.execute(insert(Finding), chunk)
    value_rows.clear()
    finding_rows.clear()


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
