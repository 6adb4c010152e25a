"""Presentation mode through AppTest: the buttons move between slides and keep the slide in
the URL; a URL with a slide opens it; the unit slide follows the URL's unit."""

from __future__ import annotations

from data_access import queries
from data_access.db import get_engine
from tests.test_home_page import rendered, run_page

PAGE = "pages/6_Trinh_chieu.py"


def _param(at, name):
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def _position(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Trang "))


def test_forward_and_back_change_the_slide_and_the_url(app_env):
    at = run_page(PAGE)
    assert _position(at).startswith("**Trang 1/4**")
    summary = queries.reporting_summary(get_engine(app_env), 31, 2025).iloc[0]
    assert {m.label: m.value for m in at.metric}["Đơn vị đã báo cáo"] == f"{summary['reported']}/{summary['units']}"
    assert at.button(key="slide-back").disabled

    at.button(key="slide-next").click().run()
    assert not at.exception
    assert _param(at, "slide") == "2" and _position(at).startswith("**Trang 2/4**")
    behind = queries.unit_achievement(get_engine(app_env), 31, 2025)
    behind = behind[behind["band"] == "behind"]
    assert at.header[0].value.startswith(f"{len(behind)} đơn vị chưa đạt")

    at.button(key="slide-back").click().run()
    assert _param(at, "slide") == "1" and _position(at).startswith("**Trang 1/4**")


def test_a_link_opens_a_given_slide(app_env):
    at = run_page(PAGE, slide=3)
    assert _position(at).startswith("**Trang 3/4**")
    worst = queries.unit_achievement(get_engine(app_env), 31, 2025).iloc[0]
    assert at.header[0].value.startswith(worst["ward_name"])  # no unit in the URL: the worst unit

    at = run_page(PAGE, slide=3, unit=10525)
    assert at.header[0].value == "Phường Hải Dương"
    limitation = queries.findings(get_engine(app_env), ward_code=10525, year=2025, kinds=["limitation"])["text"][0]
    assert any(limitation in m for m in rendered(at))


def test_last_slide_counts_recurring_limitations_and_bad_slide_falls_back(app_env):
    at = run_page(PAGE, slide=4)
    assert at.header[0].value == "Hạn chế nhiều đơn vị cùng nêu"
    assert at.button(key="slide-next").disabled
    at = run_page(PAGE, slide=9)
    assert _position(at).startswith("**Trang 1/4**")
    assert any("«9»" in w.value for w in at.warning)
