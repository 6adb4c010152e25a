"""CSV extracts, byte by byte: BOM, Vietnamese headings, rows equal to the query, plain
numbers, formula injection neutralised; the ASCII file names."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pandas as pd
import pytest

from data_access import extracts, queries
from domain.format import slug
from exports import views
from exports.csv import to_csv_bytes
from exports.naming import file_name

BOM = b"\xef\xbb\xbf"
ATTACKS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1", '=HYPERLINK("http://x","y")']


def _rows(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM) and not data.startswith(BOM + BOM)
    return list(csv.reader(io.StringIO(data[len(BOM) :].decode("utf-8"), newline="")))


def test_file_name_is_ascii_with_filters_and_date():
    day = dt.date(2026, 11, 27)
    assert file_name("chi-tieu", "Thành phố Hải Phòng", 2025, today=day) == "chi-tieu_hai-phong_2025_2026-11-27.csv"
    name = file_name("tóm tắt", "Hải Phòng", 2025, "Phường Hải Dương", "pdf", day)
    assert name == "tom-tat_hai-phong_phuong-hai-duong_2025_2026-11-27.pdf"
    assert slug("Đặc khu Bạch Long Vĩ") == "dac-khu-bach-long-vi"
    assert slug("Xã Đồng Đức (cũ)") == "xa-dong-duc-cu"
    assert name.isascii()


def test_figures_csv_has_bom_vietnamese_headings_and_the_query_rows(sample_engine):
    expected = queries.province_indicator_values(sample_engine, 31, 2025)
    rows = _rows(to_csv_bytes(expected, year=2025))
    header, body = rows[0], rows[1:]
    assert header[:5] == ["Năm", "Mã đơn vị", "Tên đơn vị", "Mã chỉ số", "Chỉ số"]
    assert "Giá trị" in header and "Dữ liệu minh họa" in header and "Chỉ tiêu" in header
    assert len(body) == len(expected)
    back = pd.read_csv(io.BytesIO(to_csv_bytes(expected, year=2025)), encoding="utf-8-sig")
    assert back["Mã đơn vị"].tolist() == expected["ward_code"].tolist()
    assert back["Tên đơn vị"].tolist() == expected["ward_name"].tolist()
    assert pd.api.types.is_numeric_dtype(back["Giá trị"])
    assert back["Giá trị"].tolist() == pytest.approx(expected["value"].tolist())
    assert back["Chỉ tiêu"].fillna(-1).tolist() == pytest.approx(expected["target"].fillna(-1).tolist())
    sample = back["Dữ liệu minh họa"].fillna("")
    assert (sample == "Có").tolist() == expected["is_sample"].astype(bool).tolist()


def test_numbers_are_plain_machine_readable(sample_engine):
    headline = queries.province_headline(sample_engine, 31, 2025)
    rows = _rows(to_csv_bytes(headline))
    value_col = rows[0].index("Giá trị")
    values = [r[value_col] for r in rows[1:]]
    money = headline.index[headline["indicator_code"] == "poor_fund"][0]
    assert values[money] == str(int(headline.loc[money, "value"]))  # 21352000000: no "." or "," groups
    for text in values:
        assert "," not in text and "e" not in text.lower()
        float(text)
    frame = pd.DataFrame({"value": [4226.0, 94.5, -3.25, 1e-7, 58_409_000_000.0]})
    assert [r[0] for r in _rows(to_csv_bytes(frame, headings=False))[1:]] == [
        "4226", "94.5", "-3.25", "0.0000001", "58409000000",
    ]


def test_formula_injection_is_neutralised_and_numbers_untouched():
    frame = pd.DataFrame({"ward_name": ATTACKS + ["Phường Hải Dương"], "value": [-5.0] * len(ATTACKS) + [4226.0]})
    data = to_csv_bytes(frame)
    rows = _rows(data)
    names = [r[0] for r in rows[1:]]
    for attack, written in zip(ATTACKS, names, strict=False):
        assert written == "'" + attack
    assert names[-1] == "Phường Hải Dương"
    assert [r[1] for r in rows[1:]] == ["-5"] * len(ATTACKS) + ["4226"]
    # No line of the file starts a cell with a trigger outside quotes.
    for line in data[len(BOM) :].decode("utf-8").split("\r\n")[1:]:
        for cell in line.split(","):
            assert not cell.startswith(("=", "+", "@"))


def test_reporting_status_and_findings_extracts(sample_engine):
    status = queries.reporting_status(sample_engine, 31, 2025)
    rows = _rows(to_csv_bytes(status, year=2025))
    assert rows[0][:4] == ["Năm", "Mã đơn vị", "Tên đơn vị", "Loại"]
    reported = [r[rows[0].index("Đã báo cáo")] for r in rows[1:]]
    assert reported.count("Có") == int(status["reported"].sum())
    assert reported.count("Chưa") == int((~status["reported"]).sum())
    dates = [r[rows[0].index("Ngày văn bản")] for r in rows[1:] if r[rows[0].index("Ngày văn bản")]]
    assert dates and all(dt.date.fromisoformat(d) for d in dates)

    found = queries.findings(sample_engine, ward_code=10525, year=2025)
    rows = _rows(to_csv_bytes(found))
    kinds = {r[rows[0].index("Loại nhận định")] for r in rows[1:]}
    assert "Hạn chế, khuyết điểm" in kinds and "limitation" not in kinds
    texts = [r[rows[0].index("Nội dung")] for r in rows[1:]]
    assert texts == found["text"].tolist()


def test_whole_view_zip_holds_every_table(sample_engine):
    view = views.province_view(extracts.province(sample_engine, 31, 2025), 31, 2025)
    day = dt.date(2026, 11, 27)
    with zipfile.ZipFile(io.BytesIO(views.csv_zip(view, day))) as archive:
        names = archive.namelist()
        assert "chi-tieu_hai-phong_2025_2026-11-27.csv" in names
        assert "tinh-hinh-bao-cao_hai-phong_2025_2026-11-27.csv" in names
        targets = _rows(archive.read("chi-tieu_hai-phong_2025_2026-11-27.csv"))
    assert len(targets) - 1 == len(queries.province_targets(sample_engine, 31, 2025))
    assert all(name.isascii() for name in names) and len(names) == len(view.tables)
