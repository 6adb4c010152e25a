"""Nhận định & kiến nghị: every finding, filtered and searched; the themes units keep raising."""

import streamlit as st

from data_access import queries
from domain import format as vn
from domain.vocabulary import KIND_LABELS
from ui import charts
from ui.frame import page_frame, print_mode, read, sample_notice, search_param, show_chart, url_choice
from ui.tables import table

filters = page_frame("Nhận định & kiến nghị", with_unit=True)
year, province = filters.year, filters.province_code
areas = read(queries.task_areas)
area_names = dict(zip(areas["code"], areas["short_name"], strict=True))
themes = read(queries.themes)
theme_names = dict(zip(themes["code"], themes["label"], strict=True))
params = st.query_params

left, middle, right = st.columns([2, 2, 3])
kinds = left.multiselect(
    "Loại nhận định", list(KIND_LABELS), format_func=KIND_LABELS.get,
    default=[k for k in params.get("kinds", "").split(",") if k in KIND_LABELS], placeholder="Tất cả các loại",
)
area_options = [None, *area_names]
wanted_area = params.get("area")
area = middle.selectbox("Lĩnh vực", area_options, format_func=lambda c: area_names.get(c, "Tất cả lĩnh vực"),
                        index=area_options.index(wanted_area) if wanted_area in area_names else 0)
search = right.text_input("Tìm trong nội dung (gõ không dấu cũng được)", value=search_param("q"),
                          placeholder="ví dụ: kinh phi, dang vien, chuyen doi so")
for name, value in (("kinds", kinds), ("area", area), ("q", search.strip())):
    url_choice(name, value)

st.subheader(f"Chủ đề được nhiều đơn vị nêu · năm {year}")
counts = read(queries.theme_counts, province, year, tuple(kinds))
reporting = int(read(queries.reporting_summary, province, year).iloc[0]["reported"])
st.caption("Số đơn vị có ít nhất một câu nhắc tới chủ đề (theo từ khóa). Bấm vào một chủ đề để xem đơn vị và câu văn.")
event = show_chart(charts.theme_bars(counts, reporting, selectable=not print_mode()), key="themes", select=True)
picked = charts.selected(event, "theme")
if "theme_pick" not in st.session_state:
    st.session_state["theme_pick"] = params.get("theme") if params.get("theme") in theme_names else None
if picked and picked != st.session_state.get("_theme_clicked"):
    st.session_state["_theme_clicked"] = st.session_state["theme_pick"] = picked
theme = st.selectbox("Chủ đề", [None, *theme_names], format_func=lambda c: theme_names.get(c, "Tất cả chủ đề"),
                     key="theme_pick", placeholder="Tất cả chủ đề")
url_choice("theme", theme)
if theme:
    raising = read(queries.theme_units, province, year, theme, tuple(kinds))
    st.markdown(f"**«{theme_names[theme]}»: {len(raising)}/{reporting} đơn vị nêu năm {year}**")
    table(raising, {"ward_name": "Đơn vị", "findings": "Số câu", "is_sample": "Nguồn"}, links=filters,
          csv=f"chu-de-{vn.slug(theme_names[theme])}_{vn.slug(filters.province_name)}_{year}", key="csv-theme")

st.subheader("Các nhận định")
found = read(
    queries.findings,
    province_code=province,
    ward_code=filters.unit_code,
    year=year,
    kinds=tuple(kinds) or None,
    task_area=area,
    search=search.strip() or None,
    theme=theme,
)
where = filters.unit_name or filters.province_name
if found.empty:
    st.info(f"Không có nhận định nào của {where} năm {year} khớp với bộ lọc.", icon=":material/search_off:")
    st.stop()
sample_notice(found["is_sample"].any())
st.markdown(
    f"**{vn.number(len(found))} nhận định** của **{vn.number(found['ward_code'].nunique())} đơn vị** · "
    f"{where} · năm {year}"
)
listing = found.assign(year=found["year"].astype(str), kind_text=found["kind"].map(KIND_LABELS),
                       area_text=found["task_area_name"].fillna(""))
table(listing, {"ward_name": "Đơn vị", "year": "Năm", "kind_text": "Loại", "area_text": "Lĩnh vực", "text": "Nội dung",
                "source_excerpt": "Câu gốc", "is_sample": "Nguồn"}, links=filters,
      csv=f"nhan-dinh_{vn.slug(where)}_{year}", key="csv-findings",
      column_config={"Nội dung": st.column_config.TextColumn("Nội dung", width="large")})
