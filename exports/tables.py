"""The shape of every extract: Vietnamese column headings, unit codes beside unit names,
yes/no as "Có"/"", illustrative rows marked. Shared by CSV and XLSX so both say the same.

Values stay in base units (đồng, persons, 0-100 for percentages) so that a sum in Excel or
pandas is right; the heading says the unit.
"""

from __future__ import annotations

import pandas as pd

from domain.format import is_missing
from domain.vocabulary import AGGREGATION_LABELS, ATTENTION_KINDS, KIND_LABELS, SAMPLE_LABEL

SAMPLE_COLUMN = SAMPLE_LABEL
YES = "Có"

# Query column -> Vietnamese heading. Order here is the order in the extract.
HEADINGS: dict[str, str] = {
    "year": "Năm",
    "ward_code": "Mã đơn vị",
    "ward_name": "Tên đơn vị",
    "unit_percent": "Đơn vị đạt bình quân (% chỉ tiêu)",
    "part": "Mục",
    "code": "Mã",
    "name": "Tên",
    "kind": "Loại",
    "indicator_code": "Mã chỉ số",
    "indicator_name": "Chỉ số",
    "unit": "Đơn vị tính",
    "measure": "Đơn vị tính của chỉ số",
    "aggregation": "Cách tổng hợp",
    "qualifier": "Mức độ (trên, khoảng…)",
    "value": "Giá trị",
    "units_reporting": "Số đơn vị báo cáo",
    "previous_value": "Năm trước",
    "change": "Thay đổi so với năm trước",
    "target": "Chỉ tiêu",
    "achieved_percent": "Đạt (% chỉ tiêu)",
    "targets": "Số chỉ tiêu",
    "band_label": "Tình trạng",
    "reported": "Đã báo cáo",
    "version": "Phiên bản báo cáo",
    "document_date": "Ngày văn bản",
    "imported_at": "Thời điểm nhập",
    "finding_kind": "Loại nhận định",
    "task_area_name": "Lĩnh vực",
    "position": "Thứ tự",
    "text": "Nội dung",
    "label": "Vấn đề",
    "units": "Số đơn vị nêu",
    "findings": "Số ý",
    "figure_text": "Số liệu như ghi trong báo cáo",
    "source_excerpt": "Câu trích từ báo cáo",
    "is_sample": SAMPLE_COLUMN,
    "corrected_by": "Người sửa sau khi nhập",
    "corrected_at": "Thời điểm sửa",
}
# Whole numbers that are identifiers or years: no thousands grouping (2025, not 2.025).
PLAIN_COLUMNS = {HEADINGS[c] for c in ("year", "ward_code", "code", "position", "version")}
# Internal columns nobody outside the program needs.
DROPPED = {"report_id", "band", "band_color", "task_area_code", "theme", "example"}


# The tables of a view: code (used in file and sheet names) -> (sheet title, file slug).
TABLES = {
    "figures": ("Số liệu", "so-lieu"),
    "targets": ("Chỉ tiêu", "chi-tieu"),
    "achievement": ("Mức đạt chỉ tiêu", "muc-dat"),
    "headline": ("Số liệu toàn tỉnh", "so-lieu-tong-hop"),
    "findings": ("Nhận định", "nhan-dinh"),
    "reporting": ("Tình hình báo cáo", "tinh-hinh-bao-cao"),
    "themes": ("Hạn chế lặp lại", "han-che-lap-lai"),
    "attention": ("Cần chú ý", "can-chu-y"),
}
# The rows of the "Cần chú ý" read (queries.attention_units): a low indicator or a finding.
ATTENTION_PARTS_VI = {"indicator": "Chỉ tiêu đạt thấp", **{k: KIND_LABELS[k] for k in ATTENTION_KINDS}}


def _yes(value) -> str:
    return YES if not is_missing(value) and bool(value) else ""


def export_frame(frame: pd.DataFrame, *, year: int | None = None) -> pd.DataFrame:
    """A query result as it leaves the dashboard: known columns renamed to Vietnamese headings
    and ordered (code before name), booleans as "Có"/"" ("Chưa" for not reported), finding
    kinds and aggregations in Vietnamese. Unknown columns are kept, after the known ones.
    With `year`, a "Năm" column is added when the frame has none."""
    out = frame.copy()
    if year is not None and "year" not in out.columns:
        out.insert(0, "year", year)
    if "kind" in out.columns and out["kind"].isin(list(KIND_LABELS)).all() and len(out):
        out = out.rename(columns={"kind": "finding_kind"})
        out["finding_kind"] = out["finding_kind"].map(KIND_LABELS)
    if "part" in out.columns:
        out["part"] = out["part"].map(lambda p: ATTENTION_PARTS_VI.get(p, p))
    if "aggregation" in out.columns:
        out["aggregation"] = out["aggregation"].map(lambda a: AGGREGATION_LABELS.get(a, a))
    if "is_sample" in out.columns:
        out["is_sample"] = out["is_sample"].map(_yes).astype(object)
    if "reported" in out.columns:
        out["reported"] = out["reported"].map(lambda v: YES if bool(v) else "Chưa").astype(object)
    out = out.drop(columns=[c for c in out.columns if c in DROPPED])
    known = [c for c in HEADINGS if c in out.columns]
    other = [c for c in out.columns if c not in HEADINGS]
    return out[known + other].rename(columns=HEADINGS)


def attention_groups(frame: pd.DataFrame) -> list[dict]:
    """The rows of queries.attention_units grouped by unit, in their order (worst first): one
    dict per unit with ward_code, ward_name, unit_percent, band, band_label, is_sample, and
    the lists `indicator` (row dicts: text, value, target, measure, achieved_percent) and
    `limitation`, `cause`, `recommendation` (row dicts: text, source_excerpt)."""
    groups: list[dict] = []
    for ward_code, rows in frame.groupby("ward_code", sort=False):
        first = rows.iloc[0]
        group = {
            "ward_code": int(ward_code),
            "ward_name": first["ward_name"],
            "unit_percent": float(first["unit_percent"]),
            "band": first["band"],
            "band_label": first["band_label"],
            "is_sample": bool(first["is_sample"]),
        }
        for part in ATTENTION_PARTS_VI:
            group[part] = rows[rows["part"] == part].to_dict("records")
        groups.append(group)
    return groups
