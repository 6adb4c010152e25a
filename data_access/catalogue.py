"""Subjects (the conclusions and resolutions a province follows) and their indicators.

Administrators add a subject (code and title) and, per subject, add, rename or retire
indicators: code, name, unit of measure, task area, higher-is-better, aggregation and the
keywords the report reader maps a figure by. Indicator codes are unique across subjects (a
target or a figure names its indicator by code alone). A retired indicator keeps its figures
and targets as history; it is offered for no new target. Every write is one transaction with
its audit entry.
"""

from __future__ import annotations

import csv
import io
import re

import pandas as pd
from sqlalchemy import Connection, Engine, func, insert, select, update

from data_access import audit
from data_access.models import Indicator, Subject, TaskArea
from data_access.queries import frame
from data_access.security import Actor, WriteRefused, require_admin
from data_access.writes import now, write_transaction

__all__ = [
    "CatalogueRefused",
    "INDICATOR_COLUMNS",
    "subjects",
    "indicators",
    "add_subject",
    "save_indicator",
    "retire_indicator",
    "import_indicators",
    "parser_indicators",
]

CODE = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]{0,39}$")
INDICATOR_COLUMNS = ["code", "name", "unit", "task_area", "higher_is_better", "aggregation", "keywords"]
AGGREGATION_WORDS = {"sum": "sum", "tổng": "sum", "mean": "mean", "bình quân": "mean", "none": "none",
                     "không cộng": "none"}
YES = {"1", "true", "có", "co", "x", "yes"}
NO = {"0", "false", "không", "khong", "no", ""}


class CatalogueRefused(WriteRefused):
    def __init__(self, message: str, problems: list[str] | None = None):
        self.problems = problems or [message]
        super().__init__(message if not problems else message + "\n" + "\n".join(f"- {p}" for p in problems))


# --------------------------------------------------------------------------- reads


def subjects(engine: Engine) -> pd.DataFrame:
    """code, name, indicators (in use) of every subject, KL62 first."""
    in_use = (
        select(Indicator.subject_id, func.count().label("indicators"))
        .where(Indicator.retired_at.is_(None))
        .group_by(Indicator.subject_id)
        .subquery()
    )
    return frame(
        engine,
        select(Subject.code, Subject.name, func.coalesce(in_use.c.indicators, 0).label("indicators"))
        .join(in_use, in_use.c.subject_id == Subject.id, isouter=True)
        .order_by(Subject.id),
    )


def indicators(engine: Engine, subject: str) -> pd.DataFrame:
    """Every indicator of a subject, retired ones too: code, name, unit, task_area_code,
    higher_is_better, aggregation, keywords, retired_at."""
    return frame(
        engine,
        select(Indicator.code, Indicator.name, Indicator.unit, Indicator.task_area_code, Indicator.higher_is_better,
               Indicator.aggregation, Indicator.keywords, Indicator.retired_at)
        .join(Subject, Subject.id == Indicator.subject_id)
        .where(Subject.code == subject)
        .order_by(Indicator.position, Indicator.code),
    )


def parser_indicators(bind: Engine | Connection, subject: str | None = None):
    """The catalogue as the report reader takes it (report_parser.Indicator), keywords from the
    database, so that indicators added here are recognised. Retired ones are left out."""
    from report_parser import Indicator as ParserIndicator

    statement = select(Indicator.code, Indicator.unit, Indicator.task_area_code, Indicator.keywords).where(
        Indicator.retired_at.is_(None)).order_by(Indicator.position)
    if subject is not None:
        statement = statement.join(Subject, Subject.id == Indicator.subject_id).where(Subject.code == subject)

    def rows(conn: Connection):
        return [
            ParserIndicator(code=r.code, unit=r.unit, task_area=r.task_area_code,
                            keywords=tuple(k.strip() for k in (r.keywords or "").split("|") if k.strip()))
            for r in conn.execute(statement)
        ]

    if isinstance(bind, Connection):
        return rows(bind)
    with bind.connect() as conn:
        return rows(conn)


# --------------------------------------------------------------------------- checks


def _code(value, what: str) -> str:
    text = str(value or "").strip()
    if not CODE.match(text):
        raise WriteRefused(f"Mã {what} «{text}» không hợp lệ: bắt đầu bằng chữ cái, chỉ gồm chữ không dấu, số, "
                           "«_» hoặc «-», tối đa 40 ký tự.")
    return text


def _name(value, what: str, limit: int = 500) -> str:
    text = " ".join(str(value or "").split())
    if not text:
        raise WriteRefused(f"Thiếu {what}.")
    if len(text) > limit:
        raise WriteRefused(f"{what[:1].upper()}{what[1:]} dài quá {limit} ký tự.")
    return text


def _flag(value) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value if value is not None else "").strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise WriteRefused(f"«{value}» không phải có/không (1 hoặc 0) cho cột càng cao càng tốt.")


def _aggregation(value) -> str:
    text = str(value or "sum").strip().lower()
    if text not in AGGREGATION_WORDS:
        raise WriteRefused(f"Cách tổng hợp «{value}» không có; dùng sum (tổng), mean (bình quân) hoặc none.")
    return AGGREGATION_WORDS[text]


def _keywords(value) -> str | None:
    parts = [" ".join(k.split()) for k in re.split(r"[|;\n]", str(value or "")) if k.strip()]
    return "|".join(dict.fromkeys(parts)) or None


def _subject_id(conn: Connection, code: str) -> int:
    found = conn.scalar(select(Subject.id).where(Subject.code == code))
    if found is None:
        raise WriteRefused(f"Không có chủ đề theo dõi mã «{code}»; hãy thêm chủ đề trước.")
    return found


def _indicator_values(conn: Connection, row: dict) -> dict:
    area = str(row.get("task_area") or row.get("task_area_code") or "").strip() or None
    if area is not None and conn.scalar(select(TaskArea.code).where(TaskArea.code == area)) is None:
        known = ", ".join(conn.scalars(select(TaskArea.code).order_by(TaskArea.position)))
        raise WriteRefused(f"Không có lĩnh vực mã «{area}» (các mã: {known}).")
    aggregation = _aggregation(row.get("aggregation"))
    return {
        "name": _name(row.get("name"), "tên chỉ tiêu"),
        "unit": _name(row.get("unit"), "đơn vị tính", 60),
        "task_area_code": area,
        "higher_is_better": _flag(row.get("higher_is_better", True)),
        "aggregation": aggregation,
        "keywords": _keywords(row.get("keywords")),
    }


# --------------------------------------------------------------------------- writes


def add_subject(engine: Engine, *, actor: Actor | None, code: str, name: str) -> None:
    """Add a subject (e.g. NQ25, "Nghị quyết số 25-NQ/TW ..."). Administrators only."""
    require_admin(actor, "thêm chủ đề theo dõi")
    code = _code(code, "chủ đề")
    name = _name(name, "tên chủ đề (nghị quyết, kết luận)", 1000)
    with write_transaction(engine) as conn:
        if conn.scalar(select(Subject.id).where(func.lower(Subject.code) == code.lower())) is not None:
            raise WriteRefused(f"Đã có chủ đề mã «{code}».")
        conn.execute(insert(Subject).values(code=code, name=name))
        audit.record(conn, actor=actor, action="subject_add", table="subject", key=code, after={"code": code,
                                                                                                  "name": name})


def _save(conn: Connection, actor: Actor, subject: str, row: dict, stamp) -> str:
    """Add or update one indicator; returns "new", "changed" or "unchanged"."""
    sid = _subject_id(conn, subject)
    code = _code(row.get("code"), "chỉ tiêu")
    values = _indicator_values(conn, row)
    existing = conn.execute(select(*Indicator.__table__.columns).where(Indicator.code == code)).first()
    if existing is None:
        position = (conn.scalar(select(func.max(Indicator.position))) or 0) + 1
        conn.execute(insert(Indicator).values(code=code, subject_id=sid, position=position, **values))
        audit.record(conn, actor=actor, action="indicator_add", table="indicator", key=f"{subject}/{code}",
                     after=values, at=stamp)
        return "new"
    if existing.subject_id != sid:
        owner = conn.scalar(select(Subject.code).where(Subject.id == existing.subject_id))
        raise WriteRefused(
            f"Mã chỉ tiêu «{code}» đã thuộc chủ đề {owner}; mã chỉ tiêu không được trùng giữa các chủ đề."
        )
    before = {k: getattr(existing, k) for k in values}
    if before == values:
        return "unchanged"
    conn.execute(update(Indicator).where(Indicator.code == code).values(**values))
    audit.record(conn, actor=actor, action="indicator_update", table="indicator", key=f"{subject}/{code}",
                 before=before, after=values, at=stamp)
    return "changed"


def save_indicator(engine: Engine, *, actor: Actor | None, subject: str, **row) -> str:
    """Add an indicator to a subject, or rename / change it. Administrators only."""
    require_admin(actor, "sửa danh mục chỉ tiêu")
    with write_transaction(engine) as conn:
        return _save(conn, actor, subject, row, now())


def retire_indicator(engine: Engine, *, actor: Actor | None, code: str, retired: bool = True) -> None:
    """Retire (or bring back) an indicator; its figures and targets stay as history."""
    require_admin(actor, "sửa danh mục chỉ tiêu")
    with write_transaction(engine) as conn:
        found = conn.execute(select(Indicator.code, Indicator.retired_at).where(Indicator.code == code)).first()
        if found is None:
            raise WriteRefused(f"Không có chỉ tiêu mã «{code}».")
        if (found.retired_at is not None) == retired:
            raise WriteRefused("Chỉ tiêu đã ngừng theo dõi từ trước." if retired else "Chỉ tiêu đang được theo dõi.")
        stamp = now()
        conn.execute(update(Indicator).where(Indicator.code == code).values(retired_at=stamp if retired else None))
        audit.record(conn, actor=actor, action="indicator_retire" if retired else "indicator_restore",
                     table="indicator", key=code, before={"retired_at": found.retired_at},
                     after={"retired_at": stamp if retired else None}, at=stamp)


def import_indicators(
    engine: Engine, data: bytes, filename: str, *, actor: Actor | None, subject: str | None = None,
    dry_run: bool = False,
) -> dict[str, int]:
    """Add or update indicators from a CSV (UTF-8, `,` or `;`) with the columns of
    sample_data/indicators.csv (code, name, unit, task_area, higher_is_better, aggregation,
    keywords '|'-separated) and, unless `subject` is given, a `subject` column. Any bad row:
    every one listed, nothing written. Returns counts of new, changed, unchanged."""
    require_admin(actor, "sửa danh mục chỉ tiêu")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CatalogueRefused(f"Tệp «{filename}» không phải văn bản UTF-8 (CSV UTF-8).") from None
    if not text.strip():
        raise CatalogueRefused(f"Tệp «{filename}» trống.")
    first = text.split("\n", 1)[0]
    reader = csv.DictReader(io.StringIO(text), delimiter=";" if first.count(";") > first.count(",") else ",")
    headings = [h.strip() for h in reader.fieldnames or []]
    needed = ["code", "name", "unit"] + ([] if subject else ["subject"])
    missing = [h for h in needed if h not in headings]
    if missing:
        raise CatalogueRefused(f"Tệp «{filename}» thiếu cột {', '.join(missing)} (cần: subject, "
                               f"{', '.join(INDICATOR_COLUMNS)}).")
    rows = [{(k or "").strip(): v for k, v in r.items()} for r in reader]
    counts = {"new": 0, "changed": 0, "unchanged": 0}
    problems: list[str] = []
    seen: dict[str, int] = {}
    try:
        with write_transaction(engine) as conn:
            stamp = now()
            for number, row in enumerate(rows, start=2):
                if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
                    continue
                code = (row.get("code") or "").strip()
                if code in seen:
                    problems.append(f"Dòng {number}: mã «{code}» trùng với dòng {seen[code]}.")
                    continue
                seen[code] = number
                try:  # _save checks everything before it writes
                    counts[_save(conn, actor, subject or (row.get("subject") or "").strip(), row, stamp)] += 1
                except WriteRefused as exc:
                    problems.append(f"Dòng {number}: {exc}")
            if problems or dry_run:
                raise _RollBack
    except _RollBack:
        pass
    if problems:
        raise CatalogueRefused(f"Tệp «{filename}» có {len(problems)} dòng sai; chưa có gì được lưu:", problems)
    return counts


class _RollBack(Exception):
    """Leaves write_transaction by an exception, so that a dry run or a bad row writes nothing."""
