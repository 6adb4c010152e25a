"""Tổng quan: how the province is doing this year, which units are behind (the home page)."""

import streamlit as st

from data_access import queries
from domain import format as vn
from domain.vocabulary import AGGREGATION_LABELS
from ui import charts
from ui.attention import attention_section
from ui.downloads import csv_button, overview_downloads
from ui.frame import open_unit, page_frame, print_mode, read, sample_notice, show_chart
from ui.tables import band_texts, metric_grid, table, with_measures

HEADLINE = ["party_members", "poor_fund", "new_members"]  # the big figures beside the reporting count
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
metrics = [dict(label="Đơn vị đã báo cáo", value=f"{reported}/{units}", delta=reported_delta,
                help="Số phường, xã, đặc khu có báo cáo hiện hành cho năm đã chọn; thay đổi so với năm trước.")]
figures = headline.set_index("indicator_code")
for row in (figures.loc[code] for code in HEADLINE if code in figures.index):
    delta = None if vn.is_missing(row["previous_value"]) else vn.change(row["change"], row["unit"])
    metrics.append(dict(label=vn.with_measure(row["indicator_name"], row["unit"]),
                        value=vn.headline(row["value"], row["unit"]), delta=delta, help=LIKE_FOR_LIKE))
metric_grid(metrics)
st.caption(f"{reported} trên {units} đơn vị đã có báo cáo năm {year}. {LIKE_FOR_LIKE}")

with st.expander("Tổng hợp mọi chỉ tiêu toàn thành phố", expanded=print_mode()):
    totals = headline.assign(
        value_text=with_measures(headline, "value"),
        previous_text=with_measures(headline, "previous_value"),
        change_text=with_measures(headline, "change", vn.change),
        how=headline["aggregation"].map(AGGREGATION_LABELS),
    )
    table(totals, {"indicator_name": "Chỉ tiêu", "how": "Cách tính", "value_text": f"Năm {year}",
                   "units_reporting": "Số đơn vị", "previous_text": f"Năm {year - 1} (cùng đơn vị)",
                   "change_text": "Thay đổi"})
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
st.caption("Trên điện thoại, vuốt ngang bảng màu để xem các lĩnh vực khác.")
cells = read(queries.unit_area_achievement, province, year)
cells = cells[cells["ward_code"].isin(worst["ward_code"])]
heat = charts.area_heatmap(cells, bands, order=list(worst["ward_name"]), selectable=not print_mode())
event = show_chart(heat, key="heat", select=True, min_width=charts.area_heatmap_width(cells))
open_unit(filters, charts.selected(event, "ward_code"))

shown = worst.assign(percent=worst["achieved_percent"].map(vn.percent), band_text=band_texts(worst))
table(shown, {"ward_code": "Mã đơn vị", "ward_name": "Đơn vị", "percent": "% đạt chỉ tiêu", "band_text": "Mức đạt",
              "targets": "Số chỉ tiêu", "is_sample": "Nguồn"}, links=filters)
extract = worst[["ward_code", "ward_name", "achieved_percent", "band_label", "targets", "is_sample"]]
csv_button(extract, f"muc-dat-chi-tieu_{slug}", key="csv-achievement")

attention_section(filters)
