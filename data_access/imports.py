"""Storing the reports units already write (.docx, .pdf, .txt or pasted text).

The importer's pure half (`importer`: bounded reading, proposing the unit, year and subject,
the rows staff review) decides what a report says; this module reads the catalogues it needs
and saves the result in one transaction. Nothing is written for a file that cannot be read,
whose unit or year is unknown or wrong, or (in a dry run) at all.

Two ways in:

* `import_report_bytes` — a whole file, unattended (the `import-reports` command, the sample).
  A dry run goes through every step of the real import, the database's own checks included,
  and rolls back instead of committing: its verdict is the real one.
* the import page: `importer.bounded.read_report` + `importer.proposal.propose` +
  `importer.review.draft_tables`, then `save_reviewed_report` once staff have corrected the rows.

Every refusal is an `ImportRefused` (a `WriteRefused`) or a `ReportReadError`, each with a
Vietnamese message for the user.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, Engine, func, select

from data_access.catalogue import parser_indicators
from data_access.models import QUALIFIERS, Indicator, Report, Subject, TaskArea, Ward
from data_access.reference import DEFAULT_SUBJECT
from data_access.writes import (
    UNCHECKED,
    SavedReport,
    WriteRefused,
    insert_report_version,
    require_ward,
    require_writer,
    save_report,
    write_transaction,
)
from importer import bounded, proposal, review
from report_parser import ParsedReport

__all__ = [
    "REPORT_SUFFIXES",
    "ImportRefused",
    "ImportResult",
    "PreparedImport",
    "check_year",
    "prepare_import",
    "import_report_bytes",
    "save_reviewed_report",
    "units_frame",
    "indicator_codes",
    "subject_codes",
]

REPORT_SUFFIXES = (".txt", ".docx", ".pdf")
_MAX_LISTED_ERRORS = 8


class ImportRefused(WriteRefused):
    """The report cannot be imported as it is (unknown unit, wrong year, invalid rows...)."""


@dataclass
class ImportResult:
    """What happened to one file: saved, a dry run, or unchanged (same text as the current version)."""

    filename: str | None
    ward_code: int
    ward_name: str
    year: int
    figures: list[dict]
    findings: list[dict]
    warnings: list[str]
    version: int
    replaced_version: int | None
    saved: bool
    message: str
    # "saved" | "dry_run" | "unchanged"
    status: str = "saved"


@dataclass
class PreparedImport:
    """A parsed report with its unit and year resolved, ready to save (nothing written yet)."""

    filename: str | None
    ward_code: int
    ward_name: str
    year: int
    subject_code: str
    rows: dict
    warnings: list[str]
    current_version: int | None
    current_imported_at: dt.datetime | None
    current_hash: str | None
    next_version: int

    @property
    def unchanged(self) -> bool:
        return self.current_hash is not None and self.current_hash == self.rows["report"]["content_hash"]

    def insert_kwargs(self) -> dict:
        """Keyword arguments of `writes.insert_report_version` / `writes.save_report`."""
        return {"ward_code": self.ward_code, "year": self.year, "subject_code": self.subject_code, **self.rows}


def check_year(year: int) -> int:
    """The year, if reports can be for it (2000 to this year); else ImportRefused."""
    try:
        return proposal.check_year(year)
    except proposal.ImportRefusedReason as exc:
        raise ImportRefused(str(exc)) from None


# --- database lookups ---------------------------------------------------------------------


def units_frame(conn: Connection | Engine, province_code: int | None = None) -> pd.DataFrame:
    """code, name, kind, province_code of the official units (of one province when given)."""
    statement = select(Ward.code, Ward.name, Ward.kind, Ward.province_code).order_by(Ward.code)
    if province_code is not None:
        statement = statement.where(Ward.province_code == province_code)
    return _frame(conn, statement)


def units_by_code(conn: Connection | Engine, codes) -> pd.DataFrame:
    """code, name, kind, province_code of the given official units (the successors of an old one)."""
    codes = [int(c) for c in codes or []]
    statement = select(Ward.code, Ward.name, Ward.kind, Ward.province_code).where(Ward.code.in_(codes))
    return _frame(conn, statement.order_by(Ward.code))


def indicator_codes(conn: Connection | Engine) -> set[str]:
    return set(_frame(conn, select(Indicator.code))["code"])


def subject_codes(conn: Connection | Engine) -> pd.DataFrame:
    """code, name of the subjects the database monitors."""
    return _frame(conn, select(Subject.code, Subject.name).order_by(Subject.id))


def _task_area_codes(conn: Connection | Engine) -> set[str]:
    return set(_frame(conn, select(TaskArea.code))["code"])


def _frame(conn: Connection | Engine, statement) -> pd.DataFrame:
    if isinstance(conn, Engine):
        with conn.connect() as c:
            return _frame(c, statement)
    result = conn.execute(statement)
    return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def _versions(conn: Connection, ward_code: int, year: int, subject_code: str):
    """(current row or None, highest version or 0) of a unit's report for a year."""
    sid = conn.scalar(select(Subject.id).where(Subject.code == subject_code))
    if sid is None:
        raise ImportRefused(f"Không có chủ đề theo dõi mã «{subject_code}».")
    key = (Report.ward_code == ward_code, Report.year == year, Report.subject_id == sid)
    current = conn.execute(
        select(Report.version, Report.imported_at, Report.content_hash).where(*key, Report.is_current)
    ).first()
    highest = conn.scalar(select(func.max(Report.version)).where(*key)) or 0
    return current, highest


def prepare_import(
    conn: Connection,
    data: bytes,
    filename: str | None,
    *,
    ward_code: int | None = None,
    year: int | None = None,
    subject_code: str | None = None,
    units: pd.DataFrame | None = None,
    parsed: tuple[ParsedReport, str] | None = None,
) -> PreparedImport:
    """Read, parse (in a bounded worker) and resolve a file; nothing is written.

    `subject_code` None: the subject the text names when the database has it, else KL62 with a
    warning. `parsed`: (report, source text) already read. Raises ReportReadError / ImportRefused."""
    if parsed is None:  # mapped to the database's catalogue, keywords added by admins included
        parsed = bounded.read_report(data, filename, indicators=parser_indicators(conn))
    report, text = parsed
    units = units_frame(conn) if units is None else units
    try:
        ward_code, ward_name, year, notes = proposal.resolve_unit_and_year(
            report, filename, units, ward_code=ward_code, year=year
        )
    except proposal.ImportRefusedReason as exc:
        raise ImportRefused(str(exc)) from None
    if not any(not getattr(f, "is_target", False) for f in report.figures) and not report.findings:
        raise ImportRefused(
            "Văn bản không có số liệu hay nhận định nào đọc được; chưa lưu. "
            "Hãy mở trên trang Nhập báo cáo để xem và bổ sung."
        )
    # A note the parser already gave (the old unit and its successor) is not repeated.
    warnings = list(report.warnings) + [
        n
        for n in notes
        if not (proposal.NOW_PART_OF in n and any(ward_name in w and "nay thuộc" in w for w in report.warnings))
    ]
    if subject_code is None:
        subject = proposal.propose_subject(report, set(subject_codes(conn)["code"]))
        subject_code = subject.code
        if subject.note:
            warnings.append(subject.note)
    current, highest = _versions(conn, ward_code, year, subject_code)
    rows = review.rows_from_parsed(
        report, source_text=text, known_indicators=indicator_codes(conn), known_qualifiers=QUALIFIERS
    )
    targets = sum(1 for f in report.figures if getattr(f, "is_target", False))
    if targets:
        warnings.append(f"{targets} chỉ tiêu, mục tiêu báo cáo đề ra không được lưu thành kết quả.")
    return PreparedImport(
        filename=filename,
        ward_code=ward_code,
        ward_name=ward_name,
        year=year,
        subject_code=subject_code,
        rows=rows,
        warnings=warnings,
        current_version=current.version if current else None,
        current_imported_at=current.imported_at if current else None,
        current_hash=current.content_hash if current else None,
        next_version=highest + 1,
    )


# --- saving -------------------------------------------------------------------------------


def _date(value) -> str:
    if value is None:
        return "?"
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.strftime("%d/%m/%Y")


def _save(engine: Engine, actor, *, expected_version, **kwargs) -> SavedReport:
    """save_report: checks the actor's rights for the unit, writes the audit entry, and refuses
    (ReportConflict) when another version became current since the user looked."""
    return save_report(engine, actor=actor, expected_version=expected_version, **kwargs)


class _Rehearsed(Exception):
    """Raised at the end of a dry run's transaction so that it rolls back."""

    def __init__(self, saved: SavedReport):
        super().__init__("dry run")
        self.saved = saved


def _rehearse(engine: Engine, actor, *, expected_version, **kwargs) -> SavedReport:
    """Everything `_save` does (rights, every row check, the database's constraints, the new
    version's number), in a transaction that is rolled back instead of committed."""
    require_writer(actor, "nhập báo cáo")
    try:
        with write_transaction(engine) as conn:
            saved = insert_report_version(conn, actor=actor, expected_version=expected_version, **kwargs)
            raise _Rehearsed(saved)
    except _Rehearsed as done:
        return done.saved


def _saved_message(ward_name: str, year: int, figures: int, findings: int, version: int, replaced: int | None) -> str:
    text = f"Đã lưu báo cáo của {ward_name} năm {year}: {figures} số liệu, {findings} nhận định, phiên bản {version}"
    if replaced:
        text += f" (thay phiên bản {replaced}; phiên bản cũ được giữ lại làm lịch sử)"
    return text + "."


def import_report_bytes(
    engine: Engine,
    data: bytes,
    filename: str | None,
    *,
    actor=None,
    ward_code: int | None = None,
    year: int | None = None,
    subject_code: str | None = None,
    dry_run: bool = False,
    force: bool = False,
    units: pd.DataFrame | None = None,
) -> ImportResult:
    """Parse one file and save it as the unit's new current report, in one transaction.

    The unit and year come from the text (else the file name); `ward_code` / `year` fill in what
    the text does not say and must agree with what it does say. The subject is the one the text
    names when the database has it (else KL62, with a warning) unless `subject_code` is given.
    A text identical to the current version's is not saved again unless `force`. `dry_run` runs
    every check of the real import and writes nothing. Raises ReportReadError or ImportRefused
    (a WriteRefused) with a Vietnamese message.
    """
    with engine.connect() as conn:
        prep = prepare_import(
            conn, data, filename, ward_code=ward_code, year=year, subject_code=subject_code, units=units
        )
    base = {
        "filename": filename,
        "ward_code": prep.ward_code,
        "ward_name": prep.ward_name,
        "year": prep.year,
        "figures": prep.rows["figures"],
        "findings": prep.rows["findings"],
        "warnings": prep.warnings,
    }
    if prep.unchanged and not force:
        return ImportResult(
            **base,
            version=prep.current_version,
            replaced_version=None,
            saved=False,
            status="unchanged",
            message=(
                f"Không thay đổi: nội dung giống hệt phiên bản {prep.current_version} hiện hành "
                f"(nhập ngày {_date(prep.current_imported_at)}); không nhập lại."
            ),
        )
    if dry_run:
        saved = _rehearse(engine, actor, expected_version=prep.current_version, **prep.insert_kwargs())
        replaced = f" (thay phiên bản {saved.replaced_version})" if saved.replaced_version else ""
        return ImportResult(
            **base,
            version=saved.version,
            replaced_version=saved.replaced_version,
            saved=False,
            status="dry_run",
            message=(
                f"Chạy thử: sẽ lưu {saved.figures} số liệu, {saved.findings} nhận định "
                f"thành phiên bản {saved.version}{replaced}; chưa ghi gì vào cơ sở dữ liệu."
            ),
        )
    saved = _save(engine, actor, expected_version=prep.current_version, **prep.insert_kwargs())
    return ImportResult(
        **base,
        version=saved.version,
        replaced_version=saved.replaced_version,
        saved=True,
        status="saved",
        message=_saved_message(
            prep.ward_name, prep.year, saved.figures, saved.findings, saved.version, saved.replaced_version
        ),
    )


# --- the page: a validated save of the reviewed tables ---------------------------------------


def save_reviewed_report(
    engine: Engine,
    *,
    actor,
    ward_code: int,
    year: int,
    report: dict,
    figures,
    findings,
    subject_code: str = DEFAULT_SUBJECT,
    expected_version=UNCHECKED,
) -> ImportResult:
    """Save what staff reviewed on the import page as the unit's new current version.

    `figures` / `findings` are the edited tables (DataFrames or lists of dicts with the columns
    of `importer.review.draft_tables`); `report` the `report` part of `rows_from_parsed`. Every
    row is checked first; any bad row refuses the whole save with a message listing the bad
    rows. One transaction; the previous version is kept as history. `actor` must be an editor
    for the unit (the data layer checks). `expected_version`: the version the user was shown as
    current (None: no report yet); if another became current since, ReportConflict.
    """
    if ward_code is None:
        raise ImportRefused("Chưa chọn đơn vị của báo cáo.")
    if year is None:
        raise ImportRefused("Chưa chọn năm của báo cáo.")
    check_year(year)
    with engine.connect() as conn:
        units = units_frame(conn).set_index("code")["name"]
        if int(ward_code) not in units.index:
            raise ImportRefused(f"Không có đơn vị hành chính mã {ward_code} trong danh mục chính thức.")
        require_ward(conn, actor, int(ward_code), "nhập báo cáo")  # rights first: a viewer learns nothing more
        indicators = indicator_codes(conn)
        task_areas = _task_area_codes(conn)
    figure_rows, finding_rows, skipped, problems = review.validate_reviewed_rows(
        figures, findings, indicators=indicators, task_areas=task_areas, qualifiers=QUALIFIERS
    )
    if problems:
        shown = problems[:_MAX_LISTED_ERRORS]
        more = len(problems) - len(shown)
        raise ImportRefused(
            "Chưa lưu: có dòng chưa hợp lệ, hãy sửa rồi lưu lại. "
            + " | ".join(shown)
            + (f" | … và {more} dòng khác." if more else "")
        )
    if not figure_rows and not finding_rows:
        raise ImportRefused("Chưa lưu: báo cáo không còn số liệu hay nhận định nào.")
    ward_name = str(units.loc[int(ward_code)])
    saved = _save(
        engine,
        actor,
        expected_version=expected_version,
        ward_code=int(ward_code),
        year=int(year),
        subject_code=subject_code,
        report=dict(report),
        figures=figure_rows,
        findings=finding_rows,
    )
    message = _saved_message(ward_name, int(year), saved.figures, saved.findings, saved.version, saved.replaced_version)
    if skipped:
        message += f" Bỏ qua {skipped} dòng trống."
    return ImportResult(
        filename=report.get("source_filename"),
        ward_code=int(ward_code),
        ward_name=ward_name,
        year=int(year),
        figures=figure_rows,
        findings=finding_rows,
        warnings=[],
        version=saved.version,
        replaced_version=saved.replaced_version,
        saved=True,
        message=message,
    )
