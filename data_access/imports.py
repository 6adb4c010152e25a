"""Importing the reports units already write (.docx, .pdf, .txt or pasted text).

The parser (`report_parser`, pure) turns a file into a `ParsedReport`; this module turns that
into the rows of `writes.insert_report_version`, decides which unit and year the report is for
(from the text, else from the file name), and saves it in one transaction. Nothing is written
for a file that cannot be read, whose unit or year is unknown or wrong, or (in a dry run) at all.

Two ways in:

* `import_report_bytes` — a whole file, unattended (the `import-reports` command, the sample).
* `read_report` + `propose` + `draft_tables`, then `save_reviewed_report` — the import page,
  where staff correct the parser's rows before anything is saved.

Every refusal is an `ImportRefused` (a `WriteRefused`) or a `ReportReadError`, each with a
Vietnamese message for the user.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, func, select

from data_access.models import FINDING_KINDS, QUALIFIERS, Indicator, Report, Subject, TaskArea, Ward
from data_access.reference import DEFAULT_SUBJECT
from data_access.writes import UNCHECKED, SavedReport, WriteRefused, content_hash, require_ward, save_report
from report_parser import DEFAULT_MAX_BYTES, ParsedReport, ReportReadError, parse_text, read_number
from report_parser.reading import decode_text, read_bytes
from report_parser.text import fold

__all__ = [
    "MAX_UPLOAD_BYTES",
    "REPORT_SUFFIXES",
    "ImportRefused",
    "ImportResult",
    "PreparedImport",
    "Proposal",
    "read_report",
    "rows_from_parsed",
    "match_units_in_filename",
    "propose",
    "resolve_unit_and_year",
    "check_year",
    "prepare_import",
    "import_report_bytes",
    "save_reviewed_report",
    "draft_tables",
    "units_frame",
    "indicator_codes",
]

# Checked before anything is parsed; the same limit as the parser's and the upload widget's.
MAX_UPLOAD_BYTES = DEFAULT_MAX_BYTES
REPORT_SUFFIXES = (".txt", ".docx", ".pdf")
FIRST_YEAR = 2000
UNLINKED_INDICATOR = "chưa gắn chỉ tiêu"
KIND_LABELS = dict(zip(FINDING_KINDS, ["Thuận lợi", "Khó khăn", "Ưu điểm", "Hạn chế, khuyết điểm", "Nguyên nhân",
                                       "Bài học kinh nghiệm", "Nhiệm vụ, giải pháp", "Kiến nghị, đề xuất"], strict=True))
SUMMARY_COLUMNS = ["Báo cáo", "Đơn vị (theo văn bản)", "Năm", "Số liệu", "Nhận định", "Cảnh báo", "Tình trạng"]
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
class Proposal:
    """The unit and year a report seems to be for; None where it cannot tell (the user chooses)."""

    ward_code: int | None
    ward_name: str | None
    year: int | None
    notes: list[str] = field(default_factory=list)


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


# --- reading ---------------------------------------------------------------------------------


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f}"


def _is_binary_document(data: bytes) -> bool:
    return data.startswith((b"PK\x03\x04", b"PK\x05\x06")) or b"%PDF-" in data[:1024]


def read_report(data: bytes, filename: str | None = None) -> tuple[ParsedReport, str]:
    """(parsed report, source text) of a file's bytes; `filename` None for pasted text.

    The size is checked before anything is parsed. The source text is the .txt file's text as
    written (page-break artefacts included), or the paragraphs of a .docx / .pdf, one a line.
    Raises ReportReadError with a Vietnamese message, and nothing else.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise ReportReadError(
            f"Tệp quá lớn ({_mb(len(data))} MB); giới hạn là {_mb(MAX_UPLOAD_BYTES)} MB. "
            "Hãy kiểm tra lại tệp hoặc tách báo cáo."
        )
    try:
        paragraphs = read_bytes(data, filename, MAX_UPLOAD_BYTES)
        text = "\n".join(paragraphs) if _is_binary_document(data) else decode_text(data)
    except ReportReadError:
        raise
    except Exception as exc:  # the parser's contract, kept here too: only ReportReadError leaves
        raise ReportReadError(f"Không đọc được tệp do lỗi không mong đợi ({type(exc).__name__}).") from exc
    # One parse of the text for every format: a .txt is parsed exactly as parse_bytes would.
    return parse_text(text, filename), text


def rows_from_parsed(
    parsed: ParsedReport, *, source_text: str | None = None, known_indicators: set[str] | None = None
) -> dict:
    """ParsedReport -> {"report", "figures", "findings"}, the arguments of insert_report_version.

    Pure. An indicator that is not in `known_indicators` (when given) is stored as None
    ("chưa gắn chỉ tiêu"); the figure itself is kept.
    """
    meta = parsed.metadata
    report = {
        "title": meta.title,
        "document_number": meta.document_number,
        "document_date": meta.document_date,
        "issuing_body": meta.issuing_body,
        "source_filename": meta.source_file,
        "source_text": source_text,
        "content_hash": content_hash(source_text),
    }
    figures = [
        {
            "indicator_code": f.indicator if known_indicators is None or f.indicator in known_indicators else None,
            "value": f.value,
            "unit": f.unit,
            "qualifier": f.qualifier,
            "task_area_code": f.task_area,
            "figure_text": f.text,
            "source_excerpt": f.sentence,
            "position": i,
        }
        for i, f in enumerate(parsed.figures, start=1)
    ]
    findings = [
        {
            "kind": f.kind,
            "task_area_code": f.task_area,
            "position": f.order,
            "text": f.text,
            "source_excerpt": f.text,
        }
        for f in parsed.findings
    ]
    return {"report": report, "figures": figures, "findings": findings}


def summary_row(name: str, parsed: ParsedReport | None, status: str) -> list:
    """One line of the page's import summary (columns SUMMARY_COLUMNS)."""
    if parsed is None:
        return [name, None, None, 0, 0, 0, status]
    meta = parsed.metadata
    return [name, meta.unit_name, meta.year, len(parsed.figures), len(parsed.findings), len(parsed.warnings), status]


# --- which unit, which year -------------------------------------------------------------------


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


def _bare_name_tokens(name: str, kind: str) -> list[str]:
    tokens = _tokens(name)
    prefix = _tokens(kind)
    return tokens[len(prefix) :] if tokens[: len(prefix)] == prefix else tokens


def match_units_in_filename(filename: str | None, units: pd.DataFrame) -> list[tuple[int, str]]:
    """Units whose name appears in the file name, accent-insensitively ("hai-duong-2026-kl62.txt"
    -> Phường Hải Dương). Only the longest matches are kept; more than one means ambiguous.

    `units` has columns code, name, kind. A kind written just before the name ("xa-an-lao")
    must agree; a name made only of digits needs its kind written before it.
    """
    if not filename:
        return []
    words = _tokens(Path(filename).stem)
    best: list[tuple[int, str]] = []
    best_len = 0
    for code, name, kind in units[["code", "name", "kind"]].itertuples(index=False):
        bare = _bare_name_tokens(name, kind)
        n = len(bare)
        if not n or n < best_len:
            continue
        kind_tokens = _tokens(kind)
        for start in range(len(words) - n + 1):
            if words[start : start + n] != bare:
                continue
            before = words[max(0, start - 2) : start]
            named_kind = next(
                (k for k in (["phuong"], ["xa"], ["dac", "khu"]) if before[-len(k) :] == k), None
            )
            if named_kind is not None and named_kind != kind_tokens:
                continue
            if all(t.isdigit() for t in bare) and named_kind is None:
                continue
            if n > best_len:
                best, best_len = [], n
            best.append((int(code), name))
            break
    return best


def _valid_year(year: int) -> bool:
    return FIRST_YEAR <= int(year) <= dt.date.today().year


def _year_problem(year: int) -> str:
    this_year = dt.date.today().year
    if int(year) > this_year:
        return f"Năm báo cáo {year} chưa tới (năm nay là {this_year}); hãy kiểm tra lại năm của số liệu."
    return f"Năm báo cáo {year} không hợp lệ: hệ thống nhận báo cáo từ năm {FIRST_YEAR} đến năm {this_year}."


def check_year(year: int) -> int:
    """The year, if reports can be for it (2000 to this year); else ImportRefused."""
    if not _valid_year(year):
        raise ImportRefused(_year_problem(year))
    return int(year)


def propose(parsed: ParsedReport, filename: str | None, units: pd.DataFrame) -> Proposal:
    """The unit (from the text, else the file name) and year (from the text) of a report, among
    `units` (code, name, kind); None where unknown, with a Vietnamese note saying why."""
    meta = parsed.metadata
    notes: list[str] = []
    names = dict(zip(units["code"].astype(int), units["name"], strict=True))
    ward_code = ward_name = None
    if meta.unit_code is not None and int(meta.unit_code) in names:
        ward_code = int(meta.unit_code)
        ward_name = names[ward_code]
    else:
        if meta.unit_code is not None:
            notes.append(f"Báo cáo ghi đơn vị {meta.unit_name} (mã {meta.unit_code}), không có trong danh sách đơn vị đang xét.")
        matches = match_units_in_filename(filename, units)
        if len(matches) == 1:
            ward_code, ward_name = matches[0]
            notes.append(f"Đơn vị được xác định từ tên tệp «{filename}»: {ward_name}.")
        elif len(matches) > 1:
            listed = ", ".join(f"{name} ({code})" for code, name in matches[:5])
            notes.append(f"Tên tệp «{filename}» khớp với nhiều đơn vị ({listed}); cần chọn đơn vị.")
        elif meta.unit_name and meta.unit_code is None:
            notes.append(f"Không tìm thấy «{meta.unit_name}» trong danh mục đơn vị hành chính; cần chọn đơn vị.")
        elif meta.unit_code is None:
            notes.append("Văn bản và tên tệp không cho biết báo cáo của đơn vị nào; cần chọn đơn vị.")
    year = meta.year
    if year is not None and not _valid_year(year):
        notes.append(_year_problem(year))
        year = None
    elif year is None:
        notes.append("Không xác định được năm của số liệu trong văn bản; cần chọn năm.")
    return Proposal(ward_code=ward_code, ward_name=ward_name, year=year, notes=notes)


def resolve_unit_and_year(
    parsed: ParsedReport,
    filename: str | None,
    units: pd.DataFrame,
    *,
    ward_code: int | None = None,
    year: int | None = None,
) -> tuple[int, str, int, list[str]]:
    """(ward_code, ward_name, year, notes) for an unattended import, or ImportRefused.

    A unit or year given by the caller is used when the text does not tell; when the text tells
    something else, the file is refused rather than saved under the wrong unit or year.
    """
    meta = parsed.metadata
    names = dict(zip(units["code"].astype(int), units["name"], strict=True))
    if ward_code is not None and int(ward_code) not in names:
        raise ImportRefused(f"Không có đơn vị hành chính mã {ward_code} trong danh mục chính thức.")
    if year is not None and not _valid_year(year):
        raise ImportRefused(_year_problem(year))
    found = propose(parsed, filename, units)
    notes = [n for n in found.notes if n.startswith("Đơn vị được xác định từ tên tệp")]
    if ward_code is not None:
        ward_code = int(ward_code)
        if meta.unit_code is not None and int(meta.unit_code) != ward_code:
            raise ImportRefused(
                f"Báo cáo ghi là của {meta.unit_name} (mã {meta.unit_code}), không phải "
                f"{names[ward_code]} (mã {ward_code}) như đã chọn; hãy kiểm tra lại tệp hoặc mã đơn vị."
            )
    elif found.ward_code is not None:
        ward_code = found.ward_code
    else:
        reason = next((n for n in found.notes if "đơn vị" in n), "Không xác định được đơn vị của báo cáo.")
        raise ImportRefused(reason.replace("cần chọn đơn vị", "hãy chỉ rõ mã đơn vị"))
    if year is not None:
        if meta.year is not None and int(meta.year) != int(year):
            raise ImportRefused(
                f"Số liệu trong báo cáo là của năm {meta.year}, không phải năm {year} như đã chọn; "
                "hãy kiểm tra lại tệp hoặc năm."
            )
    elif meta.year is None:
        raise ImportRefused("Không xác định được năm của số liệu trong văn bản; hãy chỉ rõ năm báo cáo.")
    elif not _valid_year(meta.year):
        raise ImportRefused(_year_problem(meta.year))
    else:
        year = int(meta.year)
    return ward_code, names[ward_code], int(year), notes


# --- database lookups ---------------------------------------------------------------------


def units_frame(conn: Connection | Engine, province_code: int | None = None) -> pd.DataFrame:
    """code, name, kind, province_code of the official units (of one province when given)."""
    statement = select(Ward.code, Ward.name, Ward.kind, Ward.province_code).order_by(Ward.code)
    if province_code is not None:
        statement = statement.where(Ward.province_code == province_code)
    return _frame(conn, statement)


def indicator_codes(conn: Connection | Engine) -> set[str]:
    return set(_frame(conn, select(Indicator.code))["code"])


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
    subject_code: str = DEFAULT_SUBJECT,
    units: pd.DataFrame | None = None,
) -> PreparedImport:
    """Read, parse and resolve a file; nothing is written. Raises ReportReadError / ImportRefused."""
    parsed, text = read_report(data, filename)
    units = units_frame(conn) if units is None else units
    ward_code, ward_name, year, notes = resolve_unit_and_year(parsed, filename, units, ward_code=ward_code, year=year)
    current, highest = _versions(conn, ward_code, year, subject_code)
    rows = rows_from_parsed(parsed, source_text=text, known_indicators=indicator_codes(conn))
    warnings = list(parsed.warnings) + notes
    if parsed.metadata.subject is None:
        warnings.append("Văn bản không nhắc đến Kết luận số 62-KL/TW; hãy kiểm tra đúng loại báo cáo.")
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
    subject_code: str = DEFAULT_SUBJECT,
    dry_run: bool = False,
    force: bool = False,
    units: pd.DataFrame | None = None,
) -> ImportResult:
    """Parse one file and save it as the unit's new current report, in one transaction.

    The unit and year come from the text (else the file name); `ward_code` / `year` fill in what
    the text does not say and must agree with what it does say. A text identical to the current
    version's is not saved again unless `force`. `dry_run` writes nothing. Raises
    ReportReadError or ImportRefused (a WriteRefused) with a Vietnamese message.
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
        with engine.connect() as conn:
            require_ward(conn, actor, prep.ward_code, "nhập báo cáo")
        replaced = f" (thay phiên bản {prep.current_version})" if prep.current_version else ""
        return ImportResult(
            **base,
            version=prep.next_version,
            replaced_version=prep.current_version,
            saved=False,
            status="dry_run",
            message=(
                f"Chạy thử: sẽ lưu {len(prep.rows['figures'])} số liệu, {len(prep.rows['findings'])} nhận định "
                f"thành phiên bản {prep.next_version}{replaced}; chưa ghi gì vào cơ sở dữ liệu."
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


# --- the page: editable tables, then a validated save ----------------------------------------

FIGURE_COLUMNS = ["indicator_code", "value", "unit", "qualifier", "task_area_code", "figure_text", "source_excerpt"]
FINDING_COLUMNS = ["kind", "task_area_code", "text", "source_excerpt"]


def draft_tables(rows: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(figures, findings) of `rows_from_parsed` as DataFrames for editing, in document order."""
    figures = pd.DataFrame([{c: f.get(c) for c in FIGURE_COLUMNS} for f in rows["figures"]], columns=FIGURE_COLUMNS)
    figures["value"] = pd.to_numeric(figures["value"], errors="coerce").astype("float64")
    findings = pd.DataFrame([{c: f.get(c) for c in FINDING_COLUMNS} for f in rows["findings"]], columns=FINDING_COLUMNS)
    return figures, findings


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _text(value: Any) -> str | None:
    return None if _blank(value) else str(value).strip()


def _records(rows) -> list[dict]:
    if isinstance(rows, pd.DataFrame):
        return rows.to_dict("records")
    return [dict(r) for r in rows or []]


def _number(value: Any) -> float | None:
    """A non-negative finite number from an edited cell ("4.226" and "1,7 tỷ" are read the
    Vietnamese way); None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        try:
            number = float(read_number(str(value).strip()))
        except (ValueError, TypeError):
            return None
    if math.isnan(number) or math.isinf(number) or number < 0:
        return None
    return number


def validate_reviewed_rows(
    figures, findings, *, indicators: set[str], task_areas: set[str]
) -> tuple[list[dict], list[dict], int, list[str]]:
    """(figure rows, finding rows, blank rows skipped, problems) of the reviewed tables.

    Row numbers in the problems are those the user sees (1-based, per table). Positions are
    renumbered: figures in table order, findings in table order within each kind.
    """
    problems: list[str] = []
    skipped = 0
    figure_rows: list[dict] = []
    for i, row in enumerate(_records(figures), start=1):
        if all(_blank(row.get(c)) for c in FIGURE_COLUMNS):
            skipped += 1
            continue
        bad = []
        value = _number(row.get("value"))
        if value is None:
            bad.append("giá trị phải là một số không âm")
        indicator = _text(row.get("indicator_code"))
        if indicator is not None and indicator not in indicators:
            bad.append(f"chỉ tiêu «{indicator}» không có trong danh mục")
        qualifier = _text(row.get("qualifier"))
        if qualifier is not None and qualifier not in QUALIFIERS:
            bad.append(f"từ chỉ mức «{qualifier}» không hợp lệ (dùng: {', '.join(QUALIFIERS)})")
        area = _text(row.get("task_area_code"))
        if area is not None and area not in task_areas:
            bad.append(f"lĩnh vực «{area}» không hợp lệ")
        unit = _text(row.get("unit"))
        if unit is not None and len(unit) > 60:
            bad.append("đơn vị tính dài quá 60 ký tự")
        if bad:
            problems.append(f"Số liệu dòng {i}: " + "; ".join(bad))
            continue
        figure_rows.append(
            {
                "indicator_code": indicator,
                "value": value,
                "unit": unit,
                "qualifier": qualifier,
                "task_area_code": area,
                "figure_text": _text(row.get("figure_text")),
                "source_excerpt": _text(row.get("source_excerpt")),
                "position": len(figure_rows) + 1,
            }
        )
    finding_rows: list[dict] = []
    per_kind: dict[str, int] = {}
    for i, row in enumerate(_records(findings), start=1):
        if all(_blank(row.get(c)) for c in FINDING_COLUMNS):
            skipped += 1
            continue
        bad = []
        kind = _text(row.get("kind"))
        if kind not in FINDING_KINDS:
            bad.append("chưa chọn loại nhận định" if kind is None else f"loại nhận định «{kind}» không hợp lệ")
        text = _text(row.get("text"))
        if text is None:
            bad.append("nội dung trống")
        area = _text(row.get("task_area_code"))
        if area is not None and area not in task_areas:
            bad.append(f"lĩnh vực «{area}» không hợp lệ")
        if bad:
            problems.append(f"Nhận định dòng {i}: " + "; ".join(bad))
            continue
        per_kind[kind] = per_kind.get(kind, 0) + 1
        finding_rows.append(
            {
                "kind": kind,
                "task_area_code": area,
                "position": per_kind[kind],
                "text": text,
                "source_excerpt": _text(row.get("source_excerpt")) or text,
            }
        )
    return figure_rows, finding_rows, skipped, problems


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
    of `draft_tables`); `report` the `report` part of `rows_from_parsed`. Every row is checked
    first; any bad row refuses the whole save with a message listing the bad rows. One
    transaction; the previous version is kept as history. `actor` must be an editor for the
    unit (the data layer checks). `expected_version`: the version the user was shown as current
    (None: no report yet); if another became current since, ReportConflict.
    """
    if ward_code is None:
        raise ImportRefused("Chưa chọn đơn vị của báo cáo.")
    if year is None:
        raise ImportRefused("Chưa chọn năm của báo cáo.")
    if not _valid_year(year):
        raise ImportRefused(_year_problem(year))
    with engine.connect() as conn:
        units = units_frame(conn).set_index("code")["name"]
        if int(ward_code) not in units.index:
            raise ImportRefused(f"Không có đơn vị hành chính mã {ward_code} trong danh mục chính thức.")
        require_ward(conn, actor, int(ward_code), "nhập báo cáo")  # rights first: a viewer learns nothing more
        indicators = indicator_codes(conn)
        task_areas = _task_area_codes(conn)
    figure_rows, finding_rows, skipped, problems = validate_reviewed_rows(
        figures, findings, indicators=indicators, task_areas=task_areas
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
