"""Trình chiếu: the meeting screen. One message per slide in large type, moved with "◀ Trước" /
"Tiếp ▶"; the slide is in the URL (`slide=N`) so a link prepared before the meeting opens it."""

import streamlit as st

from ui import charts
from ui import format as vn
from ui.downloads import read_brief
from ui.frame import page_frame, read, sample_notice, slide_param

SLIDES = ("Toàn cảnh", "Đơn vị chưa đạt chỉ tiêu", "Một đơn vị", "Hạn chế lặp lại")
HEADLINE = ("party_members", "poor_fund", "new_members")
BIG = """<style>
.block-container h2 { font-size: 2.8rem; }
[data-testid="stMetricValue"] { font-size: 4rem; }
[data-testid="stMetricLabel"] p { font-size: 1.5rem; }
.block-container p, .block-container li { font-size: 1.6rem; }
.block-container button p { font-size: 1.4rem; }
@media (max-width: 1100px) {  /* a tablet: smaller type so figures and buttons stay whole */
  .block-container h2 { font-size: 2rem; }
  [data-testid="stMetricValue"] { font-size: 2.4rem; }
  [data-testid="stMetricLabel"] p { font-size: 1.1rem; }
  .block-container p, .block-container li { font-size: 1.2rem; }
  .block-container button p { font-size: 1.1rem; }
}
</style>"""

filters = page_frame("Trình chiếu", with_unit=True)
st.markdown(BIG, unsafe_allow_html=True)
slide, problem = slide_param(len(SLIDES))
if problem:
    st.warning(problem, icon=":material/error:")


def go(number: int) -> None:
    st.query_params["slide"] = str(number)


back, where, forward = st.columns([1.3, 3, 1.3], vertical_alignment="center")
back.button("◀ Trước", key="slide-back", on_click=go, args=(slide - 1,), disabled=slide == 1, width="stretch")
forward.button("Tiếp ▶", key="slide-next", on_click=go, args=(slide + 1,), disabled=slide == len(SLIDES), width="stretch")
where.markdown(f"**Trang {slide}/{len(SLIDES)}** · {SLIDES[slide - 1]}")
summary = read("reporting_summary", filters.province_code, filters.year).iloc[0]
reported, units = int(summary["reported"]), int(summary["units"])

if slide == 1:
    st.header(f"{filters.province_name} · năm {filters.year}")
    sample_notice(summary["sample_reports"] > 0)
    behind = read_brief("units_behind", filters.province_code, filters.year)
    headline = read("province_headline", filters.province_code, filters.year).set_index("indicator_code")
    top = st.columns(2)
    top[0].metric("Đơn vị đã báo cáo", f"{reported}/{units}")
    top[1].metric("Đơn vị chưa đạt chỉ tiêu (< 80 %)", f"{charts.band_symbol('behind')} {len(behind)}")
    # 2 x 2 (the fourth cell stays empty): whole figures on a tablet too
    for column, code in zip([c for _ in range(2) for c in st.columns(2)], HEADLINE, strict=False):
        if code in headline.index:
            row = headline.loc[code]
            column.metric(row["indicator_name"], vn.value_with_unit(row["value"], row["unit"]))

elif slide == 2:
    behind = read_brief("units_behind", filters.province_code, filters.year)
    st.header(f"{len(behind)} đơn vị chưa đạt chỉ tiêu (dưới 80 %)")
    sample_notice(behind["is_sample"].any())
    if behind.empty:
        st.success("Không có đơn vị nào dưới 80 % chỉ tiêu.", icon=":material/check_circle:")
    else:
        st.altair_chart(charts.achievement_bars(behind, read("achievement_bands"), selectable=False))

elif slide == 3:
    achievement = read("unit_achievement", filters.province_code, filters.year)
    code = filters.unit_code or (int(achievement.iloc[0]["ward_code"]) if len(achievement) else None)
    report = read("report_of_unit", code, filters.year) if code else None
    if report is None or report.empty:
        st.header(filters.unit_name or "Chưa có đơn vị")
        st.info(f"Đơn vị chưa có báo cáo năm {filters.year}.", icon=":material/inbox:")
    else:
        name = read("unit", code).iloc[0]["name"]
        st.header(name + ("" if filters.unit_code else " · đơn vị đạt thấp nhất"))
        sample_notice(report.iloc[0]["is_sample"])
        mine = achievement[achievement["ward_code"] == code]
        figures = read("unit_indicators", code, filters.year)
        targeted = figures[figures["target"].notna()].sort_values("achieved_percent")
        left, right = st.columns(2)
        if not mine.empty:
            left.metric("Mức đạt chỉ tiêu bình quân",
                        f"{charts.band_symbol(mine.iloc[0]['band'])} {vn.percent(mine.iloc[0]['achieved_percent'])}")
        right.metric("Chỉ tiêu đạt, vượt", f"{int((targeted['band'] == 'reached').sum())}/{len(targeted)}")
        for row in targeted.head(4).itertuples():
            st.markdown(f"{charts.band_text(row.band, row.band_label)} · **{row.indicator_name}**: "
                        f"{vn.value_with_unit(row.value, row.unit)} / {vn.value_with_unit(row.target, row.unit)}")
        limits = read("findings", ward_code=code, year=filters.year, kinds=("limitation",))
        for text in limits["text"].head(2):
            st.markdown(f"- {vn.literal(text)}")

else:
    counts = read("theme_counts", filters.province_code, filters.year, kinds=("limitation",))
    raised = counts[counts["units"] > 0]
    st.header("Hạn chế nhiều đơn vị cùng nêu")
    sample_notice(summary["sample_reports"] > 0)
    if raised.empty:
        st.info("Chưa có hạn chế nào được nêu trong năm.", icon=":material/inbox:")
    else:
        st.altair_chart(charts.theme_bars(raised.head(8), reported, selectable=False))
        st.caption(f"Số đơn vị nêu, trên {reported} đơn vị đã báo cáo; vấn đề nhận ra theo từ khóa trong nhận định.")
