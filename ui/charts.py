"""Charts (pure): DataFrame in, Altair chart out; no Streamlit.

Readable from across a room and in grayscale: large labels, a colour-blind-safe palette, and a
traffic-light band always carries a symbol and a text label (✖ Chưa đạt, ▲ Gần đạt, ✔ Đạt),
never a colour alone. Axis numbers use a Vietnamese number locale (`config.locale`, which
Streamlit's Vega renderer honours: checked in Chromium, "1.200.000,0"); tooltips show
pre-formatted strings from ui/format.py ("370 triệu đồng", "94,5 %").

Charts that allow drill-down carry a point selection named SELECTION on `ward_code` (or
`theme`); pass `selectable=False` for a static chart (print view).

Every chart function is `memoised` (ui/chart_cache.py): built once per content of its data and
arguments, its spec computed once, because building and validating Altair specs was most of a
warm page view. `f.__wrapped__` is the uncached function.
"""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

from data_access.collation import order_key, sorted_vietnamese
from domain import format as vn
from domain.vocabulary import REAL_LABEL, SAMPLE_LABEL
from ui.chart_cache import memoised

SELECTION = "pick"
VN_LOCALE = {
    "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " đồng"]},
    "time": {
        "dateTime": "%A, %d/%m/%Y %H:%M:%S",
        "date": "%d/%m/%Y",
        "time": "%H:%M:%S",
        "periods": ["SA", "CH"],
        "days": ["Chủ nhật", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy"],
        "shortDays": ["CN", "T2", "T3", "T4", "T5", "T6", "T7"],
        "months": [f"Tháng {m}" for m in range(1, 13)],
        "shortMonths": [f"Th{m}" for m in range(1, 13)],
    },
}
# Okabe-Ito: distinguishable with every common colour-vision deficiency.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"]
BAR_COLOR = "#0072B2"
BAND_SYMBOLS = {"reached": "✔", "near": "▲", "behind": "✖"}
NO_TARGET = "Không có chỉ tiêu"
NO_TARGET_COLOR = "#9e9e9e"
DARK_TEXT_BANDS = {"near"}  # amber cells take dark text
ROW_HEIGHT = 26  # px per unit row (alt.Step), so a label never hides another


def _finish(chart) -> alt.TopLevelMixin:
    return (
        chart.configure(locale=VN_LOCALE, font="Source Sans Pro, sans-serif")
        .configure_axis(labelFontSize=14, titleFontSize=15, labelLimit=260)
        # The x title ends at the plot's right edge: centred under a phone's narrow plot (the
        # ward names take the left half), "(trên 94 đơn vị đã báo cáo)" ran past the chart.
        .configure_axisX(titleAnchor="end")
        # One legend entry a line under the chart: a top legend in two columns was wider than the
        # chart on a 1024 px tablet and clipped "▲ Gần đạt (80-100 %)".
        .configure_legend(labelFontSize=14, titleFontSize=14, symbolSize=200, orient="bottom", columns=1, labelLimit=0)
        .configure_header(labelFontSize=14, titleFontSize=14, labelLimit=300)
        .configure_view(stroke=None)
    )


LINES = "split(datum.label, '|')"  # labelExpr: a wrapped label drawn on several lines


def wrap(text: str, width: int = 22) -> str:
    """A long label cut into lines at word boundaries, joined by "|" (see LINES), so that
    Vega never shortens it with "…"."""
    return "|".join(textwrap.wrap(str(text), width)) or str(text)


def two_lines(text: str) -> str:
    """A label on at most two lines of about equal length (see LINES): column headings of one
    height, so that none runs down into the chart (a three-line heading did, on a 1024 px
    projector)."""
    words = str(text).split()
    if len(words) < 2:
        return str(text)
    cut = min(range(1, len(words)), key=lambda i: max(len(" ".join(words[:i])), len(" ".join(words[i:]))))
    return " ".join(words[:cut]) + "|" + " ".join(words[cut:])


def band_symbol(code) -> str:
    return BAND_SYMBOLS.get(code, "●") if isinstance(code, str) else ""


def band_text(code, label) -> str:
    """ "✔ Đạt, vượt chỉ tiêu"; "Không có chỉ tiêu" where there is no band."""
    if not isinstance(code, str):
        return NO_TARGET
    return f"{band_symbol(code)} {label}"


def band_scale(bands: pd.DataFrame, with_no_target: bool = False) -> alt.Scale:
    """Colour scale of the bands as the database holds them (label order, colours)."""
    domain = [band_text(c, lbl) for c, lbl in zip(bands["code"], bands["label"], strict=True)]
    colors = list(bands["color"])
    if with_no_target:
        domain, colors = [*domain, NO_TARGET], [*colors, NO_TARGET_COLOR]
    return alt.Scale(domain=domain, range=colors)


def display_scale(measure: str | None) -> tuple[float, str]:
    """(divisor, axis unit of measure): money is drawn in triệu đồng so that an axis reads "370"."""
    if measure == "đồng":
        return 1e6, "triệu đồng"
    return 1.0, measure or ""


def _source(is_sample) -> str:
    return SAMPLE_LABEL if bool(is_sample) else REAL_LABEL


def _band_texts(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of an achievement frame with what its marks and tooltips say: `band_text`
    ("▲ Gần đạt (80-100 %)"), `percent_text` ("94,5 %"), `mark_label` ("▲ 94,5 %") and `source`."""
    data = frame.copy()
    data["band_text"] = [band_text(c, lbl) for c, lbl in zip(data["band"], data["band_label"], strict=True)]
    data["percent_text"] = data["achieved_percent"].map(vn.percent)
    data["mark_label"] = [f"{band_symbol(c)} {p}" for c, p in zip(data["band"], data["percent_text"], strict=True)]
    data["source"] = data["is_sample"].map(_source)
    return data


# The tooltip lines the achievement charts share, by field
TOOLTIP = {
    "ward_name": alt.Tooltip("ward_name:N", title="Đơn vị"),
    "task_area_name": alt.Tooltip("task_area_name:N", title="Lĩnh vực"),
    "percent_text": alt.Tooltip("percent_text:N", title="% đạt chỉ tiêu"),
    "band_text": alt.Tooltip("band_text:N", title="Mức đạt"),
    "targets": alt.Tooltip("targets:Q", title="Số chỉ tiêu"),
    "source": alt.Tooltip("source:N", title="Nguồn"),
}


# About one axis label per 70 px of plot: a phone's narrow plot keeps "100" and "120" apart.
TICKS_BY_WIDTH = alt.ExprRef("ceil(width / 70)")


def label_room(values: pd.Series, *, floor: float = 0.0, share: float = 0.22) -> alt.Scale:
    """An x scale that leaves room right of the longest bar for its text label, which would
    otherwise overflow the chart on a narrow (tablet) screen. The end is rounded up to a tick,
    so that the last axis label ends flush with the chart instead of past it ("12" of "120")."""
    top = max(float(values.max()) if len(values) else 0.0, floor)
    return alt.Scale(domain=[0, (top or 1.0) * (1 + share)], nice=True)


def _by_name(data: pd.DataFrame) -> pd.DataFrame:
    """Rows in Vietnamese alphabetical order of the unit name, so ties keep that order."""
    return data.sort_values("ward_name", key=order_key, kind="stable")


def _selection(fields: list[str]):
    return alt.selection_point(name=SELECTION, fields=fields, on="click", toggle=False)


@memoised
def achievement_bars(units: pd.DataFrame, bands: pd.DataFrame, *, selectable: bool = True):
    """One bar per unit, % of target achieved, worst first, coloured and labelled by band.
    `units` is queries.unit_achievement."""
    data = _band_texts(units)
    order = list(_by_name(data).sort_values("achieved_percent", kind="stable")["ward_name"])
    y = alt.Y("ward_name:N", sort=order, title=None)
    base = alt.Chart(data).encode(y=y)
    bars = base.mark_bar().encode(
        x=alt.X(
            "achieved_percent:Q",
            title=["% đạt chỉ tiêu", "(bình quân các chỉ tiêu)"],
            axis=alt.Axis(format=",.0f", labelFlush=True, tickCount=TICKS_BY_WIDTH),  # "120" whole at the edge
            scale=label_room(data["achieved_percent"], floor=100.0),
        ),
        color=alt.Color("band_text:N", scale=band_scale(bands), title="Mức đạt"),
        tooltip=[TOOLTIP[f] for f in ("ward_name", "percent_text", "band_text", "targets", "source")],
    )
    if selectable:
        bars = bars.add_params(_selection(["ward_code"]))
    labels = base.mark_text(align="left", dx=4, fontSize=13).encode(x="achieved_percent:Q", text="mark_label:N")
    thresholds = bands[bands["min_percent"] > 0]
    rules = alt.Chart(thresholds).mark_rule(strokeDash=[4, 4], color="#555").encode(x="min_percent:Q")
    return _finish(alt.layer(bars, labels, rules).properties(height=alt.Step(ROW_HEIGHT)))


def area_heatmap_width(cells: pd.DataFrame) -> int:
    """The narrowest the heat map may be drawn (px): unit names, then 95 px a task area, so that
    the headings and "✖ 56,3 %" fit their columns; narrower screens scroll it sideways."""
    return 200 + 95 * int(cells["task_area_name"].nunique())


@memoised
def area_heatmap(cells: pd.DataFrame, bands: pd.DataFrame, order: list[str] | None = None, *, selectable: bool = True):
    """Unit x task area, each cell the band of the mean % achieved with its symbol and
    percent written in it. `cells` is queries.unit_area_achievement; `order` the unit names
    top to bottom (worst first)."""
    data = _band_texts(cells)
    data["text_color"] = ["#111111" if c in DARK_TEXT_BANDS else "#ffffff" for c in data["band"]]
    data["area_label"] = data["task_area_name"].map(two_lines)
    areas = list(data.sort_values("task_area_position")["area_label"].drop_duplicates())
    rows = order or sorted_vietnamese(data["ward_name"].unique())
    base = alt.Chart(data).encode(
        x=alt.X(
            "area_label:N",
            sort=areas,
            title=None,
            axis=alt.Axis(
                orient="top", labelAngle=0, labelExpr=LINES, labelLimit=0, labelOverlap=False, labelFontSize=13,
                labelFlush=False,  # the theme flushes the first heading left, onto the second
            ),
        ),
        y=alt.Y("ward_name:N", sort=rows, title=None),
    )
    cells_layer = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color("band_text:N", scale=band_scale(bands), title="Mức đạt"),
        tooltip=[TOOLTIP[f] for f in ("ward_name", "task_area_name", "percent_text", "band_text", "source")],
    )
    if selectable:
        cells_layer = cells_layer.add_params(_selection(["ward_code"]))
    text = base.mark_text(fontSize=13).encode(text="mark_label:N", color=alt.Color("text_color:N", scale=None))
    # The container's width, not a fixed step per column: a fixed 150 px a column did not fit a
    # tablet and Vega then dropped the overlapping column headers.
    return _finish(alt.layer(cells_layer, text).properties(height=alt.Step(ROW_HEIGHT), width="container"))


@memoised
def trend_multiples(history: pd.DataFrame, *, columns: int = 2):
    """Small multiples: one panel per indicator over the years, each with its own scale; real
    figures drawn as squares, illustrative ones as circles. `history` is
    queries.unit_indicator_history."""
    data = history.copy()
    scales = data["unit"].map(display_scale)
    data["plot_value"] = data["value"] / scales.map(lambda s: s[0])
    data["panel"] = [
        wrap(f"{name} ({measure})", 30)
        for name, measure in zip(data["indicator_name"], scales.map(lambda s: s[1]), strict=True)
    ]
    data["value_text"] = [
        vn.qualified(v, u, q) for v, u, q in zip(data["value"], data["unit"], data["qualifier"], strict=True)
    ]
    data["source"] = data["is_sample"].map(_source)
    panels = list(dict.fromkeys(data["panel"]))
    base = alt.Chart(data).encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("plot_value:Q", title=None, axis=alt.Axis(format=",.4~f", tickCount=3), scale=alt.Scale(zero=False)),
    )
    line = base.mark_line(color=BAR_COLOR)
    points = base.mark_point(size=70, filled=True, color=BAR_COLOR).encode(
        shape=alt.Shape(
            "source:N", scale=alt.Scale(domain=[REAL_LABEL, SAMPLE_LABEL], range=["square", "circle"]), title="Nguồn"
        ),
        tooltip=[
            alt.Tooltip("indicator_name:N", title="Chỉ tiêu"),
            alt.Tooltip("year:O", title="Năm"),
            alt.Tooltip("value_text:N", title="Giá trị"),
            alt.Tooltip("source:N", title="Nguồn"),
        ],
    )
    chart = (
        alt.layer(line, points, data=data)
        .properties(width=180, height=100)
        .facet(
            facet=alt.Facet("panel:N", sort=panels, title=None, header=alt.Header(labelExpr=LINES, labelLimit=0)),
            columns=columns,
        )
        .resolve_scale(y="independent")
        .resolve_axis(x="independent")  # the years under every panel, not only the bottom row
    )
    return _finish(chart)


@memoised
def ranking_bars(
    ranking: pd.DataFrame,
    bands: pd.DataFrame,
    measure: str | None,
    *,
    selectable: bool = True,
):
    """One indicator across units, best first; a bar is coloured by its band when the unit
    has a target. `ranking` is queries.indicator_ranking."""
    divisor, axis_unit = display_scale(measure)
    data = ranking.copy()
    data["plot_value"] = data["value"] / divisor
    data["band_text"] = [band_text(c, lbl) for c, lbl in zip(data["band"], data["band_label"], strict=True)]
    data["value_text"] = [vn.qualified(v, measure, q) for v, q in zip(data["value"], data["qualifier"], strict=True)]
    data["target_text"] = data["target"].map(lambda t: vn.value_with_measure(t, measure))
    data["percent_text"] = data["achieved_percent"].map(vn.percent)
    data["source"] = data["is_sample"].map(_source)
    data["bar_text"] = data["plot_value"].map(lambda v: vn.number(v, 1))
    order = list(_by_name(data).sort_values("rank", kind="stable")["ward_name"])
    base = alt.Chart(data).encode(y=alt.Y("ward_name:N", sort=order, title=None))
    # The value written at each bar's end and the scale on top, where rank 1 is: with a hundred
    # units the bottom axis was screens away.
    bars = base.mark_bar().encode(
        x=alt.X(
            "plot_value:Q",
            title=axis_unit,
            axis=alt.Axis(format=",.4~f", orient="top", labelFlush=True, tickCount=TICKS_BY_WIDTH),
            scale=label_room(data["plot_value"]),
        ),
        color=alt.Color("band_text:N", scale=band_scale(bands, with_no_target=True), title="Mức đạt"),
        tooltip=[
            alt.Tooltip("rank:Q", title="Hạng"),
            TOOLTIP["ward_name"],
            alt.Tooltip("value_text:N", title="Giá trị"),
            alt.Tooltip("target_text:N", title="Chỉ tiêu"),
            TOOLTIP["percent_text"],
            TOOLTIP["source"],
        ],
    )
    if selectable:
        bars = bars.add_params(_selection(["ward_code"]))
    labels = base.mark_text(align="left", dx=4, fontSize=13).encode(x="plot_value:Q", text="bar_text:N")
    return _finish(alt.layer(bars, labels).properties(height=alt.Step(ROW_HEIGHT)))


@memoised
def distribution(ranking: pd.DataFrame, measure: str | None, median: float | None = None):
    """How the units spread on one indicator (histogram), with the province median."""
    divisor, axis_unit = display_scale(measure)
    data = ranking.assign(plot_value=ranking["value"] / divisor)
    bars = (
        alt.Chart(data)
        .mark_bar(color=BAR_COLOR)
        .encode(
            x=alt.X("plot_value:Q", bin=alt.Bin(maxbins=20), title=axis_unit, axis=alt.Axis(format=",.4~f")),
            y=alt.Y("count():Q", title="Số đơn vị", axis=alt.Axis(format=",.0f", tickMinStep=1)),
            tooltip=[
                alt.Tooltip("plot_value:Q", bin=True, title=f"Khoảng ({axis_unit})", format=",.4~f"),
                alt.Tooltip("count():Q", title="Số đơn vị"),
            ],
        )
    )
    layers = [bars]
    if median is not None and median == median:
        marker = pd.DataFrame(
            {"plot_value": [median / divisor], "label": [f"Trung vị: {vn.value_with_measure(median, measure)}"]}
        )
        rule = alt.Chart(marker).mark_rule(color="#D55E00", strokeDash=[6, 3], size=3).encode(x="plot_value:Q")
        text = rule.mark_text(align="left", dx=6, dy=-8, fontSize=14, color="#D55E00").encode(
            text="label:N", y=alt.value(10)
        )
        layers += [rule, text]
    return _finish(alt.layer(*layers).properties(height=300))


@memoised
def history_lines(history: pd.DataFrame, measure: str | None):
    """One indicator over the years for chosen units: one line per unit, told apart by colour
    and by dash. `history` is queries.indicator_history."""
    divisor, axis_unit = display_scale(measure)
    data = history.copy()
    data["plot_value"] = data["value"] / divisor
    data["value_text"] = [vn.qualified(v, measure, q) for v, q in zip(data["value"], data["qualifier"], strict=True)]
    data["source"] = data["is_sample"].map(_source)
    names = list(dict.fromkeys(data["ward_name"]))
    color = alt.Color("ward_name:N", scale=alt.Scale(domain=names, range=PALETTE[: max(1, len(names))]), title="Đơn vị")
    base = alt.Chart(data).encode(
        x=alt.X("year:O", title="Năm", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("plot_value:Q", title=axis_unit, axis=alt.Axis(format=",.4~f"), scale=alt.Scale(zero=False)),
        color=color,
    )
    lines = base.mark_line(strokeWidth=3).encode(strokeDash=alt.StrokeDash("ward_name:N", title="Đơn vị"))
    points = base.mark_point(size=90, filled=True).encode(
        shape=alt.Shape("ward_name:N", title="Đơn vị"),
        tooltip=[
            alt.Tooltip("ward_name:N", title="Đơn vị"),
            alt.Tooltip("year:O", title="Năm"),
            alt.Tooltip("value_text:N", title="Giá trị"),
            alt.Tooltip("source:N", title="Nguồn"),
        ],
    )
    return _finish(alt.layer(lines, points).properties(height=340))


@memoised
def theme_bars(counts: pd.DataFrame, units_total: int | None = None, *, selectable: bool = True):
    """How many units raise each recurring theme, most first; clicking a bar selects `theme`.
    `counts` is queries.theme_counts."""
    data = counts.copy()
    suffix = f"/{vn.number(units_total)} đơn vị" if units_total else " đơn vị"
    data["units_text"] = data["units"].map(lambda n: f"{vn.number(n)}{suffix}")
    # The bar's own label is short ("84/94") and the theme wraps onto two lines, so that both
    # stay inside the chart on a 390 px phone; the axis title says what the numbers count.
    data["bar_text"] = data["units"].map(
        lambda n: f"{vn.number(n)}/{vn.number(units_total)}" if units_total else vn.number(n)
    )
    data["label_lines"] = data["label"].map(lambda text: wrap(text, 20))
    order = list(data.sort_values(["units", "findings"], ascending=False, kind="stable")["label_lines"])
    base = alt.Chart(data).encode(
        y=alt.Y("label_lines:N", sort=order, title=None, axis=alt.Axis(labelExpr=LINES, labelLimit=0))
    )
    title = ["Số đơn vị nêu", f"(trên {vn.number(units_total)} đơn vị đã báo cáo)"] if units_total else "Số đơn vị nêu"
    bars = base.mark_bar(color=BAR_COLOR).encode(
        x=alt.X(
            "units:Q",
            title=title,
            axis=alt.Axis(format=",.0f", tickMinStep=1, labelFlush=True, tickCount=TICKS_BY_WIDTH),
            scale=label_room(data["units"], share=0.4),
        ),
        tooltip=[
            alt.Tooltip("label:N", title="Chủ đề"),
            alt.Tooltip("units_text:N", title="Số đơn vị nêu"),
            alt.Tooltip("findings:Q", title="Số câu", format=",.0f"),
        ],
    )
    if selectable:
        bars = bars.add_params(_selection(["theme"]))
    labels = base.mark_text(align="left", dx=4, fontSize=14).encode(x="units:Q", text="bar_text:N")
    return _finish(alt.layer(bars, labels).properties(height=alt.Step(36)))


def selected(event, field: str):
    """The value of `field` picked in a chart's selection event (st.altair_chart's return), or
    None. Pure: works on the dict-like event Streamlit returns."""
    try:
        points = event["selection"][SELECTION]
    except (KeyError, TypeError):
        return None
    if isinstance(points, dict):  # some versions give {field: [values]}
        values = points.get(field)
        return values[0] if values else None
    for point in points or []:
        if field in point:
            return point[field]
    return None


@memoised
def slide_bars(
    data: pd.DataFrame,
    *,
    label: str,
    value: str,
    text: str,
    height: int,
    font: int,
    x_title: str,
    color: str | None = None,
    bands: pd.DataFrame | None = None,
    rules: list[float] = (),
    x_floor: float = 0.0,
    wrap_at: int = 30,
):
    """A presentation slide's bar chart: one bar per row in the given order, its text label
    at the end of the bar, sized to `height` px with `font` px type so it is read from the
    back of a room. Coloured by `color` (a column of band codes, with `bands`) or one colour;
    no legend: the label carries the band's symbol. `rules` draws dashed lines (80 %, 100 %)."""
    frame = data.copy()
    frame["_label"] = frame[label].map(lambda name: wrap(str(name), wrap_at))  # long names on two lines
    order = list(frame["_label"])
    y = alt.Y(
        "_label:N",
        sort=order,
        title=None,
        axis=alt.Axis(labelFontSize=font, labelLimit=0, labelPadding=8, labelExpr=LINES),
    )
    base = alt.Chart(frame).encode(y=y)
    if color and bands is not None:
        frame["_band_text"] = [
            band_text(c, lbl)
            for c, lbl in zip(
                frame[color], frame[color].map(dict(zip(bands["code"], bands["label"], strict=True))), strict=True
            )
        ]
        base = alt.Chart(frame).encode(y=y)
        fill = alt.Color("_band_text:N", scale=band_scale(bands, with_no_target=True), legend=None)
    else:
        fill = alt.value(BAR_COLOR)
    bars = base.mark_bar().encode(
        x=alt.X(
            f"{value}:Q",
            title=x_title,
            scale=label_room(frame[value], floor=x_floor, share=0.3),
            axis=alt.Axis(format=",.0f", labelFontSize=max(font - 4, 12), titleFontSize=max(font - 4, 12), tickCount=5,
                          labelFlush=True),
        ),
        color=fill,
    )
    labels = base.mark_text(align="left", dx=6, fontSize=font, fontWeight="bold").encode(
        x=f"{value}:Q", text=f"{text}:N"
    )
    layers = [bars, labels]
    if len(rules):
        lines = pd.DataFrame({"at": list(rules)})
        layers.append(alt.Chart(lines).mark_rule(strokeDash=[6, 6], color="#555", strokeWidth=2).encode(x="at:Q"))
    return (
        alt.layer(*layers)
        .properties(height=height)
        .configure(locale=VN_LOCALE, font="Source Sans Pro, sans-serif")
        .configure_view(stroke=None)
    )
