"""The floor page of `python -m bench --real-server`: what any Streamlit page of this size costs
to serve, with nothing of ours in it. Four metrics, one 20-bar Altair chart and one 20-row table,
from data already in memory (built once per process, as a cached read would give it).

The bench copies this file into the pages folder of a temporary copy of the app, so it is served
by the same `streamlit run` in the same run, but it is never part of the app: users never see it
(the sidebar draws only ui.frame.PAGES, and the default page list is switched off)."""

import altair as alt
import pandas as pd
import streamlit as st


@st.cache_resource
def _data() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Đơn vị": [f"Phường {i:02d}" for i in range(1, 21)],
            "Giá trị": [float((i * 37) % 101) for i in range(1, 21)],
            "Tỷ lệ": [round(((i * 53) % 97) / 97 * 100, 1) for i in range(1, 21)],
        }
    )


data = _data()
st.title("Trang sàn (đo hiệu năng)")
for column, (label, value) in zip(
    st.columns(4),
    [("Đơn vị", "20"), ("Báo cáo", "18"), ("Đạt chỉ tiêu", "72,5 %"), ("Kinh phí", "1,7 tỷ đồng")],
    strict=True,
):
    column.metric(label, value)
st.altair_chart(
    alt.Chart(data)
    .mark_bar()
    .encode(x=alt.X("Giá trị:Q"), y=alt.Y("Đơn vị:N", sort="-x"), tooltip=["Đơn vị", "Giá trị"]),
    width="stretch",
)
st.dataframe(data, hide_index=True)
