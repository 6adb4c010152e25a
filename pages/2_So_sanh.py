"""So sánh: one indicator across all units of the province for a year, and over the years."""

import streamlit as st

from data_access import queries
from domain import format as vn
from ui import charts
from ui.frame import (
    indicator_param,
    open_unit,
    page_frame,
    print_mode,
    read,
    sample_notice,
    show_chart,
    units_param,
    url_choice,
)
from ui.tables import band_texts, history_by_year, metric_grid, table

filters = page_frame("So sánh")
year, province = filters.year, filters.province_code
catalogue = read(queries.indicator_catalogue)
names = dict(zip(catalogue["code"], catalogue["name"], strict=True))
measures = dict(zip(catalogue["code"], catalogue["unit"], strict=True))
wanted, problem = indicator_param(names)
code = st.selectbox("Chỉ tiêu", list(names), format_func=names.get, index=list(names).index(wanted))
url_choice("indicator", code)
if problem:
    st.warning(problem, icon=":material/error:")
measure = measures[code]
slug = f"{vn.slug(names[code])}_{vn.slug(filters.province_name)}_{year}"

ranking = read(queries.indicator_ranking, province, year, code)
if ranking.empty:
    st.info(f"Năm {year} chưa đơn vị nào báo cáo chỉ tiêu «{names[code]}».", icon=":material/inbox:")
    st.stop()
sample_notice(ranking["is_sample"].any())
medians = read(queries.province_indicator_medians, province, year).set_index("indicator_code")
median = medians.loc[code, "median"] if code in medians.index else None
first = ranking.iloc[0]
metric_grid([
    dict(label="Số đơn vị báo cáo", value=f"{len(ranking)}/{len(read(queries.units_of_province, province))}"),
    dict(label=vn.with_measure("Trung vị", measure), value=vn.headline(median, measure)),
    dict(label=vn.with_measure(f"Hạng 1 · {first['ward_name']}", measure), value=vn.headline(first["value"], measure)),
    dict(label="Đơn vị có chỉ tiêu giao", value=vn.number(ranking["target"].notna().sum())),
])

st.subheader(f"Xếp hạng năm {year}")
st.caption("Hạng 1 là tốt nhất (với tỷ lệ hộ nghèo: thấp nhất). Bấm vào một đơn vị để mở trang chi tiết.")
event = show_chart(charts.ranking_bars(ranking, read(queries.achievement_bands), measure, selectable=not print_mode()),
                   key="ranking", select=True)
open_unit(filters, charts.selected(event, "ward_code"))
ranked = ranking.assign(
    value_text=[vn.qualified(v, measure, q) for v, q in zip(ranking["value"], ranking["qualifier"], strict=True)],
    target_text=ranking["target"].map(lambda v: vn.value_with_measure(v, measure)),
    percent=ranking["achieved_percent"].map(vn.percent),
    band_text=band_texts(ranking, blank_without_band=True),
)
with st.expander("Bảng xếp hạng", expanded=print_mode()):
    table(ranked, {"rank": "Hạng", "ward_code": "Mã đơn vị", "ward_name": "Đơn vị", "value_text": "Giá trị",
                   "target_text": "Chỉ tiêu giao", "percent": "% đạt", "band_text": "Mức đạt", "is_sample": "Nguồn"},
          links=filters, csv=f"xep-hang_{slug}", key="csv-ranking")

st.subheader("Phân bố giữa các đơn vị")
show_chart(charts.distribution(ranking, measure, median), key="distribution")

st.subheader("Qua các năm")
ward_names = dict(zip(ranking["ward_code"], ranking["ward_name"], strict=True))
all_units = read(queries.units_of_province, province)
ward_names |= {c: n for c, n in zip(all_units["code"], all_units["name"], strict=True) if c not in ward_names}
from_url, problem = units_param(ward_names, limit=8)
if problem:
    st.warning(problem, icon=":material/error:")
default = from_url or list(dict.fromkeys([int(ranking.iloc[0]["ward_code"]), int(ranking.iloc[-1]["ward_code"])]))
chosen = st.multiselect(
    "Đơn vị so sánh", list(ward_names), default=default, format_func=ward_names.get, max_selections=8
)
url_choice("units", chosen)
history = read(queries.indicator_history, province, code, tuple(chosen)) if chosen else None
if history is None or history.empty:
    st.info("Hãy chọn ít nhất một đơn vị có số liệu của chỉ tiêu này.", icon=":material/touch_app:")
    st.stop()
show_chart(charts.history_lines(history, measure), key="history")
by_year = history_by_year(history, filters.years, measure)
table(by_year, {"ward_name": "Đơn vị", **{c: c for c in by_year.columns[1:]}}, csv=f"qua-cac-nam_{slug}",
      key="csv-history")
