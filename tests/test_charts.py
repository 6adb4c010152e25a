"""Chart functions without Streamlit: encodings, bands (colour + symbol + label), sort order,
Vietnamese number locale and pre-formatted tooltips."""

from __future__ import annotations

import pandas as pd
import pytest

from ui import charts

BANDS = pd.DataFrame(
    {
        "code": ["reached", "near", "behind"],
        "label": ["Đạt, vượt chỉ tiêu", "Gần đạt (80-100 %)", "Chưa đạt (< 80 %)"],
        "min_percent": [100.0, 80.0, 0.0],
        "color": ["#1a7f5a", "#e6a23c", "#b8336a"],
        "position": [1, 2, 3],
    }
)


def achievement() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ward_code": [3, 1, 2],
            "ward_name": ["Xã C", "Phường A", "Phường B"],
            "achieved_percent": [120.0, 62.5, 94.5],
            "targets": [4, 4, 3],
            "band": ["reached", "behind", "near"],
            "band_label": ["Đạt, vượt chỉ tiêu", "Chưa đạt (< 80 %)", "Gần đạt (80-100 %)"],
            "band_color": ["#1a7f5a", "#b8336a", "#e6a23c"],
            "is_sample": [True, True, False],
        }
    )


def values(spec: dict) -> list[dict]:
    return [row for rows in spec["datasets"].values() for row in rows]


def selections(spec: dict) -> list[dict]:
    """Selection parameters, wherever Altair puts them (top level for layered charts)."""
    return [*spec.get("params", []), *(p for layer in spec.get("layer", []) for p in layer.get("params", []))]


def test_achievement_bars_worst_first_with_band_symbols_and_colours():
    spec = charts.achievement_bars(achievement(), BANDS).to_dict()
    bars = spec["layer"][0]
    assert bars["encoding"]["y"]["sort"] == ["Phường A", "Phường B", "Xã C"]
    scale = bars["encoding"]["color"]["scale"]
    assert scale["domain"] == ["✔ Đạt, vượt chỉ tiêu", "▲ Gần đạt (80-100 %)", "✖ Chưa đạt (< 80 %)"]
    assert scale["range"] == list(BANDS["color"])
    rows = {r["ward_name"]: r for r in values(spec) if "ward_name" in r}
    assert rows["Phường B"]["mark_label"] == "▲ 94,5 %"
    assert rows["Phường A"]["band_text"] == "✖ Chưa đạt (< 80 %)"
    assert rows["Phường B"]["source"] == "Báo cáo thật" and rows["Xã C"]["source"] == "Dữ liệu minh họa"
    tooltip_fields = [t["field"] for t in bars["encoding"]["tooltip"]]
    assert "percent_text" in tooltip_fields and "achieved_percent" not in tooltip_fields
    (pick,) = selections(spec)
    assert pick["name"] == charts.SELECTION and pick["select"]["fields"] == ["ward_code"]
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert spec["config"]["locale"]["number"]["thousands"] == "."
    # the band thresholds are drawn as rules at 80 % and 100 %
    assert sorted(r["min_percent"] for r in values(spec) if "min_percent" in r) == [80.0, 100.0]


def test_static_chart_has_no_selection():
    spec = charts.achievement_bars(achievement(), BANDS, selectable=False).to_dict()
    assert selections(spec) == []


def test_heatmap_rows_follow_the_given_order_and_columns_the_task_areas():
    cells = pd.DataFrame(
        {
            "ward_code": [1, 1, 2],
            "ward_name": ["Phường A", "Phường A", "Phường B"],
            "task_area_code": ["gathering", "campaigns", "campaigns"],
            "task_area_name": ["Tập hợp Nhân dân", "Vận động, thi đua, an sinh", "Vận động, thi đua, an sinh"],
            "task_area_position": [5, 4, 4],
            "achieved_percent": [70.0, 85.0, 101.0],
            "targets": [2, 2, 2],
            "band": ["behind", "near", "reached"],
            "band_label": ["Chưa đạt (< 80 %)", "Gần đạt (80-100 %)", "Đạt, vượt chỉ tiêu"],
            "band_color": ["#b8336a", "#e6a23c", "#1a7f5a"],
            "is_sample": [True, True, True],
        }
    )
    spec = charts.area_heatmap(cells, BANDS, order=["Phường B", "Phường A"]).to_dict()
    rect = spec["layer"][0]
    assert rect["encoding"]["y"]["sort"] == ["Phường B", "Phường A"]
    # headings on two lines of about equal length, all of one height
    assert rect["encoding"]["x"]["sort"] == ["Vận động, thi|đua, an sinh", "Tập hợp|Nhân dân"]
    assert rect["encoding"]["x"]["axis"]["labelExpr"] == charts.LINES  # wrapped, never cut off
    labels = {(r["ward_name"], r["task_area_code"]): r["mark_label"] for r in values(spec)}
    assert labels[("Phường A", "gathering")] == "✖ 70 %"  # one decimal: 79,6 % never reads as 80 %
    assert labels[("Phường B", "campaigns")] == "✔ 101 %"


def ranking(unit_values=(498_000_000.0, 370_000_000.0)) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "rank": [1, 2],
            "ward_code": [11, 10525],
            "ward_name": ["Phường Bắc An Phụ", "Phường Hải Dương"],
            "value": list(unit_values),
            "qualifier": [None, "trên"],
            "target": [444_000_000.0, None],
            "achieved_percent": [112.2, None],
            "is_sample": [True, False],
            "figure_text": [None, "trên 370 triệu đồng"],
            "source_excerpt": ["…", "…"],
            "band": ["reached", None],
            "band_label": ["Đạt, vượt chỉ tiêu", None],
            "band_color": ["#1a7f5a", None],
        }
    )


def test_ranking_draws_money_in_millions_with_vietnamese_tooltips():
    spec = charts.ranking_bars(ranking(), BANDS, "đồng").to_dict()
    bars = spec["layer"][0]["encoding"]
    assert bars["x"]["title"] == "triệu đồng"
    assert bars["y"]["sort"] == ["Phường Bắc An Phụ", "Phường Hải Dương"]
    assert bars["color"]["scale"]["domain"][-1] == charts.NO_TARGET
    rows = {r["ward_code"]: r for r in values(spec)}
    assert rows[10525]["plot_value"] == pytest.approx(370)
    assert rows[10525]["bar_text"] == "370"  # written at the bar's end, in the axis's unit
    assert rows[10525]["value_text"] == "trên 370 triệu đồng"
    assert rows[10525]["band_text"] == charts.NO_TARGET
    assert rows[11]["percent_text"] == "112,2 %"


def test_distribution_marks_the_median():
    spec = charts.distribution(ranking(), "đồng", median=434_000_000).to_dict()
    labels = [r.get("label") for r in values(spec) if r.get("label")]
    assert labels == ["Trung vị: 434 triệu đồng"]
    assert spec["layer"][0]["encoding"]["x"]["bin"] == {"maxbins": 20}


def test_history_lines_tell_units_apart_without_colour():
    history = pd.DataFrame(
        {
            "year": [2024, 2025, 2024, 2025],
            "ward_code": [1, 1, 2, 2],
            "ward_name": ["A", "A", "B", "B"],
            "value": [10.0, 12.0, 8.0, 9.0],
            "qualifier": [None, None, None, "trên"],
            "target": [None] * 4,
            "achieved_percent": [None] * 4,
            "is_sample": [True, True, True, False],
        }
    )
    spec = charts.history_lines(history, "hộ").to_dict()
    assert spec["layer"][0]["encoding"]["strokeDash"]["field"] == "ward_name"
    assert spec["layer"][1]["encoding"]["shape"]["field"] == "ward_name"
    assert {r["value_text"] for r in values(spec)} >= {"trên 9 hộ", "12 hộ"}


def test_trend_small_multiples_one_panel_per_indicator():
    history = pd.DataFrame(
        {
            "year": [2024, 2025, 2024, 2025],
            "indicator_code": ["party_members"] * 2 + ["poor_fund"] * 2,
            "indicator_name": ["Đảng viên"] * 2 + ["Quỹ"] * 2,
            "unit": ["đảng viên"] * 2 + ["đồng"] * 2,
            "value": [4100.0, 4226.0, 300e6, 370e6],
            "qualifier": [None, None, None, "trên"],
            "is_sample": [True, False, True, False],
        }
    )
    spec = charts.trend_multiples(history).to_dict()
    assert spec["facet"]["sort"] == ["Đảng viên (đảng viên)", "Quỹ (triệu đồng)"]
    assert spec["facet"]["header"]["labelExpr"] == charts.LINES
    assert spec["resolve"]["scale"]["y"] == "independent"
    rows = [r for r in values(spec) if r["year"] == 2025]
    assert {r["value_text"] for r in rows} == {"4.226 đảng viên", "trên 370 triệu đồng"}
    shape = spec["spec"]["layer"][1]["encoding"]["shape"]["scale"]
    assert shape["domain"] == ["Báo cáo thật", "Dữ liệu minh họa"]


def test_theme_bars_most_units_first_and_selectable_by_theme():
    counts = pd.DataFrame(
        {"theme": ["funding", "digital"], "label": ["Kinh phí", "Kỹ năng số"], "units": [38, 45], "findings": [47, 49]}
    )
    spec = charts.theme_bars(counts, 94).to_dict()
    assert spec["layer"][0]["encoding"]["y"]["sort"] == ["Kỹ năng số", "Kinh phí"]
    assert [p["select"]["fields"] for p in selections(spec)] == [["theme"]]
    assert {r["units_text"] for r in values(spec)} == {"38/94 đơn vị", "45/94 đơn vị"}


@pytest.mark.parametrize(
    "event, expected",
    [
        ({"selection": {charts.SELECTION: [{"ward_code": 10525}]}}, 10525),
        ({"selection": {charts.SELECTION: {"ward_code": [10525]}}}, 10525),
        ({"selection": {charts.SELECTION: {}}}, None),
        (None, None),
    ],
)
def test_selected_reads_the_clicked_unit(event, expected):
    assert charts.selected(event, "ward_code") == expected


def test_long_labels_are_wrapped_not_cut():
    assert (
        charts.wrap("Chi bộ, đảng bộ trực thuộc (chi bộ, đảng bộ)", 30)
        == "Chi bộ, đảng bộ trực thuộc|(chi bộ, đảng bộ)"
    )
    assert charts.wrap("Ngắn") == "Ngắn"
