"""Writes: each public function is one transaction, so a failure leaves the database as it was."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from data_access.models import Finding, IndicatorValue, Report, Subject, Ward
from report_parser.text import fold


class WriteRefused(Exception):
    """A write that must not happen; the message is for the user, in Vietnamese."""


class ReportConflict(WriteRefused):
    """Someone else saved the same ward, year and subject at the same moment."""


@dataclass(frozen=True)
class SavedReport:
    report_id: int
    ward_code: int
    year: int
    version: int
    replaced_version: int | None
    figures: int
    findings: int


def content_hash(text: str | bytes | None) -> str | None:
    if text is None:
        return None
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def subject_id(conn: Connection, code: str) -> int:
    found = conn.scalar(select(Subject.id).where(Subject.code == code))
    if found is None:
        raise WriteRefused(f"Không có chủ đề theo dõi mã «{code}».")
    return found


def check_ward_and_year(conn: Connection, ward_code: int, year: int) -> None:
    if conn.scalar(select(Ward.code).where(Ward.code == ward_code)) is None:
        raise WriteRefused(f"Không có đơn vị hành chính mã {ward_code} trong danh mục chính thức.")
    this_year = dt.date.today().year
    if not (2000 <= int(year) <= this_year):
        raise WriteRefused(f"Năm báo cáo {year} không hợp lệ (phải từ 2000 đến {this_year}).")


def insert_report_version(
    conn: Connection,
    *,
    ward_code: int,
    year: int,
    subject_code: str,
    report: dict,
    figures: list[dict],
    findings: list[dict],
    is_sample: bool = False,
    imported_by: str | None = None,
) -> SavedReport:
    """Add a report as the new current version, keeping any earlier version as history.

    Runs inside the caller's transaction. `report` holds title, document_number,
    document_date, issuing_body, source_filename, source_text; figures hold indicator_code,
    value, unit, qualifier, task_area_code, figure_text, source_excerpt; findings hold kind,
    task_area_code, position, text, source_excerpt.
    """
    check_ward_and_year(conn, ward_code, year)
    sid = subject_id(conn, subject_code)
    key = (Report.ward_code == ward_code, Report.year == year, Report.subject_id == sid)
    previous = conn.execute(
        select(Report.id, Report.version).where(*key, Report.is_current).with_for_update()
    ).first()
    version = (conn.scalar(select(func.max(Report.version)).where(*key)) or 0) + 1
    stamp = now()
    if previous is not None:
        conn.execute(
            update(Report).where(Report.id == previous.id).values(is_current=False, superseded_at=stamp)
        )
    try:
        report_id = conn.execute(
            insert(Report)
            .values(
                ward_code=ward_code,
                year=year,
                subject_id=sid,
                version=version,
                is_current=True,
                title=report.get("title"),
                document_number=report.get("document_number"),
                document_date=report.get("document_date"),
                issuing_body=report.get("issuing_body"),
                source_filename=report.get("source_filename"),
                source_text=report.get("source_text"),
                content_hash=report.get("content_hash") or content_hash(report.get("source_text")),
                imported_at=stamp,
                imported_by=imported_by,
                is_sample=is_sample,
            )
            .returning(Report.id)
        ).scalar_one()
    except IntegrityError as exc:
        raise ReportConflict(
            "Báo cáo của đơn vị này cho năm này vừa được người khác lưu cùng lúc. "
            "Hãy tải lại trang để xem phiên bản hiện hành rồi nhập lại nếu cần."
        ) from exc
    value_rows = [
        {
            "report_id": report_id,
            "indicator_code": f.get("indicator_code"),
            "value": float(f["value"]),
            "unit": f.get("unit"),
            "qualifier": f.get("qualifier"),
            "task_area_code": f.get("task_area_code"),
            "figure_text": f.get("figure_text"),
            "source_excerpt": f.get("source_excerpt"),
            "position": f.get("position", i),
        }
        for i, f in enumerate(figures, start=1)
    ]
    finding_rows = [
        {
            "report_id": report_id,
            "kind": f["kind"],
            "task_area_code": f.get("task_area_code"),
            "position": f.get("position", i),
            "text": f["text"],
            "text_folded": fold(f["text"]),
            "source_excerpt": f.get("source_excerpt", f["text"]),
        }
        for i, f in enumerate(findings, start=1)
    ]
    if value_rows:
        conn.execute(insert(IndicatorValue), value_rows)
    if finding_rows:
        conn.execute(insert(Finding), finding_rows)
    return SavedReport(
        report_id=report_id,
        ward_code=ward_code,
        year=year,
        version=version,
        replaced_version=previous.version if previous else None,
        figures=len(value_rows),
        findings=len(finding_rows),
    )


def save_report(engine: Engine, **kwargs) -> SavedReport:
    """`insert_report_version` in a transaction of its own."""
    try:
        with engine.begin() as conn:
            return insert_report_version(conn, **kwargs)
    except IntegrityError as exc:
        raise WriteRefused(f"Dữ liệu không hợp lệ, không lưu được báo cáo: {exc.orig}") from exc
