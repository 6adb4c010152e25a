"""What a leader does at a meeting: click a unit in the chart to open it, send a link that
shows the same view, switch the year."""

from __future__ import annotations

import difflib
import io
import re

import pytest

from data_access import queries
from data_access.reference import DEFAULT_PROVINCE
from domain import format as vn  # pure: the app's own Vietnamese number format
from tests.browser.conftest import UI, new_ui, require_page
from tests.browser.test_pages import latest_year

pytestmark = pytest.mark.browser

CHART = '[data-testid="stVegaLiteChart"]'


def click_first_bar(ui: UI, chart) -> str | None:
    """Click the topmost bar of a Vega-Lite bar chart with the mouse, as a person would.
    SVG rendering: the bar mark itself (returns its aria label). Canvas rendering: the
    first row of pixels, from the top, holding a long run of one band colour."""
    chart.scroll_into_view_if_needed()
    marks = chart.locator('path[role="graphics-symbol"][aria-label*="ward_name: "]')
    if marks.count():
        boxes = [(marks.nth(i).bounding_box(), i) for i in range(marks.count())]
        box, index = min(((b, i) for b, i in boxes if b and b["width"] > 0), key=lambda bi: (bi[0]["y"], bi[0]["x"]))
        label = marks.nth(index).get_attribute("aria-label")
        ui.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        return label
    # canvas: look for the bar in the pixels
    from PIL import Image

    colours = {
        tuple(int(c[i : i + 2], 16) for i in (1, 3, 5))
        for c in queries.achievement_bands(ui.app.engine)["color"]
    }
    box = chart.bounding_box()
    image = Image.open(io.BytesIO(chart.screenshot())).convert("RGB")
    scale = image.width / box["width"]
    for y in range(image.height):
        run_start, run = None, 0
        for x in range(image.width):
            if image.getpixel((x, y)) in colours:
                run_start = x if run == 0 else run_start
                run += 1
                if run >= 30 * scale:
                    ui.page.mouse.click(box["x"] + (run_start + run / 2) / scale, box["y"] + (y + 6 * scale) / scale)
                    return None
            else:
                run = 0
    pytest.fail("no bar found in the chart's pixels")


def test_clicking_a_bar_opens_that_unit(ui: UI, sample_app):
    require_page("Chi_tiet_don_vi")
    year = latest_year(sample_app.engine)
    achievement = queries.unit_achievement(sample_app.engine, DEFAULT_PROVINCE, year)
    worst = achievement.sort_values(["achieved_percent", "ward_name"]).iloc[0]  # "thấp nhất trước"
    ui.open("", year=year)
    ui.wait_for_text("Bấm vào một đơn vị trên biểu đồ")
    chart = ui.page.locator(CHART).first
    chart.wait_for(state="visible")
    label = click_first_bar(ui, chart)
    if label is not None:
        assert f"ward_name: {worst['ward_name']};" in label, "the first bar is not the unit furthest behind"
    ui.page.wait_for_url(re.compile(r"/Chi_tiet_don_vi\?"), timeout=30_000)
    ui.settle()
    ui.assert_clean()
    assert ui.path() == "Chi_tiet_don_vi"
    assert ui.query()["unit"] == str(worst["ward_code"])
    assert ui.query()["year"] == str(year)
    ui.wait_for_text(f"{worst['ward_name']} · năm {year}")
    ui.screenshot("07_bam-don-vi-tren-bieu-do")


def test_a_link_shows_the_same_view_in_a_new_browser(ui: UI, browser, sample_app):
    require_page("Chi_tiet_don_vi")
    units = queries.units_of_province(sample_app.engine, DEFAULT_PROVINCE)
    years = queries.years_with_data(sample_app.engine, DEFAULT_PROVINCE)["year"]
    year = int(years.iloc[min(2, len(years) - 1)])  # not the default (latest) year
    status = queries.reporting_status(sample_app.engine, DEFAULT_PROVINCE, year)
    unit = status[status["reported"]].iloc[-1]  # a unit that has a report that year
    ui.open("Chi_tiet_don_vi", unit=unit["ward_code"], year=year)
    ui.wait_for_text(f"{unit['ward_name']} · năm {year}")
    link = ui.page.url
    first_view = ui.main_text()
    assert unit["ward_name"] in set(units["name"])

    other = new_ui(browser, sample_app, ui.size)  # no cookies, no session state
    try:
        other.page.goto(link, wait_until="domcontentloaded")
        other.settle()
        other.assert_clean()
        other.wait_for_text(f"{unit['ward_name']} · năm {year}")
        assert other.query()["unit"] == str(unit["ward_code"]) and other.query()["year"] == str(year)
        assert other.selected("Đơn vị (phường, xã, đặc khu)") == unit["ward_name"]
        assert other.selected("Năm") == str(year)
        second_view = other.main_text()
        assert second_view == first_view, "\n".join(
            difflib.unified_diff(first_view.splitlines(), second_view.splitlines(), lineterm="")
        )
    finally:
        errors = list(other.errors)
        other.context.close()
    assert not errors, errors


def overview_metric(ui: UI, label: str) -> str:
    return ui.page.locator('[data-testid="stMetric"]').filter(has_text=label).first.inner_text()


def test_changing_the_year_changes_the_figures_and_the_url(ui: UI, sample_app):
    engine = sample_app.engine
    years = [int(y) for y in queries.years_with_data(engine, DEFAULT_PROVINCE)["year"]]
    first, second = years[0], years[2]
    ui.open("")
    assert ui.query()["year"] == str(first)

    def expected(year: int) -> tuple[str, str]:
        summary = queries.reporting_summary(engine, DEFAULT_PROVINCE, year).iloc[0]
        headline = queries.province_headline(engine, DEFAULT_PROVINCE, year).set_index("indicator_code")
        members = headline.loc["party_members"]
        return f"{summary['reported']}/{summary['units']}", vn.number(members["value"])  # "223.555"

    reported, members = expected(first)
    assert reported in overview_metric(ui, "Đơn vị đã báo cáo")
    assert members in overview_metric(ui, "Đảng viên")

    ui.choose("Năm", str(second))
    ui.page.wait_for_url(re.compile(rf"[?&]year={second}\b"), timeout=30_000)
    ui.wait_for_text(f"năm {second}")
    ui.settle()
    ui.assert_clean()
    reported2, members2 = expected(second)
    assert members2 != members  # else the test could not tell the years apart
    assert reported2 in overview_metric(ui, "Đơn vị đã báo cáo")
    assert members2 in overview_metric(ui, "Đảng viên")
    assert members not in overview_metric(ui, "Đảng viên")
    assert ui.query()["year"] == str(second)
    assert ui.selected("Năm") == str(second)
