"""Tình hình báo cáo: which units have reported for a year and which have not."""

import streamlit as st

from ui.frame import page_frame, read

filters = page_frame("Tình hình báo cáo")
status = read("reporting_status", filters.province_code, filters.year)
missing = status[~status["reported"]]
st.metric("Đơn vị chưa báo cáo", f"{len(missing)}/{len(status)}")
st.dataframe(missing[["ward_code", "ward_name", "kind"]], hide_index=True)
