"""Trình chiếu: the meeting screen. The slide fills the window; one idea and one chart a slide,
moved with "◀ Trước" / "Tiếp ▶", a clicker's keys (←/→, PageUp/PageDown, Space) or every N
seconds with `auto=N`; the slide is in the URL (`slide=N`) so a link prepared before the
meeting opens it."""

from html import escape

import streamlit as st

from exports.tables import attention_groups
from ui import charts, presentation
from ui import format as vn
from ui.downloads import read_brief
from ui.frame import page_frame, read

SLIDES = ("Toàn cảnh", "Đơn vị chưa đạt chỉ tiêu", "Cần chú ý", "Hạn chế, kiến nghị lặp lại", "Một đơn vị")
HEADLINE = ("party_members", "poor_fund", "new_members")
NBSP = "\u00a0"  # "56,9 %" never broken between the number and its sign

filters = page_frame("Trình chiếu", with_unit=True)
presentation.enter()
raw = st.query_params.get("slide", "1")
slide = int(raw) if raw.isdigit() and 1 <= int(raw) <= len(SLIDES) else 1
if raw != str(slide):
    st.warning(f"Không có trang chiếu «{raw}»; đang mở trang 1.", icon=":material/error:")
auto = presentation.auto_seconds()
move, screen = presentation.keys(slide, auto)
if move and presentation.target(move, slide, len(SLIDES)) != slide:
    slide = presentation.target(move, slide, len(SLIDES))
    st.query_params["slide"] = str(slide)
# Sizes for the back of the room, from the window's height (720 px = 1).
scale = max(0.75, min(screen["height"] / 720, screen["width"] / 1280, 1.8))
font = int(20 * scale)


def go(number: int) -> None:
    st.query_params["slide"] = str(number)


home, back, where, forward = st.columns([1.5, 1.1, 3, 1.1], vertical_alignment="center")
if home.button("Bảng theo dõi", key="slide-home", icon=":material/arrow_back:", width="stretch"):
    st.switch_page("app.py", query_params=filters.params())  # back to the overview, same filters
back.button("◀ Trước", key="slide-back", on_click=go, args=(slide - 1,), disabled=slide == 1, width="stretch")
forward.button("Tiếp ▶", key="slide-next", on_click=go, args=(slide + 1,), disabled=slide == len(SLIDES), width="stretch")
where.markdown(f"**Trang {slide}/{len(SLIDES)}** · {SLIDES[slide - 1]}" + (f" · tự chuyển sau {auto} giây" if auto else ""))
summary = read("reporting_summary", filters.province_code, filters.year).iloc[0]
reported, units = int(summary["reported"]), int(summary["units"])
source = f"Nguồn: {reported}/{units} báo cáo hiện hành của các đơn vị thuộc {filters.province_name}"
is_sample = bool(summary["sample_reports"] > 0)
# Room left for a chart: the window less the navigation, the heading and the footer.
chart_height = int(screen["height"] * 0.6)

if slide == 1:
    st.header(f"{filters.province_name} · năm {filters.year}")
    behind = read_brief("units_behind", filters.province_code, filters.year)
    headline = read("province_headline", filters.province_code, filters.year).set_index("indicator_code")
    cells = [c for _ in range(2) for c in st.columns(3)]
    cells[0].metric("Đơn vị đã báo cáo", f"{reported}/{units}")
    cells[1].metric("Đơn vị chưa đạt chỉ tiêu (< 80 %)", f"{charts.band_symbol('behind')} {len(behind)}")
    for column, code in zip(cells[3:], HEADLINE, strict=False):
        if code in headline.index:
            row = headline.loc[code]
            column.metric(vn.with_unit(row["indicator_name"], row["unit"]), vn.headline(row["value"], row["unit"]))

elif slide == 2:
    behind = read_brief("units_behind", filters.province_code, filters.year)
    st.header(f"{len(behind)} đơn vị chưa đạt chỉ tiêu (dưới 80 %)")
    if behind.empty:
        st.success("Không có đơn vị nào dưới 80 % chỉ tiêu.", icon=":material/check_circle:")
    else:
        shown = behind.head(max(3, int(chart_height / (font * 2.2))))
        shown = shown.assign(bar_label=[f"{charts.band_symbol(b)} {vn.percent(p)}"
                                        for b, p in zip(shown["band"], shown["achieved_percent"], strict=True)])
        st.altair_chart(charts.slide_bars(shown, label="ward_name", value="achieved_percent", text="bar_label",
                                          height=chart_height, font=font, color="band", bands=read("achievement_bands"),
                                          x_title="% đạt chỉ tiêu (bình quân các chỉ tiêu)", rules=[80, 100],
                                          x_floor=100), width="stretch")
        if len(shown) < len(behind):
            st.caption(f"{len(shown)} đơn vị thấp nhất trên {len(behind)}; danh sách đủ ở trang Tổng quan.")

elif slide == 3:
    groups = attention_groups(read("attention_units", filters.province_code, filters.year))
    st.header(f"Cần chú ý: {len(groups)} đơn vị dưới 80 % và lý do đơn vị nêu")
    if not groups:
        st.success("Không có đơn vị nào dưới 80 % chỉ tiêu.", icon=":material/check_circle:")
    fit = max(2, min(5, int((screen["height"] * 0.72) / (font * 5.2))))  # rows of three-line quotes
    for group in groups[:fit]:
        name, low, limit, ask = st.columns([1.3, 1.6, 2.2, 2.2])
        name.markdown(f"**{charts.band_symbol(group['band'])} {vn.literal(group['ward_name'])}** "
                      f"{vn.percent(group['unit_percent']).replace(' ', NBSP)}")
        if group["indicator"]:
            first = group["indicator"][0]
            low.markdown(f"{vn.literal(first['text'])}: **{vn.percent(first['achieved_percent']).replace(' ', NBSP)}**")
        for place, kind, label in ((limit, "limitation", "Hạn chế"), (ask, "recommendation", "Kiến nghị")):
            rows = group[kind]
            text = escape(rows[0]["text"]) if rows else "Báo cáo không nêu."
            place.markdown(f'<div class="slide-quote"><b>{label}:</b> {text}</div>', unsafe_allow_html=True)
    if len(groups) > fit:
        st.caption(f"{fit} đơn vị thấp nhất trên {len(groups)}; danh sách đủ ở mục «Cần chú ý» của trang Tổng quan.")
    else:
        st.caption("Trích nguyên văn ý đầu tiên của đơn vị; đủ các ý ở mục «Cần chú ý» của trang Tổng quan.")

elif slide == 4:
    counts = read("theme_counts", filters.province_code, filters.year, kinds=("limitation",))
    raised = counts[counts["units"] > 0]
    st.header("Hạn chế nhiều đơn vị cùng nêu")
    if raised.empty:
        st.info("Chưa có hạn chế nào được nêu trong năm.", icon=":material/inbox:")
    else:
        shown = raised.head(max(3, min(8, int(chart_height / (font * 2.2)))))
        shown = shown.assign(units_text=[f"{vn.number(n)}/{reported}" for n in shown["units"]])
        st.altair_chart(charts.slide_bars(shown, label="label", value="units", text="units_text", height=chart_height,
                                          font=font, x_title=f"Số đơn vị nêu, trên {reported} đơn vị đã báo cáo"),
                        width="stretch")
    asks = read("theme_counts", filters.province_code, filters.year, kinds=("recommendation",))
    asks = asks[asks["units"] > 0].head(3)
    if not asks.empty:
        st.markdown("**Kiến nghị nhiều nhất:** " + "; ".join(f"{a['label']} ({a['units']} đơn vị)"
                                                          for a in asks.to_dict("records")))

else:
    achievement = read("unit_achievement", filters.province_code, filters.year)
    code = filters.unit_code or (int(achievement.iloc[0]["ward_code"]) if len(achievement) else None)
    report = read("report_of_unit", code, filters.year) if code else None
    if report is None or report.empty:
        st.header(filters.unit_name or "Chưa có đơn vị")
        st.info(f"Đơn vị chưa có báo cáo năm {filters.year}.", icon=":material/inbox:")
    else:
        name = read("unit", code).iloc[0]["name"]
        st.header(name + ("" if filters.unit_code else " · đơn vị đạt thấp nhất"))
        is_sample = bool(report.iloc[0]["is_sample"])
        mine = achievement[achievement["ward_code"] == code]
        figures = read("unit_indicators", code, filters.year)
        targeted = figures[figures["target"].notna()].sort_values("achieved_percent", kind="stable")
        left, right = st.columns([1, 2])
        if not mine.empty:
            left.metric("Mức đạt chỉ tiêu bình quân",
                        f"{charts.band_symbol(mine.iloc[0]['band'])} {vn.percent(mine.iloc[0]['achieved_percent'])}")
        left.metric("Chỉ tiêu đạt, vượt", f"{int((targeted['band'] == 'reached').sum())}/{len(targeted)}")
        limits = read("findings", ward_code=code, year=filters.year, kinds=("limitation",))
        if not limits.empty:
            left.markdown(f'<div class="slide-quote"><b>Hạn chế:</b> {escape(limits["text"].iloc[0])}</div>',
                          unsafe_allow_html=True)
        if not targeted.empty:
            shown = targeted.head(max(3, min(8, int(chart_height / (font * 3.4)))))  # two-line labels
            shown = shown.assign(bar_label=[f"{charts.band_symbol(b)} {vn.percent(p)}"
                                            for b, p in zip(shown["band"], shown["achieved_percent"], strict=True)])
            with right:
                st.altair_chart(charts.slide_bars(shown, label="indicator_name", value="achieved_percent", text="bar_label",
                                                  height=chart_height, font=font, color="band",
                                                  bands=read("achievement_bands"), x_title="% chỉ tiêu", rules=[100],
                                                  x_floor=100, wrap_at=26), width="stretch")
        else:
            right.info("Đơn vị chưa được giao chỉ tiêu năm này.", icon=":material/inbox:")

presentation.footer(source, is_sample, filters.year)
