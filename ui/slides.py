"""The slides of the presentation mode (pages/6_Trinh_chieu.py), one function a slide: one
idea and one chart, sized by `Screen` for the window they are shown in. Each returns whether
what it shows is illustrative data (for the footer's label)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import pandas as pd
import streamlit as st

from data_access import queries
from domain import format as vn
from domain.vocabulary import SHORT_KIND_LABELS
from exports.tables import attention_groups
from ui import charts
from ui.frame import Filters, read
from ui.tables import metric_grid

HEADLINE = ("party_members", "poor_fund", "new_members")
NBSP = "\u00a0"  # "56,9 %" never broken between the number and its sign


@dataclass(frozen=True)
class Screen:
    """What a slide needs to know of the window and the year's reports."""

    width: int
    height: int
    reported: int
    units: int
    is_sample: bool

    @property
    def font(self) -> int:
        """Chart type in px: 20 at 1280x720, more on a larger screen, less on a small one."""
        return int(20 * max(0.75, min(self.height / 720, self.width / 1280, 1.8)))

    @property
    def chart_height(self) -> int:
        """Room left for a chart: the window less the navigation, the heading and the footer."""
        return int(self.height * 0.6)

    def rows(self, per_row: float, most: int = 8) -> int:
        """How many bars fit, each `per_row` times the type size high."""
        return max(3, min(most, int(self.chart_height / (self.font * per_row))))


def _percent(value) -> str:
    return vn.percent(value).replace(" ", NBSP)


def _quote(place, label: str, text: str | None) -> None:
    """A statement of the report, as written, cut at three lines on the slide."""
    shown = escape(text) if text else "Báo cáo không nêu."
    place.markdown(f'<div class="slide-quote"><b>{label}:</b> {shown}</div>', unsafe_allow_html=True)


def province(filters: Filters, screen: Screen) -> bool:
    st.header(f"{filters.province_name} · năm {filters.year}")
    counts = read(queries.band_counts, filters.province_code, filters.year)
    bands = read(queries.achievement_bands)
    lowest = bands.sort_values("min_percent")["code"].iloc[0]  # "Chưa đạt", as queries.units_behind
    behind = int(counts.loc[counts["band"] == lowest, "units"].sum())
    headline = read(queries.province_headline, filters.province_code, filters.year).set_index("indicator_code")
    rows = [headline.loc[code] if code in headline.index else None for code in HEADLINE]
    figures = [None if row is None else dict(label=vn.with_measure(row["indicator_name"], row["unit"]),
                                             value=vn.headline(row["value"], row["unit"])) for row in rows]
    behind_text = f"{charts.band_symbol(lowest)} {behind}"
    metric_grid([dict(label="Đơn vị đã báo cáo", value=f"{screen.reported}/{screen.units}"),
                 dict(label="Đơn vị chưa đạt chỉ tiêu (< 80 %)", value=behind_text), None, *figures], per_row=3)
    # Every unit of the province in one bar chart: by band, then those without a target to
    # compare with, then those without a report (the lower half of the screen was empty).
    bars = [(r.band, r.band_label, r.units) for r in counts.itertuples()]
    bars += [(None, "Chưa có chỉ tiêu giao", screen.reported - int(counts["units"].sum())),
             (None, "Chưa báo cáo", screen.units - screen.reported)]
    shown = pd.DataFrame(bars, columns=["band", "label", "units"])
    # the band's symbol at the bar's end, as on the units-behind slide
    shown["units_text"] = [f"{charts.band_symbol(b)} {vn.number(n)} đơn vị".strip()
                           for b, n in zip(shown["band"], shown["units"], strict=True)]
    st.altair_chart(
        charts.slide_bars(shown, label="label", value="units", text="units_text", height=int(screen.height * 0.3),
                          font=screen.font, x_title="Số đơn vị", color="band", bands=bands),
        width="stretch",
    )
    return screen.is_sample


def units_behind(filters: Filters, screen: Screen) -> bool:
    behind = read(queries.units_behind, filters.province_code, filters.year)
    st.header(f"{len(behind)} đơn vị chưa đạt chỉ tiêu (dưới 80 %)")
    if behind.empty:
        st.success("Không có đơn vị nào dưới 80 % chỉ tiêu.", icon=":material/check_circle:")
        return screen.is_sample
    shown = behind.head(screen.rows(2.2, most=len(behind)))
    shown = shown.assign(bar_label=[f"{charts.band_symbol(b)} {vn.percent(p)}"
                                    for b, p in zip(shown["band"], shown["achieved_percent"], strict=True)])
    st.altair_chart(
        charts.slide_bars(
            shown,
            label="ward_name",
            value="achieved_percent",
            text="bar_label",
            height=screen.chart_height,
            font=screen.font,
            color="band",
            bands=read(queries.achievement_bands),
            x_title="% đạt chỉ tiêu (bình quân các chỉ tiêu)",
            rules=[80, 100],
            x_floor=100,
        ),
        width="stretch",
    )
    if len(shown) < len(behind):
        st.caption(f"{len(shown)} đơn vị thấp nhất trên {len(behind)}; danh sách đủ ở trang Tổng quan.")
    return bool(behind["is_sample"].any())


def attention(filters: Filters, screen: Screen) -> bool:
    data = read(queries.attention_units, filters.province_code, filters.year)
    groups = attention_groups(data)
    st.header(f"Cần chú ý: {len(groups)} đơn vị dưới 80 % và lý do đơn vị nêu")
    if not groups:
        st.success("Không có đơn vị nào dưới 80 % chỉ tiêu.", icon=":material/check_circle:")
        return screen.is_sample
    fit = max(2, min(5, int((screen.height * 0.72) / (screen.font * 5.2))))  # rows of three-line quotes
    for group in groups[:fit]:
        name, low, limit, ask = st.columns([1.3, 1.6, 2.2, 2.2])
        name.markdown(f"**{charts.band_symbol(group['band'])} {vn.literal(group['ward_name'])}** "
                      f"{_percent(group['unit_percent'])}")
        if group["indicator"]:
            first = group["indicator"][0]
            low.markdown(f"{vn.literal(first['text'])}: **{_percent(first['achieved_percent'])}**")
        for place, kind in ((limit, "limitation"), (ask, "recommendation")):
            _quote(place, SHORT_KIND_LABELS[kind], group[kind][0]["text"] if group[kind] else None)
    if len(groups) > fit:
        st.caption(f"{fit} đơn vị thấp nhất trên {len(groups)}; danh sách đủ ở mục «Cần chú ý» của trang Tổng quan.")
    else:
        st.caption("Trích nguyên văn ý đầu tiên của đơn vị; đủ các ý ở mục «Cần chú ý» của trang Tổng quan.")
    return bool(data["is_sample"].any())


def recurring(filters: Filters, screen: Screen) -> bool:
    counts = read(queries.theme_counts, filters.province_code, filters.year, kinds=("limitation",))
    raised = counts[counts["units"] > 0]
    st.header("Hạn chế nhiều đơn vị cùng nêu")
    if raised.empty:
        st.info("Chưa có hạn chế nào được nêu trong năm.", icon=":material/inbox:")
    else:
        shown = raised.head(screen.rows(2.2))
        shown = shown.assign(units_text=[f"{vn.number(n)}/{screen.reported}" for n in shown["units"]])
        st.altair_chart(charts.slide_bars(shown, label="label", value="units", text="units_text",
                                          height=screen.chart_height, font=screen.font,
                                          x_title=f"Số đơn vị nêu, trên {screen.reported} đơn vị đã báo cáo"),
                        width="stretch")
    asks = read(queries.theme_counts, filters.province_code, filters.year, kinds=("recommendation",))
    asks = asks[asks["units"] > 0].head(3)
    if not asks.empty:
        st.markdown("**Kiến nghị nhiều nhất:** " + "; ".join(f"{a['label']} ({a['units']} đơn vị)"
                                                          for a in asks.to_dict("records")))
    return screen.is_sample


def one_unit(filters: Filters, screen: Screen) -> bool:
    """The unit of the URL, otherwise the unit furthest behind."""
    achievement = read(queries.unit_achievement, filters.province_code, filters.year)
    code = filters.unit_code or (int(achievement.iloc[0]["ward_code"]) if len(achievement) else None)
    report = read(queries.report_of_unit, code, filters.year) if code else None
    if report is None or report.empty:
        st.header(filters.unit_name or "Chưa có đơn vị")
        st.info(f"Đơn vị chưa có báo cáo năm {filters.year}.", icon=":material/inbox:")
        return screen.is_sample
    name = read(queries.unit, code).iloc[0]["name"]
    st.header(name + ("" if filters.unit_code else " · đơn vị đạt thấp nhất"))
    mine = achievement[achievement["ward_code"] == code]
    figures = read(queries.unit_indicators, code, filters.year)
    targeted = figures[figures["target"].notna()].sort_values("achieved_percent", kind="stable")
    left, right = st.columns([1, 2])
    if not mine.empty:
        left.metric("Mức đạt chỉ tiêu bình quân",
                    f"{charts.band_symbol(mine.iloc[0]['band'])} {vn.percent(mine.iloc[0]['achieved_percent'])}")
    left.metric("Chỉ tiêu đạt, vượt", f"{int((targeted['band'] == 'reached').sum())}/{len(targeted)}")
    limits = read(queries.findings, ward_code=code, year=filters.year, kinds=("limitation",))
    if not limits.empty:
        _quote(left, SHORT_KIND_LABELS["limitation"], limits["text"].iloc[0])
    if targeted.empty:
        right.info("Đơn vị chưa được giao chỉ tiêu năm này.", icon=":material/inbox:")
    else:
        shown = targeted.head(screen.rows(3.4))  # two-line labels
        shown = shown.assign(bar_label=[f"{charts.band_symbol(b)} {vn.percent(p)}"
                                        for b, p in zip(shown["band"], shown["achieved_percent"], strict=True)])
        with right:
            st.altair_chart(charts.slide_bars(shown, label="indicator_name", value="achieved_percent", text="bar_label",
                                              height=screen.chart_height, font=screen.font, color="band",
                                              bands=read(queries.achievement_bands), x_title="% chỉ tiêu", rules=[100],
                                              x_floor=100, wrap_at=26), width="stretch")
    return bool(report.iloc[0]["is_sample"])


# (title, drawing function), in the order of the slides
SLIDES = (
    ("Toàn cảnh", province),
    ("Đơn vị chưa đạt chỉ tiêu", units_behind),
    ("Cần chú ý", attention),
    ("Hạn chế, kiến nghị lặp lại", recurring),
    ("Một đơn vị", one_unit),
)
