"""Targets (chỉ tiêu giao): the sheet staff fill in Excel, read back, checked and saved.

One sheet row per unit × indicator × year, with exactly the headings of TEMPLATE_HEADINGS.
Reading a file never writes; `plan_targets` checks every row against the database and says
what would change; `save_targets` writes a plan's changes in one transaction with one audit
entry per target. A file with any bad row writes nothing: every bad row is listed with its
row number (as Excel shows it) and why.

An empty "Chỉ tiêu giao" cell leaves the unit's target for that indicator as it is (the
template lists every indicator, and most units get targets for a few).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import zipfile
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine, and_, insert, literal, select, true, update

from data_access import audit
from data_access.config import FIRST_YEAR, MAX_UPLOAD_BYTES, MAX_UPLOAD_MB, YEARS_AHEAD
from data_access.models import Indicator, Subject, Target, Ward
from data_access.queries import frame, subject_id_query
from data_access.reference import DEFAULT_SUBJECT
from data_access.security import Actor, WriteRefused, require_ward, require_writer
from data_access.writes import MAX_VALUE, checked_year, lock_ward, now, subject_id, write_transaction
from report_parser import read_number

__all__ = [
    "TEMPLATE_HEADINGS",
    "TargetsRefused",
    "SheetRow",
    "TargetChange",
    "TargetPlan",
    "template",
    "template_xlsx",
    "read_sheet",
    "plan_targets",
    "save_targets",
    "import_targets",
    "unit_targets",
    "save_unit_targets",
    "MAX_ROWS",
]

TEMPLATE_HEADINGS = ["Mã đơn vị", "Đơn vị", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Năm", "Chỉ tiêu giao"]
REQUIRED = ["Mã đơn vị", "Mã chỉ tiêu", "Năm", "Chỉ tiêu giao"]
MAX_ROWS = 50_000  # 114 units × a few dozen indicators fits many times over
STATUS_LABELS = {"new": "Mới", "changed": "Thay đổi", "unchanged": "Không đổi"}


class TargetsRefused(WriteRefused):
    """The sheet cannot be imported; `problems` lists every reason (one per bad row)."""

    def __init__(self, message: str, problems: list[str] | None = None):
        self.problems = problems or [message]
        super().__init__(message if not problems else message + "\n" + "\n".join(f"- {p}" for p in problems))


@dataclass(frozen=True)
class SheetRow:
    row: int  # the row number Excel shows (the heading is row 1)
    unit: object
    indicator: object
    year: object
    target: object


@dataclass(frozen=True)
class TargetChange:
    row: int
    ward_code: int
    ward_name: str
    indicator_code: str
    indicator_name: str
    unit: str
    year: int
    subject_code: str
    before: float | None
    before_is_sample: bool
    after: float
    status: str  # new | changed | unchanged


@dataclass
class TargetPlan:
    changes: list[TargetChange] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for c in self.changes if c.status == status)

    @property
    def summary(self) -> str:
        return (f"{self.count('new')} mới, {self.count('changed')} thay đổi, "
                f"{self.count('unchanged')} không đổi")

    def frame(self) -> pd.DataFrame:
        """The preview a person checks before saving, in Vietnamese."""
        return pd.DataFrame(
            [
                {"Dòng": c.row, "Mã đơn vị": c.ward_code, "Đơn vị": c.ward_name, "Chỉ tiêu": c.indicator_name,
                 "Đơn vị tính": c.unit, "Năm": c.year, "Trước đây": c.before, "Chỉ tiêu giao": c.after,
                 "Thay đổi": STATUS_LABELS[c.status] + (" (thay chỉ tiêu minh họa)" if c.before_is_sample else "")}
                for c in self.changes
            ],
            columns=["Dòng", "Mã đơn vị", "Đơn vị", "Chỉ tiêu", "Đơn vị tính", "Năm", "Trước đây", "Chỉ tiêu giao",
                     "Thay đổi"],
        )


# --------------------------------------------------------------------------- the template


def template(
    engine: Engine,
    province_code: int,
    year: int,
    subject: str = DEFAULT_SUBJECT,
    ward_codes: list[int] | tuple[int, ...] | None = None,
) -> pd.DataFrame:
    """One row per unit of the province (or of `ward_codes`) × indicator of the subject still
    in use, with the current target. Illustrative targets are left empty: filling the sheet
    must not turn an invented target into a real one without a person typing it."""
    sid = subject_id_query(subject)
    target_join = and_(
        Target.ward_code == Ward.code, Target.year == year, Target.subject_id == sid,
        Target.indicator_code == Indicator.code, Target.is_sample.is_(False),
    )
    statement = (
        select(
            Ward.code.label("Mã đơn vị"),
            Ward.name.label("Đơn vị"),
            Indicator.code.label("Mã chỉ tiêu"),
            Indicator.name.label("Chỉ tiêu"),
            Indicator.unit.label("Đơn vị tính"),
            literal(int(year)).label("Năm"),
            Target.target_value.label("Chỉ tiêu giao"),
        )
        .select_from(Ward)
        .join(Indicator, true())
        .join(Target, target_join, isouter=True)
        .where(Ward.province_code == province_code, Indicator.subject_id == sid, Indicator.retired_at.is_(None))
        .order_by(Ward.name, Ward.code, Indicator.position, Indicator.code)
    )
    if ward_codes:
        statement = statement.where(Ward.code.in_([int(c) for c in ward_codes]))
    return frame(engine, statement)


def template_xlsx(sheet: pd.DataFrame) -> bytes:
    """The template as an .xlsx: headings in bold, codes and years as plain whole numbers,
    the target column as a number with Vietnamese grouping."""
    from openpyxl.styles import Font

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        sheet[TEMPLATE_HEADINGS].to_excel(writer, index=False, sheet_name="Chỉ tiêu giao")
        ws = writer.sheets["Chỉ tiêu giao"]
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for letter, width in zip("ABCDEFG", (11, 28, 28, 50, 14, 7, 18), strict=True):
            ws.column_dimensions[letter].width = width
        for (cell,) in ws.iter_rows(min_row=2, min_col=7, max_col=7):
            cell.number_format = "#,##0.##"
        ws.freeze_panes = "A2"
    return buffer.getvalue()


# --------------------------------------------------------------------------- reading a file


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or (
        isinstance(value, str) and not value.strip()
    )


def _rows_from_table(table: list[list], filename: str) -> list[SheetRow]:
    while table and all(_blank(v) for v in table[-1]):
        table.pop()
    if not table or all(all(_blank(v) for v in row) for row in table):
        raise TargetsRefused(f"Tệp «{filename}» trống: không có dòng tiêu đề nào, chưa có gì được lưu.")
    headings = [str(v).strip() if not _blank(v) else "" for v in table[0]]
    missing = [h for h in REQUIRED if h not in headings]
    if missing:
        raise TargetsRefused(
            f"Tệp «{filename}» thiếu cột {', '.join(f'«{h}»' for h in missing)} ở dòng tiêu đề (dòng 1). "
            f"Hãy dùng tệp mẫu, với các cột: {', '.join(TEMPLATE_HEADINGS)}. Chưa có gì được lưu."
        )
    at = {h: headings.index(h) for h in REQUIRED}
    rows = []
    for number, values in enumerate(table[1:], start=2):
        if all(_blank(v) for v in values):
            continue

        def cell(heading, values=values):
            i = at[heading]
            return values[i] if i < len(values) else None

        rows.append(SheetRow(number, cell("Mã đơn vị"), cell("Mã chỉ tiêu"), cell("Năm"), cell("Chỉ tiêu giao")))
    if not rows:
        raise TargetsRefused(f"Tệp «{filename}» chỉ có dòng tiêu đề, không có dòng chỉ tiêu nào. Chưa có gì được lưu.")
    if len(rows) > MAX_ROWS:
        raise TargetsRefused(f"Tệp «{filename}» có {len(rows)} dòng, nhiều hơn giới hạn {MAX_ROWS}.")
    return rows


def _read_csv(data: bytes, filename: str) -> list[list]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TargetsRefused(
            f"Tệp «{filename}» không phải văn bản UTF-8. Trong Excel hãy lưu bằng «CSV UTF-8 (Comma delimited)» "
            "hoặc lưu dạng .xlsx. Chưa có gì được lưu."
        ) from None
    if "\x00" in text:
        raise TargetsRefused(
            f"Tệp «{filename}» chứa ký tự không hợp lệ (NUL); tệp có thể bị hỏng. Chưa có gì được lưu."
        )
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _read_xlsx(data: bytes, filename: str) -> list[list]:
    from openpyxl import load_workbook

    if not data.startswith(b"PK"):
        looks_like_text = False
        try:
            data[:4096].decode("utf-8-sig")
            looks_like_text = True
        except UnicodeDecodeError:
            pass
        if looks_like_text:
            raise TargetsRefused(
                f"Tệp «{filename}» mang đuôi .xlsx nhưng thực ra là tệp văn bản (CSV). Hãy đổi đuôi thành .csv, "
                "hoặc mở trong Excel rồi lưu lại dạng Excel Workbook (.xlsx). Chưa có gì được lưu."
            )
        raise TargetsRefused(f"Tệp «{filename}» không phải tệp Excel (.xlsx) đọc được. Chưa có gì được lưu.")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=False, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise TargetsRefused(
            f"Tệp «{filename}» không phải tệp Excel (.xlsx) đọc được; có thể tệp bị hỏng hoặc là định dạng .xls cũ. "
            "Chưa có gì được lưu."
        ) from None
    sheet = workbook.worksheets[0]
    formulas = [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    if formulas:
        shown = ", ".join(formulas[:10]) + (f" và {len(formulas) - 10} ô khác" if len(formulas) > 10 else "")
        raise TargetsRefused(
            f"Tệp «{filename}» có ô chứa công thức ({shown}). Chương trình chỉ nhận giá trị: trong Excel hãy chép "
            "rồi «Dán giá trị» (Paste Values) vào các ô đó, lưu lại và nhập lại. Chưa có gì được lưu."
        )
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def read_sheet(data: bytes, filename: str) -> list[SheetRow]:
    """The rows of a targets sheet (.xlsx, or .csv in UTF-8 with `;` or `,`). Nothing is checked
    against the database yet. Raises TargetsRefused for a file that cannot be read at all."""
    filename = filename or "tệp"
    if not data or not data.strip(b"\xef\xbb\xbf \r\n\t"):
        raise TargetsRefused(f"Tệp «{filename}» trống. Chưa có gì được lưu.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise TargetsRefused(f"Tệp «{filename}» lớn hơn {MAX_UPLOAD_MB} MB. Chưa có gì được lưu.")
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix == "xlsx":
        table = _read_xlsx(data, filename)
    elif suffix == "csv":
        table = _read_csv(data, filename)
    else:
        raise TargetsRefused(f"Tệp «{filename}» không phải .xlsx hay .csv. Hãy dùng tệp mẫu chỉ tiêu giao.")
    return _rows_from_table(table, filename)


# --------------------------------------------------------------------------- checking rows


def _shown(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _whole(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = str(value).strip()
    return int(text) if text.isdigit() else None


def _amount(value) -> float:
    """A target as a number; ValueError with the Vietnamese reason otherwise."""
    if isinstance(value, bool):
        raise ValueError(f"«{value}» không phải là số")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).strip()
        if text.startswith(("-", "−")):
            raise ValueError(f"chỉ tiêu không được là số âm («{text}»)")
        try:
            number = float(read_number(text))
        except ValueError:
            raise ValueError(f"«{text}» không phải là số (viết như 1.700.000.000, 1,7 tỷ hoặc 85,5)") from None
    if not math.isfinite(number):
        raise ValueError(f"«{value}» không phải là số hữu hạn")
    if number < 0:
        raise ValueError(f"chỉ tiêu không được là số âm ({_shown(value)})")
    if number > MAX_VALUE:
        raise ValueError(f"«{_shown(value)}» lớn bất thường")
    return number


def plan_targets(engine: Engine, rows: list[SheetRow], actor: Actor | None = None) -> TargetPlan:
    """Check every row and say what saving would change. Nothing is written.

    With `actor`, a row for a unit outside the actor's scope is a bad row too."""
    plan = TargetPlan()
    this_year = dt.date.today().year
    with engine.connect() as conn:
        units = {
            r.code: (r.name, r.province_code) for r in conn.execute(select(Ward.code, Ward.name, Ward.province_code))
        }
        indicators = {
            r.code: r for r in conn.execute(
                select(Indicator.code, Indicator.name, Indicator.unit, Indicator.retired_at, Subject.id.label("sid"),
                       Subject.code.label("subject_code"))
                .join(Subject, Subject.id == Indicator.subject_id)
            )
        }
        wanted = {_whole(r.unit) for r in rows} - {None}
        existing = {}
        if wanted:
            for t in conn.execute(
                select(Target.ward_code, Target.year, Target.indicator_code, Target.target_value, Target.is_sample)
                .where(Target.ward_code.in_(wanted))
            ):
                existing[(t.ward_code, t.indicator_code, t.year)] = (t.target_value, bool(t.is_sample))
    seen: dict[tuple, int] = {}
    for r in rows:
        reasons = []
        code = _whole(r.unit)
        if _blank(r.unit):
            reasons.append("thiếu mã đơn vị")
        elif code is None or code not in units:
            reasons.append(f"không có đơn vị hành chính mã «{_shown(r.unit)}» trong danh mục chính thức")
        elif actor is not None and not actor.covers(code, units[code][1]):
            reasons.append(f"tài khoản «{actor.username}» không được đặt chỉ tiêu cho {units[code][0]} (mã {code})")
        indicator_code = None if _blank(r.indicator) else str(r.indicator).strip()
        indicator = indicators.get(indicator_code)
        if indicator_code is None:
            reasons.append("thiếu mã chỉ tiêu")
        elif indicator is None:
            reasons.append(f"không có chỉ tiêu mã «{indicator_code}» trong danh mục")
        elif indicator.retired_at is not None:
            reasons.append(f"chỉ tiêu «{indicator_code}» đã ngừng theo dõi")
        year = _whole(r.year)
        if _blank(r.year):
            reasons.append("thiếu năm")
        elif year is None or not FIRST_YEAR <= year <= this_year + YEARS_AHEAD:
            reasons.append(f"năm «{_shown(r.year)}» không hợp lệ (phải từ {FIRST_YEAR} đến {this_year + YEARS_AHEAD})")
        if _blank(r.target):
            if not reasons:
                continue  # an empty target leaves the current one as it is
            value = None
        else:
            try:
                value = _amount(r.target)
            except ValueError as exc:
                reasons.append(str(exc))
                value = None
        if not reasons:
            key = (code, indicator_code, year)
            if key in seen:
                reasons.append(f"trùng với dòng {seen[key]} (cùng đơn vị, chỉ tiêu và năm)")
            else:
                seen[key] = r.row
        if reasons:
            plan.problems.append(f"Dòng {r.row}: {'; '.join(reasons)}.")
            continue
        before, before_is_sample = existing.get((code, indicator_code, year), (None, False))
        if before is None:
            status = "new"
        elif before_is_sample or before != value:
            status = "changed"
        else:
            status = "unchanged"
        plan.changes.append(TargetChange(
            row=r.row, ward_code=code, ward_name=units[code][0], indicator_code=indicator_code,
            indicator_name=indicator.name, unit=indicator.unit, year=year, subject_code=indicator.subject_code,
            before=before, before_is_sample=before_is_sample, after=value, status=status,
        ))
    return plan


# --------------------------------------------------------------------------- saving


def save_targets(engine: Engine, plan: TargetPlan, *, actor: Actor | None) -> dict[str, int]:
    """Write a checked plan in one transaction, one audit entry per target that changes.

    Refuses a plan with problems, and (before touching the database) an actor who may not
    write; the scope of every unit is checked again inside the transaction."""
    require_writer(actor, "đặt chỉ tiêu")
    if plan.problems:
        raise TargetsRefused("Tệp có dòng sai; chưa có gì được lưu.", plan.problems)
    to_write = [c for c in plan.changes if c.status != "unchanged"]
    with write_transaction(engine) as conn:
        subjects = {code: sid for code, sid in conn.execute(select(Subject.code, Subject.id))}
        stamp = now()
        for ward_code in sorted({c.ward_code for c in to_write}):
            require_ward(conn, actor, ward_code, "đặt chỉ tiêu")
            lock_ward(conn, ward_code)
        for c in to_write:
            sid = subjects[c.subject_code]
            key = (Target.ward_code == c.ward_code, Target.year == c.year, Target.subject_id == sid,
                   Target.indicator_code == c.indicator_code)
            existing = conn.execute(select(Target.id, Target.target_value, Target.is_sample).where(*key)).first()
            if existing is None:
                conn.execute(insert(Target).values(ward_code=c.ward_code, year=c.year, subject_id=sid,
                                                   indicator_code=c.indicator_code, target_value=c.after,
                                                   is_sample=False))
                before = None
            else:
                conn.execute(update(Target).where(Target.id == existing.id).values(target_value=c.after,
                                                                                   is_sample=False))
                before = {"target_value": existing.target_value, "is_sample": bool(existing.is_sample)}
            audit.record(
                conn, actor=actor, action="target_set", table="target",
                key=f"{c.ward_code}/{c.year}/{c.subject_code}/{c.indicator_code}", before=before,
                after={"target_value": c.after, "is_sample": False}, ward_code=c.ward_code, year=c.year, at=stamp,
            )
    return {"new": plan.count("new"), "changed": plan.count("changed"), "unchanged": plan.count("unchanged")}


def import_targets(
    engine: Engine, data: bytes, filename: str, *, actor: Actor | None, dry_run: bool = False
) -> TargetPlan:
    """Read, check and (unless `dry_run`) save a targets sheet. Raises TargetsRefused, listing
    every bad row, and then nothing is written."""
    if not dry_run:
        require_writer(actor, "đặt chỉ tiêu")
    plan = plan_targets(engine, read_sheet(data, filename), actor)
    if plan.problems:
        raise TargetsRefused(
            f"Tệp «{filename}» có {len(plan.problems)} dòng sai; chưa có gì được lưu. Hãy sửa rồi nhập lại:",
            plan.problems,
        )
    if not dry_run:
        save_targets(engine, plan, actor=actor)
    return plan


# --------------------------------------------------------------------------- one unit's targets


def unit_targets(engine: Engine, ward_code: int, year: int, subject: str = DEFAULT_SUBJECT) -> pd.DataFrame:
    """Every indicator of the subject still in use, with the unit's target for the year:
    indicator_code, indicator_name, unit, target, is_sample (None where there is no target)."""
    sid = subject_id_query(subject)
    statement = (
        select(
            Indicator.code.label("indicator_code"),
            Indicator.name.label("indicator_name"),
            Indicator.unit,
            Target.target_value.label("target"),
            Target.is_sample,
        )
        .select_from(Indicator)
        .join(
            Target,
            and_(Target.indicator_code == Indicator.code, Target.ward_code == int(ward_code), Target.year == int(year),
                 Target.subject_id == sid),
            isouter=True,
        )
        .where(Indicator.subject_id == sid, Indicator.retired_at.is_(None))
        .order_by(Indicator.position, Indicator.code)
    )
    return frame(engine, statement)



def save_unit_targets(
    engine: Engine,
    *,
    actor: Actor | None,
    ward_code: int,
    year: int,
    values: dict[str, object],
    subject: str = DEFAULT_SUBJECT,
) -> dict[str, int]:
    """Save the edited targets of one unit and year (indicator code -> value, None or an empty
    cell to remove the target) in one transaction, one audit entry per change. Returns counts
    of new, changed, removed targets. Every bad value is listed; then nothing is written."""
    require_writer(actor, "đặt chỉ tiêu")
    year = checked_year(year, future=YEARS_AHEAD)
    current = unit_targets(engine, ward_code, year, subject)
    known = dict(zip(current["indicator_code"], current["indicator_name"], strict=True))
    before = {
        r.indicator_code: (float(r.target), bool(r.is_sample))
        for r in current.itertuples() if r.target is not None and not pd.isna(r.target)
    }
    problems, wanted = [], {}
    for code, raw in values.items():
        if code not in known:
            problems.append(f"Không có chỉ tiêu mã «{code}» trong danh mục.")
            continue
        if _blank(raw):
            wanted[code] = None
            continue
        try:
            wanted[code] = _amount(raw)
        except ValueError as exc:
            problems.append(f"{known[code]}: {exc}.")
    if problems:
        raise TargetsRefused("Có giá trị sai; chưa có gì được lưu.", problems)
    counts = {"new": 0, "changed": 0, "removed": 0}
    with write_transaction(engine) as conn:
        require_ward(conn, actor, ward_code, "đặt chỉ tiêu")
        lock_ward(conn, int(ward_code))
        sid = subject_id(conn, subject)
        stamp = now()
        for code, value in wanted.items():
            old = before.get(code)
            if old is None and value is None or old is not None and value == old[0] and not old[1]:
                continue
            key = (Target.ward_code == int(ward_code), Target.year == int(year), Target.subject_id == sid,
                   Target.indicator_code == code)
            if value is None:
                conn.execute(Target.__table__.delete().where(*key))
                counts["removed"] += 1
            elif old is None:
                conn.execute(insert(Target).values(ward_code=int(ward_code), year=int(year), subject_id=sid,
                                                   indicator_code=code, target_value=value, is_sample=False))
                counts["new"] += 1
            else:
                conn.execute(update(Target).where(*key).values(target_value=value, is_sample=False))
                counts["changed"] += 1
            audit.record(
                conn, actor=actor, action="target_remove" if value is None else "target_set", table="target",
                key=f"{int(ward_code)}/{int(year)}/{subject}/{code}",
                before=None if old is None else {"target_value": old[0], "is_sample": old[1]},
                after=None if value is None else {"target_value": value, "is_sample": False},
                ward_code=int(ward_code), year=int(year), at=stamp,
            )
    return counts
