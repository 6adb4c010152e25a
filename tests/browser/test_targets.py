"""Staff at a desk or on a tablet: an editor uploads a targets sheet on "Chỉ tiêu giao",
checks the preview, saves, and the unit page shows the unit's % of target; the editor
corrects a figure on the unit page and the page shows the new value and the correction.

Runs its own server on its own copy of the sample (these tests write)."""

from __future__ import annotations

import re

import pytest

from data_access import queries
from data_access.db import get_engine
from data_access.security import create_user, system_actor
from data_access.setup import prepare_database
from domain import format as vn
from tests.browser.conftest import RunningApp, new_ui, start_app
from tests.browser.test_import import sign_in_if_offered

pytestmark = pytest.mark.browser

HAI_DUONG, YEAR = 10525, 2025
EDITOR, EDITOR_PASSWORD = "bientap.haiduong", "Mat-khau-thu-nghiem-2026"
# A different target per screen size, so that each run saves a real change.
TARGETS = {"desktop": "400.000.000", "tablet": "1,1 tỷ"}
CORRECTED = {"desktop": "380 triệu", "tablet": "390 triệu"}


@pytest.fixture(scope="module")
def targets_app(tmp_path_factory):
    path = tmp_path_factory.mktemp("browser-targets") / "targets.sqlite3"
    url = f"sqlite:///{path}"
    prepare_database(url, with_sample=True)
    create_user(get_engine(url), actor=system_actor("browser-tests"), username=EDITOR, password=EDITOR_PASSWORD,
                role="editor", wards=[HAI_DUONG], display_name="Biên tập thử")
    get_engine(url).dispose()
    server = start_app(url)
    try:
        yield RunningApp(server.url, url, server)
    finally:
        server.stop()


@pytest.fixture
def editor_ui(browser, targets_app, viewport):
    session = new_ui(browser, targets_app, viewport)
    yield session
    errors = list(session.errors)
    session.context.close()
    assert not errors, errors


def _fund(app: RunningApp):
    return queries.unit_indicators(get_engine(app.database_url), HAI_DUONG, YEAR).set_index("indicator_code").loc[
        "poor_fund"]


def test_an_editor_uploads_targets_saves_and_the_units_percent_appears(editor_ui, targets_app, tmp_path, viewport):
    ui = editor_ui
    sheet = tmp_path / f"chi-tieu-{viewport}.csv"
    sheet.write_text("Mã đơn vị;Đơn vị;Mã chỉ tiêu;Chỉ tiêu;Đơn vị tính;Năm;Chỉ tiêu giao\n"
                     f"{HAI_DUONG};Phường Hải Dương;poor_fund;Quỹ Vì người nghèo;đồng;{YEAR};{TARGETS[viewport]}\n",
                     encoding="utf-8-sig")
    ui.open("Chi_tieu_giao", unit=HAI_DUONG, year=YEAR)
    assert sign_in_if_offered(ui)
    ui.page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(sheet))
    ui.wait_for_text("Xem trước:")
    ui.settle()
    ui.assert_clean()
    ui.screenshot("10_chi-tieu-giao-xem-truoc")
    ui.page.get_by_role("button", name="Lưu 1 chỉ tiêu").click()
    ui.settle()
    ui.assert_clean()
    ui.wait_for_text("Đã lưu: ")

    fund = _fund(targets_app)
    expected = vn.percent(fund["value"] * 100 / fund["target"])
    assert fund["target"] == {"desktop": 400_000_000, "tablet": 1_100_000_000}[viewport]
    ui.open("Chi_tiet_don_vi", unit=HAI_DUONG, year=YEAR)
    ui.wait_for_text(expected)
    assert expected in ui.table_cells()
    ui.screenshot("10b_chi-tiet-don-vi-co-chi-tieu")


def test_an_editor_corrects_a_figure_on_the_unit_page(editor_ui, targets_app, viewport):
    ui = editor_ui
    ui.open("Chi_tiet_don_vi", unit=HAI_DUONG, year=YEAR)
    assert sign_in_if_offered(ui)
    ui.page.locator('[data-testid="stExpander"]').filter(has_text="Sửa sau khi lưu").locator("summary").click()
    ui.settle()
    box = ui.page.get_by_role("combobox", name="Số liệu cần sửa")
    box.click()
    ui.page.get_by_role("option").filter(has_text="Vì người nghèo").first.click()
    ui.settle()
    field = ui.page.get_by_label(re.compile(r"^Giá trị"))
    field.fill(CORRECTED[viewport])
    ui.page.get_by_role("button", name="Lưu sửa số liệu").click()
    ui.settle()
    ui.assert_clean()
    ui.wait_for_text("Đã sửa số liệu")
    shown = f"trên {CORRECTED[viewport]} đồng"
    ui.wait_for_text(shown)
    assert _fund(targets_app)["value"] == {"desktop": 380_000_000, "tablet": 390_000_000}[viewport]
    ui.screenshot("10c_chi-tiet-don-vi-da-sua")
