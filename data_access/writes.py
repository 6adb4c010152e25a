"""Writes: each public function is one transaction, so a failure leaves the database as it was.

Every write takes an `actor` (data_access.security.Actor) and refuses, before touching the
database, an anonymous or read-only actor; an editor is further refused for a unit outside
its scopes. Each write adds its audit entry (who, when, what, before and after) in the same
transaction. Concurrency: on PostgreSQL the unit's row is locked (SELECT ... FOR NO KEY
UPDATE) so that writers of one unit queue; on SQLite the write transaction starts with
BEGIN IMMEDIATE (one writer at a time, others wait up to the busy timeout). The partial
unique index `uq_report_current` remains the last guard: a race that slips through becomes
a ReportConflict, never two current versions.

Corrections create a new version of the report that copies everything else, so the figure
as imported stays in the history (and the audit entry holds the values before and after).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import math
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.exc import DataError, IntegrityError, OperationalError

from data_access import audit
from data_access.config import FIRST_YEAR
from data_access.models import (
    FINDING_KINDS,
    QUALIFIERS,
    Finding,
    Indicator,
    IndicatorValue,
    Report,
    Subject,
    TaskArea,
    Ward,
)
from data_access.security import (  # noqa: F401  (re-exported: callers import them from here)
    ANONYMOUS,
    Actor,
    PermissionDenied,
    WriteRefused,
    require_ward,
    require_writer,
    system_actor,
)
from domain.format import now
from report_parser.text import fold


class ReportConflict(WriteRefused):
    """Someone else saved the same ward, year and subject at the same moment."""


CONFLICT_MESSAGE = (
    "Báo cáo của đơn vị này cho năm này vừa được người khác lưu cùng lúc. "
    "Hãy tải lại trang để xem phiên bản hiện hành rồi nhập lại nếu cần."
)
BUSY_MESSAGE = "Cơ sở dữ liệu đang bận vì có người khác đang ghi. Hãy thử lại sau ít phút; chưa có gì thay đổi."
UNCHECKED = object()  # expected_version not given: replace whatever version is current
SAMPLE_LOADER = "system:sample"  # the actor of data_access.sample: the only one that may store illustrative rows
MAX_FIGURES = 2000
MAX_FINDINGS = 2000
MAX_VALUE = 1e15  # larger than any count or amount in đồng a ward reports


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


def subject_id(conn: Connection, code: str) -> int:
    found = conn.scalar(select(Subject.id).where(Subject.code == str(code)))
    if found is None:
        raise WriteRefused(f"Không có chủ đề theo dõi mã «{code}».")
    return found


def checked_year(year, *, future: int = 0) -> int:
    """`year` as an int, if it lies from FIRST_YEAR to `future` years ahead; else WriteRefused."""
    this_year = dt.date.today().year
    try:
        value = int(year)
    except (TypeError, ValueError, OverflowError):
        raise WriteRefused(f"Năm «{year}» không hợp lệ.") from None
    if isinstance(year, float) and year != value:
        raise WriteRefused(f"Năm «{year}» không hợp lệ.")
    if not (FIRST_YEAR <= value <= this_year + future):
        raise WriteRefused(f"Năm {year} không hợp lệ (phải từ {FIRST_YEAR} đến {this_year + future}).")
    return value


# --------------------------------------------------------------------------- transactions


@contextlib.contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One write transaction; database errors become Vietnamese WriteRefused messages.

    On SQLite it starts with BEGIN IMMEDIATE so that reads and writes of the transaction
    happen under the write lock (the driver would otherwise start it only at the first write)."""
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            yield conn
    except IntegrityError as exc:
        raise WriteRefused(f"Dữ liệu không hợp lệ, không lưu được: {_first_line(exc.orig)}") from exc
    except DataError as exc:
        raise WriteRefused(f"Dữ liệu không hợp lệ, không lưu được: {_first_line(exc.orig)}") from exc
    except OperationalError as exc:
        if "locked" in str(exc.orig).lower() or "busy" in str(exc.orig).lower():
            raise WriteRefused(BUSY_MESSAGE) from exc
        raise


def _first_line(error) -> str:
    return str(error).strip().splitlines()[0][:300] if str(error).strip() else type(error).__name__


def lock_ward(conn: Connection, ward_code: int) -> None:
    """Queue writers of one unit on PostgreSQL (no-op elsewhere: SQLite has one writer)."""
    if conn.dialect.name == "postgresql":
        conn.execute(select(Ward.code).where(Ward.code == ward_code).with_for_update(key_share=True))


# --------------------------------------------------------------------------- validation


def _text(value, what: str, *, limit: int | None = None, required: bool = False) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip() and not required):
        if required:
            raise WriteRefused(f"Thiếu {what}.")
        return None if value is None else value
    if not isinstance(value, str):
        raise WriteRefused(f"{what[:1].upper()}{what[1:]} phải là văn bản.")
    if required and not value.strip():
        raise WriteRefused(f"Thiếu {what}.")
    if "\x00" in value:
        raise WriteRefused(f"{what[:1].upper()}{what[1:]} chứa ký tự không hợp lệ (NUL); tệp có thể bị hỏng.")
    if limit is not None and len(value) > limit:
        raise WriteRefused(f"{what[:1].upper()}{what[1:]} dài quá {limit} ký tự: «{value[:80]}…».")
    return value


def _value(value, what: str = "giá trị") -> float:
    if isinstance(value, bool):
        raise WriteRefused(f"{what[:1].upper()}{what[1:]} phải là một số.")
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise WriteRefused(f"{what[:1].upper()}{what[1:]} «{value}» không phải là số.") from None
    if not math.isfinite(number) or number < 0 or number > MAX_VALUE:
        raise WriteRefused(f"{what[:1].upper()}{what[1:]} «{value}» phải là số không âm và hữu hạn.")
    return number


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise WriteRefused(f"Ngày văn bản «{value}» không hợp lệ.")


def _known_codes(conn: Connection, column, codes: set) -> set:
    codes = {c for c in codes if c is not None}
    if not codes:
        return set()
    return set(conn.scalars(select(column).where(column.in_(codes))))


def _report_values(report: dict) -> dict:
    if not isinstance(report, dict):
        raise WriteRefused("Thông tin báo cáo không hợp lệ.")
    filename = report.get("source_filename")
    if isinstance(filename, str) and len(filename) > 255:
        stem, dot, ext = filename.rpartition(".")
        filename = (stem[: 250 - len(ext)] + dot + ext) if dot and len(ext) < 10 else filename[:255]
    source_text = _text(report.get("source_text"), "nội dung báo cáo")
    return {
        "title": _text(report.get("title"), "tiêu đề"),
        "document_number": _text(report.get("document_number"), "số văn bản", limit=60),
        "document_date": _date(report.get("document_date")),
        "issuing_body": _text(report.get("issuing_body"), "cơ quan ban hành"),
        "source_filename": _text(filename, "tên tệp"),
        "source_text": source_text,
        "content_hash": _text(report.get("content_hash"), "mã băm", limit=64) or content_hash(source_text),
    }


def _checked_rows(conn: Connection, items, limit: int, noun: str, row) -> list[dict]:
    """`row(item, i)` for each dict of a list of at most `limit`, then the codes they name;
    `noun` ("số liệu", "nhận định") says what is wrong in the refusal."""
    if not isinstance(items, (list, tuple)) or len(items) > limit:
        raise WriteRefused(f"Danh sách {noun} không hợp lệ (tối đa {limit}).")
    rows = []
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise WriteRefused(f"{noun.capitalize()} thứ {i} không hợp lệ.")
        rows.append(row(item, i))
    _check_codes(conn, rows)
    return rows


def _figure_row(f: dict, i: int) -> dict:
    qualifier = f.get("qualifier")
    if qualifier is not None and qualifier not in QUALIFIERS:
        raise WriteRefused(f"Số liệu thứ {i}: từ định lượng «{qualifier}» không được hỗ trợ.")
    return {
        "indicator_code": _text(f.get("indicator_code"), f"mã chỉ tiêu của số liệu thứ {i}", limit=60),
        "value": _value(f.get("value"), f"giá trị của số liệu thứ {i}"),
        "unit": _text(f.get("unit"), f"đơn vị tính của số liệu thứ {i}", limit=60),
        "qualifier": qualifier,
        "task_area_code": _text(f.get("task_area_code"), f"lĩnh vực của số liệu thứ {i}", limit=40),
        "figure_text": _text(f.get("figure_text"), f"nguyên văn số liệu thứ {i}"),
        "source_excerpt": _text(f.get("source_excerpt"), f"câu nguồn của số liệu thứ {i}"),
        "position": _position(f.get("position", i)),
    }


def _finding_row(f: dict, i: int) -> dict:
    kind = f.get("kind")
    if kind not in FINDING_KINDS:
        raise WriteRefused(f"Nhận định thứ {i}: loại «{kind}» không có.")
    text = _text(f.get("text"), f"nội dung nhận định thứ {i}", required=True)
    return {
        "kind": kind,
        "task_area_code": _text(f.get("task_area_code"), f"lĩnh vực của nhận định thứ {i}", limit=40),
        "position": _position(f.get("position", i)),
        "text": text,
        "text_folded": fold(text),
        "source_excerpt": _text(f.get("source_excerpt", text), f"câu nguồn của nhận định thứ {i}"),
    }


def _position(value) -> int:
    try:
        position = int(value)
    except (TypeError, ValueError, OverflowError):
        raise WriteRefused(f"Thứ tự «{value}» không hợp lệ.") from None
    if not 0 <= position <= 1_000_000:
        raise WriteRefused(f"Thứ tự «{value}» không hợp lệ.")
    return position


def _check_codes(conn: Connection, rows: list[dict]) -> None:
    indicators = {r["indicator_code"] for r in rows if r.get("indicator_code")}
    unknown = indicators - _known_codes(conn, Indicator.code, indicators)
    if unknown:
        raise WriteRefused(f"Không có chỉ tiêu mã {', '.join(sorted(unknown))} trong danh mục.")
    areas = {r["task_area_code"] for r in rows if r.get("task_area_code")}
    unknown = areas - _known_codes(conn, TaskArea.code, areas)
    if unknown:
        raise WriteRefused(f"Không có lĩnh vực mã {', '.join(sorted(unknown))}.")


# --------------------------------------------------------------------------- reports


def _report_key(ward_code: int, year: int, subject_code: str, version: int) -> str:
    return f"{ward_code}/{year}/{subject_code} v{version}"


def _figures_summary(rows: list[dict]) -> list[dict]:
    return [
        {k: r.get(k) for k in ("indicator_code", "value", "unit", "qualifier", "position")} for r in rows
    ]


def _store_version(
    conn: Connection,
    *,
    actor: Actor,
    ward_code: int,
    year: int,
    subject_code: str,
    values: dict,
    value_rows: list[dict],
    finding_rows: list[dict],
    is_sample: bool,
    imported_by: str | None,
    expected_version,
    stamp: dt.datetime,
) -> tuple[SavedReport, dict | None]:
    """Insert a new current version (the caller checked rights and validated the rows)."""
    sid = subject_id(conn, subject_code)
    lock_ward(conn, ward_code)
    key = (Report.ward_code == ward_code, Report.year == year, Report.subject_id == sid)
    previous = conn.execute(
        select(Report.id, Report.version, Report.content_hash, Report.title, Report.is_sample)
        .where(*key, Report.is_current)
        .with_for_update()
    ).first()
    if expected_version is not UNCHECKED and (previous.version if previous else None) != expected_version:
        raise ReportConflict(CONFLICT_MESSAGE)
    version = (conn.scalar(select(func.max(Report.version)).where(*key)) or 0) + 1
    if previous is not None:
        conn.execute(update(Report).where(Report.id == previous.id).values(is_current=False, superseded_at=stamp))
    try:
        report_id = conn.execute(
            insert(Report)
            .values(
                ward_code=ward_code, year=year, subject_id=sid, version=version, is_current=True,
                imported_at=stamp, imported_by=(imported_by or actor.username)[:100], is_sample=bool(is_sample),
                **values,
            )
            .returning(Report.id)
        ).scalar_one()
    except IntegrityError as exc:  # the transaction is spoilt on PostgreSQL: the caller rolls back
        raise ReportConflict(CONFLICT_MESSAGE) from exc
    if value_rows:
        conn.execute(insert(IndicatorValue), [{**r, "report_id": report_id} for r in value_rows])
    if finding_rows:
        conn.execute(insert(Finding), [{**r, "report_id": report_id} for r in finding_rows])
    saved = SavedReport(
        report_id=report_id, ward_code=ward_code, year=year, version=version,
        replaced_version=previous.version if previous else None,
        figures=len(value_rows), findings=len(finding_rows),
    )
    before = None
    if previous is not None:
        before = {"report_id": previous.id, "version": previous.version, "content_hash": previous.content_hash,
                  "title": previous.title, "is_sample": bool(previous.is_sample)}
    return saved, before


def _import_fields(actor: Actor, is_sample, imported_by) -> tuple[bool, str]:
    """(is_sample, imported_by) as the data layer decides them, never as a caller claims them.

    A report is illustrative only when the sample loader (actor `system:sample`) stores it,
    and it names as importer the actor who writes it. A caller that asks for anything else
    is refused, not silently corrected, so a mistake is seen: an editor or admin may not mark
    a report illustrative (`remove-sample` would later delete it) nor name another importer.
    The operator's own jobs (role `system`) may name the job they run for, e.g. "sample"."""
    if not isinstance(is_sample, bool | type(None)) and is_sample not in (0, 1):
        raise WriteRefused("Cờ dữ liệu minh họa phải là đúng hoặc sai.")
    if is_sample and not (actor.role == "system" and actor.username == SAMPLE_LOADER):
        raise PermissionDenied(
            "Chỉ chương trình nạp dữ liệu minh họa được đánh dấu báo cáo là dữ liệu minh họa; "
            "báo cáo nhập từ trang hoặc lệnh luôn là báo cáo thật."
        )
    if imported_by is not None and imported_by != actor.username:
        if actor.role != "system":
            raise PermissionDenied(
                f"Người nhập báo cáo được ghi theo tài khoản đang thực hiện («{actor.username}»); "
                "không được ghi tên người khác."
            )
        if not isinstance(imported_by, str) or not imported_by.strip() or "\x00" in imported_by:
            raise WriteRefused("Tên người nhập không hợp lệ.")
    return bool(is_sample), (imported_by or actor.username)[:100]


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
    actor: Actor | None = None,
    expected_version=UNCHECKED,
) -> SavedReport:
    """Add a report as the new current version, keeping any earlier version as history.

    Runs inside the caller's transaction and adds the audit entry there. `report` holds
    title, document_number, document_date, issuing_body, source_filename, source_text
    (content_hash optional); figures hold indicator_code, value, unit, qualifier,
    task_area_code, figure_text, source_excerpt; findings hold kind, task_area_code,
    position, text, source_excerpt.

    `actor` must be an editor for this unit, an admin or the system; otherwise
    PermissionDenied. `expected_version`: the version the user saw as current (None for
    "no report yet"); when given and another version is current now, ReportConflict.
    `is_sample` and `imported_by` are set here from the actor (see `_import_fields`): only the
    sample loader may pass is_sample=True, only a system job may name another importer.
    """
    require_writer(actor, "nhập báo cáo")
    is_sample, imported_by = _import_fields(actor, is_sample, imported_by)
    require_ward(conn, actor, ward_code, "nhập báo cáo")
    year = checked_year(year)
    ward_code = int(ward_code)
    values = _report_values(report)
    value_rows = _checked_rows(conn, figures, MAX_FIGURES, "số liệu", _figure_row)
    finding_rows = _checked_rows(conn, findings, MAX_FINDINGS, "nhận định", _finding_row)
    stamp = now()
    saved, before = _store_version(
        conn, actor=actor, ward_code=ward_code, year=year, subject_code=subject_code, values=values,
        value_rows=value_rows, finding_rows=finding_rows, is_sample=is_sample, imported_by=imported_by,
        expected_version=expected_version, stamp=stamp,
    )
    after = {
        "report_id": saved.report_id, "version": saved.version, "title": values["title"],
        "document_number": values["document_number"], "document_date": values["document_date"],
        "source_filename": values["source_filename"], "content_hash": values["content_hash"],
        "is_sample": bool(is_sample), "figures": _figures_summary(value_rows), "findings": len(finding_rows),
    }
    audit.record(
        conn, actor=actor, action="report_reimport" if before else "report_import", table="report",
        key=_report_key(ward_code, year, subject_code, saved.version), before=before, after=after,
        ward_code=ward_code, year=year, at=stamp,
    )
    return saved


def save_report(engine: Engine, *, actor: Actor | None = None, **kwargs) -> SavedReport:
    """`insert_report_version` in a transaction of its own. Refuses a missing, anonymous or
    read-only actor before opening a connection."""
    require_writer(actor, "nhập báo cáo")
    with write_transaction(engine) as conn:
        return insert_report_version(conn, actor=actor, **kwargs)


# --------------------------------------------------------------------------- corrections


KEEP = object()  # a correction argument left as it is


def _current_report_of(conn: Connection, report_id: int, actor: Actor, what: str):
    report = conn.execute(select(*Report.__table__.columns).where(Report.id == report_id)).first()
    if report is None:
        raise WriteRefused("Không tìm thấy báo cáo cần sửa.")
    require_ward(conn, actor, report.ward_code, what)
    lock_ward(conn, report.ward_code)
    is_current = conn.scalar(select(Report.is_current).where(Report.id == report_id))
    if not is_current:
        raise ReportConflict(
            "Báo cáo này đã có phiên bản mới hơn (có thể vừa được người khác nhập hoặc sửa). "
            "Hãy tải lại trang rồi sửa trên phiên bản hiện hành."
        )
    return report


def _copy_rows(conn: Connection, model, report_id: int, skip: set[str]) -> list[dict]:
    columns = [c for c in model.__table__.columns if c.name not in skip]
    rows = conn.execute(select(*columns).where(model.report_id == report_id).order_by(model.position, model.id))
    return [dict(r._mapping) for r in rows]


def _known_qualifier(qualifier):
    if qualifier is not None and qualifier not in QUALIFIERS:
        raise WriteRefused(f"Từ định lượng «{qualifier}» không được hỗ trợ.")
    return qualifier


def _known_kind(kind):
    if kind not in FINDING_KINDS:
        raise WriteRefused(f"Loại nhận định «{kind}» không có.")
    return kind


@dataclass(frozen=True)
class _Correctable:
    """What a correction may change in one kind of row, and how each new value is checked."""

    model: type
    name: str  # the audit action's prefix: figure_correct, finding_remove, …
    what: str  # the action, in the refusal messages
    checks: dict


_AREA_CHECK = {"task_area_code": lambda v: _text(v, "lĩnh vực", limit=40) or None}
_FIGURE = _Correctable(IndicatorValue, "figure", "sửa số liệu", {
    "value": _value,
    "indicator_code": lambda v: _text(v, "mã chỉ tiêu", limit=60) or None,
    "unit": lambda v: _text(v, "đơn vị tính", limit=60),
    "qualifier": _known_qualifier,
    **_AREA_CHECK,
})
_FINDING = _Correctable(Finding, "finding", "sửa nhận định", {
    "text": lambda v: _text(v, "nội dung nhận định", required=True),
    "kind": _known_kind,
    **_AREA_CHECK,
})


def _correct(
    engine: Engine,
    *,
    actor: Actor | None,
    kind: _Correctable,
    row_id: int,
    changes: dict,
    remove: bool,
) -> SavedReport:
    """The correction both figures and findings get: each field of `changes` that is not KEEP
    is checked by the kind's own checker, then the codes are checked the same way."""
    model, what = kind.model, kind.what
    require_writer(actor, what)
    with write_transaction(engine) as conn:
        report_id = conn.scalar(select(model.report_id).where(model.id == row_id))
        if report_id is None:
            raise WriteRefused("Không tìm thấy dòng cần sửa; có thể báo cáo vừa được nhập lại. Hãy tải lại trang.")
        report = _current_report_of(conn, report_id, actor, what)
        subject_code = conn.scalar(select(Subject.code).where(Subject.id == report.subject_id))
        rows = _copy_rows(conn, model, report_id, {"report_id"})
        target = next(r for r in rows if r["id"] == row_id)
        before = {k: v for k, v in target.items() if k not in ("id", "text_folded")}
        after = None
        if remove:
            rows = [r for r in rows if r["id"] != row_id]
        else:
            for field, value in changes.items():
                if value is not KEEP:
                    target[field] = kind.checks[field](value)
            if "text_folded" in target:  # the search column follows the text
                target["text_folded"] = fold(target["text"])
            _check_codes(conn, [target])
            after = {k: v for k, v in target.items() if k not in ("id", "text_folded")}
            if after == before:
                raise WriteRefused("Không có gì thay đổi.")
        stamp = now()
        if not remove:  # the page shows "đã sửa" with who and when
            target["corrected_by"], target["corrected_at"] = actor.username[:100], stamp
        for r in rows:
            r.pop("id")
        values = {k: getattr(report, k) for k in (
            "title", "document_number", "document_date", "issuing_body", "source_filename", "source_text",
            "content_hash")}
        if model is IndicatorValue:
            figures, findings = rows, _copy_rows(conn, Finding, report_id, {"id", "report_id"})
        else:
            figures, findings = _copy_rows(conn, IndicatorValue, report_id, {"id", "report_id"}), rows
        saved, _ = _store_version(
            conn, actor=actor, ward_code=report.ward_code, year=report.year, subject_code=subject_code,
            values=values, value_rows=figures, finding_rows=findings, is_sample=report.is_sample,
            imported_by=actor.username, expected_version=report.version, stamp=stamp,
        )
        audit.record(
            conn, actor=actor, action=f"{kind.name}_{'remove' if remove else 'correct'}", table=model.__tablename__,
            key=f"{_report_key(report.ward_code, report.year, subject_code, report.version)} "
                f"→ v{saved.version}, #{before.get('position')}",
            before=before, after=after, ward_code=report.ward_code, year=report.year, at=stamp,
        )
        return saved


def correct_figure(engine: Engine, *, actor: Actor | None, figure_id: int, value=KEEP, indicator_code=KEEP,
                   unit=KEEP, qualifier=KEEP, task_area_code=KEEP, remove: bool = False) -> SavedReport:
    """Correct (or with remove=True drop) one figure of a current report.

    Makes a new current version that copies everything else, so the figure as imported stays
    in the history; `figure_id` must belong to the current version (else ReportConflict)."""
    changes = dict(value=value, indicator_code=indicator_code, unit=unit, qualifier=qualifier,
                   task_area_code=task_area_code)
    return _correct(engine, actor=actor, kind=_FIGURE, row_id=figure_id, changes=changes, remove=remove)


def correct_finding(engine: Engine, *, actor: Actor | None, finding_id: int, text=KEEP, kind=KEEP,
                    task_area_code=KEEP, remove: bool = False) -> SavedReport:
    """Correct (or with remove=True drop) one finding of a current report; a new version, as
    for figures."""
    changes = dict(text=text, kind=kind, task_area_code=task_area_code)
    return _correct(engine, actor=actor, kind=_FINDING, row_id=finding_id, changes=changes, remove=remove)


__all__ = [
    "WriteRefused", "PermissionDenied", "ReportConflict", "Actor", "ANONYMOUS", "system_actor", "SavedReport",
    "insert_report_version", "save_report", "correct_figure", "correct_finding",
    "write_transaction", "content_hash", "now", "subject_id", "UNCHECKED", "KEEP",
]
