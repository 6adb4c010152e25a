"""Presentation mode through AppTest: the buttons move between slides and keep the slide in
the URL; a URL with a slide opens it; the unit slide follows the URL's unit."""

from __future__ import annotations

import json

from data_access import queries
from data_access.db import get_engine
from tests.support.pages import rendered, run_page

PAGE = "pages/6_Trinh_chieu.py"


def _param(at, name):
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def _chart_rows(chart) -> list[dict]:
    """The rows of a chart's data, as Vega-Lite gets them."""
    spec = json.loads(chart.proto.spec)
    if spec.get("datasets"):
        return next(iter(spec["datasets"].values()))
    return [row for dataset in chart.proto.datasets for row in _arrow_rows(dataset.data.data)]


def _arrow_rows(data: bytes) -> list[dict]:
    import pyarrow as pa

    return pa.ipc.open_stream(data).read_all().to_pylist()


def _position(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Trang "))


def test_forward_and_back_change_the_slide_and_the_url(app_env):
    at = run_page(PAGE)
    assert _position(at).startswith("**Trang 1/5**")
    summary = queries.reporting_summary(get_engine(app_env), 31, 2025).iloc[0]
    assert {m.label: m.value for m in at.metric}["Đơn vị đã báo cáo"] == f"{summary['reported']}/{summary['units']}"
    # every unit of the province once in the chart: by band, without a target, without a report
    (chart,) = at.get("vega_lite_chart")
    bars = {row["label"]: row["units"] for row in _chart_rows(chart)}
    assert sum(bars.values()) == summary["units"]
    assert bars["Chưa báo cáo"] == summary["units"] - summary["reported"]
    behind = queries.units_behind(get_engine(app_env), 31, 2025)
    assert bars["Chưa đạt (< 80 %)"] == len(behind)
    assert at.button(key="slide-back").disabled

    at.button(key="slide-next").click().run()
    assert not at.exception
    assert _param(at, "slide") == "2" and _position(at).startswith("**Trang 2/5**")
    behind = queries.unit_achievement(get_engine(app_env), 31, 2025)
    behind = behind[behind["band"] == "behind"]
    assert at.header[0].value.startswith(f"{len(behind)} đơn vị chưa đạt")

    at.button(key="slide-back").click().run()
    assert _param(at, "slide") == "1" and _position(at).startswith("**Trang 1/5**")


def test_a_link_opens_a_given_slide(app_env):
    at = run_page(PAGE, slide=5)
    assert _position(at).startswith("**Trang 5/5**")
    worst = queries.unit_achievement(get_engine(app_env), 31, 2025).iloc[0]
    assert at.header[0].value.startswith(worst["ward_name"])  # no unit in the URL: the worst unit

    at = run_page(PAGE, slide=5, unit=10525)
    assert at.header[0].value == "Phường Hải Dương"
    limitation = queries.findings(get_engine(app_env), ward_code=10525, year=2025, kinds=["limitation"])["text"][0]
    assert any(limitation in m for m in rendered(at))


def test_last_slide_counts_recurring_limitations_and_bad_slide_falls_back(app_env):
    at = run_page(PAGE, slide=4)
    assert at.header[0].value == "Hạn chế nhiều đơn vị cùng nêu"
    at = run_page(PAGE, slide=5)
    assert at.button(key="slide-next").disabled
    at = run_page(PAGE, slide=9)
    assert _position(at).startswith("**Trang 1/5**")
    assert any("«9»" in w.value for w in at.warning)


def test_attention_slide_shows_the_units_behind_with_their_first_limitation(app_env):
    engine = get_engine(app_env)
    at = run_page(PAGE, slide=3)
    behind = queries.unit_achievement(engine, 31, 2025)
    behind = behind[behind["achieved_percent"] < 80]
    assert at.header[0].value.startswith(f"Cần chú ý: {len(behind)} đơn vị")
    text = "\n".join(rendered(at))
    for code, name in zip(behind["ward_code"].head(2), behind["ward_name"].head(2), strict=True):
        assert name in text
        first = queries.findings(engine, ward_code=int(code), year=2025, kinds=["limitation"])["text"].iloc[0]
        assert first in text


def test_every_slide_has_a_footer_with_source_date_and_sample_label(app_env):
    for number in range(1, 6):
        at = run_page(PAGE, slide=number)
        footer = [m for m in rendered(at) if m.startswith("Nguồn:")]
        assert footer and "Trình chiếu ngày" in footer[-1] and "Dữ liệu minh họa" in footer[-1], number


def test_moves_of_keys_and_auto_advance():
    from ui.presentation import target

    assert [target(m, 2, 5) for m in ("next", "back", "first", "last", "auto", None)] == [3, 1, 1, 5, 3, 2]
    assert target("next", 5, 5) == 5 and target("back", 1, 5) == 1
    assert target("auto", 5, 5) == 1  # auto-advance loops back to the first slide


def test_the_way_back_opens_the_overview_with_the_same_filters(app_env):
    at = run_page(PAGE, slide=2, year=2024)
    at.button(key="slide-home").click().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Tổng quan"]
    assert _param(at, "year") == "2024"
