"""Downloads arrive in the browser as files a staff member can open: CSV with a UTF-8 BOM
(Excel reads the diacritics), Excel workbooks openpyxl can load, PDFs."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from data_access import queries
from data_access.reference import DEFAULT_PROVINCE
from tests.browser.conftest import UI, require_page
from tests.browser.test_pages import HAI_DUONG, HAI_DUONG_NAME, REAL_YEAR, latest_year

pytestmark = pytest.mark.browser

BOM = b"\xef\xbb\xbf"


def download(ui: UI, name: str, *, exact: bool = True) -> tuple[str, bytes]:
    """Click the visible download button `name`; returns (suggested file name, bytes)."""
    button = ui.page.locator('[data-testid="stDownloadButton"]').get_by_role("button", name=name, exact=exact)
    button = button.filter(visible=True).first
    button.wait_for(state="visible", timeout=30_000)
    button.scroll_into_view_if_needed()
    with ui.page.expect_download(timeout=60_000) as info:
        button.click()
    dl = info.value
    path = dl.path()  # waits until the file has arrived
    assert dl.failure() is None, dl.failure()
    with open(path, "rb") as f:
        return dl.suggested_filename, f.read()


def has_button(ui: UI, name: str) -> bool:
    buttons = ui.page.locator('[data-testid="stDownloadButton"]').get_by_role("button", name=name, exact=True)
    return buttons.count() > 0


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM), f"no UTF-8 BOM: {data[:20]!r}"
    text = data[len(BOM):].decode("utf-8")
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t")
    return list(csv.reader(io.StringIO(text), dialect))


def check_view_files(ui: UI) -> None:
    """The whole-view files: Excel, CSV (ZIP), PDF brief."""
    assert has_button(ui, "Tải Excel (.xlsx)"), f"no Excel download on {ui.page.url}"
    name, data = download(ui, "Tải Excel (.xlsx)")
    assert name.endswith(".xlsx") and data.startswith(b"PK\x03\x04"), (name, data[:80])
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    assert len(book.sheetnames) >= 2, book.sheetnames  # a sheet on the source and filters, then tables
    book.close()
    name, data = download(ui, "Tóm tắt PDF")
    assert name.endswith(".pdf") and data.startswith(b"%PDF"), (name, data[:80])
    name, data = download(ui, "Tải CSV (.zip)")
    assert name.endswith(".zip") and data.startswith(b"PK\x03\x04"), (name, data[:80])


def test_overview_downloads(ui: UI, sample_app):
    year = latest_year(sample_app.engine)
    worst = queries.unit_achievement(sample_app.engine, DEFAULT_PROVINCE, year).iloc[0]
    ui.open("", year=year)
    name, data = download(ui, "Tải CSV")
    assert name.endswith(".csv") and str(year) in name
    rows = read_csv(data)
    header, body = rows[0], rows[1:]
    assert any("đơn vị" in h.lower() for h in header), header  # Vietnamese headings
    assert body, "the CSV has no rows"
    assert worst["ward_name"] in body[0], body[0]  # the rows shown, worst first
    check_view_files(ui)
    ui.assert_clean()


def test_unit_downloads_have_the_real_figure(ui: UI):
    require_page("Chi_tiet_don_vi")
    ui.open("Chi_tiet_don_vi", unit=HAI_DUONG, year=REAL_YEAR)
    ui.wait_for_text(HAI_DUONG_NAME)
    name, data = download(ui, "Tải CSV")
    rows = read_csv(data)
    members = [r for r in rows if "Đảng viên" in r]
    assert members, f"no «Đảng viên» row in {name}: {rows[:3]}"
    assert any(cell.replace(".", "").replace(" đảng viên", "").strip() == "4226" for cell in members[0])
    check_view_files(ui)
    ui.assert_clean()
