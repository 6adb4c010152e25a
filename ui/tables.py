"""The shapes every page repeats: a table with Vietnamese headings, links to the units' pages
and a CSV of the same rows; a grid of big metrics; and the texts their cells show (figures with
their measure, bands, a finding's source sentence, a unit's figures by year)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from domain import format as vn
from domain.vocabulary import SAMPLE_LABEL
from ui import charts
from ui.downloads import csv_button
from ui.frame import Filters, show_table, unit_url

LINK = "Chi tiết"


def table(
    frame: pd.DataFrame,
    headings: dict[str, str],
    *,
    links: Filters | None = None,
    csv: str | None = None,
    key: str | None = None,
    csv_label: str = "Tải CSV",
    column_config: dict | None = None,
) -> pd.DataFrame:
    """Show the columns of `frame` named in `headings`, in that order, under their Vietnamese
    headings; an `is_sample` column reads "Dữ liệu minh họa" or nothing. With `links` (the
    page's filters), a "Chi tiết" column links each row's `ward_code` to that unit's page. With
    `csv` (an ASCII file stem), a CSV button offers the same rows, without the links.
    Returns the table shown."""
    shown = frame[list(headings)].copy()
    if "is_sample" in headings:
        shown["is_sample"] = shown["is_sample"].map(vn.source)
    shown.columns = list(headings.values())
    config = dict(column_config or {})
    if links is not None:
        shown[LINK] = [unit_url(links, code) for code in frame["ward_code"]]
        config[LINK] = st.column_config.LinkColumn(LINK, display_text="Mở trang đơn vị")
    if config:
        show_table(shown, column_config=config)
    else:
        show_table(shown)
    if csv:
        csv_button(shown.drop(columns=LINK, errors="ignore"), csv, label=csv_label, key=key)
    return shown


def metric_grid(metrics: list[dict | None], per_row: int = 2) -> None:
    """Big figures `per_row` to a row (two: whole figures on a tablet too); each item holds
    st.metric's arguments (label, value, delta, help), None leaves its cell empty."""
    for start in range(0, len(metrics), per_row):
        for column, metric in zip(st.columns(per_row), metrics[start : start + per_row], strict=False):
            if metric is not None:
                column.metric(**metric)


def with_measures(frame: pd.DataFrame, column: str, shown=vn.value_with_measure) -> list[str]:
    """Each figure of `column` as a person reads it, by the row's `unit` of measure."""
    return [shown(value, measure) for value, measure in zip(frame[column], frame["unit"], strict=True)]


def band_texts(frame: pd.DataFrame, *, blank_without_band: bool = False) -> list[str]:
    """"✔ Đạt, vượt chỉ tiêu" for each row's band; "Không có chỉ tiêu" (or nothing, with
    `blank_without_band`) for a row without one."""
    return [
        "" if blank_without_band and not code else charts.band_text(code, label)
        for code, label in zip(frame["band"], frame["band_label"], strict=True)
    ]


def source_note(text: str, excerpt) -> str | None:
    """The tooltip that gives a finding's sentence in the report, when the finding is only part
    of it (a ";"-list item, a clause); None when the finding is the sentence itself."""
    if isinstance(excerpt, str) and excerpt.strip() and excerpt != text:
        return f"Câu gốc trong báo cáo: «{vn.literal(excerpt)}»"
    return None


def history_by_year(history: pd.DataFrame, years, measure: str | None) -> pd.DataFrame:
    """One row a unit (`ward_name`), one column a year ("Năm 2024"), each cell the figure as a
    person reads it (blank years "—"); "Nguồn" marks a unit whose figures are illustrative,
    naming the years that are real."""
    history = history.assign(value_text=[
        vn.qualified(v, measure, q) for v, q in zip(history["value"], history["qualifier"], strict=True)
    ])
    by_year = history.pivot(index="ward_name", columns="year", values="value_text")
    by_year = by_year.reindex(columns=sorted(years)).astype(object).fillna(vn.MISSING)
    by_year.columns = [f"Năm {y}" for y in by_year.columns]
    sample = history["is_sample"].astype(bool)
    real_years = history[~sample].groupby("ward_name")["year"].agg(lambda ys: ", ".join(map(str, ys)))
    with_sample = set(history.loc[sample, "ward_name"])
    by_year["Nguồn"] = [
        SAMPLE_LABEL + (f", trừ năm {real_years[n]}" if n in real_years else "") if n in with_sample else ""
        for n in by_year.index
    ]
    return by_year.reset_index()
