"""Download buttons (Streamlit) for tables, whole views and the one-page brief. The frames
come from data_access.extracts, the bytes from the pure `exports` package.

For a page:

    from ui.downloads import csv_button, overview_downloads, unit_downloads
    overview_downloads(filters)            # Tổng quan: Excel, CSV (ZIP), PDF of province + year
    unit_downloads(filters)                # Chi tiết đơn vị: Excel, CSV (ZIP), PDF of unit + year
    csv_button(frame, "chi-tieu_hai-phong_2025")       # one table, exactly the rows shown

Whole-view files are made only when the button is clicked (Streamlit's deferred download), so
drawing the page costs nothing.
"""

from __future__ import annotations

import datetime as dt
import logging

import pandas as pd
import streamlit as st

from data_access import extracts, queries
from data_access.db import get_engine
from domain import format as vn
from exports import views
from exports.brief import BriefUnavailable, province_brief_pdf, unit_brief_pdf
from exports.csv import to_csv_bytes
from exports.naming import file_name
from exports.xlsx import workbook_bytes
from ui.frame import Filters, database, read

log = logging.getLogger(__name__)
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_button(
    frame: pd.DataFrame,
    name: str,
    *,
    label: str = "Tải CSV",
    key: str | None = None,
) -> None:
    """A CSV download of exactly the rows shown (Vietnamese headings, plain numbers, UTF-8
    with BOM). `name` is the ASCII stem ("chi-tieu_hai-phong_2025"); the date of extraction
    is appended. The file is made when clicked, not on every view."""
    rows = frame.copy(deep=False)  # copy-on-write: later changes to `frame` do not reach the file
    st.download_button(
        label,
        data=_guarded(lambda: to_csv_bytes(rows), "tệp CSV"),
        file_name=f"{name}_{dt.date.today().isoformat()}.csv",
        mime="text/csv",
        key=key or f"csv-{name}",
        icon=":material/download:",
        on_click="ignore",
    )


def xlsx_button(
    frame: pd.DataFrame, name: str, sheet: str, *, filters: Filters, key: str, label: str = "Tải Excel"
) -> None:
    """An Excel workbook of exactly the rows shown (one sheet, Vietnamese headings, numbers as
    numbers), with the info sheet of the extracts; made only when clicked."""
    file = file_name(name, filters.province_name, filters.year, filters.unit_name, "xlsx")
    info = [("Nguồn", views.SOURCE), ("Tỉnh, thành phố", filters.province_name), ("Năm", filters.year),
            ("Đơn vị tính", views.UNITS_NOTE)]

    def make() -> bytes:
        return workbook_bytes([(sheet, frame)], title=f"{sheet} · {filters.province_name} năm {filters.year}",
                              info=[*info, ("Thời điểm trích xuất", vn.now())],
                              year=filters.year)

    st.download_button(
        label,
        data=_guarded(make, "tệp Excel"),
        file_name=file,
        mime=XLSX_MIME,
        key=key,
        icon=":material/table_view:",
        on_click="ignore",
    )


def _guarded(make, what: str):
    """A deferred download callable that never shows a traceback: on failure the file holds
    a one-line Vietnamese message instead."""

    def run() -> bytes:
        try:
            return make()
        except BriefUnavailable as exc:
            return str(exc).encode("utf-8")
        except Exception:  # the download runs outside the page; log and say so in the file
            log.exception("export failed: %s", what)
            return f"Không tạo được {what}. Chi tiết lỗi đã được ghi vào nhật ký máy chủ.".encode()

    return run


def _buttons(view_of, brief_of, names: dict[str, str], key: str) -> None:
    columns = st.columns(3)
    columns[0].download_button(
        "Tải Excel (.xlsx)",
        data=_guarded(lambda: views.xlsx(view_of()), "tệp Excel"),
        file_name=names["xlsx"],
        mime=XLSX_MIME,
        key=f"{key}-xlsx",
        icon=":material/table_view:",
        on_click="ignore",
        help="Mỗi bảng một trang tính; số là số, ngày là ngày; trang đầu ghi nguồn, bộ lọc và thời điểm trích xuất.",
    )
    columns[1].download_button(
        "Tải CSV (.zip)",
        data=_guarded(lambda: views.csv_zip(view_of()), "tệp CSV"),
        file_name=names["zip"],
        mime="application/zip",
        key=f"{key}-zip",
        icon=":material/download:",
        on_click="ignore",
        help="Mỗi bảng một tệp CSV (UTF-8, dấu chấm thập phân, không phân cách hàng nghìn), "
        "đọc được bằng Excel và pandas.",
    )
    columns[2].download_button(
        "Tóm tắt PDF",
        data=_guarded(brief_of, "bản tóm tắt PDF"),
        file_name=names["pdf"],
        mime="application/pdf",
        key=f"{key}-pdf",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
        help="Một trang A4 ngang để mang đi họp: số liệu chủ yếu, biểu đồ, ưu điểm, hạn chế, kiến nghị.",
    )


def overview_downloads(filters: Filters) -> None:
    """Excel, CSV (ZIP) and the PDF brief of the province and year in `filters`."""
    if filters.year is None:
        return
    url, province, year = database(), filters.province_code, filters.year

    def frames():
        return extracts.province(get_engine(url), province, year)

    names = {
        ext: file_name("tong-quan" if ext != "pdf" else "tom-tat", filters.province_name, year, ext=ext)
        for ext in ("xlsx", "zip", "pdf")
    }
    _buttons(
        lambda: views.province_view(frames(), province, year),
        lambda: province_brief_pdf(frames(), province, year),
        names,
        key=f"dl-province-{province}-{year}",
    )


def unit_downloads(filters: Filters) -> None:
    """Excel, CSV (ZIP) and the PDF brief of the unit and year in `filters`; a short notice
    instead when the unit has no report for the year."""
    if filters.unit_code is None or filters.year is None:
        return
    if read(queries.report_of_unit, filters.unit_code, filters.year).empty:
        st.caption(f"{filters.unit_name} chưa có báo cáo năm {filters.year}: chưa có gì để tải về.")
        return
    url, unit, year = database(), filters.unit_code, filters.year

    def frames():
        return extracts.unit(get_engine(url), unit, year)

    names = {
        ext: file_name("don-vi" if ext != "pdf" else "tom-tat", filters.province_name, year, filters.unit_name, ext)
        for ext in ("xlsx", "zip", "pdf")
    }
    _buttons(
        lambda: views.unit_view(frames(), unit, year),
        lambda: unit_brief_pdf(frames(), unit, year),
        names,
        key=f"dl-unit-{unit}-{year}",
    )
