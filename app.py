"""Tổng quan: how the province is doing this year, which units are behind (the home page)."""

import streamlit as st

from data_access import queries
from domain import format as vn
from domain.vocabulary import AGGREGATION_LABELS
from ui import charts
from ui.attention import attention_section
from ui.downloads import csv_button, overview_downloads
from ui.frame import open_unit, page_frame, print_mode, read, sample_notice, show_chart, show_table, unit_url

LIKE_FOR_LIKE = "So với năm trước, tính trên cùng các đơn vị đã báo cáo năm nay (so sánh cùng kỳ, cùng đơn vị)."
filters = page_frame("Tổng quan")
year, province = filters.year, filters.province_code
summary = read(queries.reporting_summary, province, year).iloc[0]
headline = read(queries.province_headline, province, year)
slug = f"{vn.slug(filters.province_name)}_{year}"

st.subheader(f"{filters.province_name} · năm {year}")
sample_notice(summary["sample_reports"] > 0)
overview_downloads(filters)

reported, units = int(summary["reported"]), int(summary["units"])
reported_delta = None
if year - 1 in filters.years:
    reported_delta = vn.change(reported - int(read(queries.reporting_summary, province, year - 1).iloc[0]["reported"]))
    reported_delta = None if reported_delta == "0" else f"{reported_delta} đơn vị"
columns = [c for _ in range(2) for c in st.columns(2)]  # 2 x 2: whole figures on a tablet too
columns[0].metric(
    "Đơn vị đã báo cáo",
    f"{reported}/{units}",
    delta=reported_delta,
    help="Số phường, xã, đặc khu có báo cáo hiện hành cho năm đã chọn; thay đổi so với năm trước.",
)
for column, code in zip(columns[1:], ["party_members", "poor_fund", "new_members"], strict=True):
    row = headline[headline["indicator_code"] == code]
    if row.empty:
        continue
    row = row.iloc[0]
    column.metric(
        vn.with_unit(row["indicator_name"], row["unit"]),
        vn.headline(row["value"], row["unit"]),
        delta=vn.change(row["change"], row["unit"]) if row["previous_value"] == row["previous_value"] else None,
        help=LIKE_FOR_LIKE,
    )
st.caption(f"{reported} trên {units} đơn vị đã có báo cáo năm {year}. {LIKE_FOR_LIKE}")

with st.expander("Tổng hợp mọi chỉ tiêu toàn thành phố", expanded=print_mode()):
    totals = headline.assign(
        value_text=[vn.value_with_unit(v, u) for v, u in zip(headline["value"], headline["unit"], strict=True)],
        previous_text=[vn.value_with_unit(v, u) for v, u in zip(headline["previous_value"], headline["unit"], strict=True)],
        change_text=[vn.change(v, u) for v, u in zip(headline["change"], headline["unit"], strict=True)],
        how=headline["aggregation"].map(AGGREGATION_LABELS),
    )[["indicator_name", "how", "value_text", "units_reporting", "previous_text", "change_text"]]
    totals.columns = ["Chỉ tiêu", "Cách tính", f"Năm {year}", "Số đơn vị", f"Năm {year - 1} (cùng đơn vị)", "Thay đổi"]
    show_table(totals)
    st.caption(LIKE_FOR_LIKE)
    # Extracts carry plain numbers in base units (Excel and pandas can add them), not the text shown.
    csv_button(headline, f"tong-hop-chi-tieu_{slug}", key="csv-totals")

st.subheader("Đơn vị theo mức đạt chỉ tiêu, thấp nhất trước")
achievement = read(queries.unit_achievement, province, year)
bands = read(queries.achievement_bands)
if achievement.empty:
    st.info(f"Năm {year} chưa có đơn vị nào có chỉ tiêu để so sánh.", icon=":material/inbox:")
    st.stop()
counts = achievement.groupby("band", sort=False).size()
st.markdown(
    " · ".join(
        f"**{charts.band_text(code, label)}: {counts.get(code, 0)} đơn vị**"
        for code, label in zip(bands["code"], bands["label"], strict=True)
    )
)
shown = st.segmented_control("Hiển thị", ["20 đơn vị thấp nhất", "Tất cả"], default="20 đơn vị thấp nhất")
worst = achievement if shown == "Tất cả" or print_mode() else achievement.head(20)
st.caption("Bấm vào một đơn vị trên biểu đồ để mở trang chi tiết của đơn vị đó.")
event = show_chart(charts.achievement_bars(worst, bands, selectable=not print_mode()), key="bars", select=True)
open_unit(filters, charts.selected(event, "ward_code"))

st.subheader("Mức đạt theo lĩnh vực (đơn vị × lĩnh vực)")
cells = read(queries.unit_area_achievement, province, year)
cells = cells[cells["ward_code"].isin(worst["ward_code"])]
heat = charts.area_heatmap(cells, bands, order=list(worst["ward_name"]), selectable=not print_mode())
open_unit(filters, charts.selected(show_chart(heat, key="heat", select=True), "ward_code"))

table = worst.assign(
    link=[unit_url(filters, code) for code in worst["ward_code"]],
    percent=worst["achieved_percent"].map(vn.percent),
    band_text=[charts.band_text(c, lbl) for c, lbl in zip(worst["band"], worst["band_label"], strict=True)],
    source=worst["is_sample"].map(vn.source),
)[["ward_code", "ward_name", "percent", "band_text", "targets", "source", "link"]]
table.columns = ["Mã đơn vị", "Đơn vị", "% đạt chỉ tiêu", "Mức đạt", "Số chỉ tiêu", "Nguồn", "Chi tiết"]
show_table(
    table,
    column_config={"Chi tiết": st.column_config.LinkColumn("Chi tiết", display_text="Mở trang đơn vị")},
)
csv_button(
    worst[["ward_code", "ward_name", "achieved_percent", "band_label", "targets", "is_sample"]],
    f"muc-dat-chi-tieu_{slug}",
    key="csv-achievement",
)

attention_section(filters)
