"""Every page loads in a real Chromium at a projector size and a tablet size: no exception
box, no console error, its main content on screen, nothing cut off; a screenshot of each
goes to $BROWSER_ARTIFACTS for a person to look at."""

from __future__ import annotations

import re

import pytest

from data_access import queries
from data_access.reference import DEFAULT_PROVINCE
from tests.browser.conftest import UI, require_page

pytestmark = pytest.mark.browser

HAI_DUONG = 10525  # phường Hải Dương, the unit of the real report (docs/ARCHITECTURE.md)
HAI_DUONG_NAME = "Phường Hải Dương"
HAI_DUONG_MEMBERS = "4.226"  # "4.226 đảng viên", the real report's figure (shared/DOMAIN.md)
REAL_YEAR = 2025


def latest_year(engine) -> int:
    return int(queries.years_with_data(engine, DEFAULT_PROVINCE)["year"].iloc[0])


def cut_off_texts(ui: UI) -> list[str]:
    """Texts in the main area that the browser cuts off with an ellipsis or clips (metric
    values, labels and deltas, headings, buttons, selectbox values and placeholders) and chart
    labels Vega shortened with "…" or that stick out of the chart's box."""
    return ui.page.evaluate(
        """() => {
            const out = [];
            const root = document.querySelector('[data-testid="stMain"]');
            const sel = '[data-testid="stMetricValue"], [data-testid="stMetricValue"] *, '
                + '[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *, '
                + '[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] *, h1, h2, h3, h4, '
                + 'button, button *, [data-testid="stSelectbox"] input, [data-testid="stMultiSelect"] input';
            for (const el of root.querySelectorAll(sel)) {
                const style = getComputedStyle(el);
                if (style.display === 'none' || !el.innerText || !el.innerText.trim()) continue;
                const clips = style.overflowX !== 'visible' || style.textOverflow === 'ellipsis';
                if (el.tagName === 'INPUT') {  // a selectbox: its value or its placeholder
                    const text = el.value || el.placeholder;
                    const ctx = document.createElement('canvas').getContext('2d');
                    ctx.font = style.font;
                    const needed = ctx.measureText(text).width;
                    const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
                    if (text && needed > room + 1) out.push(`${el.getAttribute('aria-label')} = ${text} (${Math.round(room)}px shown of ${Math.round(needed)}px)`);
                    continue;
                }
                if (clips && el.scrollWidth > el.clientWidth + 1) {
                    const metric = el.closest('[data-testid="stMetric"]');
                    const label = metric ? metric.querySelector('[data-testid="stMetricLabel"]') : null;
                    out.push((label ? label.innerText.trim() + ' = ' : '') + el.innerText.trim()
                             + ` (${el.clientWidth}px shown of ${el.scrollWidth}px)`);
                }
            }
            // Vega shortens labels that exceed their limit with "…" inside the SVG text
            // ... and clips what does not fit in the chart's box (a legend wider than the chart)
            for (const chart of root.querySelectorAll('[data-testid="stVegaLiteChart"]')) {
                const box = chart.getBoundingClientRect();
                for (const t of chart.querySelectorAll('svg text')) {
                    const r = t.getBoundingClientRect();
                    if (t.textContent.endsWith('…')) out.push('chart label: ' + t.textContent);
                    else if (r.width && (r.right > box.right + 3 || r.left < box.left - 3))
                        out.push(`chart label: ${t.textContent} (outside the chart by ${Math.round(Math.max(r.right - box.right, box.left - r.left))}px)`);
                }
                // ... and axis labels drawn over one another (a heading flushed onto the next)
                const labels = [...chart.querySelectorAll('.role-axis-label text')].map(t => [t, t.getBoundingClientRect()])
                    .filter(([t, r]) => r.width && t.textContent.trim());
                for (let i = 0; i < labels.length; i++)
                    for (let j = i + 1; j < labels.length; j++) {
                        const [a, ra] = labels[i], [b, rb] = labels[j];
                        const x = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
                        const y = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
                        if (x > 2 && y > 2) out.push(`chart labels overlap: «${a.textContent}» and «${b.textContent}»`);
                    }
            }
            return [...new Set(out)];
        }"""
    )


def horizontal_overflow(ui: UI) -> int:
    """How many pixels the main area is wider than the window (0 = no sideways scrolling)."""
    return ui.page.evaluate(
        """() => {
            const main = document.querySelector('[data-testid="stMain"]');
            return Math.max(0, main.scrollWidth - main.clientWidth);
        }"""
    )


def check_layout(ui: UI) -> None:
    """A figure read from across the room must be whole (no "223.555 đảng v…") and the page
    must not scroll sideways."""
    cut = cut_off_texts(ui)
    assert not cut, f"text cut off on {ui.page.url} at {ui.size}:\n" + "\n".join(cut)
    # Streamlit's own English placeholder shows when a selectbox's value is None
    english = ui.page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stMain"] input, [data-testid="stSidebar"] input')]
            .filter(e => /^Choose/.test(e.placeholder) && !e.value).map(e => e.getAttribute('aria-label'))"""
    )
    assert not english, f"English placeholder on {ui.page.url}: {english}"
    assert horizontal_overflow(ui) == 0, f"{ui.page.url} scrolls sideways at {ui.size}"


# -------------------------------------------------------------------------- the pages
def test_overview(ui: UI, sample_app):
    ui.open("")
    year = int(ui.query()["year"])  # the frame writes the filters into the URL
    assert year == latest_year(sample_app.engine)
    assert ui.query()["province"] == str(DEFAULT_PROVINCE)
    summary = queries.reporting_summary(sample_app.engine, DEFAULT_PROVINCE, year).iloc[0]
    ui.wait_for_text("Đơn vị đã báo cáo")
    metric = ui.page.locator('[data-testid="stMetric"]').filter(has_text="Đơn vị đã báo cáo")
    assert f"{summary['reported']}/{summary['units']}" in metric.inner_text()
    assert f"năm {year}" in ui.main_text()
    ui.page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(state="visible")
    ui.screenshot("01_tong-quan")
    ui.assert_clean()
    check_layout(ui)


def test_unit_detail(ui: UI):
    require_page("Chi_tiet_don_vi")
    ui.open("Chi_tiet_don_vi", unit=HAI_DUONG, year=REAL_YEAR)
    ui.wait_for_text(f"{HAI_DUONG_NAME} · năm {REAL_YEAR}")
    assert ui.selected("Đơn vị (phường, xã, đặc khu)") == HAI_DUONG_NAME  # the filter follows the URL
    ui.screenshot("02_chi-tiet-don-vi")
    members = f"{HAI_DUONG_MEMBERS} đảng viên"
    assert members in ui.table_cells(), (
        f"«{members}» is not on screen at {ui.size}: the table of figures does not show the "
        "column «Thực hiện» without scrolling it sideways"
    )
    ui.assert_clean()
    check_layout(ui)


def test_reporting_status(ui: UI, sample_app):
    require_page("Tinh_hinh_bao_cao")
    year = latest_year(sample_app.engine) - 1  # not the default year: the URL must be followed
    ui.open("Tinh_hinh_bao_cao", year=year)
    status = queries.reporting_status(sample_app.engine, DEFAULT_PROVINCE, year)
    missing = status[~status["reported"]]
    ui.wait_for_text("Đơn vị chưa báo cáo")
    assert ui.query()["year"] == str(year)
    metric = ui.page.locator('[data-testid="stMetric"]').filter(has_text="chưa báo cáo").first
    assert f"{len(missing)}/{len(status)}" in metric.inner_text()
    ui.screenshot("04_tinh-hinh-bao-cao")
    ui.assert_clean()
    check_layout(ui)


@pytest.mark.parametrize(
    ("page", "title", "shot"),
    [("So_sanh", "So sánh", "03_so-sanh"), ("Nhan_dinh_kien_nghi", "Nhận định", "05_nhan-dinh-kien-nghi")],
    ids=["comparison", "findings_explorer"],
)
def test_page_loads_clean(ui: UI, page: str, title: str, shot: str):
    require_page(page)
    ui.open(page, year=REAL_YEAR)
    ui.wait_for_text(title)
    ui.screenshot(shot)
    ui.assert_clean()
    check_layout(ui)


def test_presentation_walks_through_its_slides(ui: UI, sample_app):
    """The meeting screen: every slide by "Tiếp ▶", each in the URL, readable from afar."""
    require_page("Trinh_chieu")
    year = latest_year(sample_app.engine)
    summary = queries.reporting_summary(sample_app.engine, DEFAULT_PROVINCE, year).iloc[0]
    ui.open("Trinh_chieu", year=year)
    ui.wait_for_text("Trang 1/")
    total = int(re.search(r"Trang 1/(\d+)", ui.main_text()).group(1))
    metric = ui.page.locator('[data-testid="stMetric"]').filter(has_text="Đơn vị đã báo cáo").first
    assert f"{summary['reported']}/{summary['units']}" in metric.inner_text()
    for number in range(1, total + 1):
        if number > 1:
            ui.page.get_by_role("button", name="Tiếp ▶").click()
            ui.page.wait_for_url(re.compile(rf"[?&]slide={number}\b"), timeout=30_000)
            ui.wait_for_text(f"Trang {number}/{total}")
            ui.settle()
        ui.assert_clean()
        ui.screenshot(f"06_trinh-chieu-{number}")
        check_layout(ui)
    assert ui.page.get_by_role("button", name="Tiếp ▶").is_disabled()


def test_administration_without_an_admin_says_how_to_create_one(ui: UI):
    require_page("Quan_tri")
    ui.open("Quan_tri")
    ui.wait_for_text("create-user")
    ui.screenshot("09_quan-tri")
    check_layout(ui)
