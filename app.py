"""Tổng quan: how the province is doing this year (the home page)."""

import streamlit as st

from ui import format as vn
from ui.frame import page_frame, read, sample_notice

filters = page_frame("Tổng quan")
summary = read("reporting_summary", filters.province_code, filters.year).iloc[0]
headline = read("province_headline", filters.province_code, filters.year)

st.subheader(f"{filters.province_name} · năm {filters.year}")
sample_notice(summary["sample_reports"] > 0)

reported, units = int(summary["reported"]), int(summary["units"])
columns = st.columns(4)
columns[0].metric(
    "Đơn vị đã báo cáo",
    f"{reported}/{units}",
    help="Số phường, xã, đặc khu có báo cáo hiện hành cho năm đã chọn.",
)
for column, code in zip(columns[1:], ["party_members", "poor_fund", "new_members"], strict=True):
    row = headline[headline["indicator_code"] == code]
    if row.empty:
        continue
    row = row.iloc[0]
    column.metric(
        row["indicator_name"],
        vn.value_with_unit(row["value"], row["unit"]),
        delta=vn.change(row["change"], row["unit"]) if row["previous_value"] == row["previous_value"] else None,
        help="So với năm trước, trên cùng các đơn vị đã báo cáo.",
    )
st.caption(f"{reported} trên {units} đơn vị đã có báo cáo năm {filters.year}.")
