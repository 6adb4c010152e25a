"""Download buttons for tables (Streamlit). The bytes come from the pure `exports` package."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from exports.csv import to_csv_bytes


def csv_button(frame: pd.DataFrame, name: str, *, label: str = "Tải CSV", key: str | None = None) -> None:
    """A CSV download of exactly the rows shown; `name` is an ASCII slug such as
    "chi-tieu_hai-phong_2025"; the date of extraction is appended."""
    file_name = f"{name}_{dt.date.today().isoformat()}.csv"
    st.download_button(
        label,
        data=to_csv_bytes(frame),
        file_name=file_name,
        mime="text/csv",
        key=key or f"csv-{name}",
        icon=":material/download:",
        on_click="ignore",
    )
