"""The Excel workbook read back with openpyxl (and, where installed, opened by LibreOffice):
typed cells, values equal to the queries, frozen header, the info sheet, illustrative rows
marked, formula injection closed."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import openpyxl
import pandas as pd
import pytest

from data_access import extracts, queries
from exports import views
from exports.xlsx import workbook_bytes

ATTACKS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1", '=HYPERLINK("http://x","y")']
NOW = dt.datetime(2026, 11, 27, 9, 30)


def _load(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _table(ws) -> tuple[list[str], list[tuple]]:
    rows = list(ws.iter_rows(values_only=True))
    return list(rows[0]), rows[1:]


def test_province_workbook(sample_engine):
    """One workbook (building it takes a few seconds), checked sheet by sheet."""
    wb = _load(views.xlsx(views.province_view(extracts.province(sample_engine, 31, 2025), 31, 2025), now=NOW))
    _check_info_sheet(wb)
    _check_figures_sheet(wb, sample_engine)
    _check_reporting_sheet(wb, sample_engine)


def _check_info_sheet(wb):
    assert wb.sheetnames[0] == "Thông tin"
    assert wb.sheetnames[1:] == ["Số liệu", "Chỉ tiêu", "Mức đạt chỉ tiêu", "Số liệu toàn tỉnh", "Nhận định",
                                 "Tình hình báo cáo", "Cần chú ý"]
    info = {row[0]: row[1] for row in wb["Thông tin"].iter_rows(min_row=2, values_only=True) if row[0]}
    assert "Kết luận 62-KL/TW" in info["Nguồn"]
    assert info["Tỉnh, thành phố"] == "Thành phố Hải Phòng (mã 31)"
    assert info["Năm"] == 2025
    assert info["Thời điểm trích xuất"] == NOW  # a real date-time cell, not text
    notes = [c.value for c in wb["Thông tin"]["A"] if isinstance(c.value, str)]
    assert any(n.startswith("Dữ liệu minh họa:") for n in notes)


def _check_figures_sheet(wb, sample_engine):
    expected = queries.province_indicator_values(sample_engine, 31, 2025)
    ws = wb["Số liệu"]
    header, rows = _table(ws)
    assert ws.freeze_panes == "A2"
    assert ws["A1"].font.b and ws.auto_filter.ref.startswith("A1:")
    assert len(rows) == len(expected)
    col = {name: i for i, name in enumerate(header)}
    assert [r[col["Mã đơn vị"]] for r in rows] == expected["ward_code"].tolist()
    values = [r[col["Giá trị"]] for r in rows]
    assert all(isinstance(v, int | float) for v in values)
    assert values == pytest.approx(expected["value"].tolist())
    percents = [r[col["Đạt (% chỉ tiêu)"]] for r in rows if r[col["Đạt (% chỉ tiêu)"]] is not None]
    assert percents and all(isinstance(p, int | float) for p in percents)
    assert percents == pytest.approx(expected["achieved_percent"].dropna().tolist())
    marked = [r[col["Dữ liệu minh họa"]] == "Có" for r in rows]
    assert marked == expected["is_sample"].astype(bool).tolist()
    real = [r for r in rows if r[col["Tên đơn vị"]] == "Phường Hải Dương"]
    assert real and all(r[col["Dữ liệu minh họa"]] is None for r in real)
    # Number formats: grouped whole numbers, codes and years without grouping.
    assert ws.cell(row=2, column=col["Giá trị"] + 1).number_format == "#,##0"
    assert ws.cell(row=2, column=col["Mã đơn vị"] + 1).number_format == "0"
    assert ws.column_dimensions["C"].width >= len("Phường Hải Dương")


def _check_reporting_sheet(wb, sample_engine):
    status = queries.reporting_status(sample_engine, 31, 2025)
    ws = wb["Tình hình báo cáo"]
    header, rows = _table(ws)
    col = {name: i for i, name in enumerate(header)}
    imported = [r[col["Thời điểm nhập"]] for r in rows if r[col["Thời điểm nhập"]] is not None]
    assert len(imported) == int(status["reported"].sum())
    assert all(isinstance(v, dt.datetime) for v in imported)
    column = col["Thời điểm nhập"] + 1
    cells = [ws.cell(row=r, column=column) for r in range(2, ws.max_row + 1)]
    assert {c.number_format for c in cells if c.value is not None} == {"dd/mm/yyyy hh:mm"}


def test_injection_cells_are_text_with_quote_prefix_and_numbers_stay_numbers():
    frame = pd.DataFrame({"ward_name": [*ATTACKS, "Phường Hải Dương"], "value": [-5.0] * len(ATTACKS) + [4226.5]})
    ws = _load(workbook_bytes([("Bảng", frame)], title="Thử", info=[]))["Bảng"]
    for row, attack in enumerate(ATTACKS, start=2):
        cell = ws.cell(row=row, column=1)
        assert cell.data_type == "s" and cell.value.strip() == attack.strip()
        assert cell.quotePrefix
        number = ws.cell(row=row, column=2)
        assert number.data_type == "n" and number.value == -5
    assert ws.cell(row=len(ATTACKS) + 2, column=1).quotePrefix is False
    assert ws.cell(row=len(ATTACKS) + 2, column=2).value == 4226.5


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_shows_injection_as_text(tmp_path):
    frame = pd.DataFrame({"ward_name": ["=1+1", "@SUM(1,2)"], "value": [-5.0, 4226.0]})
    path = tmp_path / "thu.xlsx"
    path.write_bytes(workbook_bytes([("Bang", frame)], title="Thử", info=[]))
    # A control: the same text written by openpyxl as a formula is evaluated by LibreOffice.
    control = openpyxl.Workbook()
    control.active["A1"] = "=1+1"
    control.save(tmp_path / "control.xlsx")
    filter_options = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    for name in ("thu.xlsx", "control.xlsx"):
        subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", filter_options,
             "--outdir", str(tmp_path / "out"), str(tmp_path / name)],
            check=True, capture_output=True, timeout=120,
        )
    shown = (tmp_path / "out" / "thu-Bang.csv").read_text(encoding="utf-8").splitlines()
    assert shown[1:] == ['"=1+1",-5', '"@SUM(1,2)",4226'] or shown[1:] == ["=1+1,-5", '"@SUM(1,2)",4226']
    control_out = next((tmp_path / "out").glob("control*.csv")).read_text(encoding="utf-8").strip()
    assert control_out == "2"
