"""The rows of a parsed report: what is saved (results and findings), what staff review on the
import page (editable tables, the targets the report states), and the checks on reviewed rows.
Pure: the catalogues (indicator codes, task areas, qualifiers) come in from the caller."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Collection
from typing import Any

import pandas as pd

from domain.format import is_missing
from domain.vocabulary import KIND_LABELS
from report_parser import FINDING_KINDS, ParsedReport, read_number

__all__ = [
    "KIND_LABELS",
    "SUMMARY_COLUMNS",
    "FIGURE_COLUMNS",
    "FINDING_COLUMNS",
    "TARGET_COLUMNS",
    "UNLINKED_INDICATOR",
    "source_hash",
    "rows_from_parsed",
    "stated_targets",
    "summary_row",
    "draft_tables",
    "validate_reviewed_rows",
]

UNLINKED_INDICATOR = "chưa gắn chỉ tiêu"
SUMMARY_COLUMNS = ["Báo cáo", "Đơn vị (theo văn bản)", "Năm", "Số liệu", "Nhận định", "Cảnh báo", "Tình trạng"]
FIGURE_COLUMNS = ["indicator_code", "value", "unit", "qualifier", "task_area_code", "figure_text", "source_excerpt"]
FINDING_COLUMNS = ["kind", "task_area_code", "text", "source_excerpt"]
TARGET_COLUMNS = ["Chỉ tiêu, mục tiêu", "Giá trị", "Đến", "Đơn vị tính", "Câu gốc trong báo cáo"]
MAX_UNIT_CHARS = 60


def source_hash(text: str | None) -> str | None:
    """SHA-256 of the source text: the same digest data_access.writes.content_hash stores."""
    return None if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()


def rows_from_parsed(
    parsed: ParsedReport,
    *,
    source_text: str | None = None,
    known_indicators: set[str] | None = None,
    known_qualifiers: Collection[str] | None = None,
) -> dict:
    """ParsedReport -> {"report", "figures", "findings"}, the arguments of insert_report_version.

    Targets the report states (Figure.is_target) are not results: they are left out here (see
    `stated_targets`). An indicator that is not in `known_indicators` (when given) is stored as
    None ("chưa gắn chỉ tiêu"); a qualifier the database does not know (when given) is left
    empty, the words stay in the figure's text as written.
    """
    meta = parsed.metadata
    report = {
        "title": meta.title,
        "document_number": meta.document_number,
        "document_date": meta.document_date,
        "issuing_body": meta.issuing_body,
        "source_filename": meta.source_file,
        "source_text": source_text,
        "content_hash": source_hash(source_text),
    }
    results = [f for f in parsed.figures if not getattr(f, "is_target", False)]
    figures = [
        {
            "indicator_code": f.indicator if known_indicators is None or f.indicator in known_indicators else None,
            "value": f.value,
            "unit": f.unit,
            "qualifier": f.qualifier if known_qualifiers is None or f.qualifier in known_qualifiers else None,
            "task_area_code": f.task_area,
            "figure_text": f.text,
            "source_excerpt": f.sentence,
            "position": i,
        }
        for i, f in enumerate(results, start=1)
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


def stated_targets(parsed: ParsedReport) -> pd.DataFrame:
    """The targets and projections the report states ("phấn đấu … trên 10%"), for reading only:
    they are not results and are not saved with the report (targets are entered separately)."""
    rows = [
        [f.text, f.value, getattr(f, "value_max", None), f.unit, f.sentence]
        for f in parsed.figures
        if getattr(f, "is_target", False)
    ]
    frame = pd.DataFrame(rows, columns=TARGET_COLUMNS)
    for column in ("Giá trị", "Đến"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    return frame


def summary_row(name: str, parsed: ParsedReport | None, status: str) -> list:
    """One line of the page's import summary (columns SUMMARY_COLUMNS)."""
    if parsed is None:
        return [name, None, None, 0, 0, 0, status]
    meta = parsed.metadata
    results = sum(1 for f in parsed.figures if not getattr(f, "is_target", False))
    unit = meta.unit_name or meta.former_unit_name
    return [name, unit, meta.year, results, len(parsed.findings), len(parsed.warnings), status]


def draft_tables(rows: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(figures, findings) of `rows_from_parsed` as DataFrames for editing, in document order."""
    figures = pd.DataFrame([{c: f.get(c) for c in FIGURE_COLUMNS} for f in rows["figures"]], columns=FIGURE_COLUMNS)
    figures["value"] = pd.to_numeric(figures["value"], errors="coerce").astype("float64")
    findings = pd.DataFrame([{c: f.get(c) for c in FINDING_COLUMNS} for f in rows["findings"]], columns=FINDING_COLUMNS)
    return figures, findings


def _blank(value: Any) -> bool:
    return (not value.strip()) if isinstance(value, str) else is_missing(value)


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
            number = float(read_number(str(value).strip()[:100]))
        except (ValueError, TypeError, OverflowError):
            return None
    if math.isnan(number) or math.isinf(number) or number < 0:
        return None
    return number


def validate_reviewed_rows(
    figures,
    findings,
    *,
    indicators: set[str],
    task_areas: set[str],
    qualifiers: Collection[str],
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
        if qualifier is not None and qualifier not in qualifiers:
            bad.append(f"từ chỉ mức «{qualifier}» không hợp lệ (dùng: {', '.join(qualifiers)})")
        area = _text(row.get("task_area_code"))
        if area is not None and area not in task_areas:
            bad.append(f"lĩnh vực «{area}» không hợp lệ")
        unit = _text(row.get("unit"))
        if unit is not None and len(unit) > MAX_UNIT_CHARS:
            bad.append(f"đơn vị tính dài quá {MAX_UNIT_CHARS} ký tự")
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
