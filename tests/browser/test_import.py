"""Staff import a ward's report through the browser: upload the real Hải Dương report, sign in
if saving needs it, save, and the unit page shows its figures.

Runs its own server on its own database (the other browser tests share a read-only one):
the illustrative sample for 2021-2024 only, so phường Hải Dương has no 2025 report until the
test imports it. Desktop size only: the import page is a staff desk task, and each run costs
a full upload-parse-save cycle.
"""

from __future__ import annotations

import re

import pytest

from data_access.db import get_engine
from data_access.reference import DEFAULT_PROVINCE
from data_access.sample import load_illustrative
from data_access.setup import init_db
from tests.browser.conftest import PAGE_FILES, RunningApp, new_ui, require_page, start_app
from tests.browser.test_pages import HAI_DUONG, HAI_DUONG_MEMBERS, HAI_DUONG_NAME, REAL_YEAR
from tests.support.appserver import REPO_ROOT

pytestmark = pytest.mark.browser

REPORT = REPO_ROOT / "sample_data" / "hai-duong-2026-kl62.txt"
EDITOR, EDITOR_PASSWORD = "bientap.haiduong", "Mat-khau-thu-nghiem-2026"


def create_editor(url: str) -> bool:
    """An editor for phường Hải Dương, through the security engineer's data-access API, when
    accounts exist in this version; False when they do not (no sign-in needed yet)."""
    try:
        from data_access.security import create_user, system_actor
    except ImportError:
        return False
    create_user(get_engine(url), actor=system_actor("browser-tests"), username=EDITOR,
                password=EDITOR_PASSWORD, role="editor", wards=[HAI_DUONG], display_name="Biên tập thử")
    return True


@pytest.fixture(scope="module")
def import_app(tmp_path_factory):
    path = tmp_path_factory.mktemp("browser-import") / "import.sqlite3"
    url = f"sqlite:///{path}"
    init_db(url)
    engine = get_engine(url)
    with engine.begin() as conn:
        load_illustrative(conn, province_codes=[DEFAULT_PROVINCE], years=range(REAL_YEAR - 4, REAL_YEAR))
    has_accounts = create_editor(url)
    engine.dispose()
    server = start_app(url)
    try:
        yield RunningApp(server.url, url, server), has_accounts
    finally:
        server.stop()


def sign_in_if_offered(ui) -> bool:
    """Sign in through the form in the sidebar or on the page, when there is one."""
    opener = ui.page.locator('[data-testid="stSidebar"] [data-testid="stExpander"]').filter(has_text="Đăng nhập")
    if opener.count():
        opener.first.locator("summary").click()
    user = ui.page.get_by_label("Tên đăng nhập").filter(visible=True)
    if not user.count():
        return False
    user.first.fill(EDITOR)
    ui.page.get_by_label("Mật khẩu").filter(visible=True).first.fill(EDITOR_PASSWORD)
    ui.page.get_by_role("button", name="Đăng nhập").filter(visible=True).first.click()
    ui.page.get_by_role("button", name="Đăng xuất").wait_for(state="visible", timeout=30_000)  # signed in
    ui.settle()
    ui.assert_clean()
    return True


@pytest.mark.parametrize("viewport", ["desktop"])
def test_upload_save_and_see_the_figures(browser, import_app, viewport):
    require_page("Nhap_bao_cao")
    require_page("Chi_tiet_don_vi")
    app, has_accounts = import_app
    ui = new_ui(browser, app, viewport)
    try:
        ui.open("Chi_tiet_don_vi", unit=HAI_DUONG, year=REAL_YEAR)
        ui.wait_for_text(f"«{REAL_YEAR}»")  # "no report of the year «2025»": the test imports it

        ui.open("Nhap_bao_cao")
        signed_in = sign_in_if_offered(ui) if has_accounts else False
        ui.page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(REPORT))
        ui.wait_for_text(REPORT.name)
        ui.page.get_by_role("button", name="Lưu báo cáo").wait_for(state="visible", timeout=60_000)
        ui.settle()
        ui.assert_clean()
        # the importer proposes the unit and the year from the document
        assert ui.page.get_by_role("combobox", name="Đơn vị").input_value() == HAI_DUONG_NAME
        assert ui.page.get_by_role("combobox", name="Năm của số liệu").input_value() == str(REAL_YEAR)
        ui.screenshot("08_nhap-bao-cao")
        ui.page.get_by_role("button", name="Lưu báo cáo").click()
        ui.settle()
        ui.assert_clean()
        problems = ui.page.locator('[data-testid="stAlertContentError"]')
        assert not problems.count(), (
            f"saving failed (signed in: {signed_in}): " + " | ".join(problems.all_inner_texts())
        )
        ui.page.locator('[data-testid="stAlertContentSuccess"]').first.wait_for(state="visible", timeout=30_000)
        ui.screenshot("08b_nhap-bao-cao-da-luu")

        ui.open("Chi_tiet_don_vi", unit=HAI_DUONG, year=REAL_YEAR)
        ui.wait_for_text(f"{HAI_DUONG_NAME} · năm {REAL_YEAR}")
        ui.wait_for_text(f"{HAI_DUONG_MEMBERS} đảng viên")
        assert re.search(r"Tệp gốc:\*?\*?\s*" + re.escape(REPORT.name), ui.main_text())
    finally:
        errors = list(ui.errors)
        ui.context.close()
    assert not errors, errors


def test_the_import_page_works_on_a_new_empty_database(browser, tmp_path, viewport="desktop"):
    """A new PostgreSQL deployment starts with no report at all (README): the first report
    must be importable through the page."""
    require_page("Nhap_bao_cao")
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    init_db(url)
    create_editor(url)  # the page reads nothing before an editor signs in
    get_engine(url).dispose()
    server = start_app(url)
    ui = new_ui(browser, RunningApp(server.url, url, server), viewport)
    try:
        ui.open("Nhap_bao_cao")
        assert sign_in_if_offered(ui), "the import page must ask for sign-in before it reads an upload"
        ui.screenshot("08c_nhap-bao-cao-co-so-du-lieu-moi")
        uploader = ui.page.locator('[data-testid="stFileUploader"]')
        assert uploader.count(), (
            f"/{PAGE_FILES['Nhap_bao_cao']} on a database without reports shows no uploader: "
            + ui.main_text()[:300]
        )
    finally:
        ui.context.close()
        server.stop()
