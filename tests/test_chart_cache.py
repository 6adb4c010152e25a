"""Charts built once per data (ui/chart_cache.py): the same data gives the same prepared chart,
changed data a new one, and the chart a browser receives from Streamlit is the chart that would
have been built without the cache, on the first view and on every later one."""

from __future__ import annotations

import altair as alt
import pandas as pd
from streamlit.testing.v1 import AppTest

from tests.test_charts import BANDS, achievement, values
from ui import charts
from ui.chart_cache import PreparedChart, content_key


def test_equal_data_gives_the_same_chart_and_changed_data_a_new_one():
    first = charts.achievement_bars(achievement(), BANDS)
    again = charts.achievement_bars(achievement(), BANDS.copy())  # a fresh read of the same rows
    assert isinstance(first, PreparedChart) and again is first

    changed = achievement()
    changed.loc[changed["ward_name"] == "Phường A", "achieved_percent"] = 71.0
    updated = charts.achievement_bars(changed, BANDS)
    assert updated is not first
    rows = {r["ward_name"]: r for r in values(updated.to_dict()) if "ward_name" in r}
    assert rows["Phường A"]["mark_label"] == "✖ 71 %"  # a corrected figure shows, never the old chart
    # other arguments are part of the key too
    assert charts.achievement_bars(achievement(), BANDS, selectable=False) is not first


def test_content_key_tells_frames_apart_by_values_order_and_index():
    frame = achievement()
    assert content_key(frame) == content_key(frame.copy())
    assert content_key(frame) != content_key(frame.iloc[::-1])
    assert content_key(frame) != content_key(frame.set_index(pd.Index([7, 8, 9])))
    assert content_key(frame) != content_key(frame.assign(targets=[4, 4, 4]))
    assert content_key([float("nan"), 1]) == content_key([float("nan"), 1])
    assert content_key((1,)) != content_key((True,)) != content_key((1.0,))


def test_the_spec_is_computed_once_and_each_caller_gets_its_own_copy(monkeypatch):
    prepared = charts.theme_bars(
        pd.DataFrame({"theme": ["von"], "label": ["Thiếu kinh phí"], "units": [12], "findings": [30]}), 94
    )
    calls = []
    original = alt.LayerChart.to_dict

    def counted(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(alt.LayerChart, "to_dict", counted)
    spec = prepared.to_dict()
    spec["layer"] = "changed by a caller"
    assert prepared.to_dict()["layer"] != "changed by a caller"
    assert prepared.to_dict() == charts.theme_bars.__wrapped__(
        pd.DataFrame({"theme": ["von"], "label": ["Thiếu kinh phí"], "units": [12], "findings": [30]}), 94
    ).to_dict()
    assert len(calls) <= 2  # once for the prepared chart (or not at all: cached earlier), once uncached


def _drawn_chart(cached: bool):
    import streamlit as st

    from tests.test_charts import BANDS, achievement
    from ui import charts

    build = charts.achievement_bars if cached else charts.achievement_bars.__wrapped__
    st.altair_chart(build(achievement(), BANDS), on_select="rerun", key="bars")


def _sent(cached: bool) -> tuple[str, dict[str, bytes]]:
    at = AppTest.from_function(_drawn_chart, args=(cached,)).run()
    assert not at.exception
    (chart,) = at.get("vega_lite_chart")
    return chart.proto.spec, {d.name: d.data.data for d in chart.proto.datasets}


def test_the_browser_gets_the_same_chart_with_its_data_on_every_view():
    charts.achievement_bars.cache_clear()
    uncached = _sent(cached=False)
    first_view, second_view = _sent(cached=True), _sent(cached=True)  # two sessions: built, then from the cache
    assert first_view == uncached and second_view == uncached
    spec, datasets = second_view
    assert len(datasets) == 2 and all(datasets.values())  # the units' bars and the band thresholds, as Arrow
    assert all(name in spec for name in datasets)
