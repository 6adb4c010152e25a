"""The meeting room and the phone (issue 16), in a real Chromium:

- the presentation fills the screen at 1024x768, 1280x720, 1366x768 and 1920x1080: no element
  outside the window, no sidebar; the keys a clicker sends and auto-advance move the slides;
- the "Cần chú ý" section shows the sample's units below 80 % with their own findings;
- the print view (`print=1`) printed by Chromium is A4 landscape, the widest table's last
  column is in the PDF and the headings of a long table repeat on the next page;
- at phone width (390x844) the overview, the unit page and the findings page do not scroll
  sideways, the metrics stack and the sidebar opens from its button.

Screenshots go to $BROWSER_ARTIFACTS (tests/artifacts/ by default)."""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from data_access import queries
from data_access.reference import DEFAULT_PROVINCE
from exports.tables import attention_groups
from tests.browser.conftest import ARTIFACTS, UI, new_ui, require_page
from tests.browser.test_downloads import download
from tests.browser.test_pages import check_layout, horizontal_overflow, latest_year

pytestmark = pytest.mark.browser

SCREENS = {
    "1024x768": {"width": 1024, "height": 768},
    "1280x720": {"width": 1280, "height": 720},
    "1366x768": {"width": 1366, "height": 768},
    "1920x1080": {"width": 1920, "height": 1080},
}
PHONE = {"width": 390, "height": 844}
SLIDE_COUNT = 5

# Every drawn element of the page that reaches outside the window, and whether the page scrolls.
OUTSIDE = """() => {
    const w = window.innerWidth, h = window.innerHeight, out = [];
    const main = document.querySelector('[data-testid="stMain"]');
    for (const el of main.querySelectorAll('*')) {
        const style = getComputedStyle(el);
        if (style.display === 'none' || style.visibility === 'hidden') continue;
        if (el.closest('.st-key-slide-keys')) continue;  // the key script draws nothing
        const r = el.getBoundingClientRect();
        if (!r.width || !r.height) continue;
        if (r.right > w + 1 || r.bottom > h + 1 || r.left < -1 || r.top < -1)
            out.push(`${el.tagName}.${(el.getAttribute('data-testid') || el.className || '').toString().slice(0, 40)} `
                     + `${Math.round(r.left)},${Math.round(r.top)}-${Math.round(r.right)},${Math.round(r.bottom)}`);
    }
    const scrolls = Math.max(main.scrollHeight - main.clientHeight, document.documentElement.scrollHeight - h, 0);
    return {out: out.slice(0, 15), scrolls};
}"""


@pytest.fixture(params=list(SCREENS), ids=list(SCREENS))
def screen(request, browser, sample_app):
    session = new_ui(browser, sample_app, request.param, SCREENS[request.param])
    yield session
    errors = list(session.errors)
    session.context.close()
    if errors:
        pytest.fail("browser console errors during the test:\n" + "\n".join(errors))


@pytest.fixture
def phone(browser, sample_app):
    session = new_ui(browser, sample_app, "390x844", PHONE)
    yield session
    session.context.close()


def _slide(ui: UI) -> int:
    return int(ui.query().get("slide", "1"))


def _wait_slide(ui: UI, number: int) -> None:
    ui.page.wait_for_url(re.compile(rf"[?&]slide={number}\b"), timeout=30_000)
    ui.wait_for_text(f"Trang {number}/{SLIDE_COUNT}")
    ui.settle()


def _assert_fills_screen(ui: UI, number: int) -> None:
    result = ui.page.evaluate(OUTSIDE)
    assert not result["out"], f"slide {number} at {ui.size}: elements outside the window:\n" + "\n".join(result["out"])
    assert result["scrolls"] <= 1, f"slide {number} at {ui.size} scrolls by {result['scrolls']}px"
    sidebar = ui.page.locator('[data-testid="stSidebar"]')
    assert sidebar.count() == 0 or not sidebar.is_visible(), f"the sidebar shows on slide {number} at {ui.size}"
    assert not ui.page.locator('[data-testid="stHeader"]').is_visible()
    assert ui.page.get_by_role("button", name=re.compile("Bảng theo dõi")).is_visible()  # the way back
    footer = ui.page.locator(".st-key-slide-footer").inner_text()
    assert "Nguồn:" in footer and "Trình chiếu ngày" in footer and "Dữ liệu minh họa" in footer


def test_slides_fill_the_screen_and_move_with_the_keys(screen: UI, sample_app):
    require_page("Trinh_chieu")
    ui = screen
    year = latest_year(sample_app.engine)
    ui.open("Trinh_chieu", year=year)
    ui.wait_for_text(f"Trang 1/{SLIDE_COUNT}")
    ui.settle()  # the window's size reaches Python, the slide is drawn again for it
    for number in range(1, SLIDE_COUNT + 1):
        if number > 1:
            ui.page.keyboard.press("ArrowRight" if number % 2 else "PageDown")
            _wait_slide(ui, number)
        ui.screenshot(f"16_slide-{number}")
        ui.assert_clean()
        _assert_fills_screen(ui, number)
        check_layout(ui)
    ui.page.keyboard.press("PageUp")
    _wait_slide(ui, SLIDE_COUNT - 1)
    ui.page.keyboard.press("ArrowLeft")
    _wait_slide(ui, SLIDE_COUNT - 2)
    ui.page.keyboard.press("Space")
    _wait_slide(ui, SLIDE_COUNT - 1)


def test_auto_advance_moves_on_by_itself(browser, sample_app):
    require_page("Trinh_chieu")
    ui = new_ui(browser, sample_app, "1280x720", SCREENS["1280x720"])
    try:
        ui.open("Trinh_chieu", slide=SLIDE_COUNT, auto=5)
        ui.wait_for_text("tự chuyển sau 5 giây")
        _wait_slide(ui, 1)  # after the last slide it starts again
        _wait_slide(ui, 2)
        ui.assert_clean()
    finally:
        ui.context.close()


def test_attention_section_lists_units_below_80_percent_with_their_findings(browser, sample_app):
    ui = new_ui(browser, sample_app, "desktop")
    try:
        year = latest_year(sample_app.engine)
        ui.open("", year=year)
        ui.page.locator("#can-chu-y").scroll_into_view_if_needed()
        ui.wait_for_text("Cần chú ý")
        groups = attention_groups(queries.attention_units(sample_app.engine, DEFAULT_PROVINCE, year))
        achievement = queries.unit_achievement(sample_app.engine, DEFAULT_PROVINCE, year)
        assert [g["ward_name"] for g in groups] == list(achievement[achievement["achieved_percent"] < 80]["ward_name"])
        text = " ".join(ui.main_text().split())
        for group in groups:
            assert group["ward_name"] in text
            for row in group["limitation"] + group["cause"] + group["recommendation"]:
                assert " ".join(row["text"].split()) in text
        ui.page.locator("#can-chu-y").scroll_into_view_if_needed()
        ui.page.screenshot(path=str(_artifact("16_can-chu-y_desktop.png")))
        # the Excel of the section: one sheet "Cần chú ý", the units in the same order
        name, data = download(ui, "Tải Excel")
        assert name.startswith("can-chu-y_") and name.endswith(".xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(data))["Cần chú ý"]
        headings = [c.value for c in sheet[1]]
        names = [row[headings.index("Tên đơn vị")] for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert list(dict.fromkeys(names)) == [g["ward_name"] for g in groups]
        ui.assert_clean()
    finally:
        ui.context.close()


def _artifact(name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name


def _pdf_text(data: bytes, first: int | None = None, last: int | None = None) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        command = ["pdftotext", "-layout"]
        if first:
            command += ["-f", str(first), "-l", str(last or first)]
        text = subprocess.run([*command, handle.name, "-"], check=True, capture_output=True, text=True).stdout
    return unicodedata.normalize("NFC", text)


def _print(ui: UI, path: str, **params) -> bytes:
    ui.open(path, print=1, **params)
    ui.page.emulate_media(media="print")
    ui.settle()
    return ui.page.pdf(prefer_css_page_size=True, print_background=True)


def test_print_view_is_a4_landscape_with_whole_tables_and_repeated_headings(browser, sample_app):
    ui = new_ui(browser, sample_app, "desktop")
    try:
        year = latest_year(sample_app.engine)
        # The overview's widest table (units by % of target) and its last column's text.
        data = _print(ui, "", year=year)
        _artifact("16_print_tong-quan.pdf").write_bytes(data)
        reader = PdfReader(io.BytesIO(data))
        assert len(reader.pages) >= 2
        for page in reader.pages:
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            assert (width, height) == pytest.approx((841.89, 595.28), abs=2), "not A4 landscape"
        text = _pdf_text(data)
        assert "Dữ liệu minh họa" in text  # the "Nguồn" column, the last of the units table
        for page_number in range(1, len(reader.pages) + 1):  # footer: page number and the view's URL
            page_text = _pdf_text(data, page_number)
            assert f"Trang {page_number} / {len(reader.pages)}" in page_text
            assert "print=1" in page_text
        # The widest table of all, the unit page's figures by year: its last column is printed.
        require_page("Chi_tiet_don_vi")
        ui.open("Chi_tiet_don_vi", unit=10525, year=2025, print=1)
        ui.page.emulate_media(media="print")
        last = ui.page.evaluate(
            """() => { const tables = [...document.querySelectorAll('[data-testid="stTable"] table')];
                       const widest = tables.sort((a, b) => b.querySelectorAll('th').length - a.querySelectorAll('th').length)[0];
                       const heads = [...widest.querySelectorAll('thead th')];
                       const rows = [...widest.querySelectorAll('tbody tr')].map(r => [...r.children].map(c => c.innerText.trim()));
                       // the rightmost column with any text (a real report's "Nguồn" cells are empty)
                       for (let i = heads.length - 1; i >= 0; i--) {
                           const cells = rows.map(r => r[i]).filter(c => c && c !== '—');
                           if (cells.length) return {heading: heads[heads.length - 1].innerText.trim(), cells, column: heads[i].innerText};
                       }
                       return {heading: heads[heads.length - 1].innerText.trim(), cells: []}; }"""
        )
        data = ui.page.pdf(prefer_css_page_size=True, print_background=True)
        _artifact("16_print_chi-tiet-don-vi.pdf").write_bytes(data)
        flat = " ".join(_pdf_text(data).split())
        # A wrapped heading's lines interleave with its neighbours' in the PDF text: each word is there.
        assert all(word in flat for word in last["heading"].split()), f"last column «{last['heading']}» clipped"
        assert last["cells"] and " ".join(last["cells"][0].split()) in flat
        # A long table: the reporting status of every unit, its headings on every page it spans.
        require_page("Tinh_hinh_bao_cao")
        data = _print(ui, "Tinh_hinh_bao_cao", year=year)
        _artifact("16_print_tinh-hinh-bao-cao.pdf").write_bytes(data)
        pages = [_pdf_text(data, n) for n in range(1, len(PdfReader(io.BytesIO(data)).pages) + 1)]
        holding = [p for p in pages if "Phường" in p or "Xã " in p]
        assert len(holding) >= 2, "the status of 114 units should span pages"
        heading = _first_heading(pages)
        assert heading and all(heading in p for p in holding[1:]), f"heading «{heading}» not repeated"
        subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "2",
                        str(_artifact("16_print_tinh-hinh-bao-cao.pdf")), str(_artifact("16_print_tinh-hinh-bao-cao"))],
                       check=True)
    finally:
        ui.context.close()


def _first_heading(pages: list[str]) -> str | None:
    for candidate in ("Mã đơn vị", "Đơn vị", "Tên đơn vị"):
        if candidate in pages[0]:
            return candidate
    return None


@pytest.mark.parametrize(
    "path, params, name",
    [
        ("", {}, "tong-quan"),
        ("Chi_tiet_don_vi", {"unit": 10525, "year": 2025}, "chi-tiet-don-vi"),
        ("Nhan_dinh_kien_nghi", {"year": 2025}, "nhan-dinh-kien-nghi"),
    ],
)
def test_phone_pages_do_not_scroll_sideways(phone: UI, path, params, name):
    if path:
        require_page(path)
    phone.open(path, **params)
    phone.screenshot(f"16_phone_{name}")
    assert horizontal_overflow(phone) == 0, f"/{path} scrolls sideways at 390 px"
    # Tables and the row of tabs scroll inside their own box; a chart's parts are checked by
    # check_layout (its labels inside its box) and the chart's box by this check.
    wide = phone.page.evaluate(
        """() => {
            // inside a box no wider than the screen that scrolls sideways (the heat map's)
            const scrollsInItsBox = e => {
                for (let p = e.parentElement; p && p.dataset.testid !== 'stMain'; p = p.parentElement) {
                    const x = getComputedStyle(p).overflowX;
                    if ((x === 'auto' || x === 'scroll') && p.getBoundingClientRect().right <= window.innerWidth + 1) return true;
                }
                return false;
            };
            return [...document.querySelectorAll('[data-testid="stMain"] *')]
            .filter(e => { const r = e.getBoundingClientRect(); return r.width && r.right > window.innerWidth + 1
                           && !e.closest('[data-testid="stTable"], [data-testid="stDataFrame"], [data-testid="stTabs"] [role="tablist"]')
                           && !e.ownerSVGElement && !scrollsInItsBox(e); })
            .slice(0, 10).map(e => `${e.tagName}.${e.getAttribute('data-testid') || ''} ${Math.round(e.getBoundingClientRect().right)}`);
        }"""
    )
    assert not wide, f"/{path} at 390 px: elements wider than the screen: {wide}"
    check_layout(phone)  # nothing cut off, chart labels inside their chart
    metrics = phone.page.locator('[data-testid="stMetric"]')
    if metrics.count() >= 2:  # stacked: one above the other, not side by side
        first, second = metrics.nth(0).bounding_box(), metrics.nth(1).bounding_box()
        assert second["y"] >= first["y"] + first["height"] - 1
    # the sidebar is closed and opens from its button
    sidebar = phone.page.locator('[data-testid="stSidebar"]')
    assert not sidebar.is_visible() or sidebar.bounding_box()["x"] + sidebar.bounding_box()["width"] <= 1
    phone.page.locator(
        '[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapsedControl"] button'
    ).first.click()
    phone.page.wait_for_function(
        """() => { const s = document.querySelector('[data-testid="stSidebar"]');
                   const r = s && s.getBoundingClientRect(); return r && r.left >= -1 && r.width >= 240; }""",
        timeout=10_000,
    )
    phone.page.wait_for_timeout(600)  # the slide-in animation
    year_box = phone.page.get_by_role("combobox", name="Năm")
    box = year_box.bounding_box()
    assert box and 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"], "the sidebar's filters are on screen"
    phone.page.screenshot(path=str(_artifact(f"16_phone_{name}_sidebar.png")))


SIDEBAR_CUT = """() => {
    const out = [], side = document.querySelector('[data-testid="stSidebar"]');
    for (const el of side.querySelectorAll('a, a *, label, label *, [data-testid="stSelectbox"] input')) {
        const style = getComputedStyle(el);
        if (style.display === 'none') continue;
        if (el.tagName === 'INPUT') {
            if (!el.closest('[data-testid="stSelectbox"]')) continue;  // a toggle's checkbox
            const text = el.value || el.placeholder, ctx = document.createElement('canvas').getContext('2d');
            ctx.font = style.font;
            const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
            if (text && ctx.measureText(text).width > room + 1) out.push(`${el.getAttribute('aria-label')} = ${text}`);
        } else if (el.innerText && el.innerText.trim() && el.scrollWidth > el.clientWidth + 1
                   && (style.overflowX !== 'visible' || style.textOverflow === 'ellipsis')) {
            out.push(el.innerText.trim());
        }
    }
    return [...new Set(out)];
}"""


def test_sidebar_labels_and_boxes_fit_at_1024(browser, sample_app):
    """At 1024 px (a projector) the page links and the filter boxes show their whole text,
    with the longest unit name of Hải Phòng chosen."""
    ui = new_ui(browser, sample_app, "tablet")
    try:
        require_page("Chi_tiet_don_vi")
        units = queries.units_of_province(sample_app.engine, DEFAULT_PROVINCE)
        longest = units.loc[units["name"].str.len().idxmax()]
        ui.open("Chi_tiet_don_vi", unit=int(longest["code"]), year=2025)
        ui.wait_for_text(longest["name"])
        assert "Nhận định & kiến nghị" in ui.sidebar_text()
        assert ui.selected("Tỉnh, thành phố") == "Thành phố Hải Phòng"
        assert ui.selected("Đơn vị (phường, xã, đặc khu)") == longest["name"]
        cut = ui.page.evaluate(SIDEBAR_CUT)
        ui.page.screenshot(path=str(_artifact("16_sidebar_1024.png")))
        assert not cut, f"sidebar text cut off at 1024 px: {cut}"
        assert horizontal_overflow(ui) == 0
        ui.assert_clean()
    finally:
        ui.context.close()
