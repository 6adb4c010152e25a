"""Whole filtered views as extracts: every table of the overview (province + year) or of a
unit's page (unit + year), as CSV files, a ZIP of them, or one Excel workbook.

Pure like the rest of `exports`: the caller reads the DataFrames (data_access.extracts) and
hands them in; nothing here touches a database.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from domain.format import now as clock
from exports.brief import BriefUnavailable
from exports.csv import to_csv_bytes
from exports.naming import file_name
from exports.tables import SAMPLE_COLUMN, TABLES
from exports.xlsx import workbook_bytes

Frames = Mapping[str, pd.DataFrame]  # data_access.extracts.unit / .province
SOURCE = "Bảng theo dõi thực hiện Kết luận 62-KL/TW: báo cáo hiện hành của các phường, xã, đặc khu"
UNITS_NOTE = (
    "Số là số (không phải chữ): tiền tính bằng đồng, tỷ lệ và «Đạt (% chỉ tiêu)» tính theo thang 0-100. "
    "Cột «Mã đơn vị» là mã đơn vị hành chính chính thức."
)


@dataclass(frozen=True)
class View:
    """The tables of a view and what they were filtered by."""

    province_code: int
    province_name: str
    year: int
    unit_code: int | None
    unit_name: str | None
    tables: list[tuple[str, pd.DataFrame]]  # (table code of exports.tables.TABLES, frame)

    def file_name(self, kind: str, ext: str, today: dt.date | None = None) -> str:
        return file_name(kind, self.province_name, self.year, self.unit_name, ext, today)


def province_view(frames: Frames, province_code: int, year: int) -> View:
    """The overview of a province for a year: figures, targets, achievement by unit, province
    totals, findings and reporting status."""
    province = frames["province"]
    if province.empty:
        raise BriefUnavailable(f"Không có tỉnh, thành phố mã {province_code}.")
    tables = [
        (code, frames[code])
        for code in ("figures", "targets", "achievement", "headline", "findings", "reporting", "attention")
    ]
    return View(province_code, province.iloc[0]["name"], year, None, None, tables)


def unit_view(frames: Frames, ward_code: int, year: int) -> View:
    """A unit's page for a year: its figures against targets and its findings."""
    unit = frames["unit"]
    if unit.empty:
        raise BriefUnavailable(f"Không tìm thấy đơn vị mã {ward_code} trong danh mục đơn vị hành chính.")
    unit = unit.iloc[0]
    figures = frames["figures"].copy()
    figures.insert(0, "ward_name", unit["name"])
    figures.insert(0, "ward_code", ward_code)
    tables = [
        ("figures", figures),
        ("findings", frames["findings"]),
    ]
    return View(int(unit["province_code"]), unit["province_name"], year, ward_code, unit["name"], tables)


def csv_files(view: View, today: dt.date | None = None) -> dict[str, bytes]:
    """File name -> CSV bytes, one per table of the view, in the view's order."""
    return {
        view.file_name(TABLES[code][1], "csv", today): to_csv_bytes(frame, year=view.year)
        for code, frame in view.tables
    }


def csv_zip(view: View, today: dt.date | None = None) -> bytes:
    """Every CSV of the view in one ZIP (names are ASCII, so every unzip tool keeps them)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in csv_files(view, today).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def info_rows(view: View, now: dt.datetime) -> list[tuple[str, object]]:
    rows: list[tuple[str, object]] = [
        ("Nguồn", SOURCE),
        ("Tỉnh, thành phố", f"{view.province_name} (mã {view.province_code})"),
    ]
    if view.unit_code is not None:
        rows.append(("Đơn vị", f"{view.unit_name} (mã {view.unit_code})"))
    rows += [
        ("Năm", view.year),
        ("Thời điểm trích xuất", now.replace(microsecond=0)),
        ("Đơn vị tính", UNITS_NOTE),
    ]
    return rows


def xlsx(view: View, now: dt.datetime | None = None) -> bytes:
    """One workbook: the info sheet, then one sheet per table."""
    now = now or clock()
    scope = view.unit_name or view.province_name
    return workbook_bytes(
        [(TABLES[code][0], frame) for code, frame in view.tables],
        title=f"Số liệu {scope} năm {view.year}",
        info=info_rows(view, now),
        year=view.year,
    )


__all__ = ["View", "province_view", "unit_view", "csv_files", "csv_zip", "xlsx", "SAMPLE_COLUMN"]
